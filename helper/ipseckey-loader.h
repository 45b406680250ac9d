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
     * @param command the command
     * @param[out] message the message
     * @return an empty string, or what cannot be expressed (e.g. UDP encapsulation, not
     *         modelled yet)
     */
    static std::string ToMessage(const IpseckeyCommand& command, PfKeyMessage& message);
};

} // namespace ns3

#endif /* IPSECKEY_LOADER_H */
