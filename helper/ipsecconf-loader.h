/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSECCONF_LOADER_H
#define IPSECCONF_LOADER_H

#include "ipsecconf-parser.h"

#include "ns3/node.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The ipsecconf(8) front-end: installs parsed ipsecinit.conf entries on a node through
 * its key engine's SPD entry point (the one X_SPDADD uses), as `ipsecconf -a file` does.
 *
 * All or nothing: a policy whose selector equals one already in the SPD, or one earlier in
 * the file, is an error, and a file with any error installs nothing. Errors name the file
 * and the line of the entry.
 */
class IpsecconfLoader
{
  public:
    /**
     * @brief Parse a file and install its policies on @p node.
     * @param node a node with an IPsec layer (and so a key engine)
     * @param path the policy file
     * @param parser the parser, with the tunnels the file may name (IpsecconfParser::AddTunnel)
     * @return an empty string, or every error found (one per line)
     */
    static std::string ApplyFile(Ptr<Node> node,
                                 const std::string& path,
                                 const IpsecconfParser& parser = IpsecconfParser());
    /**
     * @brief Install entries parsed already.
     * @param node a node with an IPsec layer
     * @param entries the entries
     * @return an empty string, or every error found (one per line)
     */
    static std::string Apply(Ptr<Node> node, const std::vector<IpsecconfEntry>& entries);
};

} // namespace ns3

#endif /* IPSECCONF_LOADER_H */
