/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "security-association-database.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecurityAssociationDatabase");

NS_OBJECT_ENSURE_REGISTERED(SecurityAssociationDatabase);

TypeId
SecurityAssociationDatabase::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SecurityAssociationDatabase")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<SecurityAssociationDatabase>()
            .AddTraceSource("SaAdded",
                            "An SA was installed (PF_KEY ADD or UPDATE of a larval SA, or a "
                            "helper).",
                            MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_addedTrace),
                            "ns3::SecurityAssociationDatabase::SaTracedCallback")
            .AddTraceSource("SaUpdated",
                            "An installed SA's lifetimes were changed (PF_KEY UPDATE).",
                            MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_updatedTrace),
                            "ns3::SecurityAssociationDatabase::SaTracedCallback")
            .AddTraceSource("SaDeleted",
                            "An SA left the SAD (PF_KEY DELETE or FLUSH, or a hard expiry).",
                            MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_deletedTrace),
                            "ns3::SecurityAssociationDatabase::SaTracedCallback")
            .AddTraceSource("SaExpired",
                            "An SA reached its soft lifetime (it is dying) or its hard one (it "
                            "is removed), or used up its sequence numbers (hard).",
                            MakeTraceSourceAccessor(&SecurityAssociationDatabase::m_expiredTrace),
                            "ns3::SecurityAssociationDatabase::ExpireTracedCallback");
    return tid;
}

SecurityAssociationDatabase::SecurityAssociationDatabase() = default;

void
SecurityAssociationDatabase::DoDispose()
{
    for (auto& sa : m_order)
    {
        sa->CancelTimers();
    }
    for (auto& [key, timer] : m_reserved)
    {
        timer.Cancel();
    }
    m_byKey.clear();
    m_byPair.clear();
    m_order.clear();
    m_reserved.clear();
    m_expireCallback = Callback<void, Ptr<SecurityAssociation>, bool>();
    Object::DoDispose();
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::Add(const IpsecSaParams& params, std::string& error)
{
    error = params.Validate();
    if (!error.empty())
    {
        NS_LOG_WARN("SA refused: " << error);
        return nullptr;
    }
    const SaKey key{static_cast<uint8_t>(params.protocol), params.destination, params.spi};
    if (m_byKey.count(key) != 0)
    {
        std::ostringstream os;
        os << "an SA with SPI " << params.spi << " to " << params.destination << " already exists";
        error = os.str();
        return nullptr;
    }
    // A GETSPI reservation for this triple becomes the SA (PF_KEY UPDATE of a larval SA).
    auto reserved = m_reserved.find(key);
    if (reserved != m_reserved.end())
    {
        reserved->second.Cancel();
        m_reserved.erase(reserved);
    }
    auto sa = Create<SecurityAssociation>(params);
    sa->SetInstallTime(Simulator::Now());
    m_byKey[key] = sa;
    m_byPair[{params.source, params.destination}].push_back(sa);
    m_order.push_back(sa);
    StartTimers(sa, params.softLifetime.addTime, params.hardLifetime.addTime);
    NS_LOG_DEBUG("added SA spi " << params.spi << " " << params.source << " -> "
                                 << params.destination);
    m_addedTrace(sa);
    return sa;
}

bool
SecurityAssociationDatabase::UpdateLifetimes(Ptr<SecurityAssociation> sa,
                                             const IpsecLifetime& soft,
                                             const IpsecLifetime& hard,
                                             std::string& error)
{
    error = IpsecLifetime::Validate(soft, hard);
    if (!error.empty())
    {
        return false;
    }
    // The new limits count from the same installation and first use as the old ones did.
    sa->CancelTimers();
    sa->SetLifetimes(soft, hard);
    const IpsecLifetime current = sa->GetCurrentLifetime();
    const Time now = Simulator::Now();
    auto remaining = [now](Time since, Time limit) {
        return limit.IsZero() ? Time() : std::max(NanoSeconds(1), since + limit - now);
    };
    StartTimers(sa,
                remaining(current.addTime, soft.addTime),
                remaining(current.addTime, hard.addTime));
    if (sa->GetCurrentLifetime().allocations > 0)
    {
        StartTimers(sa,
                    remaining(current.useTime, soft.useTime),
                    remaining(current.useTime, hard.useTime));
    }
    m_updatedTrace(sa);
    return true;
}

void
SecurityAssociationDatabase::StartTimers(Ptr<SecurityAssociation> sa, Time soft, Time hard)
{
    if (!soft.IsZero())
    {
        sa->AddTimer(
            Simulator::Schedule(soft, &SecurityAssociationDatabase::Expire, this, sa, false));
    }
    if (!hard.IsZero())
    {
        sa->AddTimer(
            Simulator::Schedule(hard, &SecurityAssociationDatabase::Expire, this, sa, true));
    }
}

void
SecurityAssociationDatabase::Unlink(Ptr<SecurityAssociation> sa)
{
    sa->CancelTimers();
    m_byKey.erase({static_cast<uint8_t>(sa->GetProtocol()), sa->GetDestination(), sa->GetSpi()});
    auto& list = m_byPair[{sa->GetSource(), sa->GetDestination()}];
    list.erase(std::remove(list.begin(), list.end(), sa), list.end());
    m_order.erase(std::remove(m_order.begin(), m_order.end(), sa), m_order.end());
}

std::vector<Ptr<SecurityAssociation>>
SecurityAssociationDatabase::FollowNatMapping(Ptr<SecurityAssociation> inbound,
                                              IpsecAddress address,
                                              uint16_t port,
                                              std::string& error)
{
    error.clear();
    const IpsecSaParams& in = inbound->GetParams();
    if (!in.udpEncap || address.GetFamily() != in.source.GetFamily() || port == 0)
    {
        error = "the SA is not UDP-encapsulated, or the new peer is not of its IP version";
        return {};
    }
    const IpsecAddress oldAddress = in.source;
    const uint16_t oldPort = in.udpEncap->sourcePort;
    std::vector<Ptr<SecurityAssociation>> outbound;
    for (const auto& sa : m_order)
    {
        const IpsecSaParams& p = sa->GetParams();
        // Peers that share the old address and port (a first guess) are told apart by
        // their request IDs: only the inbound SA's partners move.
        if (sa != inbound && p.udpEncap && p.destination == oldAddress &&
            p.udpEncap->destinationPort == oldPort && p.source == in.destination &&
            p.reqid == in.reqid)
        {
            // Check every move first: nothing is changed unless all of them can be.
            const SaKey moved{static_cast<uint8_t>(p.protocol), address, p.spi};
            if (address != oldAddress && (m_byKey.count(moved) != 0 || m_reserved.count(moved)))
            {
                std::ostringstream os;
                os << "an SA with SPI " << p.spi << " to " << address << " already exists";
                error = os.str();
                return {};
            }
            outbound.push_back(sa);
        }
    }
    auto move = [this](Ptr<SecurityAssociation> sa,
                       IpsecAddress source,
                       IpsecAddress destination,
                       const IpsecUdpEncap& encap) {
        const IpsecSaParams& p = sa->GetParams();
        auto& list = m_byPair[{p.source, p.destination}];
        list.erase(std::remove(list.begin(), list.end(), sa), list.end());
        m_byKey.erase({static_cast<uint8_t>(p.protocol), p.destination, p.spi});
        sa->SetPeer(source, destination, encap);
        m_byKey[{static_cast<uint8_t>(p.protocol), destination, p.spi}] = sa;
        m_byPair[{source, destination}].push_back(sa);
        m_updatedTrace(sa);
    };
    IpsecUdpEncap encap = *in.udpEncap;
    encap.sourcePort = port;
    move(inbound, address, in.destination, encap);
    for (const auto& sa : outbound)
    {
        encap = *sa->GetParams().udpEncap;
        encap.destinationPort = port;
        move(sa, sa->GetParams().source, address, encap);
    }
    return outbound;
}

bool
SecurityAssociationDatabase::Remove(IpsecProtocol protocol, IpsecAddress destination, uint32_t spi)
{
    const SaKey key{static_cast<uint8_t>(protocol), destination, spi};
    auto reserved = m_reserved.find(key);
    if (reserved != m_reserved.end())
    {
        reserved->second.Cancel();
        m_reserved.erase(reserved);
        return true;
    }
    auto it = m_byKey.find(key);
    if (it == m_byKey.end())
    {
        return false;
    }
    Ptr<SecurityAssociation> sa = it->second;
    Unlink(sa);
    sa->SetState(IpsecSaState::DEAD);
    m_deletedTrace(sa);
    return true;
}

void
SecurityAssociationDatabase::Flush()
{
    Flush(IpsecProtocol::ESP);
    Flush(IpsecProtocol::AH);
}

void
SecurityAssociationDatabase::Flush(IpsecProtocol protocol)
{
    const std::vector<Ptr<SecurityAssociation>> all = m_order;
    for (const auto& sa : all)
    {
        if (sa->GetProtocol() == protocol)
        {
            Remove(protocol, sa->GetDestination(), sa->GetSpi());
        }
    }
    for (auto it = m_reserved.begin(); it != m_reserved.end();)
    {
        if (std::get<0>(it->first) == static_cast<uint8_t>(protocol))
        {
            it->second.Cancel();
            it = m_reserved.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

bool
SecurityAssociationDatabase::ReserveSpi(IpsecProtocol protocol,
                                        IpsecAddress,
                                        IpsecAddress destination,
                                        uint32_t spi,
                                        Time timeout)
{
    if (IsInUse(protocol, destination, spi))
    {
        return false;
    }
    const SaKey key{static_cast<uint8_t>(protocol), destination, spi};
    EventId timer;
    if (!timeout.IsZero())
    {
        // A larval SA that nobody completes disappears (RFC 2367 section 3.1.1).
        timer = Simulator::Schedule(timeout, [this, key]() {
            NS_LOG_INFO("larval SA spi " << std::get<2>(key) << " timed out");
            m_reserved.erase(key);
        });
    }
    m_reserved[key] = timer;
    return true;
}

bool
SecurityAssociationDatabase::IsReserved(IpsecProtocol protocol,
                                        IpsecAddress destination,
                                        uint32_t spi) const
{
    return m_reserved.count({static_cast<uint8_t>(protocol), destination, spi}) != 0;
}

bool
SecurityAssociationDatabase::IsInUse(IpsecProtocol protocol,
                                     IpsecAddress destination,
                                     uint32_t spi) const
{
    return IsReserved(protocol, destination, spi) || Get(protocol, destination, spi);
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::Get(IpsecProtocol protocol,
                                 IpsecAddress destination,
                                 uint32_t spi) const
{
    auto it = m_byKey.find({static_cast<uint8_t>(protocol), destination, spi});
    return it == m_byKey.end() ? nullptr : it->second;
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindInbound(IpsecProtocol protocol,
                                         IpsecAddress destination,
                                         uint32_t spi) const
{
    Ptr<SecurityAssociation> sa = Get(protocol, destination, spi);
    return sa && sa->IsUsable() ? sa : nullptr;
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindOutbound(const IpsecPolicy& policy,
                                          IpsecAddress source,
                                          IpsecAddress destination) const
{
    if (policy.GetAction() != IpsecAction::PROTECT)
    {
        return nullptr;
    }
    return FindOutbound(policy.GetBundle().front(), source, destination);
}

Ptr<SecurityAssociation>
SecurityAssociationDatabase::FindOutbound(const IpsecProtection& step,
                                          IpsecAddress source,
                                          IpsecAddress destination) const
{
    auto it = m_byPair.find({source, destination});
    if (it == m_byPair.end())
    {
        return nullptr;
    }
    for (auto sa = it->second.rbegin(); sa != it->second.rend(); ++sa)
    {
        // An SA made for a UNIQUE socket request is that socket's alone.
        if ((*sa)->IsUsable() && step.IsSatisfiedBy(**sa) &&
            (step.reqid != 0 || (*sa)->GetParams().reqid < IpsecProtection::AUTO_REQID_MIN))
        {
            return *sa;
        }
    }
    return nullptr;
}

void
SecurityAssociationDatabase::NotifyUse(Ptr<SecurityAssociation> sa)
{
    if (!sa->IsUsable())
    {
        return;
    }
    const IpsecSaParams& params = sa->GetParams();
    if (sa->NoteUse(Simulator::Now()))
    {
        StartTimers(sa, params.softLifetime.useTime, params.hardLifetime.useTime);
    }
    if (params.softLifetime.IsUnlimited() && params.hardLifetime.IsUnlimited())
    {
        if (sa->IsSequenceExhausted())
        {
            Expire(sa, true);
        }
        return; // the common case: no volume limits to count against
    }
    const IpsecLifetime current = sa->GetCurrentLifetime();
    if (params.hardLifetime.IsReachedBy(current.allocations, current.bytes) ||
        sa->IsSequenceExhausted())
    {
        Expire(sa, true);
    }
    else if (sa->GetState() == IpsecSaState::MATURE &&
             params.softLifetime.IsReachedBy(current.allocations, current.bytes))
    {
        Expire(sa, false);
    }
}

void
SecurityAssociationDatabase::Expire(Ptr<SecurityAssociation> sa, bool hard)
{
    if (!sa->IsUsable() || (!hard && sa->GetState() == IpsecSaState::DYING))
    {
        return; // already dead, or already told
    }
    NS_LOG_INFO((hard ? "hard" : "soft") << " expiry of SA spi " << sa->GetSpi());
    if (hard)
    {
        Unlink(sa);
        sa->SetState(IpsecSaState::DEAD);
    }
    else
    {
        sa->SetState(IpsecSaState::DYING);
    }
    m_expiredTrace(sa, hard);
    if (!m_expireCallback.IsNull())
    {
        m_expireCallback(sa, hard);
    }
    if (hard)
    {
        m_deletedTrace(sa);
    }
}

void
SecurityAssociationDatabase::SetExpireCallback(Callback<void, Ptr<SecurityAssociation>, bool> cb)
{
    m_expireCallback = cb;
}

std::vector<Ptr<SecurityAssociation>>
SecurityAssociationDatabase::GetAll() const
{
    return m_order;
}

void
SecurityAssociationDatabase::Print(std::ostream& os) const
{
    for (const auto& sa : m_order)
    {
        os << *sa << "\n";
    }
}

} // namespace ns3
