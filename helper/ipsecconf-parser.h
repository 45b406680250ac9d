/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSECCONF_PARSER_H
#define IPSECCONF_PARSER_H

#include "ns3/ipsec-address.h"
#include "ns3/ipsec-policy.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The action keyword of an ipsecconf(8) entry, as written (the policies of the entry
 * carry the IpsecAction it stands for).
 */
enum class IpsecconfAction : uint8_t
{
    IPSEC,  //!< `ipsec`: protect, in the entry's direction(s) (both by default)
    APPLY,  //!< `apply`: protect outbound traffic
    PERMIT, //!< `permit`: require protection on inbound traffic
    BYPASS, //!< `bypass` or `pass`: no IPsec, before every other entry
    DROP,   //!< `drop`: discard
};

/**
 * @ingroup ipsec
 * @brief The `negotiate` pattern of a tunnel entry.
 */
enum class IpsecconfNegotiate : uint8_t
{
    NONE,      //!< Not a tunnel entry
    TUNNEL,    //!< Tunnel-mode SAs for the inner addresses the entry selects
    TRANSPORT, //!< Transport-mode SAs over the tunnel's IP-in-IP packets (no addresses)
};

/**
 * @ingroup ipsec
 * @brief A key length constraint, `aes(192..256)`: the bounds in bits, 0 for none.
 */
struct IpsecconfKeyLength
{
    uint16_t minBits = 0; //!< Smallest accepted key length (0: no lower bound)
    uint16_t maxBits = 0; //!< Largest accepted key length (0: no upper bound)
};

/**
 * @ingroup ipsec
 * @brief One entry of an ipsecconf(8) / ipsecinit.conf policy file.
 *
 * The entry's meaning is held by IpsecPolicy objects, which Validate() cleanly; the fields
 * around them are what an IpsecPolicy does not hold. An entry gives one policy, or one per
 * ICMP type and code when its pattern names ranges of them (`type 133-137`), since a
 * selector holds a single type and code.
 */
struct IpsecconfEntry
{
    std::string file;  //!< The file (or name given to ParseString) it came from
    uint32_t line = 0; //!< The line of its opening brace

    IpsecconfAction action = IpsecconfAction::IPSEC;         //!< The action keyword
    std::vector<Ptr<IpsecPolicy>> policies;                  //!< What the entry installs, in order
    std::string tunnel;                                      //!< `tunnel` interface name ("": none)
    IpsecconfNegotiate negotiate = IpsecconfNegotiate::NONE; //!< `negotiate` of a tunnel entry
    bool uniqueSa = false;                  //!< `sa unique` (false: `sa shared`, the default)
    IpsecconfKeyLength encryptionKeyBits;   //!< Key lengths of `encr_algs`
    IpsecconfKeyLength espIntegrityKeyBits; //!< Key lengths of `encr_auth_algs`
    IpsecconfKeyLength ahIntegrityKeyBits;  //!< Key lengths of `auth_algs`
};

/**
 * @ingroup ipsec
 * @brief What parsing a policy file gave: all its entries, or none and the errors.
 */
struct IpsecconfParseResult
{
    std::vector<IpsecconfEntry> entries; //!< In file order; empty when there are errors
    /**
     * Errors, each "file:line: 'keyword value': what is wrong and how to fix it", in file order.
     */
    std::vector<std::string> errors;

    /** @return whether the file had no error */
    bool Ok() const;
    /** @return the errors, one per line (empty when Ok()) */
    std::string GetErrorText() const;
};

/**
 * @ingroup ipsec
 * @brief Reads policy files in the syntax of illumos/Solaris ipsecconf(8)
 * (`/etc/inet/ipsecinit.conf`) into IpsecPolicy objects, without installing them.
 *
 * Each entry is `{pattern} action {properties}`, and may span lines; `#` starts a comment.
 * Patterns: `laddr`/`local`, `raddr`/`remote`, `saddr`/`src`/`srcaddr`,
 * `daddr`/`dst`/`dstaddr`/`dest` (each `address[/prefix]`), `smask`, `dmask`, `lport`,
 * `rport`, `sport`, `dport` (numbers or common service names), `ulp`/`proto` (numbers or
 * names), `type` and `code` (ICMP, numbers, names or `n-m` ranges), `tunnel`, `negotiate`,
 * `dir`. Actions: `ipsec`, `apply`, `permit`, `bypass`/`pass`, `drop`. Properties:
 * `auth_algs` (AH), `encr_algs` and `encr_auth_algs` (ESP), each an algorithm name, `any` or
 * a number, with an optional key length (`aes(128..256)`); `sa shared|unique`; `dir`.
 *
 * Source and destination patterns are turned into the local and remote selectors of the
 * entry's direction (source is local on outbound, remote on inbound), so they need a single
 * direction. A `tunnel` entry with `negotiate tunnel` (the default when it names addresses)
 * takes its outer endpoints from AddTunnel(). Addresses must be literals: a simulation has no
 * name service. `or` alternatives are refused: an IpsecPolicy holds one protection.
 *
 * A file with any error gives no entry at all. Each error names the file, the line, the
 * offending keyword and value, and the fix.
 */
class IpsecconfParser
{
  public:
    /**
     * @brief Declare a tunnel interface that entries may name with `tunnel <name>`.
     * @param name the interface name, e.g. "ip.tun0"
     * @param local this node's outer (tunnel endpoint) address
     * @param remote the peer's outer address (same IP version as @p local)
     */
    void AddTunnel(const std::string& name, IpsecAddress local, IpsecAddress remote);

    /**
     * @brief Parse a policy file.
     * @param path the file; a missing or unreadable file is an error
     * @return the entries, or the errors
     */
    IpsecconfParseResult ParseFile(const std::string& path) const;
    /**
     * @brief Parse policy entries held in a string.
     * @param text the entries, in the file syntax
     * @param name the name errors give as the file
     * @return the entries, or the errors
     */
    IpsecconfParseResult ParseString(const std::string& text,
                                     const std::string& name = "<string>") const;

  private:
    /// Tunnels entries may name: this node's and the peer's outer endpoints.
    std::map<std::string, std::pair<IpsecAddress, IpsecAddress>> m_tunnels;
};

} // namespace ns3

#endif /* IPSECCONF_PARSER_H */
