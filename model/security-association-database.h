/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SECURITY_ASSOCIATION_DATABASE_H
#define SECURITY_ASSOCIATION_DATABASE_H

#include "security-association.h"

#include "ns3/callback.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The SAD of one node: its SAs, their lifetimes, and the SPIs reserved by GETSPI.
 *
 * Inbound SAs are found by (protocol, destination, SPI), as RFC 4301 section 4.1 requires —
 * never by SPI alone, so two peers may pick the same SPI. Outbound SAs are found by
 * (source, destination), the newest usable one that satisfies the policy winning.
 *
 * Lifetimes (RFC 2367 section 2.3.3): add-time limits run from installation, use-time limits
 * from the first packet, byte and allocation (packet) limits are checked after each packet
 * (NotifyUse). A soft limit makes the SA dying and fires a soft expiry; a hard limit, or an
 * outbound sequence space used up (RFC 4303 3.3.3), makes it dead and removes it after the
 * packet that reached it, firing a hard expiry. The key engine listens through
 * SetExpireCallback and turns expiries into PF_KEY EXPIRE messages.
 */
class SecurityAssociationDatabase : public Object
{
  public:
    /**
     * TracedCallback signature for SA events.
     * @param sa the SA
     */
    typedef void (*SaTracedCallback)(Ptr<const SecurityAssociation> sa);
    /**
     * TracedCallback signature for expiries.
     * @param sa the SA
     * @param hard whether the hard lifetime was reached (else the soft one)
     */
    typedef void (*ExpireTracedCallback)(Ptr<const SecurityAssociation> sa, bool hard);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    SecurityAssociationDatabase();

    /**
     * @brief Validate parameters and install an SA (mature), starting its add-time timers.
     * An SPI reserved by ReserveSpi for the same (protocol, destination) is taken over.
     * @param params the SA's parameters
     * @param[out] error why the SA was refused (empty on success)
     * @return the new SA, or nullptr (then nothing changed)
     */
    Ptr<SecurityAssociation> Add(const IpsecSaParams& params, std::string& error);
    /**
     * @brief Replace an installed SA's parameters (PF_KEY UPDATE of a mature SA: lifetimes
     * only) keeping its state, counters and sequence numbers.
     * @param sa the SA
     * @param soft the new soft lifetime
     * @param hard the new hard lifetime
     * @param[out] error why the change was refused
     * @return whether it was applied
     */
    bool UpdateLifetimes(Ptr<SecurityAssociation> sa,
                         const IpsecLifetime& soft,
                         const IpsecLifetime& hard,
                         std::string& error);
    /**
     * @brief Remove an SA (a larval reservation too).
     * @param protocol its protocol
     * @param destination its destination
     * @param spi its SPI
     * @return whether an SA or reservation was removed
     */
    bool Remove(IpsecProtocol protocol, IpsecAddress destination, uint32_t spi);
    /** @brief Remove every SA and reservation. */
    void Flush();
    /**
     * @brief Remove every SA and reservation of one protocol.
     * @param protocol ESP or AH
     */
    void Flush(IpsecProtocol protocol);

    /**
     * @brief Reserve an SPI for an SA to come (GETSPI's larval SA), for @p timeout.
     * @param protocol ESP or AH
     * @param source the future SA's source
     * @param destination its destination (this node, for an inbound SA)
     * @param spi the SPI
     * @param timeout how long the reservation lasts without an UPDATE (zero: forever)
     * @return false if an SA or reservation already uses (protocol, destination, SPI)
     */
    bool ReserveSpi(IpsecProtocol protocol,
                    IpsecAddress source,
                    IpsecAddress destination,
                    uint32_t spi,
                    Time timeout);
    /**
     * @param protocol ESP or AH
     * @param destination destination
     * @param spi SPI
     * @return whether the SPI is reserved (larval) for that destination
     */
    bool IsReserved(IpsecProtocol protocol, IpsecAddress destination, uint32_t spi) const;
    /**
     * @param protocol ESP or AH
     * @param destination destination
     * @param spi SPI
     * @return whether an SA or a reservation uses the triple
     */
    bool IsInUse(IpsecProtocol protocol, IpsecAddress destination, uint32_t spi) const;

    /**
     * @brief Find a usable SA by its unique triple (inbound processing).
     * @param protocol protocol
     * @param destination destination address
     * @param spi SPI
     * @return the SA, or nullptr (none, or not usable)
     */
    Ptr<SecurityAssociation> FindInbound(IpsecProtocol protocol,
                                         IpsecAddress destination,
                                         uint32_t spi) const;
    /**
     * @brief Find an installed SA by its unique triple, whatever its state (key management).
     * @param protocol protocol
     * @param destination destination address
     * @param spi SPI
     * @return the SA or nullptr
     */
    Ptr<SecurityAssociation> Get(IpsecProtocol protocol,
                                 IpsecAddress destination,
                                 uint32_t spi) const;
    /**
     * @brief Find the SA to protect outbound traffic with.
     * @param policy the PROTECT policy that selected the traffic
     * @param source packet source
     * @param destination packet destination
     * @return the newest usable SA between the two addresses that satisfies @p policy
     */
    Ptr<SecurityAssociation> FindOutbound(const IpsecPolicy& policy,
                                          IpsecAddress source,
                                          IpsecAddress destination) const;
    /**
     * @brief The outbound SA for one step of an SA bundle: like the policy version, for the
     * step's requirements.
     * @param step the protection step
     * @param source the SA's source address
     * @param destination the SA's destination address
     * @return the newest usable satisfying SA, or nullptr
     */
    Ptr<SecurityAssociation> FindOutbound(const IpsecProtection& step,
                                          IpsecAddress source,
                                          IpsecAddress destination) const;

    /**
     * @brief Follow a NAT's new mapping (RFC 3948 section 4, RFC 7296 section 2.23): an
     * authenticated UDP-encapsulated packet of @p inbound came from @p address and @p port
     * instead of the SA's source and source port. The inbound SA and every outbound
     * UDP-encapsulated SA to the old address and port (from the inbound SA's destination,
     * with the inbound SA's request ID) move to the new ones, as an IKE daemon does on
     * SADB_X_NAT_T_NEW_MAPPING.
     * @param inbound the inbound SA
     * @param address the peer's address now
     * @param port the peer's UDP port now
     * @param[out] error why nothing was changed (an outbound SA would collide with an SA
     *             already installed for the new destination)
     * @return the outbound SAs moved; empty with @p error set when nothing changed
     */
    std::vector<Ptr<SecurityAssociation>> FollowNatMapping(Ptr<SecurityAssociation> inbound,
                                                           IpsecAddress address,
                                                           uint16_t port,
                                                           std::string& error);
    /**
     * @brief Account for a packet the SA has just carried (its counters already updated):
     * first-use timers, byte and allocation limits, sequence space.
     * @param sa the SA
     */
    void NotifyUse(Ptr<SecurityAssociation> sa);
    /**
     * @brief Expire an SA now: soft (it becomes dying) or hard (it is removed).
     * @param sa the SA
     * @param hard which lifetime
     */
    void Expire(Ptr<SecurityAssociation> sa, bool hard);
    /**
     * @brief Who hears of expiries besides the trace (the key engine).
     * @param callback called with the SA and whether the expiry is hard
     */
    void SetExpireCallback(Callback<void, Ptr<SecurityAssociation>, bool> callback);

    /** @return every SA, in installation order */
    std::vector<Ptr<SecurityAssociation>> GetAll() const;

    /**
     * @brief Print every SA.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

  protected:
    /**
     * Cancels every SA's lifetime timers and every SPI reservation's timer, and empties
     * the database.
     */
    void DoDispose() override;

  private:
    /// (protocol, destination, SPI)
    using SaKey = std::tuple<uint8_t, IpsecAddress, uint32_t>;
    /// (source, destination)
    using PairKey = std::pair<IpsecAddress, IpsecAddress>;

    /**
     * @brief Start timers for one kind of time limit.
     * @param sa the SA
     * @param soft the soft limit (zero: none)
     * @param hard the hard limit (zero: none)
     */
    void StartTimers(Ptr<SecurityAssociation> sa, Time soft, Time hard);
    /**
     * @brief Take an SA out of the indexes.
     * @param sa the SA
     */
    void Unlink(Ptr<SecurityAssociation> sa);

    std::map<SaKey, Ptr<SecurityAssociation>> m_byKey;                 //!< Unique index
    std::map<PairKey, std::vector<Ptr<SecurityAssociation>>> m_byPair; //!< Outbound index
    std::vector<Ptr<SecurityAssociation>> m_order;                     //!< Installation order
    std::map<SaKey, EventId> m_reserved;                               //!< Larval SPIs
    Callback<void, Ptr<SecurityAssociation>, bool> m_expireCallback;   //!< Key engine

    TracedCallback<Ptr<const SecurityAssociation>> m_addedTrace;         //!< SA installed
    TracedCallback<Ptr<const SecurityAssociation>> m_updatedTrace;       //!< SA changed
    TracedCallback<Ptr<const SecurityAssociation>> m_deletedTrace;       //!< SA removed
    TracedCallback<Ptr<const SecurityAssociation>, bool> m_expiredTrace; //!< Soft/hard expiry
};

} // namespace ns3

#endif /* SECURITY_ASSOCIATION_DATABASE_H */
