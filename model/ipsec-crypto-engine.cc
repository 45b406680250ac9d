/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-crypto-engine.h"

#include "security-association.h"

#include "ns3/double.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecCryptoEngine");

NS_OBJECT_ENSURE_REGISTERED(IpsecCryptoEngine);

namespace
{

/// Strict non-negative decimal: the whole string must be the number.
bool
ParseCost(const std::string& text, double& value)
{
    if (text.empty() || text.find_first_not_of("0123456789.") != std::string::npos)
    {
        return false;
    }
    std::istringstream is(text);
    is >> value;
    return !is.fail() && is.eof() && std::isfinite(value);
}

std::string
Trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

} // namespace

TypeId
IpsecCryptoEngine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecCryptoEngine")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<IpsecCryptoEngine>()
            .AddAttribute("Engines",
                          "Identical crypto engines (cores, accelerator channels) serving the "
                          "node's ESP jobs in parallel, first come first served.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&IpsecCryptoEngine::m_engines),
                          MakeUintegerChecker<uint32_t>(1, 1024))
            .AddAttribute("QueueLimit",
                          "Jobs that may wait for an engine; more are dropped "
                          "(crypto-queue-full). 0: no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&IpsecCryptoEngine::m_queueLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SpeedFactor",
                          "Multiplies every cost: 2 models a machine half as fast as the "
                          "reference one the default costs were measured on.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&IpsecCryptoEngine::m_speedFactor),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CostTable",
                          "Per-algorithm costs replacing the registry's defaults: "
                          "'name=perPacketNs+perByteNs' entries separated by ';', e.g. "
                          "'aes-gcm16=300+0.8;hmac-sha1=150+2.4'. The cost of an SA is its "
                          "encryption's plus its integrity's.",
                          StringValue(""),
                          MakeStringAccessor(&IpsecCryptoEngine::SetCostTableAttribute,
                                             &IpsecCryptoEngine::GetCostTable),
                          MakeStringChecker())
            .AddTraceSource("Backlog",
                            "Jobs admitted and not yet completed.",
                            MakeTraceSourceAccessor(&IpsecCryptoEngine::m_backlog),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("Job",
                            "A job was admitted: packet, direction, queueing delay, service "
                            "time.",
                            MakeTraceSourceAccessor(&IpsecCryptoEngine::m_jobTrace),
                            "ns3::IpsecCryptoEngine::JobTracedCallback")
            .AddTraceSource("QueueingDelay",
                            "Time an admitted job waits for an engine.",
                            MakeTraceSourceAccessor(&IpsecCryptoEngine::m_queueingDelayTrace),
                            "ns3::Time::TracedCallback");
    return tid;
}

IpsecCryptoEngine::IpsecCryptoEngine()
    : m_engines(1),
      m_queueLimit(0),
      m_speedFactor(1.0),
      m_backlog(0)
{
}

IpsecAlgorithmCost
IpsecCryptoEngine::GetCost(IpsecEncryption id) const
{
    const EncryptionAlgorithmInfo* info = IpsecAlgorithmRegistry::Find(id);
    if (!info)
    {
        return {0, 0};
    }
    auto it = m_overrides.find(info->name);
    return it != m_overrides.end() ? it->second : info->cost;
}

IpsecAlgorithmCost
IpsecCryptoEngine::GetCost(IpsecIntegrity id) const
{
    const IntegrityAlgorithmInfo* info = IpsecAlgorithmRegistry::Find(id);
    if (!info)
    {
        return {0, 0};
    }
    auto it = m_overrides.find(info->name);
    return it != m_overrides.end() ? it->second : info->cost;
}

Time
IpsecCryptoEngine::GetServiceTime(const SecurityAssociation& sa, uint32_t bytes) const
{
    const IpsecAlgorithmCost enc = GetCost(sa.GetEncryption());
    IpsecAlgorithmCost auth{0, 0};
    if (!sa.GetEncryptionInfo().aead)
    {
        auth = GetCost(sa.GetIntegrity());
    }
    const double ns = m_speedFactor * (enc.perPacketNs + auth.perPacketNs +
                                       (enc.perByteNs + auth.perByteNs) * bytes);
    return NanoSeconds(static_cast<int64_t>(std::llround(ns)));
}

void
IpsecCryptoEngine::Expire()
{
    const Time now = Simulator::Now();
    while (!m_waitingStarts.empty() && m_waitingStarts.front() <= now)
    {
        m_waitingStarts.pop_front();
    }
    while (!m_completions.empty() && m_completions.front() <= now)
    {
        m_completions.pop_front();
    }
    m_backlog = static_cast<uint32_t>(m_completions.size());
}

bool
IpsecCryptoEngine::Admit(const SecurityAssociation& sa,
                         uint32_t bytes,
                         Direction direction,
                         Ptr<const Packet> packet,
                         Time& delay)
{
    Expire();
    if (m_engineFree.size() != m_engines)
    {
        m_engineFree.resize(m_engines, Simulator::Now());
    }
    const Time now = Simulator::Now();
    // FIFO over identical engines: the job takes whichever engine frees up first. Start
    // times therefore never decrease, which keeps the waiting list a sorted deque.
    auto engine = std::min_element(m_engineFree.begin(), m_engineFree.end());
    const Time start = std::max(now, *engine);
    if (start > now && m_queueLimit > 0 && m_waitingStarts.size() >= m_queueLimit)
    {
        NS_LOG_LOGIC("queue full: " << m_waitingStarts.size() << " jobs waiting");
        return false;
    }
    const Time service = GetServiceTime(sa, bytes);
    const Time finish = start + service;
    *engine = finish;
    if (start > now)
    {
        m_waitingStarts.push_back(start);
    }
    m_completions.insert(std::upper_bound(m_completions.begin(), m_completions.end(), finish),
                         finish);
    m_backlog = static_cast<uint32_t>(m_completions.size());
    delay = finish - now;
    m_queueingDelayTrace(start - now);
    m_jobTrace(packet, direction, start - now, service);
    return true;
}

uint32_t
IpsecCryptoEngine::GetBacklog() const
{
    return m_backlog;
}

bool
IpsecCryptoEngine::SetCostTable(const std::string& table, std::string& error)
{
    std::map<std::string, IpsecAlgorithmCost> parsed;
    std::istringstream entries(table);
    std::string entry;
    while (std::getline(entries, entry, ';'))
    {
        entry = Trim(entry);
        if (entry.empty())
        {
            continue;
        }
        const auto eq = entry.find('=');
        const auto plus = entry.find('+', eq == std::string::npos ? 0 : eq);
        if (eq == std::string::npos || plus == std::string::npos)
        {
            error = "cost table entry '" + entry + "' is not name=perPacketNs+perByteNs";
            return false;
        }
        const std::string name = Trim(entry.substr(0, eq));
        std::string canonical;
        if (const auto* e = IpsecAlgorithmRegistry::FindEncryption(name))
        {
            canonical = e->name;
        }
        else if (const auto* a = IpsecAlgorithmRegistry::FindIntegrity(name))
        {
            canonical = a->name;
        }
        else
        {
            error = "cost table: unknown algorithm '" + name + "'";
            return false;
        }
        IpsecAlgorithmCost cost;
        if (!ParseCost(Trim(entry.substr(eq + 1, plus - eq - 1)), cost.perPacketNs) ||
            !ParseCost(Trim(entry.substr(plus + 1)), cost.perByteNs))
        {
            error = "cost table entry '" + entry + "': costs must be non-negative numbers";
            return false;
        }
        if (parsed.count(canonical))
        {
            error = "cost table: '" + canonical + "' given twice";
            return false;
        }
        parsed[canonical] = cost;
    }
    m_overrides = std::move(parsed);
    return true;
}

void
IpsecCryptoEngine::SetCostTableAttribute(std::string table)
{
    std::string error;
    if (!SetCostTable(table, error))
    {
        NS_FATAL_ERROR("IpsecCryptoEngine::CostTable: " << error);
    }
}

std::string
IpsecCryptoEngine::GetCostTable() const
{
    std::ostringstream os;
    for (const auto& [name, cost] : m_overrides)
    {
        os << (os.tellp() > 0 ? ";" : "") << name << "=" << cost.perPacketNs << "+"
           << cost.perByteNs;
    }
    return os.str();
}

} // namespace ns3
