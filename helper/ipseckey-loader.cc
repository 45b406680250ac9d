/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipseckey-loader.h"

#include "ns3/ipsec-key-engine.h"
#include "ns3/ipsec-layer.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/pfkey-converter.h"

#include <set>
#include <sstream>
#include <tuple>

namespace ns3
{

namespace
{

/// file:line: of a command, for messages.
std::string
Where(const IpseckeyCommand& command)
{
    std::ostringstream os;
    os << command.file << ":" << command.line << ": ";
    return os.str();
}

PfKeySaType
SaTypeOf(IpseckeySaType type)
{
    switch (type)
    {
    case IpseckeySaType::AH:
        return PfKeySaType::AH;
    case IpseckeySaType::ESP:
        return PfKeySaType::ESP;
    case IpseckeySaType::ALL:
        break;
    }
    return PfKeySaType::UNSPEC;
}

const char*
OperationName(IpseckeyOperation operation)
{
    switch (operation)
    {
    case IpseckeyOperation::ADD:
        return "add";
    case IpseckeyOperation::UPDATE:
        return "update";
    case IpseckeyOperation::DELETE:
        return "delete";
    case IpseckeyOperation::GET:
        return "get";
    case IpseckeyOperation::FLUSH:
        return "flush";
    case IpseckeyOperation::DUMP:
        break;
    }
    return "dump";
}

/// (SA type, destination, SPI): what identifies an SA.
using SaId = std::tuple<uint8_t, IpsecAddress, uint32_t>;

/// Whether @p address is one of @p node's own.
bool
IsNodeAddress(Ptr<Node> node, const IpsecAddress& address)
{
    if (!node)
    {
        return false;
    }
    if (address.IsIpv4())
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        return ipv4 && ipv4->GetInterfaceForAddress(address.GetIpv4()) >= 0;
    }
    if (address.IsIpv6())
    {
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        return ipv6 && ipv6->GetInterfaceForAddress(address.GetIpv6()) >= 0;
    }
    return false;
}

/// The direction of the SA of an add/update: the `inbound`/`outbound` hint, else which of
/// its addresses is the node's (the destination first: an SA to this node is inbound).
std::optional<IpsecDirection>
DirectionOf(const IpseckeyCommand& c, Ptr<Node> node)
{
    if (c.direction)
    {
        return c.direction;
    }
    if (IsNodeAddress(node, c.destination))
    {
        return IpsecDirection::INBOUND;
    }
    if (IsNodeAddress(node, c.source))
    {
        return IpsecDirection::OUTBOUND;
    }
    return std::nullopt;
}

/// The UDP encapsulation of an add/update with `encap udp`, from the illumos local/remote
/// view (nat_*) to the SA's source/destination view; an empty string or what is wrong.
std::string
ToUdpEncap(const IpseckeyCommand& c, Ptr<Node> node, IpsecUdpEncap& encap)
{
    encap = IpsecUdpEncap(); // 4500 both ways, no original addresses
    const bool sided = c.natLocalPort != 0 || c.natRemotePort != 0 ||
                       c.natLocal.GetFamily() != IpsecAddress::NONE ||
                       c.natRemote.GetFamily() != IpsecAddress::NONE;
    if (!sided)
    {
        return "";
    }
    const std::optional<IpsecDirection> direction = DirectionOf(c, node);
    if (!direction)
    {
        return "nat_lport, nat_rport, nat_loc and nat_rem name this node's and the peer's "
               "side, but neither src nor dst is an address of the node: add 'inbound' (dst "
               "is this node) or 'outbound' (src is this node)";
    }
    for (const IpsecAddress* nat : {&c.natLocal, &c.natRemote})
    {
        if (nat->GetFamily() != IpsecAddress::NONE && nat->GetFamily() != c.destination.GetFamily())
        {
            return std::string(nat == &c.natLocal ? "nat_loc" : "nat_rem") +
                   " is not of the SA's IP version: give an address of the version of src "
                   "and dst";
        }
    }
    const uint16_t local = c.natLocalPort != 0 ? c.natLocalPort : encap.sourcePort;
    const uint16_t remote = c.natRemotePort != 0 ? c.natRemotePort : encap.destinationPort;
    if (*direction == IpsecDirection::OUTBOUND)
    {
        // This node sends: from its port to the peer's. The original addresses of its own
        // packets are the SA's source and destination, so nat_loc and nat_rem add nothing.
        encap.sourcePort = local;
        encap.destinationPort = remote;
        return "";
    }
    encap.sourcePort = remote;
    encap.destinationPort = local;
    // The peer wrote its internal address (nat_rem) as the source: RFC 3947's NAT-OA.
    if (c.natRemote.GetFamily() != IpsecAddress::NONE && c.natRemote != c.source)
    {
        encap.originalSource = c.natRemote;
    }
    if (c.natLocal.GetFamily() != IpsecAddress::NONE && c.natLocal != c.destination)
    {
        // The peer wrote this NAT's public address as the destination. Linux's PF_KEY
        // numbering has only one original-address extension (the source), so this cannot
        // reach the key engine; refuse rather than lose it.
        return "nat_loc on an inbound SA is the original destination of its packets, which "
               "PF_KEY (SADB_X_EXT_NAT_T_OA holds the source only) cannot carry; remove "
               "nat_loc (the receiver then computes transport checksums anew)";
    }
    return "";
}

} // namespace

std::string
IpseckeyLoader::ToMessage(const IpseckeyCommand& c, PfKeyMessage& message, Ptr<Node> node)
{
    const PfKeySaType satype = SaTypeOf(c.saType);
    const bool needsSa =
        c.operation != IpseckeyOperation::FLUSH && c.operation != IpseckeyOperation::DUMP;
    if (needsSa && satype == PfKeySaType::UNSPEC)
    {
        return std::string("'") + OperationName(c.operation) +
               "' needs an SA type: write 'esp' or 'ah' after it";
    }
    const bool adds =
        c.operation == IpseckeyOperation::ADD || c.operation == IpseckeyOperation::UPDATE;
    if (!adds && (c.udpEncapsulation || c.natLocalPort != 0 || c.natRemotePort != 0 ||
                  c.natLocal.GetFamily() != IpsecAddress::NONE ||
                  c.natRemote.GetFamily() != IpsecAddress::NONE))
    {
        return std::string("'encap' and the nat_* extensions describe the SA 'add' and "
                           "'update' install; '") +
               OperationName(c.operation) + "' does not take them: remove them";
    }
    if (!needsSa)
    {
        message = PfKeyMessage(c.operation == IpseckeyOperation::FLUSH ? PfKeyMessageType::FLUSH
                                                                       : PfKeyMessageType::DUMP,
                               satype);
        return "";
    }
    if (!c.spi)
    {
        return "'spi' is missing: every SA is named by its SPI and destination";
    }
    if (c.destination.GetFamily() == IpsecAddress::NONE)
    {
        return "'dst' is missing: every SA is named by its SPI and destination";
    }
    if (c.operation == IpseckeyOperation::DELETE || c.operation == IpseckeyOperation::GET)
    {
        message = PfKeyMessage(c.operation == IpseckeyOperation::DELETE ? PfKeyMessageType::DELETE
                                                                        : PfKeyMessageType::GET,
                               satype);
        PfKeySaExtension sa;
        sa.spi = *c.spi;
        message.sa = sa;
        // The source may be left out; the SA is found by destination and SPI.
        const IpsecAddress source =
            c.source.GetFamily() != IpsecAddress::NONE
                ? c.source
                : (c.destination.IsIpv6() ? IpsecAddress(Ipv6Address::GetAny())
                                          : IpsecAddress(Ipv4Address::GetAny()));
        message.sourceAddress = PfKeyAddressExtension::ForHost(source);
        message.destinationAddress = PfKeyAddressExtension::ForHost(c.destination);
        return "";
    }
    // add / update: the whole SA.
    if (c.source.GetFamily() == IpsecAddress::NONE)
    {
        return "'src' is missing: an SA needs its source address";
    }
    IpsecSaParams p;
    p.protocol = satype == PfKeySaType::AH ? IpsecProtocol::AH : IpsecProtocol::ESP;
    p.mode = c.tunnelMode ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT;
    p.spi = *c.spi;
    p.source = c.source;
    p.destination = c.destination;
    if (p.protocol == IpsecProtocol::ESP)
    {
        if (!c.encryption)
        {
            return "'encr_alg' is missing: an ESP SA needs an encryption algorithm (null for "
                   "none)";
        }
        p.encryption = *c.encryption;
        p.encryptionKey = c.encryptionKey;
        p.integrity = c.integrity.value_or(IpsecIntegrity::NONE);
    }
    else
    {
        if (!c.integrity)
        {
            return "'auth_alg' is missing: an AH SA needs an authentication algorithm";
        }
        p.encryption = IpsecEncryption::NONE;
        p.integrity = *c.integrity;
    }
    p.integrityKey = c.integrityKey;
    p.replayWindow = c.replayWindow.value_or(0); // 0: the layer's ReplayWindowSize
    p.initialSequence = c.replayValue.value_or(0);
    p.softLifetime = c.softLifetime;
    p.hardLifetime = c.hardLifetime;
    if (c.udpEncapsulation)
    {
        if (p.protocol != IpsecProtocol::ESP)
        {
            return "'encap udp' on an AH SA: only ESP is carried in UDP (RFC 3948); remove "
                   "encap and the nat_* extensions";
        }
        IpsecUdpEncap encap;
        const std::string error = ToUdpEncap(c, node, encap);
        if (!error.empty())
        {
            return error;
        }
        p.udpEncap = encap;
    }
    const PfKeyStatus status = PfKeyConverter::FromSaParams(
        c.operation == IpseckeyOperation::UPDATE ? PfKeyMessageType::UPDATE : PfKeyMessageType::ADD,
        p,
        message);
    if (!status.IsOk())
    {
        return status.reason;
    }
    return "";
}

std::string
IpseckeyLoader::ApplyFile(Ptr<Node> node, const std::string& path, std::ostream* out)
{
    const IpseckeyParseResult parsed = IpseckeyParser::ParseFile(path);
    if (!parsed.Ok())
    {
        return parsed.GetErrorText();
    }
    return Apply(node, parsed.commands, out);
}

std::string
IpseckeyLoader::Apply(Ptr<Node> node,
                      const std::vector<IpseckeyCommand>& commands,
                      std::ostream* out)
{
    Ptr<IpsecKeyEngine> engine = node ? node->GetObject<IpsecKeyEngine>() : nullptr;
    if (!engine)
    {
        return "the node has no IPsec layer: call IpsecHelper::Install first";
    }
    // Pass 1: every command as a message, checked as the engine will check it, against the
    // SAD as the commands before it will have left it.
    std::set<SaId> sas;
    for (const auto& sa : engine->GetLayer()->GetSad()->GetAll())
    {
        sas.insert({static_cast<uint8_t>(PfKeyConverter::ToSaType(sa->GetProtocol())),
                    sa->GetDestination(),
                    sa->GetSpi()});
    }
    std::ostringstream errors;
    std::vector<PfKeyMessage> messages;
    for (const auto& c : commands)
    {
        PfKeyMessage m;
        std::string error = ToMessage(c, m, node);
        if (error.empty())
        {
            const PfKeyStatus check = m.CheckRequest();
            error = check.IsOk() ? "" : check.reason;
        }
        if (error.empty() &&
            (m.type == PfKeyMessageType::ADD || m.type == PfKeyMessageType::UPDATE))
        {
            // As the engine will: no replay window given means the layer's default.
            PfKeyMessage checked = m;
            if (checked.sa->replayWindow == 0)
            {
                checked.sa->replayWindow = 64;
            }
            IpsecSaParams params;
            const PfKeyStatus status = PfKeyConverter::ToSaParams(checked, params);
            error = status.IsOk() ? "" : status.reason;
        }
        if (error.empty() && m.sa)
        {
            const SaId id{static_cast<uint8_t>(m.saType),
                          m.destinationAddress->sockaddr.address,
                          m.sa->spi};
            const bool exists = sas.count(id) != 0;
            if (m.type == PfKeyMessageType::ADD && exists)
            {
                error = "an SA with this SPI and destination exists already (use 'update', or "
                        "'delete' it first)";
            }
            else if (m.type != PfKeyMessageType::ADD && !exists)
            {
                error = "no SA with this SPI and destination (add it first)";
            }
            else if (m.type == PfKeyMessageType::ADD)
            {
                sas.insert(id);
            }
            else if (m.type == PfKeyMessageType::DELETE)
            {
                sas.erase(id);
            }
        }
        if (error.empty() && m.type == PfKeyMessageType::FLUSH)
        {
            for (auto it = sas.begin(); it != sas.end();)
            {
                const bool all = m.saType == PfKeySaType::UNSPEC;
                it = all || std::get<0>(*it) == static_cast<uint8_t>(m.saType) ? sas.erase(it)
                                                                               : std::next(it);
            }
        }
        if (!error.empty())
        {
            errors << Where(c) << "'" << OperationName(c.operation) << "': " << error << "\n";
        }
        messages.push_back(m);
    }
    if (!errors.str().empty())
    {
        return errors.str();
    }
    // Pass 2: apply. Nothing above leaves room for a refusal; should one come, say so.
    for (size_t i = 0; i < messages.size(); ++i)
    {
        std::vector<PfKeyMessage> replies;
        const PfKeyStatus status = engine->Apply(messages[i], &replies);
        if (!status.IsOk() && messages[i].type != PfKeyMessageType::DUMP)
        {
            std::ostringstream os;
            os << Where(commands[i]) << "refused by the key engine after the commands before it "
               << "were applied: " << status;
            return os.str();
        }
        if (out && (messages[i].type == PfKeyMessageType::GET ||
                    messages[i].type == PfKeyMessageType::DUMP))
        {
            for (const auto& reply : replies)
            {
                Ptr<SecurityAssociation> sa = engine->GetLayer()->GetSad()->Get(
                    reply.saType == PfKeySaType::AH ? IpsecProtocol::AH : IpsecProtocol::ESP,
                    reply.destinationAddress->sockaddr.address,
                    reply.sa->spi);
                if (sa)
                {
                    *out << *sa << "\n";
                }
            }
        }
    }
    return "";
}

} // namespace ns3
