/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPV4_NAPT_HELPER_H
#define IPV4_NAPT_HELPER_H

#include "ns3/ipv4-napt.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Installs an Ipv4Napt on a node between one outside and some inside interfaces.
 *
 * The node needs its internet stack and addresses first (the public address is the outside
 * interface's first address). Installing wraps the node's routing protocol: routing helpers
 * that look for their protocol in the node's Ipv4 (Ipv4StaticRoutingHelper::GetStaticRouting,
 * IpsecHelper) no longer find it, so configure static routes and IPsec on the NAT node before
 * installing, or reach the wrapped protocol through Ipv4Napt::GetInnerRoutingProtocol().
 * Global routing keeps working. The NAT is aggregated to the node (GetNapt finds it).
 */
class Ipv4NaptHelper
{
  public:
    Ipv4NaptHelper();

    /**
     * @brief Set an attribute of the NATs this helper installs (see Ipv4Napt::GetTypeId).
     * @param name the attribute's name, e.g. "MappingBehavior"
     * @param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Install a NAT. Misuse (unknown interface, outside interface also inside or
     * without an address, inverted port range, a NAT already there) throws IpsecError with
     * a message saying what is wrong.
     * @param node the node
     * @param outsideInterface the outside interface's index in the node's Ipv4
     * @param insideInterfaces the inside interfaces' indices
     * @return the NAT
     */
    Ptr<Ipv4Napt> Install(Ptr<Node> node,
                          uint32_t outsideInterface,
                          const std::vector<uint32_t>& insideInterfaces) const;
    /**
     * @brief Install a NAT, naming its interfaces by device.
     * @param outside the outside device
     * @param inside the inside devices (all on the same node as @p outside)
     * @return the NAT
     */
    Ptr<Ipv4Napt> Install(Ptr<NetDevice> outside, const std::vector<Ptr<NetDevice>>& inside) const;

    /**
     * @brief Add a static port forward to an installed NAT (Ipv4Napt::AddPortForward).
     * @param napt the NAT
     * @param protocol 6 (TCP) or 17 (UDP)
     * @param externalPort the public port
     * @param internalAddress the inside host
     * @param internalPort the inside port
     * @param error if not null, receives why the forward was refused
     * @return false, with a logged reason, if the forward clashes or is invalid
     */
    static bool AddPortForward(Ptr<Ipv4Napt> napt,
                               uint8_t protocol,
                               uint16_t externalPort,
                               Ipv4Address internalAddress,
                               uint16_t internalPort,
                               std::string* error = nullptr);

    /**
     * @brief Use fixed random variable streams for the NAT of each given node.
     * @param nodes the nodes (those without a NAT are skipped)
     * @param stream the first stream index
     * @return the number of streams used
     */
    static int64_t AssignStreams(NodeContainer nodes, int64_t stream);

    /**
     * @brief Find a node's NAT.
     * @param node the node
     * @return its Ipv4Napt, or null
     */
    static Ptr<Ipv4Napt> GetNapt(Ptr<Node> node);

  private:
    ObjectFactory m_factory; //!< Creates the NATs
};

} // namespace ns3

#endif /* IPV4_NAPT_HELPER_H */
