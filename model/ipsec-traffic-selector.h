/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_TRAFFIC_SELECTOR_H
#define IPSEC_TRAFFIC_SELECTOR_H

#include "ipsec-address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Which way a packet travels relative to the node doing the lookup.
 */
enum class IpsecDirection : uint8_t
{
    INBOUND = 1,  //!< Received by this node
    OUTBOUND = 2, //!< Sent by this node
    BOTH = 3,     //!< Selector value only: matches either direction
};

/**
 * @ingroup ipsec
 * @brief The selector values of one packet, seen from the node doing the lookup
 * (RFC 4301 section 4.4.1.1): local and remote are swapped with respect to source and
 * destination for inbound packets.
 */
struct IpsecFlowKey
{
    IpsecDirection direction = IpsecDirection::OUTBOUND; //!< Direction of the packet
    IpsecAddress local;                                  //!< Address on this node
    IpsecAddress remote;                                 //!< Address of the peer
    uint8_t protocol = 0;                                //!< IP protocol of the payload
    uint16_t localPort = 0;                              //!< Port on this node (UDP/TCP/SCTP)
    uint16_t remotePort = 0;                             //!< Port of the peer (UDP/TCP/SCTP)
    uint8_t icmpType = 0;                                //!< ICMP type (protocol 1 or 58)
    uint8_t icmpCode = 0;                                //!< ICMP code (protocol 1 or 58)

    /**
     * @brief Fill the port or ICMP fields from the first bytes of an L4 segment.
     * @param l4 the start of the segment
     * @param len bytes available at @p l4
     */
    void ParseL4(const uint8_t* l4, uint32_t len);
    /** @return whether @p protocol carries 16-bit ports at the start of its header */
    bool HasPorts() const;
    /** @return whether @p protocol is ICMP (1) or ICMPv6 (58), with a type and a code */
    bool IsIcmp() const;
};

/**
 * @brief Print a flow key, e.g. "out 10.1.1.1:49153 -> 10.1.1.2:9 proto 17".
 * @param os the stream
 * @param key the key
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecFlowKey& key);

/**
 * @ingroup ipsec
 * @brief The selector part of an SPD entry: ranges of addresses, ports and ICMP values,
 * a protocol and a direction. A default-constructed selector matches everything, IPv4 and
 * IPv6; an address range of one IP version matches only packets of that version.
 */
class IpsecTrafficSelector
{
  public:
    /** Protocol value meaning "any protocol". */
    static constexpr uint16_t ANY_PROTOCOL = 256;
    /** ICMP type/code value meaning "any". */
    static constexpr int16_t ANY_ICMP = -1;

    IpsecTrafficSelector();

    /**
     * @brief Local addresses by prefix.
     * @param address network address
     * @param mask network mask
     * @return this selector
     */
    IpsecTrafficSelector& SetLocalPrefix(Ipv4Address address, Ipv4Mask mask);
    /**
     * @brief Local IPv6 addresses by prefix.
     * @param address network address
     * @param prefix the prefix
     * @return this selector
     */
    IpsecTrafficSelector& SetLocalPrefix(Ipv6Address address, Ipv6Prefix prefix);
    /**
     * @brief Local addresses by inclusive range (both of one IP version).
     * @param low lowest address
     * @param high highest address
     * @return this selector
     */
    IpsecTrafficSelector& SetLocalRange(IpsecAddress low, IpsecAddress high);
    /**
     * @brief Remote addresses by prefix.
     * @param address network address
     * @param mask network mask
     * @return this selector
     */
    IpsecTrafficSelector& SetRemotePrefix(Ipv4Address address, Ipv4Mask mask);
    /**
     * @brief Remote IPv6 addresses by prefix.
     * @param address network address
     * @param prefix the prefix
     * @return this selector
     */
    IpsecTrafficSelector& SetRemotePrefix(Ipv6Address address, Ipv6Prefix prefix);
    /**
     * @brief Remote addresses by inclusive range (both of one IP version).
     * @param low lowest address
     * @param high highest address
     * @return this selector
     */
    IpsecTrafficSelector& SetRemoteRange(IpsecAddress low, IpsecAddress high);
    /**
     * @brief The IP protocol (0..255) or ANY_PROTOCOL.
     * @param protocol the protocol
     * @return this selector
     */
    IpsecTrafficSelector& SetProtocol(uint16_t protocol);
    /**
     * @brief Local port range (inclusive; 0-65535 means any).
     * @param low lowest port
     * @param high highest port
     * @return this selector
     */
    IpsecTrafficSelector& SetLocalPorts(uint16_t low, uint16_t high);
    /**
     * @brief Remote port range (inclusive; 0-65535 means any).
     * @param low lowest port
     * @param high highest port
     * @return this selector
     */
    IpsecTrafficSelector& SetRemotePorts(uint16_t low, uint16_t high);
    /**
     * @brief ICMP or ICMPv6 type and code (ANY_ICMP for any); needs protocol 1 or 58.
     * @param type ICMP type
     * @param code ICMP code
     * @return this selector
     */
    IpsecTrafficSelector& SetIcmp(int16_t type, int16_t code = ANY_ICMP);
    /**
     * @brief The direction(s) this selector applies to.
     * @param direction INBOUND, OUTBOUND or BOTH
     * @return this selector
     */
    IpsecTrafficSelector& SetDirection(IpsecDirection direction);

    /**
     * @param key a packet's selector values
     * @return whether this selector matches them
     */
    bool Matches(const IpsecFlowKey& key) const;

    /**
     * @brief The same selector as seen from the peer: local and remote swapped, direction
     * reversed. Used to install the mirror image of a policy on the other node.
     * @return the mirrored selector
     */
    IpsecTrafficSelector Mirror() const;

    /**
     * @brief Check the selector's ranges.
     * @return an empty string if valid, otherwise what is wrong
     */
    std::string Validate() const;

    /** @return the direction */
    IpsecDirection GetDirection() const;
    /** @return the protocol or ANY_PROTOCOL */
    uint16_t GetProtocol() const;
    /**
     * @return the IP version the address ranges restrict the selector to (NONE when it
     * matches both)
     */
    IpsecAddress::Family GetFamily() const;
    /**
     * @brief The local address range (both "none" when any address matches).
     * @param[out] low lowest address
     * @param[out] high highest address
     */
    void GetLocalRange(IpsecAddress& low, IpsecAddress& high) const;
    /**
     * @brief The remote address range (both "none" when any address matches).
     * @param[out] low lowest address
     * @param[out] high highest address
     */
    void GetRemoteRange(IpsecAddress& low, IpsecAddress& high) const;
    /**
     * @brief The local port range.
     * @param[out] low lowest port
     * @param[out] high highest port
     */
    void GetLocalPorts(uint16_t& low, uint16_t& high) const;
    /**
     * @brief The remote port range.
     * @param[out] low lowest port
     * @param[out] high highest port
     */
    void GetRemotePorts(uint16_t& low, uint16_t& high) const;
    /** @return the ICMP type or ANY_ICMP */
    int16_t GetIcmpType() const;
    /** @return the ICMP code or ANY_ICMP */
    int16_t GetIcmpCode() const;

    /**
     * @param other another selector
     * @return whether both select exactly the same packets in the same directions
     */
    bool operator==(const IpsecTrafficSelector& other) const;

    /**
     * @brief Print in a one-line ipsecconf-like form.
     * @param os the stream
     */
    void Print(std::ostream& os) const;

  private:
    IpsecDirection m_direction; //!< Direction(s)
    IpsecAddress m_localLow;    //!< Lowest local address (none: any address)
    IpsecAddress m_localHigh;   //!< Highest local address (none: any address)
    IpsecAddress m_remoteLow;   //!< Lowest remote address (none: any address)
    IpsecAddress m_remoteHigh;  //!< Highest remote address (none: any address)
    uint16_t m_protocol;        //!< Protocol or ANY_PROTOCOL
    uint16_t m_localPortLow;    //!< Lowest local port
    uint16_t m_localPortHigh;   //!< Highest local port
    uint16_t m_remotePortLow;   //!< Lowest remote port
    uint16_t m_remotePortHigh;  //!< Highest remote port
    int16_t m_icmpType;         //!< ICMP type or ANY_ICMP
    int16_t m_icmpCode;         //!< ICMP code or ANY_ICMP
};

/**
 * @brief Print a selector.
 * @param os the stream
 * @param selector the selector
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecTrafficSelector& selector);

} // namespace ns3

#endif /* IPSEC_TRAFFIC_SELECTOR_H */
