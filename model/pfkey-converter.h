/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_CONVERTER_H
#define PFKEY_CONVERTER_H

#include "ipsec-policy.h"
#include "pfkey-message.h"
#include "security-association.h"

#include "ns3/ptr.h"

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Conversions between PF_KEY messages and the module's SA parameters and policies.
 *
 * Algorithms travel by their PF_KEY numbers, which are the values of IpsecEncryption and
 * IpsecIntegrity. ChaCha20-Poly1305 and HMAC-SHA-256-96 have no number Linux assigns
 * (their descriptors' pfkeyAssigned is false); they travel as the module's private number
 * 250, which only this module understands.
 *
 * What PF_KEY cannot carry is refused with EINVAL rather than dropped: extended sequence
 * numbers, a starting sequence number, replay windows above 255, lifetimes that are not
 * whole seconds, BEET mode, IPComp, forward policies and optional (level "use") requests.
 * Not carried either way: the crypto mode (a simulation setting).
 *
 * NAT traversal (RFC 3948): IpsecSaParams::udpEncap travels as SADB_X_EXT_NAT_T_TYPE (type 2,
 * ESP in UDP, only), SADB_X_EXT_NAT_T_SPORT/_DPORT (network byte order, as Linux) and
 * SADB_X_EXT_NAT_T_OA (the original source). The original destination has no extension in
 * Linux's numbering and is refused. Request IDs: IpsecSaParams::reqid is sadb_x_sa2_reqid;
 * a policy step's IpsecProtection::reqid is an ipsecrequest of level "unique" with that
 * reqid (a step without one has level "require").
 */
class PfKeyConverter
{
  public:
    /**
     * @param protocol ESP or AH
     * @return its SA type
     */
    static PfKeySaType ToSaType(IpsecProtocol protocol);
    /**
     * @brief The protocol of an SA type.
     * @param saType the SA type
     * @param[out] protocol ESP or AH
     * @return success, or EINVAL for any other SA type
     */
    static PfKeyStatus ToProtocol(PfKeySaType saType, IpsecProtocol& protocol);

    /**
     * @brief Build an SA message (ADD, UPDATE, GET reply, ...) from SA parameters: header,
     * SA (mature), X_SA2 (mode, reqid), source and destination addresses (full-length
     * prefixes), the keys the algorithms use (an ESP SA always carries an encryption key
     * extension, of 0 bits for NULL, as Linux requires), the soft and hard lifetimes that set
     * a limit, and for a UDP-encapsulated SA the NAT-T type, both ports and, when set, the
     * original source address (SADB_X_EXT_NAT_T_OA).
     * @param type the message type
     * @param params the SA parameters
     * @param[out] message the message
     * @param sequence sadb_msg_seq
     * @param pid sadb_msg_pid
     * @return success, or EINVAL for what PF_KEY cannot carry
     */
    static PfKeyStatus FromSaParams(PfKeyMessageType type,
                                    const IpsecSaParams& params,
                                    PfKeyMessage& message,
                                    uint32_t sequence = 0,
                                    uint32_t pid = 0);

    /**
     * @brief Read SA parameters from an SA message (ADD/UPDATE): the SA type gives the
     * protocol, X_SA2 the mode (transport without it) and reqid, the SA extension the SPI,
     * replay window and algorithms, the address extensions the endpoints, the key extensions
     * the keys, the lifetime extensions the limits, the NAT-T extensions the UDP
     * encapsulation (a missing port extension means 4500). The result is validated
     * (IpsecSaParams::Validate()).
     * @param message the message
     * @param[out] params the parameters
     * @return success; EINVAL for missing or unrepresentable parts or invalid parameters
     *         (among them NAT-T type 1, NAT-T ports or address without a type, NAT-T on AH);
     *         ENOSYS for algorithms the module does not implement
     */
    static PfKeyStatus ToSaParams(const PfKeyMessage& message, IpsecSaParams& params);

    /**
     * @brief Read a policy from an SPD message (X_SPDADD, X_SPDUPDATE, X_SPDGET reply):
     * the selector from the address extensions (source and destination seen from the node:
     * local is the source of outbound and the destination of inbound packets; prefixes,
     * ports, upper-layer protocol, ICMP type and code in the ports as Linux carries them),
     * the action from the policy type (discard, none: bypass, ipsec: protect) and the
     * protection bundle from the ipsecrequests, innermost first, with tunnel endpoints and,
     * for level "unique", the reqid (IpsecPolicy::SetReqid; a non-zero reqid is required, and
     * a reqid with another level is refused). Algorithms are ANY: X_POLICY does not name them.
     * @param message the message
     * @param[out] policy the policy
     * @return success, or EINVAL for missing or unrepresentable parts
     */
    static PfKeyStatus ToPolicy(const PfKeyMessage& message, Ptr<IpsecPolicy>& policy);

    /**
     * @brief The X_POLICY extension of a policy's action and protection bundle, seen in
     * @p direction (tunnel requests carry the outer source and destination of packets in
     * that direction; a step with a reqid is level "unique" with it). The selector's address
     * extensions are not built here: the traffic selector does not expose its ranges yet.
     * @param policy the policy
     * @param direction inbound or outbound
     * @param[out] extension the extension
     * @return success, or EINVAL for a direction other than inbound or outbound
     */
    static PfKeyStatus ToPolicyExtension(const IpsecPolicy& policy,
                                         PfKeyPolicyDirection direction,
                                         PfKeyPolicyExtension& extension);
};

} // namespace ns3

#endif /* PFKEY_CONVERTER_H */
