/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_DESCRIPTIONS_H
#define PFKEY_DESCRIPTIONS_H

#include "pfkey-message.h"
#include "security-association.h"

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The module's state as the key engine's own PF_KEY messages describe it: installed
 * SAs (GET, DUMP, EXPIRE, ADD/UPDATE replies), policies (X_SPDGET, X_SPDDUMP), a policy
 * step's acceptable algorithms (ACQUIRE's proposal) and the supported algorithms (REGISTER).
 *
 * PfKeyConverter turns requests into the module's objects and refuses what PF_KEY cannot
 * carry; describing something that exists must never fail, so these leave out, as Linux's
 * af_key does, what has no PF_KEY field.
 */
class PfKeyDescriptions
{
  public:
    /**
     * @brief An installed SA: parameters, keys, state and current lifetime, reqid (X_SA2)
     * and, for a UDP-encapsulated SA, the NAT-T type, ports and original source address.
     * Extended sequence numbers, a starting sequence number and a NAT original destination
     * are left out, a replay window above 255 is reported as 255 and time limits in whole
     * seconds (rounded up).
     * @param type the message type
     * @param sa the SA
     * @param sequence sadb_msg_seq
     * @param pid sadb_msg_pid
     * @return the message
     */
    static PfKeyMessage Sa(PfKeyMessageType type,
                           const SecurityAssociation& sa,
                           uint32_t sequence,
                           uint32_t pid);
    /**
     * @brief A policy: X_POLICY (with its SPD index as id) and the selector's two sides as
     * the packets of its direction carry them (source, destination).
     * @param type the message type
     * @param policy the policy
     * @param sequence sadb_msg_seq
     * @param pid sadb_msg_pid
     * @return the message
     */
    static PfKeyMessage Policy(PfKeyMessageType type,
                               const IpsecPolicy& policy,
                               uint32_t sequence,
                               uint32_t pid);
    /**
     * @brief One side of a selector: its address range as the smallest prefix covering it,
     * a single port or any, the upper-layer protocol.
     * @param selector the selector
     * @param local the local side (else the remote one)
     * @return the address extension
     */
    static PfKeyAddressExtension SelectorSide(const IpsecTrafficSelector& selector, bool local);
    /**
     * @brief Every algorithm combination a protection step accepts (with a PF_KEY number
     * Linux assigns), for ACQUIRE.
     * @param step the step
     * @return the proposal
     */
    static PfKeyProposalExtension Proposal(const IpsecProtection& step);
    /**
     * @brief The REGISTER reply's algorithm lists for an SA type.
     * @param saType ESP or AH
     * @param[in,out] reply gets supportedAuth (and supportedEncrypt for ESP)
     */
    static void SupportedAlgorithms(PfKeySaType saType, PfKeyMessage& reply);
};

} // namespace ns3

#endif /* PFKEY_DESCRIPTIONS_H */
