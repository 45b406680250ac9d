/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SECURITY_ASSOCIATION_DATABASE_H
#define SECURITY_ASSOCIATION_DATABASE_H

#include "security-association.h"

#include "ns3/object.h"

#include <map>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The SAD of one node.
 *
 * Inbound SAs are found by (protocol, destination, SPI), as RFC 4301 section 4.1 requires —
 * never by SPI alone, so two peers may pick the same SPI. Outbound SAs are found by
 * (protocol, mode, source, destination), the newest one winning.
 */
class SecurityAssociationDatabase : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    SecurityAssociationDatabase();

    /**
     * @brief Validate parameters and install an SA.
     * @param params the SA's parameters
     * @param[out] error why the SA was refused (empty on success)
     * @return the new SA, or nullptr (then nothing changed)
     */
    Ptr<SecurityAssociation> Add(const IpsecSaParams& params, std::string& error);
    /**
     * @brief Remove an SA.
     * @param protocol its protocol
     * @param destination its destination
     * @param spi its SPI
     * @return whether an SA was removed
     */
    bool Remove(IpsecProtocol protocol, IpsecAddress destination, uint32_t spi);
    /** @brief Remove every SA. */
    void Flush();

    /**
     * @brief Find an SA by its unique triple.
     * @param protocol protocol
     * @param destination destination address
     * @param spi SPI
     * @return the SA or nullptr
     */
    Ptr<SecurityAssociation> FindInbound(IpsecProtocol protocol,
                                         IpsecAddress destination,
                                         uint32_t spi) const;
    /**
     * @brief Find the SA to protect outbound traffic with.
     * @param policy the PROTECT policy that selected the traffic
     * @param source packet source
     * @param destination packet destination
     * @return the newest SA between the two addresses that satisfies @p policy, or nullptr
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
     * @return the newest satisfying SA, or nullptr
     */
    Ptr<SecurityAssociation> FindOutbound(const IpsecProtection& step,
                                          IpsecAddress source,
                                          IpsecAddress destination) const;

    /** @return every SA, in installation order */
    std::vector<Ptr<SecurityAssociation>> GetAll() const;

    /**
     * @brief Print every SA.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

  private:
    /// (protocol, destination, SPI)
    using SaKey = std::tuple<uint8_t, IpsecAddress, uint32_t>;
    /// (source, destination)
    using PairKey = std::pair<IpsecAddress, IpsecAddress>;

    std::map<SaKey, Ptr<SecurityAssociation>> m_byKey;                 //!< Unique index
    std::map<PairKey, std::vector<Ptr<SecurityAssociation>>> m_byPair; //!< Outbound index
    std::vector<Ptr<SecurityAssociation>> m_order;                     //!< Installation order
};

} // namespace ns3

#endif /* SECURITY_ASSOCIATION_DATABASE_H */
