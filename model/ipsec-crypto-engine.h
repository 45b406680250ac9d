/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_CRYPTO_ENGINE_H
#define IPSEC_CRYPTO_ENGINE_H

#include "ipsec-algorithm-registry.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class SecurityAssociation;

/**
 * @ingroup ipsec
 * @brief The processing-delay model: a node's crypto engines, making ESP cost simulated time.
 *
 * Each ESP encryption or decryption is a job whose service time is a fixed cost per packet
 * plus a cost per byte, summed over the SA's encryption and integrity algorithms (the
 * registry's defaults, measured on a reference machine, or the CostTable attribute), scaled
 * by SpeedFactor. Jobs are served first come, first served by Engines identical engines, so a
 * gateway saturates as real ones do: packets queue, and with a QueueLimit the excess is
 * dropped (IpsecDropReason::CRYPTO_QUEUE_FULL).
 *
 * Off by default: an IpsecLayer uses an engine only when one is set (its CryptoEngine
 * attribute, or IpsecHelper::EnableProcessingDelay()).
 */
class IpsecCryptoEngine : public Object
{
  public:
    /** What a job does. */
    enum Direction
    {
        ENCRYPT, //!< Outbound protection
        DECRYPT, //!< Inbound verification and decryption
    };

    /**
     * @brief Signature of the Job trace.
     * @param packet the packet (the ESP packet once protected, or as received)
     * @param direction encryption or decryption
     * @param queueing time spent waiting for an engine
     * @param service time the engine spends on the job
     */
    typedef void (*JobTracedCallback)(Ptr<const Packet> packet,
                                      Direction direction,
                                      Time queueing,
                                      Time service);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecCryptoEngine();

    /**
     * @brief Queue a job.
     * @param sa the SA whose algorithms do the work
     * @param bytes the ESP packet's size
     * @param direction encryption or decryption
     * @param packet the packet, for the traces
     * @param[out] delay time from now until the job completes (queueing plus service)
     * @return false if the queue is full (the job is not queued)
     */
    bool Admit(const SecurityAssociation& sa,
               uint32_t bytes,
               Direction direction,
               Ptr<const Packet> packet,
               Time& delay);

    /**
     * @param sa the SA
     * @param bytes the ESP packet's size
     * @return the time one engine spends on it
     */
    Time GetServiceTime(const SecurityAssociation& sa, uint32_t bytes) const;

    /**
     * @param id an encryption algorithm
     * @return its cost: the CostTable entry if there is one, else the registry's default
     */
    IpsecAlgorithmCost GetCost(IpsecEncryption id) const;
    /**
     * @param id an integrity algorithm
     * @return its cost: the CostTable entry if there is one, else the registry's default
     */
    IpsecAlgorithmCost GetCost(IpsecIntegrity id) const;

    /**
     * @brief Replace the cost overrides. The format is `name=perPacketNs+perByteNs` entries
     * separated by `;`, names as the registry knows them (any alias), e.g.
     * `aes-gcm16=300+0.8;hmac-sha1=150+2.4`. An empty string removes all overrides.
     * @param table the table
     * @param[out] error what is wrong; the engine is left unchanged then
     * @return whether the table was valid
     */
    bool SetCostTable(const std::string& table, std::string& error);
    /** @return the overrides in SetCostTable() syntax, canonical names, sorted */
    std::string GetCostTable() const;

    /** @return jobs admitted and not yet completed */
    uint32_t GetBacklog() const;

  private:
    /**
     * @brief CostTable attribute setter: like SetCostTable(), but a bad table is a fatal
     * configuration error (attributes have no other way to refuse a value).
     * @param table the table
     */
    void SetCostTableAttribute(std::string table);
    /** @brief Forget jobs that completed before now. */
    void Expire();

    uint32_t m_engines;                                    //!< Parallel engines
    uint32_t m_queueLimit;                                 //!< Waiting jobs allowed (0: any)
    double m_speedFactor;                                  //!< Multiplies every cost
    std::map<std::string, IpsecAlgorithmCost> m_overrides; //!< Canonical name -> cost
    std::vector<Time> m_engineFree;                        //!< When each engine is next free
    std::deque<Time> m_waitingStarts;                      //!< Start times of waiting jobs
    std::deque<Time> m_completions;                        //!< Completion times, sorted
    TracedValue<uint32_t> m_backlog;                       //!< Jobs admitted, not completed
    TracedCallback<Ptr<const Packet>, Direction, Time, Time> m_jobTrace; //!< Job admitted
    TracedCallback<Time> m_queueingDelayTrace;                           //!< Its waiting time
};

} // namespace ns3

#endif /* IPSEC_CRYPTO_ENGINE_H */
