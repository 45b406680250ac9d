/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_TUNNEL_INTERFACE_H
#define IPSEC_TUNNEL_INTERFACE_H

#include "security-policy-database.h"

#include "ns3/object.h"
#include "ns3/virtual-net-device.h"

namespace ns3
{

class IpsecLayer;

/**
 * @ingroup ipsec
 * @brief A route-based VPN: a virtual tunnel device towards one peer (like a Linux VTI or
 * the man page's IP-in-IP tunnel interface with tunnel-mode policy).
 *
 * Routing decides what enters the tunnel: packets routed to the device are checked against
 * the tunnel's own policy (selectors on the inner packet): what a protect entry selects is
 * sent in tunnel-mode ESP between the tunnel endpoints, what no entry selects (or a discard
 * entry does) is dropped and counted. Packets arriving through the tunnel's SA appear on the
 * device, after the same per-tunnel policy check. The device's MTU leaves room for the
 * outer header and ESP's overhead.
 */
class IpsecTunnelInterface : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecTunnelInterface();

    /**
     * @brief Tie the tunnel to a node's layer and endpoints (IpsecHelper does this).
     * @param layer the node's IPsec layer
     * @param device the virtual device, already added to the node
     * @param local this node's endpoint address
     * @param remote the peer's endpoint address
     */
    void Setup(Ptr<IpsecLayer> layer,
               Ptr<VirtualNetDevice> device,
               IpsecAddress local,
               IpsecAddress remote);

    /** @return the virtual device */
    Ptr<VirtualNetDevice> GetDevice() const;
    /** @return this node's tunnel endpoint */
    IpsecAddress GetLocalEndpoint() const;
    /** @return the peer's tunnel endpoint */
    IpsecAddress GetRemoteEndpoint() const;
    /** @return the tunnel's own policy, selecting inner packets */
    Ptr<SecurityPolicyDatabase> GetSpd() const;

    /**
     * @brief Add an entry to the tunnel's policy: PROTECT entries are ESP in tunnel mode
     * between the endpoints (algorithms as given, ANY by default).
     * @param selector the inner traffic, seen from this node
     * @param action protect, bypass (refused: a tunnel protects) or discard
     * @param encryption required encryption, or ANY
     * @param integrity required integrity, or ANY
     * @return an empty string, or why the entry was refused
     */
    std::string AddPolicy(const IpsecTrafficSelector& selector,
                          IpsecAction action,
                          IpsecEncryption encryption = IpsecEncryption::ANY,
                          IpsecIntegrity integrity = IpsecIntegrity::ANY);

  protected:
    /**
     * Detaches the interface from its virtual device (whose send callback referred to it)
     * and drops the layer and its SPD.
     */
    void DoDispose() override;

  private:
    /**
     * @brief The device's send callback: an inner IPv4 packet routed into the tunnel.
     * @param packet the packet, from its IPv4 header on
     * @param source unused
     * @param destination unused
     * @param protocol the EtherType (IPv4)
     * @return whether the packet was accepted
     */
    bool DeviceSend(Ptr<Packet> packet,
                    const Address& source,
                    const Address& destination,
                    uint16_t protocol);

    Ptr<IpsecLayer> m_layer;           //!< The node's layer
    Ptr<VirtualNetDevice> m_device;    //!< The tunnel device
    IpsecAddress m_local;              //!< This node's endpoint
    IpsecAddress m_remote;             //!< The peer's endpoint
    Ptr<SecurityPolicyDatabase> m_spd; //!< Per-tunnel policy
};

} // namespace ns3

#endif /* IPSEC_TUNNEL_INTERFACE_H */
