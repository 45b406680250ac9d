/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-udp-encapsulation.h"

#include "ipsec-raw-header.h"
#include "security-association-database.h"
#include "security-association.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/udp-socket.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecUdpEncapsulation");
NS_OBJECT_ENSURE_REGISTERED(IpsecUdpEncapsulation);

namespace
{

constexpr uint8_t UDP_PROTOCOL = 17;
constexpr uint8_t TCP_PROTOCOL = 6;
constexpr uint32_t UDP_HEADER = 8;
constexpr uint32_t ESP_HEADER = 8; // SPI and sequence number
constexpr uint8_t KEEPALIVE_BYTE = 0xff;

/// The source and destination address bytes, as a pseudo-header starts (and as a NAT
/// rewrites them).
std::vector<uint8_t>
AddressPair(const IpsecAddress& source, const IpsecAddress& destination)
{
    std::vector<uint8_t> bytes(source.GetBytes(), source.GetBytes() + source.GetLength());
    bytes.insert(bytes.end(),
                 destination.GetBytes(),
                 destination.GetBytes() + destination.GetLength());
    return bytes;
}

/// A UDP header from @p sourcePort to @p destinationPort, with its checksum computed (for the
/// addresses given) when @p checksum is set and left zero otherwise.
UdpHeader
MakeUdpHeader(uint16_t sourcePort,
              uint16_t destinationPort,
              const IpsecAddress& source,
              const IpsecAddress& destination,
              bool checksum)
{
    UdpHeader udp;
    udp.SetSourcePort(sourcePort);
    udp.SetDestinationPort(destinationPort);
    if (checksum)
    {
        udp.EnableChecksums();
        if (destination.IsIpv6())
        {
            udp.InitializeChecksum(source.GetIpv6(), destination.GetIpv6(), UDP_PROTOCOL);
        }
        else
        {
            udp.InitializeChecksum(source.GetIpv4(), destination.GetIpv4(), UDP_PROTOCOL);
        }
    }
    return udp;
}

/**
 * The pseudo-header (RFC 768; RFC 8200 section 8.1) of @p length bytes of @p protocol,
 * followed by the segment: the bytes a TCP or UDP checksum covers, laid out contiguously.
 */
std::vector<uint8_t>
WithPseudoHeader(const IpsecAddress& source,
                 const IpsecAddress& destination,
                 uint8_t protocol,
                 const std::vector<uint8_t>& segment)
{
    std::vector<uint8_t> bytes = AddressPair(source, destination);
    const auto length = static_cast<uint32_t>(segment.size());
    if (source.IsIpv6())
    {
        bytes.insert(bytes.end(),
                     {uint8_t(length >> 24),
                      uint8_t(length >> 16),
                      uint8_t(length >> 8),
                      uint8_t(length),
                      0,
                      0,
                      0,
                      protocol});
    }
    else
    {
        bytes.insert(bytes.end(), {0, protocol, uint8_t(length >> 8), uint8_t(length)});
    }
    bytes.insert(bytes.end(), segment.begin(), segment.end());
    return bytes;
}

} // namespace

TypeId
IpsecUdpEncapsulation::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecUdpEncapsulation")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<IpsecUdpEncapsulation>()
            .AddAttribute("KeepaliveInterval",
                          "NAT keepalive interval (RFC 3948 section 4; 20 s is its default): "
                          "how long a peer reached through a keepalive endpoint may go without a "
                          "packet from this node before it is sent a keepalive. Zero: none.",
                          TimeValue(Seconds(20)),
                          MakeTimeAccessor(&IpsecUdpEncapsulation::m_keepaliveInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("KeepaliveOnlyWhenIdle",
                          "Send a keepalive only when no ESP packet went to the peer during "
                          "the interval (the packets refresh the NAT mapping as well). False: "
                          "every interval, whatever else was sent.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecUdpEncapsulation::m_idleOnly),
                          MakeBooleanChecker())
            .AddTraceSource("KeepaliveSent",
                            "A NAT keepalive was sent (the UDP datagram, the peer and its port).",
                            MakeTraceSourceAccessor(&IpsecUdpEncapsulation::m_keepaliveSentTrace),
                            "ns3::IpsecUdpEncapsulation::KeepaliveTracedCallback")
            .AddTraceSource(
                "KeepaliveReceived",
                "A NAT keepalive arrived on an endpoint and was consumed (the UDP datagram, "
                "the sender and its port).",
                MakeTraceSourceAccessor(&IpsecUdpEncapsulation::m_keepaliveReceivedTrace),
                "ns3::IpsecUdpEncapsulation::KeepaliveTracedCallback");
    return tid;
}

IpsecUdpEncapsulation::IpsecUdpEncapsulation()
    : m_keepaliveInterval(Seconds(20)),
      m_idleOnly(true)
{
    NS_LOG_FUNCTION(this);
}

void
IpsecUdpEncapsulation::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_keepaliveTimer.Cancel();
    for (auto& [port, endpoint] : m_endpoints)
    {
        for (const Ptr<Socket>& socket : {endpoint.v4, endpoint.v6})
        {
            if (socket)
            {
                socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            }
        }
    }
    m_endpoints.clear();
    m_node = nullptr;
    m_sad = nullptr;
    Object::DoDispose();
}

void
IpsecUdpEncapsulation::Setup(Ptr<Node> node, Ptr<SecurityAssociationDatabase> sad)
{
    m_node = node;
    m_sad = sad;
    m_sad->TraceConnectWithoutContext("SaAdded",
                                      MakeCallback(&IpsecUdpEncapsulation::OnSaAdded, this));
}

bool
IpsecUdpEncapsulation::SetEndpoint(Ptr<Socket> socket, bool keepalives, std::string& error)
{
    if (!DynamicCast<UdpSocket>(socket))
    {
        error = "only a UDP socket can be an encapsulation endpoint";
        return false;
    }
    Address local;
    socket->GetSockName(local);
    uint16_t port = 0;
    bool ipv6 = false;
    if (InetSocketAddress::IsMatchingType(local))
    {
        port = InetSocketAddress::ConvertFrom(local).GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(local))
    {
        port = Inet6SocketAddress::ConvertFrom(local).GetPort();
        ipv6 = true;
    }
    if (port == 0)
    {
        error = "bind the socket to its port before making it an encapsulation endpoint";
        return false;
    }
    Endpoint& endpoint = m_endpoints[port];
    (ipv6 ? endpoint.v6 : endpoint.v4) = socket;
    endpoint.keepalives = endpoint.keepalives || keepalives;
    NS_LOG_INFO("UDP port " << port << " is an encapsulation endpoint");
    RescheduleKeepalives();
    return true;
}

bool
IpsecUdpEncapsulation::OpenEndpoint(uint16_t port, bool keepalives, std::string& error)
{
    if (port == 0)
    {
        error = "an encapsulation endpoint needs a port (4500 is IANA's)";
        return false;
    }
    if (!m_node)
    {
        error = "the IPsec layer is not on a node with an IP stack yet";
        return false;
    }
    auto existing = m_endpoints.find(port);
    if (existing != m_endpoints.end())
    {
        existing->second.keepalives = keepalives;
        RescheduleKeepalives();
        return true;
    }
    Endpoint endpoint;
    endpoint.keepalives = keepalives;
    if (m_node->GetObject<Ipv4L3Protocol>())
    {
        endpoint.v4 = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        if (endpoint.v4->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) != 0)
        {
            endpoint.v4->Close();
            error = "UDP port " + std::to_string(port) + " is already in use on this node";
            return false;
        }
        endpoint.v4->SetRecvCallback(MakeCallback(&IpsecUdpEncapsulation::DiscardReceived));
    }
    if (m_node->GetObject<Ipv6L3Protocol>())
    {
        endpoint.v6 = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        if (endpoint.v6->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), port)) != 0)
        {
            endpoint.v6->Close();
            if (endpoint.v4)
            {
                endpoint.v4->Close();
            }
            error = "UDP port " + std::to_string(port) + " is already in use on this node (IPv6)";
            return false;
        }
        endpoint.v6->SetRecvCallback(MakeCallback(&IpsecUdpEncapsulation::DiscardReceived));
    }
    m_endpoints[port] = endpoint;
    NS_LOG_INFO("opened encapsulation endpoint on UDP port " << port);
    RescheduleKeepalives();
    return true;
}

void
IpsecUdpEncapsulation::DiscardReceived(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
    }
}

bool
IpsecUdpEncapsulation::IsEndpoint(uint16_t port) const
{
    return m_endpoints.count(port) != 0;
}

bool
IpsecUdpEncapsulation::HasEndpoints() const
{
    return !m_endpoints.empty();
}

IpsecUdpEncapsulation::Kind
IpsecUdpEncapsulation::Classify(Ptr<const Packet> packet, uint32_t offset)
{
    // The rules of Linux's xfrm4_udp_encap_rcv for UDP_ENCAP_ESPINUDP: one 0xFF byte is a
    // keepalive; ESP is longer than its header and starts with a non-zero SPI; the rest
    // (the non-ESP marker of IKE, anything short) belongs to the socket. Only the first bytes
    // are copied: no per-datagram fragment of the payload.
    uint8_t bytes[UDP_HEADER + ESP_HEADER + 1];
    const uint32_t total = packet->GetSize();
    const uint32_t size = total > offset ? total - offset : 0;
    packet->CopyData(bytes, std::min<uint32_t>(total, offset + ESP_HEADER + 1));
    const uint8_t* head = bytes + offset;
    if (size == 1 && head[0] == KEEPALIVE_BYTE)
    {
        return Kind::KEEPALIVE;
    }
    if (size > ESP_HEADER && (head[0] | head[1] | head[2] | head[3]) != 0)
    {
        return Kind::ESP;
    }
    return Kind::NON_ESP;
}

void
IpsecUdpEncapsulation::Encapsulate(Ptr<Packet> packet,
                                   const SecurityAssociation& sa,
                                   const IpsecAddress& source,
                                   const IpsecAddress& destination)
{
    const IpsecUdpEncap& encap = *sa.GetParams().udpEncap;
    packet->AddHeader(MakeUdpHeader(encap.sourcePort,
                                    encap.destinationPort,
                                    source,
                                    destination,
                                    destination.IsIpv6()));
    m_lastSent[{encap.sourcePort, destination, encap.destinationPort}] = Simulator::Now();
}

void
IpsecUdpEncapsulation::NotifyKeepaliveReceived(Ptr<const Packet> packet,
                                               const IpsecAddress& peer,
                                               uint16_t port)
{
    ++m_keepalivesReceived;
    NS_LOG_LOGIC("keepalive from " << peer << ":" << port);
    m_keepaliveReceivedTrace(packet, peer, port);
}

bool
IpsecUdpEncapsulation::IsUdpChecksumOk(Ptr<const Packet> packet, const IpsecIpHeader& header)
{
    if (!Node::ChecksumEnabled())
    {
        return true;
    }
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    if (bytes.size() < UDP_HEADER)
    {
        return false;
    }
    const uint16_t carried = (uint16_t(bytes[6]) << 8) | bytes[7];
    if (carried == 0)
    {
        return !header.IsIpv6(); // optional over IPv4 only
    }
    const std::vector<uint8_t> covered =
        WithPseudoHeader(header.GetSource(), header.GetDestination(), UDP_PROTOCOL, bytes);
    return rawbytes::Checksum(covered.data(), covered.size()) == 0;
}

bool
IpsecUdpEncapsulation::FixTransportChecksum(Ptr<Packet> packet,
                                            uint8_t protocol,
                                            const IpsecUdpEncap& encap,
                                            const IpsecIpHeader& received)
{
    if (!Node::ChecksumEnabled() || (protocol != TCP_PROTOCOL && protocol != UDP_PROTOCOL))
    {
        return true;
    }
    const uint32_t offset = protocol == TCP_PROTOCOL ? 16 : 6;
    const uint32_t minimum = protocol == TCP_PROTOCOL ? 20 : UDP_HEADER;
    if (packet->GetSize() < minimum)
    {
        return false;
    }
    IpsecRawHeader head(offset + 2);
    packet->RemoveHeader(head);
    uint8_t* field = head.Bytes().data() + offset;
    const uint16_t carried = rawbytes::Read16(field);
    const bool haveOriginal = encap.originalSource.GetFamily() != IpsecAddress::NONE ||
                              encap.originalDestination.GetFamily() != IpsecAddress::NONE;
    if (protocol == UDP_PROTOCOL && carried == 0)
    {
        // No checksum was sent: there is nothing to correct.
    }
    else if (haveOriginal)
    {
        // RFC 3948 3.1.2: the sender's checksum covered the addresses it wrote; change it by
        // the difference to the addresses the packet arrived with (RFC 1624).
        auto orReceived = [](const IpsecAddress& original, const IpsecAddress& received) {
            return original.GetFamily() != IpsecAddress::NONE ? original : received;
        };
        const std::vector<uint8_t> before =
            AddressPair(orReceived(encap.originalSource, received.GetSource()),
                        orReceived(encap.originalDestination, received.GetDestination()));
        const std::vector<uint8_t> after =
            AddressPair(received.GetSource(), received.GetDestination());
        rawbytes::ChecksumReplaceRange(field, before.data(), after.data(), before.size());
    }
    else
    {
        // No original addresses: ESP vouched for the payload, so a new checksum is sound.
        rawbytes::Write16(field, 0);
        std::vector<uint8_t> segment = head.Bytes();
        segment.resize(segment.size() + packet->GetSize());
        packet->CopyData(segment.data() + head.Bytes().size(), packet->GetSize());
        const std::vector<uint8_t> covered =
            WithPseudoHeader(received.GetSource(), received.GetDestination(), protocol, segment);
        rawbytes::Write16(field, rawbytes::Checksum(covered.data(), covered.size()));
    }
    if (protocol == UDP_PROTOCOL && carried != 0 && rawbytes::Read16(field) == 0)
    {
        rawbytes::Write16(field, 0xffff); // a computed zero is sent as all ones (RFC 768)
    }
    packet->AddHeader(head);
    return true;
}

void
IpsecUdpEncapsulation::OnSaAdded(Ptr<const SecurityAssociation> sa)
{
    if (sa->GetParams().udpEncap)
    {
        RescheduleKeepalives();
    }
}

void
IpsecUdpEncapsulation::RescheduleKeepalives()
{
    const bool wanted = m_keepaliveInterval.IsStrictlyPositive() &&
                        std::any_of(m_endpoints.begin(), m_endpoints.end(), [](const auto& e) {
                            return e.second.keepalives;
                        });
    if (!wanted || !m_node)
    {
        return;
    }
    // Checked now rather than in the middle of whoever added the endpoint or SA.
    m_keepaliveTimer.Cancel();
    m_keepaliveTimer = Simulator::ScheduleNow(&IpsecUdpEncapsulation::KeepaliveTick, this);
}

void
IpsecUdpEncapsulation::KeepaliveTick()
{
    if (!m_node || !m_keepaliveInterval.IsStrictlyPositive())
    {
        return;
    }
    Ptr<Ipv4L3Protocol> ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    auto isLocal = [&](const IpsecAddress& address) {
        return address.IsIpv6() ? ipv6 && ipv6->GetInterfaceForAddress(address.GetIpv6()) >= 0
                                : ipv4 && ipv4->GetInterfaceForAddress(address.GetIpv4()) >= 0;
    };
    const Time now = Simulator::Now();
    Time next = now + m_keepaliveInterval;
    // The peers are the destinations of this node's usable UDP-encapsulated SAs sent from a
    // keepalive endpoint; one keepalive per peer, however many SAs lead there.
    std::map<PeerKey, IpsecAddress> peers;
    for (const Ptr<SecurityAssociation>& sa : m_sad->GetAll())
    {
        const IpsecSaParams& p = sa->GetParams();
        if (!p.udpEncap || !sa->IsUsable() || !isLocal(p.source))
        {
            continue;
        }
        auto endpoint = m_endpoints.find(p.udpEncap->sourcePort);
        if (endpoint != m_endpoints.end() && endpoint->second.keepalives)
        {
            peers.emplace(
                PeerKey{p.udpEncap->sourcePort, p.destination, p.udpEncap->destinationPort},
                p.source);
        }
    }
    for (const auto& [key, source] : peers)
    {
        auto last = m_lastSent.find(key);
        if (!m_idleOnly || last == m_lastSent.end() || now - last->second >= m_keepaliveInterval)
        {
            SendKeepalive(source, key);
        }
        else
        {
            next = std::min(next, last->second + m_keepaliveInterval);
        }
    }
    m_keepaliveTimer = Simulator::Schedule(next - now, &IpsecUdpEncapsulation::KeepaliveTick, this);
}

void
IpsecUdpEncapsulation::SendKeepalive(const IpsecAddress& source, const PeerKey& key)
{
    const auto& [localPort, peer, peerPort] = key;
    Ptr<Packet> packet = Create<Packet>(&KEEPALIVE_BYTE, 1);
    // An IKE daemon's ordinary UDP socket sends it, with the checksum such a socket computes.
    packet->AddHeader(
        MakeUdpHeader(localPort, peerPort, source, peer, Node::ChecksumEnabled() || peer.IsIpv6()));
    m_lastSent[key] = Simulator::Now();
    ++m_keepalivesSent;
    NS_LOG_LOGIC("keepalive " << source << ":" << localPort << " -> " << peer << ":" << peerPort);
    m_keepaliveSentTrace(packet, peer, peerPort);
    // Straight to IP, as from a socket with a bypass policy: a keepalive is never protected.
    if (peer.IsIpv6())
    {
        m_node->GetObject<Ipv6L3Protocol>()->Send(packet,
                                                  source.GetIpv6(),
                                                  peer.GetIpv6(),
                                                  UDP_PROTOCOL,
                                                  nullptr);
    }
    else
    {
        m_node->GetObject<Ipv4L3Protocol>()->Send(packet,
                                                  source.GetIpv4(),
                                                  peer.GetIpv4(),
                                                  UDP_PROTOCOL,
                                                  nullptr);
    }
}

uint64_t
IpsecUdpEncapsulation::GetKeepalivesSent() const
{
    return m_keepalivesSent;
}

uint64_t
IpsecUdpEncapsulation::GetKeepalivesReceived() const
{
    return m_keepalivesReceived;
}

} // namespace ns3
