/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsecconf-loader.h"

#include "ns3/ipsec-key-engine.h"
#include "ns3/ipsec-layer.h"

#include <sstream>

namespace ns3
{

std::string
IpsecconfLoader::ApplyFile(Ptr<Node> node, const std::string& path, const IpsecconfParser& parser)
{
    const IpsecconfParseResult parsed = parser.ParseFile(path);
    if (!parsed.Ok())
    {
        return parsed.GetErrorText();
    }
    return Apply(node, parsed.entries);
}

std::string
IpsecconfLoader::Apply(Ptr<Node> node, const std::vector<IpsecconfEntry>& entries)
{
    Ptr<IpsecKeyEngine> engine = node ? node->GetObject<IpsecKeyEngine>() : nullptr;
    if (!engine)
    {
        return "the node has no IPsec layer: call IpsecHelper::Install first";
    }
    // Check everything first: the SPD's selectors and those of the entries before.
    std::vector<IpsecTrafficSelector> taken;
    for (const auto& p : engine->GetLayer()->GetSpd()->GetPolicies())
    {
        taken.push_back(p->GetSelector());
    }
    std::ostringstream errors;
    for (const auto& entry : entries)
    {
        for (const auto& policy : entry.policies)
        {
            std::string error = policy->Validate();
            if (error.empty() &&
                std::find(taken.begin(), taken.end(), policy->GetSelector()) != taken.end())
            {
                std::ostringstream os;
                os << "a policy for {" << policy->GetSelector()
                   << "} exists already (remove the duplicate entry)";
                error = os.str();
            }
            if (!error.empty())
            {
                errors << entry.file << ":" << entry.line << ": " << error << "\n";
            }
            taken.push_back(policy->GetSelector());
        }
    }
    if (!errors.str().empty())
    {
        return errors.str();
    }
    for (const auto& entry : entries)
    {
        for (const auto& policy : entry.policies)
        {
            const PfKeyStatus status = engine->InstallPolicy(policy, false);
            if (!status.IsOk())
            {
                std::ostringstream os;
                os << entry.file << ":" << entry.line << ": refused by the key engine: " << status;
                return os.str();
            }
        }
    }
    return "";
}

} // namespace ns3
