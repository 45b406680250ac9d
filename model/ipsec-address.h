/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ADDRESS_H
#define IPSEC_ADDRESS_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief An IPv4 or IPv6 address, as IPsec needs it: selectors, SAs, tunnel endpoints and the
 * SAD's indexes work on either version, and an SA's outer version may differ from the
 * version of the traffic it carries (4-in-6, 6-in-4).
 *
 * It converts implicitly from Ipv4Address and Ipv6Address. Addresses order first by version
 * (IPv4 before IPv6), then numerically, so that a range of one version never contains an
 * address of the other. A default-constructed address is "none": it is neither version and
 * sorts first.
 */
class IpsecAddress
{
  public:
    /** The IP version of an address. */
    enum Family : uint8_t
    {
        NONE = 0, //!< No address
        IPV4 = 4, //!< An IPv4 address
        IPV6 = 6, //!< An IPv6 address
    };

    /** No address. */
    IpsecAddress();
    /**
     * @brief An IPv4 address.
     * @param address the address
     */
    IpsecAddress(Ipv4Address address); // NOLINT(google-explicit-constructor): by design
    /**
     * @brief An IPv6 address.
     * @param address the address
     */
    IpsecAddress(Ipv6Address address); // NOLINT(google-explicit-constructor): by design

    /**
     * @brief Parse dotted-quad IPv4 or textual IPv6 (RFC 4291 2.2).
     * @param text the text
     * @param[out] address the address
     * @return whether @p text was a valid address
     */
    static bool Parse(const std::string& text, IpsecAddress& address);

    /** @return the version, or NONE */
    Family GetFamily() const;
    /** @return whether it is an IPv4 address */
    bool IsIpv4() const;
    /** @return whether it is an IPv6 address */
    bool IsIpv6() const;
    /** @return whether it is no address, 0.0.0.0 or :: */
    bool IsAny() const;
    /** @return whether it is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address */
    bool IsMulticast() const;
    /** @return the IPv4 address (0.0.0.0 if this is not one) */
    Ipv4Address GetIpv4() const;
    /** @return the IPv6 address (:: if this is not one) */
    Ipv6Address GetIpv6() const;
    /** @return the address bytes in network order (4 or 16 of them are meaningful) */
    const uint8_t* GetBytes() const;
    /** @return 4, 16, or 0 for no address */
    uint32_t GetLength() const;

    /**
     * @brief The lowest and highest address of a prefix.
     * @param prefixLength the number of leading bits that are fixed (at most 32 or 128)
     * @param[out] low the first address of the prefix
     * @param[out] high the last address of the prefix
     */
    void GetPrefixRange(uint8_t prefixLength, IpsecAddress& low, IpsecAddress& high) const;
    /**
     * @brief The longest prefix that starts at this address and reaches @p high: the prefix
     * a range from here to @p high is, when it is one (GetPrefixRange() then gives back
     * exactly this address and @p high).
     * @param high the range's last address (same version, not below this one)
     * @return the prefix length (the full length when only the address itself fits)
     */
    uint8_t GetCoveringPrefixLength(const IpsecAddress& high) const;

    /**
     * @param other another address
     * @return whether this one sorts before @p other
     */
    bool operator<(const IpsecAddress& other) const;
    /**
     * @param other another address
     * @return whether the two are the same address of the same version
     */
    bool operator==(const IpsecAddress& other) const;
    /**
     * @param other another address
     * @return whether the two differ
     */
    bool operator!=(const IpsecAddress& other) const;

  private:
    Family m_family;                 //!< Version
    std::array<uint8_t, 16> m_bytes; //!< Network order, zero beyond the length
};

/**
 * @brief Print an address as ns-3 prints its version ("-" for none).
 * @param os the stream
 * @param address the address
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecAddress& address);

} // namespace ns3

#endif /* IPSEC_ADDRESS_H */
