/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipv4-napt.h"

#include "ipsec-raw-header.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4Napt");

NS_OBJECT_ENSURE_REGISTERED(Ipv4Napt);

namespace
{

constexpr uint8_t PROTO_ICMP = 1;
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;

constexpr uint8_t ICMP_ECHO_REPLY = 0;
constexpr uint8_t ICMP_ECHO_REQUEST = 8;

constexpr uint8_t TCP_FIN = 0x01;
constexpr uint8_t TCP_SYN = 0x02;
constexpr uint8_t TCP_RST = 0x04;

/// Bytes of the L4 header the NAT reads and patches: ports and checksum (UDP, TCP, whose
/// flags and checksum lie in the first 20 bytes) or type, checksum and identifier (ICMP).
uint32_t
L4BytesNeeded(uint8_t protocol)
{
    return protocol == PROTO_TCP ? 20 : 8;
}

/// ICMP messages that carry the start of the packet they are about (RFC 792, RFC 5508 s. 7)
bool
IsIcmpError(uint8_t type)
{
    return type == 3 || type == 4 || type == 11 || type == 12;
}

uint32_t
Read32(const uint8_t* p)
{
    return (static_cast<uint32_t>(rawbytes::Read16(p)) << 16) | rawbytes::Read16(p + 2);
}

void
Write32(uint8_t* p, uint32_t value)
{
    rawbytes::Write16(p, static_cast<uint16_t>(value >> 16));
    rawbytes::Write16(p + 2, static_cast<uint16_t>(value & 0xffff));
}

/// Rewrite the source (@p source) or destination port of a TCP or UDP header, or the
/// identifier of an ICMP echo, and update its checksum for the port and for the address
/// change in the pseudo-header (ICMP has none).
void
RewriteEndpoint(uint8_t* l4,
                uint8_t protocol,
                bool source,
                Ipv4Address oldAddress,
                Ipv4Address newAddress,
                uint16_t newPort)
{
    uint8_t* port = l4 + (source ? 0 : 2);
    if (protocol == PROTO_TCP)
    {
        rawbytes::ChecksumReplaceAddress(l4 + 16, oldAddress, newAddress);
        rawbytes::ChecksumReplace16(l4 + 16, rawbytes::Read16(port), newPort);
    }
    else if (protocol == PROTO_UDP)
    {
        // 0 means the sender computed no checksum (RFC 768): it stays 0.
        if (rawbytes::Read16(l4 + 6) != 0)
        {
            rawbytes::ChecksumReplaceAddress(l4 + 6, oldAddress, newAddress);
            rawbytes::ChecksumReplace16(l4 + 6, rawbytes::Read16(port), newPort);
            if (rawbytes::Read16(l4 + 6) == 0)
            {
                rawbytes::Write16(l4 + 6, 0xffff); // a computed 0 is sent as all ones
            }
        }
    }
    else
    {
        port = l4 + 4; // ICMP echo identifier; the checksum covers no pseudo-header
        rawbytes::ChecksumReplace16(l4 + 2, rawbytes::Read16(port), newPort);
    }
    rawbytes::Write16(port, newPort);
}

} // namespace

TypeId
Ipv4Napt::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::Ipv4Napt")
            .SetParent<Ipv4RoutingProtocol>()
            .SetGroupName("Ipsec")
            .AddConstructor<Ipv4Napt>()
            .AddAttribute(
                "MappingBehavior",
                "RFC 4787 mapping behaviour: which part of the remote endpoint an inside "
                "endpoint's external port is bound to.",
                EnumValue(static_cast<int>(NaptBehavior::ENDPOINT_INDEPENDENT)),
#if IPSEC_NS3_MINOR >= 41
                MakeEnumAccessor<int>(&Ipv4Napt::SetMappingAttribute,
                                      &Ipv4Napt::GetMappingAttribute),
#else
                MakeEnumAccessor(&Ipv4Napt::SetMappingAttribute, &Ipv4Napt::GetMappingAttribute),
#endif
                MakeEnumChecker(static_cast<int>(NaptBehavior::ENDPOINT_INDEPENDENT),
                                "EndpointIndependent",
                                static_cast<int>(NaptBehavior::ADDRESS_DEPENDENT),
                                "AddressDependent",
                                static_cast<int>(NaptBehavior::ADDRESS_AND_PORT_DEPENDENT),
                                "AddressAndPortDependent"))
            .AddAttribute(
                "FilteringBehavior",
                "RFC 4787 filtering behaviour: which inbound packets a mapping lets in "
                "(any sender, senders at an address the inside host sent to, or exactly the "
                "endpoints it sent to).",
                EnumValue(static_cast<int>(NaptBehavior::ENDPOINT_INDEPENDENT)),
#if IPSEC_NS3_MINOR >= 41
                MakeEnumAccessor<int>(&Ipv4Napt::SetFilteringAttribute,
                                      &Ipv4Napt::GetFilteringAttribute),
#else
                MakeEnumAccessor(&Ipv4Napt::SetFilteringAttribute,
                                 &Ipv4Napt::GetFilteringAttribute),
#endif
                MakeEnumChecker(static_cast<int>(NaptBehavior::ENDPOINT_INDEPENDENT),
                                "EndpointIndependent",
                                static_cast<int>(NaptBehavior::ADDRESS_DEPENDENT),
                                "AddressDependent",
                                static_cast<int>(NaptBehavior::ADDRESS_AND_PORT_DEPENDENT),
                                "AddressAndPortDependent"))
            .AddAttribute(
                "PortAllocation",
                "How external ports (and ICMP identifiers) are chosen: keep the "
                "inside one if free, else random; or always random.",
                EnumValue(Ipv4Napt::PRESERVE),
#if IPSEC_NS3_MINOR >= 41
                MakeEnumAccessor<PortAllocation>(&Ipv4Napt::m_allocation),
#else
                MakeEnumAccessor(&Ipv4Napt::m_allocation),
#endif
                MakeEnumChecker(Ipv4Napt::PRESERVE, "Preserve", Ipv4Napt::RANDOM, "Random"))
            .AddAttribute("PortRangeMin",
                          "Lowest external port allocated (port forwards may lie outside).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&Ipv4Napt::m_portMin),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PortRangeMax",
                          "Highest external port allocated.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&Ipv4Napt::m_portMax),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("UdpTimeout",
                          "Idle time after which a UDP mapping expires (RFC 4787 REQ-5: at "
                          "least 2 min is recommended; 30 s is a common consumer NAT value).",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&Ipv4Napt::m_udpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpEstablishedTimeout",
                          "Idle time after which a TCP mapping whose connection is established "
                          "expires (RFC 5382 REQ-5: 2 h 4 min).",
                          TimeValue(Seconds(7440)),
                          MakeTimeAccessor(&Ipv4Napt::m_tcpEstablishedTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpTransitoryTimeout",
                          "Idle time after which a TCP mapping that is opening or closing "
                          "expires (RFC 5382 section 5: 4 min).",
                          TimeValue(Seconds(240)),
                          MakeTimeAccessor(&Ipv4Napt::m_tcpTransitoryTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("IcmpTimeout",
                          "Idle time after which an ICMP query (echo) mapping expires "
                          "(RFC 5508 REQ-1: 60 s).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&Ipv4Napt::m_icmpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("HoldDownTime",
                          "How long the external port of an expired mapping is not given to "
                          "another mapping, so late packets of the old flow cannot reach a "
                          "new one (cf. RFC 4787 REQ-8 discussion; 120 s, about a TCP "
                          "TIME-WAIT).",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&Ipv4Napt::m_holdDown),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("InboundRefresh",
                          "Whether inbound packets also restart a mapping's idle timer "
                          "(outbound ones always do, RFC 4787 REQ-6).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Ipv4Napt::m_inboundRefresh),
                          MakeBooleanChecker())
            .AddAttribute("Hairpinning",
                          "Whether packets from inside to the public address and a mapped port "
                          "are translated and sent back inside (RFC 4787 REQ-9); if not they "
                          "are dropped (hairpin-disabled).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&Ipv4Napt::m_hairpinning),
                          MakeBooleanChecker())
            .AddTraceSource("MappingCreated",
                            "A mapping was created for an inside endpoint.",
                            MakeTraceSourceAccessor(&Ipv4Napt::m_createdTrace),
                            "ns3::Ipv4Napt::MappingTracedCallback")
            .AddTraceSource("MappingRefreshed",
                            "A packet restarted a mapping's idle timer.",
                            MakeTraceSourceAccessor(&Ipv4Napt::m_refreshedTrace),
                            "ns3::Ipv4Napt::MappingTracedCallback")
            .AddTraceSource("MappingExpired",
                            "A mapping timed out and was removed; its external port is held "
                            "down for HoldDownTime.",
                            MakeTraceSourceAccessor(&Ipv4Napt::m_expiredTrace),
                            "ns3::Ipv4Napt::MappingTracedCallback")
            .AddTraceSource("Drop",
                            "The NAT dropped a packet (any reason, filtering included).",
                            MakeTraceSourceAccessor(&Ipv4Napt::m_dropTrace),
                            "ns3::Ipv4Napt::DropTracedCallback")
            .AddTraceSource("FilterDrop",
                            "A mapping's filtering behaviour refused an inbound packet.",
                            MakeTraceSourceAccessor(&Ipv4Napt::m_filterDropTrace),
                            "ns3::Ipv4Napt::FilterDropTracedCallback");
    return tid;
}

Ipv4Napt::Ipv4Napt()
    : m_mapping(NaptBehavior::ENDPOINT_INDEPENDENT),
      m_filtering(NaptBehavior::ENDPOINT_INDEPENDENT),
      m_allocation(PRESERVE),
      m_portMin(1024),
      m_portMax(65535),
      m_inboundRefresh(false),
      m_hairpinning(true),
      m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

Ipv4Napt::~Ipv4Napt() = default;

void
Ipv4Napt::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& entry : m_table)
    {
        entry.second.expiryEvent.Cancel();
    }
    m_table.clear();
    m_outIndex.clear();
    if (m_inner)
    {
        m_inner->Dispose();
    }
    m_inner = nullptr;
    m_ipv4 = nullptr;
    m_random = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

void
Ipv4Napt::SetMappingAttribute(int value)
{
    m_mapping = static_cast<NaptBehavior>(value);
}

int
Ipv4Napt::GetMappingAttribute() const
{
    return static_cast<int>(m_mapping);
}

void
Ipv4Napt::SetFilteringAttribute(int value)
{
    m_filtering = static_cast<NaptBehavior>(value);
}

int
Ipv4Napt::GetFilteringAttribute() const
{
    return static_cast<int>(m_filtering);
}

void
Ipv4Napt::SetInnerRoutingProtocol(Ptr<Ipv4RoutingProtocol> inner)
{
    m_inner = inner;
}

Ptr<Ipv4RoutingProtocol>
Ipv4Napt::GetInnerRoutingProtocol() const
{
    return m_inner;
}

void
Ipv4Napt::SetInterfaces(uint32_t outside, const std::vector<uint32_t>& inside)
{
    m_outside = outside;
    m_inside = inside;
    m_configured = true;
}

uint32_t
Ipv4Napt::GetOutsideInterface() const
{
    return m_outside;
}

Ipv4Address
Ipv4Napt::GetPublicAddress() const
{
    if (!m_ipv4 || m_outside >= m_ipv4->GetNInterfaces() || m_ipv4->GetNAddresses(m_outside) == 0)
    {
        return Ipv4Address::GetAny();
    }
    return m_ipv4->GetAddress(m_outside, 0).GetLocal();
}

bool
Ipv4Napt::SetPortRange(uint16_t min, uint16_t max)
{
    if (min == 0 || min > max)
    {
        return false;
    }
    m_portMin = min;
    m_portMax = max;
    return true;
}

bool
Ipv4Napt::AddPortForward(uint8_t protocol,
                         uint16_t externalPort,
                         Ipv4Address internalAddress,
                         uint16_t internalPort,
                         std::string* error)
{
    NS_LOG_FUNCTION(this << +protocol << externalPort << internalAddress << internalPort);
    std::ostringstream why;
    const OutKey key{protocol, internalAddress.Get(), internalPort, 0, 0};
    if (protocol != PROTO_TCP && protocol != PROTO_UDP)
    {
        why << "port forward: protocol " << +protocol << " is neither 6 (TCP) nor 17 (UDP)";
    }
    else if (externalPort == 0 || internalPort == 0)
    {
        why << "port forward: port 0 cannot be forwarded";
    }
    else if (m_table.count({protocol, externalPort}))
    {
        why << "port forward: external port " << externalPort << "/" << +protocol << " is already "
            << (m_table.at({protocol, externalPort}).isStatic ? "forwarded" : "mapped");
    }
    else if (m_outIndex.count(key))
    {
        why << "port forward: " << internalAddress << ":" << internalPort << "/" << +protocol
            << " already has an external port";
    }
    if (!why.str().empty())
    {
        NS_LOG_WARN(why.str());
        if (error)
        {
            *error = why.str();
        }
        return false;
    }
    Ipv4NaptMapping m;
    m.protocol = protocol;
    m.internalAddress = internalAddress;
    m.internalPort = internalPort;
    m.externalAddress = GetPublicAddress();
    m.externalPort = externalPort;
    m.keyRemoteAddress = Ipv4Address::GetAny();
    m.isStatic = true;
    m.created = Simulator::Now();
    m_table[{protocol, externalPort}] = m;
    m_outIndex[key] = externalPort;
    return true;
}

int64_t
Ipv4Napt::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

std::vector<Ipv4NaptMapping>
Ipv4Napt::GetMappings() const
{
    std::vector<Ipv4NaptMapping> out;
    out.reserve(m_table.size());
    for (const auto& entry : m_table)
    {
        out.push_back(entry.second);
        out.back().externalAddress = GetPublicAddress();
    }
    return out;
}

void
Ipv4Napt::PrintMappings(std::ostream& os) const
{
    const Time now = Simulator::Now();
    const std::ios_base::fmtflags flags = os.flags(); // std::left is sticky: restore
    os << "NAPT " << GetPublicAddress() << " at " << now.GetSeconds() << " s: " << m_table.size()
       << " mapping(s), mapping " << m_mapping << ", filtering " << m_filtering << "\n";
    os << std::left << std::setw(6) << "proto" << std::setw(23) << "internal" << std::setw(23)
       << "external" << std::setw(14) << "lifetime" << std::setw(13) << "state"
       << "remotes\n";
    for (const auto& entry : m_table)
    {
        const Ipv4NaptMapping& m = entry.second;
        std::ostringstream internal;
        std::ostringstream external;
        std::ostringstream lifetime;
        internal << m.internalAddress << ":" << m.internalPort;
        external << GetPublicAddress() << ":" << m.externalPort;
        if (m.isStatic)
        {
            lifetime << "static";
        }
        else
        {
            lifetime << std::fixed << std::setprecision(3) << (m.expires - now).GetSeconds()
                     << " s";
        }
        const char* state = m.protocol == PROTO_TCP && !m.isStatic ? ToString(m.tcpState) : "-";
        os << std::left << std::setw(6) << m.ProtocolName() << std::setw(23) << internal.str()
           << std::setw(23) << external.str() << std::setw(14) << lifetime.str() << std::setw(13)
           << state;
        if (m.remotes.empty())
        {
            os << "-";
        }
        bool first = true;
        for (const auto& remote : m.remotes)
        {
            os << (first ? "" : ",") << remote.first << ":" << remote.second;
            first = false;
        }
        os << "\n";
    }
    os.flags(flags);
}

uint64_t
Ipv4Napt::GetDropCount(Ipv4NaptDropReason reason) const
{
    const auto i = static_cast<size_t>(reason);
    return i < m_drops.size() ? m_drops[i] : 0;
}

uint64_t
Ipv4Napt::GetTotalDrops() const
{
    return std::accumulate(m_drops.begin(), m_drops.end(), uint64_t{0});
}

uint64_t
Ipv4Napt::GetOutboundTranslations() const
{
    return m_outboundCount;
}

uint64_t
Ipv4Napt::GetInboundTranslations() const
{
    return m_inboundCount;
}

uint64_t
Ipv4Napt::GetHairpinTranslations() const
{
    return m_hairpinCount;
}

// ------------------------------------------------------------------ routing protocol

Ptr<Ipv4Route>
Ipv4Napt::RouteOutput(Ptr<Packet> p,
                      const Ipv4Header& header,
                      Ptr<NetDevice> oif,
                      Socket::SocketErrno& sockerr)
{
    // The node's own packets: routed, never translated.
    if (!m_inner)
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    return m_inner->RouteOutput(p, header, oif, sockerr);
}

#if IPSEC_NS3_MINOR >= 39
bool
Ipv4Napt::RouteInput(Ptr<const Packet> p,
                     const Ipv4Header& header,
                     Ptr<const NetDevice> idev,
                     const UnicastForwardCallback& ucb,
                     const MulticastForwardCallback& mcb,
                     const LocalDeliverCallback& lcb,
                     const ErrorCallback& ecb)
#else
bool
Ipv4Napt::RouteInput(Ptr<const Packet> p,
                     const Ipv4Header& header,
                     Ptr<const NetDevice> idev,
                     UnicastForwardCallback ucb,
                     MulticastForwardCallback mcb,
                     LocalDeliverCallback lcb,
                     ErrorCallback ecb)
#endif
{
    NS_LOG_FUNCTION(this << p << header << idev);
    if (!m_inner)
    {
        return false;
    }
    const int32_t iif = m_ipv4 ? m_ipv4->GetInterfaceForDevice(idev) : -1;
    if (!m_configured || iif < 0)
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    const bool toPublic = header.GetDestination() == GetPublicAddress();
    Result r;
    if (toPublic && static_cast<uint32_t>(iif) == m_outside)
    {
        r = TranslateInbound(p, header);
    }
    else if (toPublic && IsInside(iif))
    {
        r = TranslateHairpin(p, header);
    }
    else if (IsInside(iif))
    {
        // Let the wrapped protocol decide; translate only what it forwards to the outside.
        UnicastForwardCallback hook(
            [this, ucb](Ptr<Ipv4Route> route, Ptr<const Packet> packet, const Ipv4Header& h) {
                ForwardFromInside(ucb, route, packet, h);
            });
        return m_inner->RouteInput(p, header, idev, hook, mcb, lcb, ecb);
    }
    else
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (r.local)
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (!r.packet)
    {
        return true; // dropped and counted
    }
    return m_inner->RouteInput(r.packet, r.header, idev, ucb, mcb, lcb, ecb);
}

void
Ipv4Napt::ForwardFromInside(UnicastForwardCallback ucb,
                            Ptr<Ipv4Route> route,
                            Ptr<const Packet> p,
                            const Ipv4Header& header)
{
    const int32_t oif = m_ipv4->GetInterfaceForDevice(route->GetOutputDevice());
    // A packet about to die of TTL is left alone so that the ICMP time-exceeded the node
    // sends goes back to its real source.
    if (oif < 0 || static_cast<uint32_t>(oif) != m_outside || header.GetTtl() <= 1)
    {
        ucb(route, p, header);
        return;
    }
    Result r = TranslateOutbound(p, header);
    if (r.local)
    {
        ucb(route, p, header);
    }
    else if (r.packet)
    {
        ucb(route, r.packet, r.header);
    }
}

void
Ipv4Napt::NotifyInterfaceUp(uint32_t interface)
{
    if (m_inner)
    {
        m_inner->NotifyInterfaceUp(interface);
    }
}

void
Ipv4Napt::NotifyInterfaceDown(uint32_t interface)
{
    if (m_inner)
    {
        m_inner->NotifyInterfaceDown(interface);
    }
}

void
Ipv4Napt::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (m_inner)
    {
        m_inner->NotifyAddAddress(interface, address);
    }
}

void
Ipv4Napt::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (m_inner)
    {
        m_inner->NotifyRemoveAddress(interface, address);
    }
}

void
Ipv4Napt::SetIpv4(Ptr<Ipv4> ipv4)
{
    // Only stored: the wrapped protocol got the same Ipv4 when it was installed, and
    // Ipv4ListRouting asserts if given it twice.
    m_ipv4 = ipv4;
}

void
Ipv4Napt::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    *stream->GetStream() << "Ipv4Napt: outside interface " << m_outside << ", public address "
                         << GetPublicAddress() << "; wrapped routing:\n";
    if (m_inner)
    {
        m_inner->PrintRoutingTable(stream, unit);
    }
}

void
Ipv4Napt::DoInitialize()
{
    if (m_inner)
    {
        m_inner->Initialize();
    }
    Ipv4RoutingProtocol::DoInitialize();
}

// ------------------------------------------------------------------ translation

bool
Ipv4Napt::IsInside(uint32_t interface) const
{
    return std::find(m_inside.begin(), m_inside.end(), interface) != m_inside.end();
}

Ptr<Packet>
Ipv4Napt::Rewrite(Ptr<const Packet> p, uint32_t size, const std::function<void(uint8_t*)>& edit)
{
    Ptr<Packet> copy = p->Copy();
    IpsecRawHeader raw(size);
    copy->RemoveHeader(raw);
    edit(raw.Bytes().data());
    copy->AddHeader(raw);
    return copy;
}

void
Ipv4Napt::Drop(Ptr<const Packet> p, const Ipv4Header& header, Ipv4NaptDropReason reason)
{
    NS_LOG_LOGIC("drop " << header << ": " << reason);
    ++m_drops[static_cast<size_t>(reason)];
    m_dropTrace(p, header, reason);
}

Ipv4Napt::Result
Ipv4Napt::TranslateOutbound(Ptr<const Packet> p, const Ipv4Header& header)
{
    Result r;
    const uint8_t protocol = header.GetProtocol();
    if (protocol != PROTO_TCP && protocol != PROTO_UDP && protocol != PROTO_ICMP)
    {
        Drop(p, header, Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL);
        return r;
    }
    if (header.GetFragmentOffset() != 0)
    {
        Drop(p, header, Ipv4NaptDropReason::FRAGMENT);
        return r;
    }
    const uint32_t need = L4BytesNeeded(protocol);
    if (p->GetSize() < need)
    {
        Drop(p, header, Ipv4NaptDropReason::TRUNCATED);
        return r;
    }
    uint8_t b[20];
    p->CopyData(b, need);
    const Ipv4Address source = header.GetSource();
    const Ipv4Address destination = header.GetDestination();
    uint16_t internalPort;
    uint16_t remotePort;
    uint8_t flags = 0;
    if (protocol == PROTO_ICMP)
    {
        if (IsIcmpError(b[0]))
        {
            return TranslateIcmpError(p, header, false);
        }
        if (b[0] != ICMP_ECHO_REQUEST)
        {
            Drop(p, header, Ipv4NaptDropReason::UNSUPPORTED_ICMP);
            return r;
        }
        internalPort = rawbytes::Read16(b + 4);
        remotePort = 0;
    }
    else
    {
        internalPort = rawbytes::Read16(b);
        remotePort = rawbytes::Read16(b + 2);
        flags = protocol == PROTO_TCP ? b[13] : 0;
    }
    Ipv4NaptMapping* m =
        FindOrCreate(protocol, source, internalPort, destination, remotePort, flags);
    if (!m)
    {
        Drop(p, header, Ipv4NaptDropReason::PORTS_EXHAUSTED);
        return r;
    }
    const Ipv4Address pub = GetPublicAddress();
    const uint16_t external = m->externalPort;
    r.packet = Rewrite(p, need, [&](uint8_t* l4) {
        RewriteEndpoint(l4, protocol, true, source, pub, external);
    });
    r.header = header;
    r.header.SetSource(pub);
    ++m_outboundCount;
    return r;
}

Ipv4Napt::Result
Ipv4Napt::TranslateInbound(Ptr<const Packet> p, const Ipv4Header& header)
{
    Result r;
    const uint8_t protocol = header.GetProtocol();
    if (protocol != PROTO_TCP && protocol != PROTO_UDP && protocol != PROTO_ICMP)
    {
        // The NAT node may speak it itself (e.g. it is an IPsec endpoint); else nobody can.
        if (m_ipv4->GetProtocol(protocol))
        {
            r.local = true;
        }
        else
        {
            Drop(p, header, Ipv4NaptDropReason::UNSUPPORTED_PROTOCOL);
        }
        return r;
    }
    if (header.GetFragmentOffset() != 0)
    {
        Drop(p, header, Ipv4NaptDropReason::FRAGMENT);
        return r;
    }
    const uint32_t need = L4BytesNeeded(protocol);
    if (p->GetSize() < need)
    {
        Drop(p, header, Ipv4NaptDropReason::TRUNCATED);
        return r;
    }
    uint8_t b[20];
    p->CopyData(b, need);
    uint16_t externalPort;
    uint16_t remotePort;
    uint8_t flags = 0;
    if (protocol == PROTO_ICMP)
    {
        if (IsIcmpError(b[0]))
        {
            return TranslateIcmpError(p, header, true);
        }
        if (b[0] != ICMP_ECHO_REPLY)
        {
            r.local = true; // echo requests and the rest are for the NAT node itself
            return r;
        }
        externalPort = rawbytes::Read16(b + 4);
        remotePort = 0;
    }
    else
    {
        remotePort = rawbytes::Read16(b);
        externalPort = rawbytes::Read16(b + 2);
        flags = protocol == PROTO_TCP ? b[13] : 0;
    }
    Ipv4NaptMapping* m = FindInbound(protocol, externalPort);
    if (!m)
    {
        r.local = true; // no mapping, no forward: the NAT node's own port (IKE, ...)
        return r;
    }
    if (!Permits(*m, header.GetSource(), remotePort))
    {
        Drop(p, header, Ipv4NaptDropReason::FILTERED);
        m_filterDropTrace(p, header, *m);
        return r;
    }
    Touch(*m, false, flags, true);
    const Ipv4Address pub = header.GetDestination();
    const Ipv4Address internal = m->internalAddress;
    const uint16_t internalPort = m->internalPort;
    r.packet = Rewrite(p, need, [&](uint8_t* l4) {
        RewriteEndpoint(l4, protocol, false, pub, internal, internalPort);
    });
    r.header = header;
    r.header.SetDestination(internal);
    ++m_inboundCount;
    return r;
}

Ipv4Napt::Result
Ipv4Napt::TranslateHairpin(Ptr<const Packet> p, const Ipv4Header& header)
{
    Result r;
    const uint8_t protocol = header.GetProtocol();
    if (protocol != PROTO_TCP && protocol != PROTO_UDP)
    {
        r.local = true; // ICMP and the rest: for the NAT node itself
        return r;
    }
    if (header.GetFragmentOffset() != 0)
    {
        Drop(p, header, Ipv4NaptDropReason::FRAGMENT);
        return r;
    }
    const uint32_t need = L4BytesNeeded(protocol);
    if (p->GetSize() < need)
    {
        Drop(p, header, Ipv4NaptDropReason::TRUNCATED);
        return r;
    }
    uint8_t b[20];
    p->CopyData(b, need);
    const uint16_t sourcePort = rawbytes::Read16(b);
    const uint16_t externalPort = rawbytes::Read16(b + 2);
    const uint8_t flags = protocol == PROTO_TCP ? b[13] : 0;
    Ipv4NaptMapping* target = FindInbound(protocol, externalPort);
    if (!target)
    {
        r.local = true;
        return r;
    }
    if (!m_hairpinning)
    {
        Drop(p, header, Ipv4NaptDropReason::HAIRPIN_DISABLED);
        return r;
    }
    const Ipv4Address pub = GetPublicAddress();
    const Ipv4Address source = header.GetSource();
    // RFC 4787 REQ-9: the target sees the sender's external endpoint, as if it came from
    // outside, so the sender gets (or uses) a mapping towards the public endpoint.
    Ipv4NaptMapping* sender = FindOrCreate(protocol, source, sourcePort, pub, externalPort, flags);
    if (!sender)
    {
        Drop(p, header, Ipv4NaptDropReason::PORTS_EXHAUSTED);
        return r;
    }
    if (!Permits(*target, pub, sender->externalPort))
    {
        Drop(p, header, Ipv4NaptDropReason::FILTERED);
        m_filterDropTrace(p, header, *target);
        return r;
    }
    Touch(*target, false, flags, true);
    const uint16_t senderPort = sender->externalPort;
    const Ipv4Address internal = target->internalAddress;
    const uint16_t internalPort = target->internalPort;
    r.packet = Rewrite(p, need, [&](uint8_t* l4) {
        RewriteEndpoint(l4, protocol, true, source, pub, senderPort);
        RewriteEndpoint(l4, protocol, false, pub, internal, internalPort);
    });
    r.header = header;
    r.header.SetSource(pub);
    r.header.SetDestination(internal);
    ++m_hairpinCount;
    return r;
}

Ipv4Napt::Result
Ipv4Napt::TranslateIcmpError(Ptr<const Packet> p, const Ipv4Header& header, bool inbound)
{
    Result r;
    // ICMP header (8 bytes), the embedded IPv4 header, at least 8 bytes of its payload.
    const uint32_t size = p->GetSize();
    uint8_t b[8 + 60 + 8];
    if (size < 8 + 20 + 8)
    {
        Drop(p, header, Ipv4NaptDropReason::TRUNCATED);
        return r;
    }
    p->CopyData(b, std::min<uint32_t>(size, sizeof(b)));
    const uint32_t ihl = (b[8] & 0x0f) * 4u;
    const uint32_t need = 8 + ihl + 8;
    if (ihl < 20 || size < need)
    {
        Drop(p, header, Ipv4NaptDropReason::TRUNCATED);
        return r;
    }
    const uint8_t embProtocol = b[8 + 9];
    const Ipv4Address embSource(Read32(b + 8 + 12));
    const Ipv4Address embDestination(Read32(b + 8 + 16));
    const uint8_t* embL4 = b + 8 + ihl;
    const Ipv4Address pub = GetPublicAddress();
    Ipv4NaptMapping* m = nullptr;
    if (embProtocol == PROTO_TCP || embProtocol == PROTO_UDP || embProtocol == PROTO_ICMP)
    {
        const bool icmp = embProtocol == PROTO_ICMP;
        if (inbound && embSource == pub)
        {
            // About a packet that left translated: its source endpoint is the mapping's.
            m = FindInbound(embProtocol, rawbytes::Read16(embL4 + (icmp ? 4 : 0)));
        }
        else if (!inbound)
        {
            // About a packet that came in translated: its destination is the inside host.
            m = FindOutbound(embProtocol,
                             embDestination,
                             rawbytes::Read16(embL4 + (icmp ? 4 : 2)),
                             embSource,
                             icmp ? 0 : rawbytes::Read16(embL4));
        }
    }
    if (!m)
    {
        if (inbound)
        {
            r.local = true; // about the NAT node's own traffic, or nobody's
        }
        else
        {
            Drop(p, header, Ipv4NaptDropReason::UNSUPPORTED_ICMP); // it would leak an address
        }
        return r;
    }
    // Inbound: embedded source public -> inside; outbound: embedded destination inside ->
    // public. Ports (or the echo identifier) alike.
    const Ipv4Address oldAddress = inbound ? pub : m->internalAddress;
    const Ipv4Address newAddress = inbound ? m->internalAddress : pub;
    const uint16_t newPort = inbound ? m->internalPort : m->externalPort;
    r.packet = Rewrite(p, need, [&](uint8_t* icmp) {
        std::vector<uint8_t> before(icmp, icmp + need);
        uint8_t* emb = icmp + 8;
        uint8_t* addressField = emb + (inbound ? 12 : 16);
        rawbytes::ChecksumReplaceAddress(emb + 10, oldAddress, newAddress);
        Write32(addressField, newAddress.Get());
        uint8_t* l4 = emb + ihl;
        if (embProtocol == PROTO_TCP)
        {
            // The TCP checksum lies beyond the 8 bytes an ICMP error must carry: only the port.
            rawbytes::Write16(l4 + (inbound ? 0 : 2), newPort);
        }
        else
        {
            RewriteEndpoint(l4, embProtocol, inbound, oldAddress, newAddress, newPort);
        }
        // The ICMP checksum covers everything changed above.
        rawbytes::ChecksumReplaceRange(icmp + 2, before.data(), icmp, need);
    });
    r.header = header;
    if (inbound)
    {
        r.header.SetDestination(m->internalAddress);
        ++m_inboundCount;
    }
    else
    {
        r.header.SetSource(pub);
        ++m_outboundCount;
    }
    return r;
}

// ------------------------------------------------------------------ the table

Ipv4Napt::OutKey
Ipv4Napt::MakeOutKey(uint8_t protocol,
                     Ipv4Address internal,
                     uint16_t internalPort,
                     Ipv4Address remote,
                     uint16_t remotePort) const
{
    const bool byAddress = m_mapping != NaptBehavior::ENDPOINT_INDEPENDENT;
    const bool byPort = m_mapping == NaptBehavior::ADDRESS_AND_PORT_DEPENDENT;
    return OutKey{protocol,
                  internal.Get(),
                  internalPort,
                  byAddress ? remote.Get() : 0,
                  byPort ? remotePort : 0};
}

Ipv4NaptMapping*
Ipv4Napt::FindInbound(uint8_t protocol, uint16_t externalPort)
{
    auto it = m_table.find({protocol, externalPort});
    return it == m_table.end() ? nullptr : &it->second;
}

Ipv4NaptMapping*
Ipv4Napt::FindOutbound(uint8_t protocol,
                       Ipv4Address internal,
                       uint16_t internalPort,
                       Ipv4Address remote,
                       uint16_t remotePort)
{
    // A port forward's inside endpoint always leaves from the forwarded port.
    for (const OutKey& key : {OutKey{protocol, internal.Get(), internalPort, 0, 0},
                              MakeOutKey(protocol, internal, internalPort, remote, remotePort)})
    {
        auto it = m_outIndex.find(key);
        if (it != m_outIndex.end())
        {
            return FindInbound(protocol, it->second);
        }
    }
    return nullptr;
}

Ipv4NaptMapping*
Ipv4Napt::FindOrCreate(uint8_t protocol,
                       Ipv4Address internal,
                       uint16_t internalPort,
                       Ipv4Address remote,
                       uint16_t remotePort,
                       uint8_t tcpFlags)
{
    Ipv4NaptMapping* m = FindOutbound(protocol, internal, internalPort, remote, remotePort);
    const bool created = !m;
    if (created)
    {
        uint16_t external;
        if (!AllocatePort(protocol, internalPort, external))
        {
            return nullptr;
        }
        const OutKey key = MakeOutKey(protocol, internal, internalPort, remote, remotePort);
        m = &m_table[{protocol, external}];
        m->protocol = protocol;
        m->internalAddress = internal;
        m->internalPort = internalPort;
        m->externalAddress = GetPublicAddress();
        m->externalPort = external;
        m->keyRemoteAddress = Ipv4Address(std::get<3>(key));
        m->keyRemotePort = std::get<4>(key);
        m->created = Simulator::Now();
        m_outIndex[key] = external;
        NS_LOG_LOGIC("new mapping " << internal << ":" << internalPort << " -> "
                                    << m->externalAddress << ":" << external);
    }
    m->remotes.insert({remote, remotePort});
    Touch(*m, true, tcpFlags, !created);
    if (created)
    {
        m_createdTrace(*m);
    }
    return m;
}

bool
Ipv4Napt::Permits(const Ipv4NaptMapping& m, Ipv4Address remote, uint16_t remotePort) const
{
    if (m.isStatic || m_filtering == NaptBehavior::ENDPOINT_INDEPENDENT)
    {
        return true;
    }
    if (m_filtering == NaptBehavior::ADDRESS_AND_PORT_DEPENDENT)
    {
        return m.remotes.count({remote, remotePort}) > 0;
    }
    return std::any_of(m.remotes.begin(), m.remotes.end(), [remote](const auto& seen) {
        return seen.first == remote;
    });
}

Time
Ipv4Napt::TimeoutOf(const Ipv4NaptMapping& m) const
{
    switch (m.protocol)
    {
    case PROTO_TCP:
        return m.tcpState == NaptTcpState::ESTABLISHED ? m_tcpEstablishedTimeout
                                                       : m_tcpTransitoryTimeout;
    case PROTO_ICMP:
        return m_icmpTimeout;
    default:
        return m_udpTimeout;
    }
}

void
Ipv4Napt::Touch(Ipv4NaptMapping& m, bool outbound, uint8_t tcpFlags, bool announce)
{
    if (m.isStatic)
    {
        return;
    }
    const NaptTcpState before = m.tcpState;
    if (m.protocol == PROTO_TCP)
    {
        if (tcpFlags & TCP_RST)
        {
            m.tcpState = NaptTcpState::CLOSING;
        }
        else
        {
            if (tcpFlags & TCP_SYN)
            {
                if (m.tcpState == NaptTcpState::CLOSING)
                {
                    // A new connection through an endpoint-independent mapping.
                    m.synOut = m.synIn = m.finOut = m.finIn = false;
                    m.tcpState = NaptTcpState::TRANSITORY;
                }
                (outbound ? m.synOut : m.synIn) = true;
                if (m.synOut && m.synIn && m.tcpState == NaptTcpState::TRANSITORY)
                {
                    m.tcpState = NaptTcpState::ESTABLISHED;
                }
            }
            if (tcpFlags & TCP_FIN)
            {
                (outbound ? m.finOut : m.finIn) = true;
                if (m.finOut && m.finIn)
                {
                    m.tcpState = NaptTcpState::CLOSING;
                }
            }
        }
    }
    // Outbound packets refresh (RFC 4787 REQ-6); inbound ones if configured, or when they
    // change the TCP state (and with it the timeout).
    if (!announce || outbound || m_inboundRefresh || m.tcpState != before)
    {
        const Time timeout = TimeoutOf(m);
        m.expires = Simulator::Now() + timeout;
        m.expiryEvent.Cancel();
        m.expiryEvent = Simulator::Schedule(timeout,
                                            &Ipv4Napt::CheckExpiry,
                                            this,
                                            ExtKey{m.protocol, m.externalPort});
        if (announce)
        {
            m_refreshedTrace(m);
        }
    }
}

void
Ipv4Napt::CheckExpiry(ExtKey key)
{
    auto it = m_table.find(key);
    if (it == m_table.end() || it->second.isStatic)
    {
        return;
    }
    Ipv4NaptMapping& m = it->second;
    const Time now = Simulator::Now();
    if (now < m.expires)
    {
        m.expiryEvent = Simulator::Schedule(m.expires - now, &Ipv4Napt::CheckExpiry, this, key);
        return;
    }
    NS_LOG_LOGIC("mapping " << m.internalAddress << ":" << m.internalPort << " -> "
                            << m.externalPort << " expired");
    m_expiredTrace(m);
    m_heldDown[key] = now + m_holdDown;
    m_outIndex.erase(OutKey{m.protocol,
                            m.internalAddress.Get(),
                            m.internalPort,
                            m.keyRemoteAddress.Get(),
                            m.keyRemotePort});
    m_table.erase(it);
}

bool
Ipv4Napt::IsPortFree(uint8_t protocol, uint16_t port)
{
    if (m_table.count({protocol, port}))
    {
        return false;
    }
    auto held = m_heldDown.find({protocol, port});
    if (held != m_heldDown.end())
    {
        if (held->second > Simulator::Now())
        {
            return false;
        }
        m_heldDown.erase(held);
    }
    return true;
}

bool
Ipv4Napt::AllocatePort(uint8_t protocol, uint16_t internalPort, uint16_t& port)
{
    if (m_portMin == 0 || m_portMin > m_portMax)
    {
        NS_LOG_WARN("empty port range " << m_portMin << "-" << m_portMax);
        return false;
    }
    // ICMP identifiers are not ports: the range does not restrict keeping them.
    const bool inRange =
        protocol == PROTO_ICMP || (internalPort >= m_portMin && internalPort <= m_portMax);
    if (m_allocation == PRESERVE && inRange && IsPortFree(protocol, internalPort))
    {
        port = internalPort;
        return true;
    }
    const uint32_t n = static_cast<uint32_t>(m_portMax) - m_portMin + 1;
    // A few random draws find a port quickly while the table is sparse; a scan from a random
    // start finds the last free ones.
    for (int attempt = 0; attempt < 32; ++attempt)
    {
        const auto candidate = static_cast<uint16_t>(m_portMin + m_random->GetInteger(0, n - 1));
        if (IsPortFree(protocol, candidate))
        {
            port = candidate;
            return true;
        }
    }
    const uint32_t start = m_random->GetInteger(0, n - 1);
    for (uint32_t i = 0; i < n; ++i)
    {
        const auto candidate = static_cast<uint16_t>(m_portMin + (start + i) % n);
        if (IsPortFree(protocol, candidate))
        {
            port = candidate;
            return true;
        }
    }
    return false;
}

} // namespace ns3
