/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSECKEY_LOADER_H
#define IPSECKEY_LOADER_H

#include "ipseckey-parser.h"

#include "ns3/node.h"
#include "ns3/pfkey-message.h"

#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The ipseckey(8) front-end: applies parsed ipseckey commands to a node as PF_KEY
 * messages through its key engine, as `ipseckey -f file` does through PF_KEY.
 *
 * All or nothing: every command is first turned into its PF_KEY message and checked (the
 * message's mandatory extensions, the SA parameters, and the SAD as the earlier commands of
 * the file will have left it: an ADD of an existing SA, a DELETE of a missing one), and only
 * a file without a single error is applied. Errors name the file, the line and what is
 * wrong.
 */
class IpseckeyLoader
{
  public:
    /**
     * @brief Parse a file and apply it to @p node.
     * @param node a node with an IPsec layer (and so a key engine)
     * @param path the command file
     * @param out where `get` and `dump` write the SAs (null: nowhere)
     * @return an empty string, or every error found (one per line)
     */
    static std::string ApplyFile(Ptr<Node> node, const std::string& path, std::ostream* out);
    /**
     * @brief Apply commands parsed already.
     * @param node a node with an IPsec layer
     * @param commands the commands
     * @param out where `get` and `dump` write the SAs (null: nowhere)
     * @return an empty string, or every error found (one per line)
     */
    static std::string Apply(Ptr<Node> node,
                             const std::vector<IpseckeyCommand>& commands,
                             std::ostream* out);
    /**
     * @brief The PF_KEY message of one command.
     *
     * `encap udp` gives the NAT-T extensions (type ESP in UDP, both ports, 4500 unless
     * `nat_lport`/`nat_rport` say otherwise). The nat_* extensions name the two sides as
     * illumos does, local and remote, while an SA has a source and a destination: an inbound
     * SA (its destination is this node) is sent from the remote port to the local port, an
     * outbound SA the other way. `nat_rem` (the peer's address behind its NAT) is what the
     * peer wrote as the source of an inbound SA's packets, its original source
     * (SADB_X_EXT_NAT_T_OA, RFC 3947 NAT-OA). `nat_loc` (the public address of this node's
     * NAT) is what the peer wrote as their destination; PF_KEY has no extension for an
     * original destination, so it is refused on an inbound SA, and on an outbound SA, whose
     * original addresses are its own source and destination, both are accepted and need no
     * field. The direction comes from `inbound`/`outbound` if given, else from @p node's
     * addresses.
     * @param command the command
     * @param[out] message the message
     * @param node the node the command is for, to tell inbound from outbound SAs (null:
     *        only `inbound`/`outbound` tell)
     * @return an empty string, or what cannot be expressed
     */
    static std::string ToMessage(const IpseckeyCommand& command,
                                 PfKeyMessage& message,
                                 Ptr<Node> node = nullptr);
};

} // namespace ns3

#endif /* IPSECKEY_LOADER_H */
