/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-socket-policy.h"

#include "ipsec-algorithm-registry.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/tcp-socket.h"
#include "ns3/udp-socket.h"

#include <cerrno>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecSocketPolicy");

namespace
{
constexpr uint8_t PROTO_TCP = 6;
constexpr uint8_t PROTO_UDP = 17;
constexpr uint32_t PREF_ALL = IpsecSocketRequest::PREF_NEVER | IpsecSocketRequest::PREF_REQUIRED |
                              IpsecSocketRequest::PREF_UNIQUE;

/**
 * @param socket a socket
 * @return the protocol whose packets it sends through the IPsec layer, 0 for other sockets
 */
uint8_t
ProtocolOf(Ptr<Socket> socket)
{
    const TypeId type = socket->GetInstanceTypeId();
    if (type.IsChildOf(UdpSocket::GetTypeId()))
    {
        return PROTO_UDP;
    }
    if (type.IsChildOf(TcpSocket::GetTypeId()))
    {
        return PROTO_TCP;
    }
    return 0;
}

/**
 * @param socket a socket
 * @param option which IP version
 * @param peer the peer's name (connected sockets) rather than the socket's own
 * @param[out] address the address
 * @param[out] port the port
 * @return whether the socket has such a name in that IP version
 */
bool
NameOf(Ptr<Socket> socket,
       IpsecSocketOption option,
       bool peer,
       IpsecAddress& address,
       uint16_t& port)
{
    Address name;
    if ((peer ? socket->GetPeerName(name) : socket->GetSockName(name)) != 0)
    {
        return false;
    }
    if (option == IpsecSocketOption::IP_SEC_OPT && InetSocketAddress::IsMatchingType(name))
    {
        const InetSocketAddress inet = InetSocketAddress::ConvertFrom(name);
        address = inet.GetIpv4();
        port = inet.GetPort();
        return true;
    }
    if (option == IpsecSocketOption::IPV6_SEC_OPT && Inet6SocketAddress::IsMatchingType(name))
    {
        const Inet6SocketAddress inet6 = Inet6SocketAddress::ConvertFrom(name);
        address = inet6.GetIpv6();
        port = inet6.GetPort();
        return true;
    }
    return false;
}

/**
 * @param option an option
 * @return the unspecified address of its IP version
 */
IpsecAddress
AnyOf(IpsecSocketOption option)
{
    return option == IpsecSocketOption::IP_SEC_OPT ? IpsecAddress(Ipv4Address::GetAny())
                                                   : IpsecAddress(Ipv6Address::GetAny());
}

/**
 * @param value a request field
 * @return it in words
 */
std::string
PreferenceName(uint32_t value)
{
    if (value & IpsecSocketRequest::PREF_NEVER)
    {
        return "never";
    }
    if (value & IpsecSocketRequest::PREF_UNIQUE)
    {
        return "required,unique";
    }
    return (value & IpsecSocketRequest::PREF_REQUIRED) ? "required" : "";
}

/**
 * @param option an option
 * @return its name
 */
const char*
OptionName(IpsecSocketOption option)
{
    return option == IpsecSocketOption::IP_SEC_OPT ? "IP_SEC_OPT" : "IPV6_SEC_OPT";
}
} // namespace

bool
IpsecSocketRequest::IsEmpty() const
{
    return ahReq == 0 && espReq == 0 && selfEncapReq == 0;
}

bool
IpsecSocketRequest::IsBypass() const
{
    return ((ahReq | espReq | selfEncapReq) & PREF_NEVER) != 0;
}

bool
IpsecSocketRequest::IsUnique() const
{
    return ((ahReq | espReq | selfEncapReq) & PREF_UNIQUE) != 0;
}

bool
IpsecSocketRequest::NamesAlgorithms() const
{
    return authAlg != 0 || espAlg != 0 || espAuthAlg != 0;
}

bool
operator==(const IpsecSocketRequest& a, const IpsecSocketRequest& b)
{
    return a.ahReq == b.ahReq && a.espReq == b.espReq && a.selfEncapReq == b.selfEncapReq &&
           a.authAlg == b.authAlg && a.espAlg == b.espAlg && a.espAuthAlg == b.espAuthAlg;
}

std::ostream&
operator<<(std::ostream& os, const IpsecSocketRequest& request)
{
    if (request.IsEmpty())
    {
        return os << "none";
    }
    const char* sep = "";
    if (request.ahReq != 0)
    {
        os << "ah " << PreferenceName(request.ahReq);
        sep = " ";
    }
    if (request.espReq != 0)
    {
        os << sep << "esp " << PreferenceName(request.espReq);
        sep = " ";
    }
    if (request.selfEncapReq != 0)
    {
        os << sep << "self_encap " << PreferenceName(request.selfEncapReq);
    }
    if (request.authAlg != 0)
    {
        os << " auth_alg " << static_cast<IpsecIntegrity>(request.authAlg);
    }
    if (request.espAlg != 0)
    {
        os << " encr_alg " << static_cast<IpsecEncryption>(request.espAlg);
    }
    if (request.espAuthAlg != 0)
    {
        os << " encr_auth_alg " << static_cast<IpsecIntegrity>(request.espAuthAlg);
    }
    return os;
}

IpsecSocketPolicy::IpsecSocketPolicy()
    : m_nextReqid(IpsecProtection::AUTO_REQID_MIN)
{
}

void
IpsecSocketPolicy::SetSpd(Ptr<SecurityPolicyDatabase> spd)
{
    m_spd = spd;
}

bool
IpsecSocketPolicy::CheckRequest(const IpsecSocketRequest& request, std::string& error)
{
    const std::pair<const char*, uint32_t> fields[] = {
        {"ipsr_ah_req", request.ahReq},
        {"ipsr_esp_req", request.espReq},
        {"ipsr_self_encap_req", request.selfEncapReq}};
    for (const auto& [name, value] : fields)
    {
        std::ostringstream why;
        if ((value & ~PREF_ALL) != 0)
        {
            why << name << " has bits no IPSEC_PREF_* value defines (0x" << std::hex << value
                << ")";
        }
        else if ((value & IpsecSocketRequest::PREF_NEVER) &&
                 (value & ~IpsecSocketRequest::PREF_NEVER))
        {
            why << name << " asks for NEVER and REQUIRED at once";
        }
        else if ((value & IpsecSocketRequest::PREF_UNIQUE) &&
                 !(value & IpsecSocketRequest::PREF_REQUIRED))
        {
            why << name << ": IPSEC_PREF_UNIQUE is ORed to IPSEC_PREF_REQUIRED, not used alone";
        }
        if (!why.str().empty())
        {
            error = why.str();
            return false;
        }
    }
    const bool ah = request.ahReq & IpsecSocketRequest::PREF_REQUIRED;
    const bool esp = request.espReq & IpsecSocketRequest::PREF_REQUIRED;
    const bool selfEncap = request.selfEncapReq & IpsecSocketRequest::PREF_REQUIRED;
    if (request.IsBypass() && (ah || esp || selfEncap))
    {
        error = "a request cannot bypass policy (NEVER) and require a service at once";
        return false;
    }
    if (selfEncap && !ah && !esp)
    {
        error = "self-encapsulation needs AH or ESP to protect the outer packet";
        return false;
    }
    if (request.authAlg != 0 && !ah)
    {
        error = "ipsr_auth_alg names AH's algorithm, but AH is not required";
        return false;
    }
    if ((request.espAlg != 0 || request.espAuthAlg != 0) && !esp)
    {
        error = "ipsr_esp_alg / ipsr_esp_auth_alg name ESP's algorithms, but ESP is not required";
        return false;
    }
    if (request.authAlg != 0 &&
        (request.authAlg == static_cast<uint8_t>(IpsecIntegrity::ANY) ||
         !IpsecAlgorithmRegistry::Find(static_cast<IpsecIntegrity>(request.authAlg))))
    {
        error = "ipsr_auth_alg " + std::to_string(request.authAlg) +
                " is no authentication algorithm this stack knows";
        return false;
    }
    const EncryptionAlgorithmInfo* encryption =
        request.espAlg == static_cast<uint8_t>(IpsecEncryption::ANY)
            ? nullptr
            : IpsecAlgorithmRegistry::Find(static_cast<IpsecEncryption>(request.espAlg));
    if (request.espAlg != 0 && !encryption)
    {
        error = "ipsr_esp_alg " + std::to_string(request.espAlg) +
                " is no encryption algorithm this stack knows";
        return false;
    }
    if (request.espAuthAlg != 0 &&
        (request.espAuthAlg == static_cast<uint8_t>(IpsecIntegrity::ANY) ||
         !IpsecAlgorithmRegistry::Find(static_cast<IpsecIntegrity>(request.espAuthAlg))))
    {
        error = "ipsr_esp_auth_alg " + std::to_string(request.espAuthAlg) +
                " is no authentication algorithm this stack knows";
        return false;
    }
    if (encryption && encryption->aead && request.espAuthAlg != 0)
    {
        error = "ipsr_esp_alg " + encryption->name +
                " authenticates by itself: ipsr_esp_auth_alg must be 0";
        return false;
    }
    return true;
}

bool
IpsecSocketPolicy::SameAlgorithmsAsSystem(Ptr<Socket> socket,
                                          IpsecSocketOption option,
                                          const IpsecSocketRequest& request,
                                          std::string& error) const
{
    // The system-wide entry that selects the socket's traffic as far as it is known now: its
    // own name, and its peer once it is connected.
    IpsecFlowKey key;
    key.direction = IpsecDirection::OUTBOUND;
    key.protocol = ProtocolOf(socket);
    key.local = AnyOf(option);
    key.remote = AnyOf(option);
    NameOf(socket, option, false, key.local, key.localPort);
    NameOf(socket, option, true, key.remote, key.remotePort);
    Ptr<IpsecPolicy> system = m_spd ? m_spd->Lookup(key) : nullptr;
    if (!system || system->GetAction() != IpsecAction::PROTECT)
    {
        error = "system-wide policy does not protect this socket's traffic (" +
                std::string(system ? "it bypasses or discards it" : "no entry selects it") +
                "), so any algorithm differs from it";
        return false;
    }
    IpsecEncryption espEncryption = IpsecEncryption::ANY;
    IpsecIntegrity espIntegrity = IpsecIntegrity::ANY;
    IpsecIntegrity ahIntegrity = IpsecIntegrity::ANY;
    for (const IpsecProtection& step : system->GetBundle())
    {
        if (step.protocol == IpsecProtocol::ESP)
        {
            espEncryption = step.encryption;
            espIntegrity = step.integrity;
        }
        else
        {
            ahIntegrity = step.integrity;
        }
    }
    std::ostringstream why;
    if (request.authAlg != 0 && static_cast<uint8_t>(ahIntegrity) != request.authAlg)
    {
        why << "AH authentication " << static_cast<IpsecIntegrity>(request.authAlg)
            << " differs from system-wide " << ahIntegrity;
    }
    else if (request.espAlg != 0 && static_cast<uint8_t>(espEncryption) != request.espAlg)
    {
        why << "ESP encryption " << static_cast<IpsecEncryption>(request.espAlg)
            << " differs from system-wide " << espEncryption;
    }
    else if (request.espAuthAlg != 0 && static_cast<uint8_t>(espIntegrity) != request.espAuthAlg)
    {
        why << "ESP authentication " << static_cast<IpsecIntegrity>(request.espAuthAlg)
            << " differs from system-wide " << espIntegrity;
    }
    if (!why.str().empty())
    {
        error = why.str() + " (policy #" + std::to_string(system->GetIndex()) + ")";
        return false;
    }
    return true;
}

int
IpsecSocketPolicy::Set(Ptr<Socket> socket,
                       IpsecSocketOption option,
                       const IpsecSocketRequest& request,
                       bool requirePrivilege,
                       std::string& error)
{
    NS_LOG_FUNCTION(this << socket << OptionName(option) << request);
    const uint8_t protocol = socket ? ProtocolOf(socket) : 0;
    if (protocol == 0)
    {
        error = std::string(OptionName(option)) +
                ": only UDP and TCP sockets carry per-socket policy (raw and packet sockets "
                "send past the IPsec layer)";
        return EOPNOTSUPP;
    }
    if (!CheckRequest(request, error))
    {
        error = std::string(OptionName(option)) + ": " + error;
        return EINVAL;
    }
    const auto id = std::make_pair(socket, option);
    if (request.IsEmpty())
    {
        m_entries.erase(id);
        return 0;
    }
    const bool privileged = IsPrivileged(socket);
    if (request.IsBypass() && !privileged)
    {
        error = std::string(OptionName(option)) +
                ": only a privileged socket (PRIV_SYS_IP_CONFIG) may bypass IPsec policy";
        return EPERM;
    }
    std::string difference;
    if (!privileged && requirePrivilege && request.NamesAlgorithms() &&
        !SameAlgorithmsAsSystem(socket, option, request, difference))
    {
        error = std::string(OptionName(option)) +
                ": an unprivileged socket may not choose algorithms different from "
                "system-wide policy while persock-require-priv is on: " +
                difference;
        return EPERM;
    }
    auto existing = m_entries.find(id);
    uint32_t reqid = 0;
    if (request.IsUnique())
    {
        reqid = existing != m_entries.end() && existing->second.reqid != 0 ? existing->second.reqid
                                                                           : m_nextReqid++;
    }
    m_entries.insert_or_assign(id, Entry{socket, option, protocol, request, reqid, {}});
    NS_LOG_INFO(OptionName(option) << " " << request << (reqid ? " reqid " : "")
                                   << (reqid ? std::to_string(reqid) : ""));
    return 0;
}

IpsecSocketRequest
IpsecSocketPolicy::Get(Ptr<Socket> socket, IpsecSocketOption option) const
{
    auto it = m_entries.find({socket, option});
    return it != m_entries.end() ? it->second.request : IpsecSocketRequest();
}

uint32_t
IpsecSocketPolicy::GetReqid(Ptr<Socket> socket, IpsecSocketOption option) const
{
    auto it = m_entries.find({socket, option});
    return it != m_entries.end() ? it->second.reqid : 0;
}

void
IpsecSocketPolicy::SetPrivileged(Ptr<Socket> socket, bool privileged)
{
    if (privileged)
    {
        m_privileged[socket] = true;
    }
    else
    {
        m_privileged.erase(socket);
    }
}

bool
IpsecSocketPolicy::IsPrivileged(Ptr<Socket> socket) const
{
    return m_privileged.count(socket) != 0;
}

bool
IpsecSocketPolicy::IsEmpty() const
{
    return m_entries.empty();
}

int
IpsecSocketPolicy::MatchScore(const Entry& entry, const IpsecFlowKey& key)
{
    const bool ipv6 = entry.option == IpsecSocketOption::IPV6_SEC_OPT;
    if (entry.protocol != key.protocol || key.local.IsIpv6() != ipv6)
    {
        return 0;
    }
    IpsecAddress address;
    uint16_t port = 0;
    if (!NameOf(entry.socket, entry.option, false, address, port) || port == 0 ||
        port != key.localPort || (!address.IsAny() && address != key.local))
    {
        return 0;
    }
    int score = address.IsAny() ? 1 : 2;
    // A listening TCP socket reports the unspecified peer: it is not connected.
    if (NameOf(entry.socket, entry.option, true, address, port) && port != 0)
    {
        // A connected socket owns only its own conversation.
        if (address != key.remote || port != key.remotePort)
        {
            return 0;
        }
        score += 4;
    }
    return score;
}

Ptr<IpsecPolicy>
IpsecSocketPolicy::BuildPolicy(const Entry& entry, const IpsecFlowKey& key)
{
    const IpsecSocketRequest& request = entry.request;
    IpsecTrafficSelector selector;
    selector.SetProtocol(entry.protocol);
    selector.SetLocalRange(key.local, key.local);
    selector.SetRemoteRange(key.remote, key.remote);
    selector.SetLocalPorts(key.localPort, key.localPort);
    if (request.IsBypass())
    {
        return Create<IpsecPolicy>(selector, IpsecAction::BYPASS);
    }
    // ESP inside AH, as an SPD bundle would put them; self-encapsulation makes the innermost
    // step a tunnel between the packet's own addresses.
    auto policy = Create<IpsecPolicy>(selector, IpsecAction::PROTECT);
    const bool selfEncap = request.selfEncapReq & IpsecSocketRequest::PREF_REQUIRED;
    bool first = true;
    auto addStep =
        [&](IpsecProtocol protocol, IpsecEncryption encryption, IpsecIntegrity integrity) {
            if (first)
            {
                policy->SetProtection(protocol,
                                      selfEncap ? IpsecMode::TUNNEL : IpsecMode::TRANSPORT,
                                      encryption,
                                      integrity);
                if (selfEncap)
                {
                    policy->SetTunnelEndpoints(key.local, key.remote);
                }
            }
            else
            {
                policy->AddProtection(protocol, IpsecMode::TRANSPORT, encryption, integrity);
            }
            if (entry.reqid != 0)
            {
                policy->SetReqid(entry.reqid);
            }
            first = false;
        };
    if (request.espReq & IpsecSocketRequest::PREF_REQUIRED)
    {
        addStep(IpsecProtocol::ESP,
                request.espAlg ? static_cast<IpsecEncryption>(request.espAlg)
                               : IpsecEncryption::ANY,
                request.espAuthAlg ? static_cast<IpsecIntegrity>(request.espAuthAlg)
                                   : IpsecIntegrity::ANY);
    }
    if (request.ahReq & IpsecSocketRequest::PREF_REQUIRED)
    {
        addStep(IpsecProtocol::AH,
                IpsecEncryption::ANY,
                request.authAlg ? static_cast<IpsecIntegrity>(request.authAlg)
                                : IpsecIntegrity::ANY);
    }
    return policy;
}

std::optional<IpsecAction>
IpsecSocketPolicy::Decide(const IpsecFlowKey& key, Ptr<IpsecPolicy>& policy)
{
    Entry* best = nullptr;
    int bestScore = 0;
    for (auto& [id, entry] : m_entries)
    {
        const int score = MatchScore(entry, key);
        if (score > bestScore)
        {
            best = &entry;
            bestScore = score;
        }
    }
    if (!best)
    {
        return std::nullopt;
    }
    // One policy object per conversation, so its counters add up and a held packet's ACQUIRE
    // names the same policy as the next packet's.
    Ptr<IpsecPolicy>& cached = best->byPeer[{key.local, key.remote}];
    if (!cached)
    {
        cached = BuildPolicy(*best, key);
    }
    policy = cached;
    return policy->GetAction();
}

void
IpsecSocketPolicy::Print(std::ostream& os) const
{
    for (const auto& [id, entry] : m_entries)
    {
        IpsecAddress address = AnyOf(entry.option);
        uint16_t port = 0;
        NameOf(entry.socket, entry.option, false, address, port);
        os << "socket " << (entry.protocol == PROTO_UDP ? "udp " : "tcp ") << address << ":"
           << port;
        if (NameOf(entry.socket, entry.option, true, address, port) && port != 0)
        {
            os << " -> " << address << ":" << port;
        }
        os << " " << OptionName(entry.option) << " {" << entry.request << "}";
        if (entry.reqid != 0)
        {
            os << " reqid " << entry.reqid;
        }
        if (IsPrivileged(entry.socket))
        {
            os << " privileged";
        }
        os << "\n";
    }
}

void
IpsecSocketPolicy::Clear()
{
    m_entries.clear();
    m_privileged.clear();
    m_spd = nullptr;
}

} // namespace ns3
