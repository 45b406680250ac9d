/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSECKEY_PARSER_H
#define IPSECKEY_PARSER_H

#include "ns3/ipsec-address.h"
#include "ns3/ipsec-algorithm-registry.h"
#include "ns3/ipsec-lifetime.h"
#include "ns3/ipsec-traffic-selector.h"
#include "ns3/security-association.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The ipseckey(8) commands a command file may hold.
 */
enum class IpseckeyOperation : uint8_t
{
    ADD,    //!< `add`: install a new SA (SADB_ADD)
    UPDATE, //!< `update`: change an SA, usually its lifetimes (SADB_UPDATE)
    DELETE, //!< `delete`: remove one SA (SADB_DELETE)
    GET,    //!< `get`: look one SA up (SADB_GET)
    FLUSH,  //!< `flush`: remove all SAs, or all of one type (SADB_FLUSH)
    DUMP,   //!< `dump`: list all SAs, or all of one type (SADB_DUMP)
};

/**
 * @ingroup ipsec
 * @brief The SA type a command names (the PF_KEY `sadb_msg_satype`).
 */
enum class IpseckeySaType : uint8_t
{
    ALL, //!< `all` or no type (flush and dump only): SADB_SATYPE_UNSPEC
    AH,  //!< `ah`: SADB_SATYPE_AH
    ESP, //!< `esp`: SADB_SATYPE_ESP
};

/**
 * @ingroup ipsec
 * @brief An address with an optional prefix length, as the inner (tunnel-mode) address
 * extensions take it (`innersrc 10.1.0.0/16`).
 */
struct IpseckeyPrefix
{
    IpsecAddress address;     //!< The address (none: not given)
    uint8_t prefixLength = 0; //!< Leading bits that matter (32 or 128 when none was written)
};

/**
 * @ingroup ipsec
 * @brief One command of an ipseckey(8) command file, parsed and checked, with every
 * extension it gave. Fields a command did not give keep their "not given" value (an empty
 * optional, a "none" address, port 0, zero lifetimes).
 */
struct IpseckeyCommand
{
    std::string file;  //!< The file (or name given to ParseString) it came from
    uint32_t line = 0; //!< The line its first word is on

    IpseckeyOperation operation = IpseckeyOperation::ADD; //!< The command
    IpseckeySaType saType = IpseckeySaType::ALL;          //!< esp, ah, or all

    std::optional<uint32_t> spi;               //!< `spi`
    std::optional<IpsecDirection> direction;   //!< `inbound` / `outbound` hint
    IpsecAddress source;                       //!< `src`, `srcaddr`, `saddr` (and the *6 forms)
    IpsecAddress destination;                  //!< `dst`, `dstaddr`, `daddr` (and the *6 forms)
    uint16_t sourcePort = 0;                   //!< `sport` (0: not given)
    uint16_t destinationPort = 0;              //!< `dport` (0: not given)
    std::optional<uint8_t> protocol;           //!< `proto` / `ulp`
    IpseckeyPrefix innerSource;                //!< `innersrc`, `isrc`, `proxy`, `proxyaddr`
    IpseckeyPrefix innerDestination;           //!< `innerdst`, `idst`
    uint16_t innerSourcePort = 0;              //!< `innersport` / `isport` (0: not given)
    uint16_t innerDestinationPort = 0;         //!< `innerdport` / `idport` (0: not given)
    std::optional<uint8_t> innerProtocol;      //!< `iproto` / `iulp`
    bool tunnelMode = false;                   //!< Whether any inner-header extension was given
    std::optional<IpsecEncryption> encryption; //!< `encr_alg` / `encralg`
    std::optional<IpsecIntegrity> integrity;   //!< `auth_alg` / `authalg`
    std::vector<uint8_t> encryptionKey;        //!< `encrkey`, bytes (salt included)
    uint32_t encryptionKeyBits = 0;            //!< Bits of `encrkey` (its `/bits`, or 4 a digit)
    std::vector<uint8_t> integrityKey;         //!< `authkey`, bytes
    uint32_t integrityKeyBits = 0;             //!< Bits of `authkey`
    std::optional<uint8_t> replayWindow;       //!< `replay`: window size in packets
    std::optional<uint32_t> replayValue;       //!< `replay_value`: the sequence counter
    std::optional<IpsecSaState> state;         //!< `state`
    IpsecLifetime softLifetime;    //!< `soft_alloc`, `soft_bytes`, `soft_addtime`, `soft_usetime`
    IpsecLifetime hardLifetime;    //!< `hard_alloc`, `hard_bytes`, `hard_addtime`, `hard_usetime`
    Time idleAddTime;              //!< `idle_addtime` (zero: not given)
    Time idleUseTime;              //!< `idle_usetime` (zero: not given)
    bool udpEncapsulation = false; //!< `encap udp`: ESP in UDP for NAT traversal (RFC 3948)
    IpsecAddress natLocal;         //!< `nat_loc`: the local NAT's public address
    IpsecAddress natRemote;        //!< `nat_rem`: the peer's address behind its NAT
    uint16_t natLocalPort = 0;     //!< `nat_lport` (0: not given)
    uint16_t natRemotePort = 0;    //!< `nat_rport` (0: not given)
};

/**
 * @ingroup ipsec
 * @brief What parsing a command file gave: all its commands, or none and the errors.
 */
struct IpseckeyParseResult
{
    std::vector<IpseckeyCommand> commands; //!< In file order; empty when there are errors
    /**
     * Errors, each "file:line: 'word value': what is wrong and how to fix it", in file order.
     */
    std::vector<std::string> errors;

    /** @return whether the file had no error */
    bool Ok() const;
    /** @return the errors, one per line (empty when Ok()) */
    std::string GetErrorText() const;
};

/**
 * @ingroup ipsec
 * @brief Reads command files in the syntax of illumos/Solaris ipseckey(8) (`ipseckey -f`)
 * into typed commands, without applying them.
 *
 * One command per line; a backslash at the end of a line continues the command on the next;
 * `#` starts a comment. Commands: `add`, `update`, `delete`, `get` with an SA type (`esp`,
 * `ah`) and extension-value pairs in any order; `flush` and `dump` with an optional SA type
 * (`esp`, `ah`, `all`). Addresses must be IPv4 or IPv6 literals: a simulation has no name
 * service. The extensions of Solaris features that PF_KEY v2 (RFC 2367) and this module lack
 * (SA pairs, labels, sensitivity, identities, current lifetimes, flags) are refused with an
 * error that says so, never ignored.
 *
 * A file with any error gives no command at all, so nothing of a broken file is applied.
 * Each error names the file, the line, the offending extension and value, and the fix.
 */
class IpseckeyParser
{
  public:
    /**
     * @brief Parse a command file.
     * @param path the file; a missing or unreadable file is an error
     * @return the commands, or the errors
     */
    static IpseckeyParseResult ParseFile(const std::string& path);
    /**
     * @brief Parse commands held in a string.
     * @param text the commands, in the file syntax
     * @param name the name errors give as the file
     * @return the commands, or the errors
     */
    static IpseckeyParseResult ParseString(const std::string& text,
                                           const std::string& name = "<string>");

    /**
     * @brief Resolve an encryption algorithm as ipseckey(8) and ipsecconf(8) write it: a
     * registry name or alias (case-insensitive), an illumos spelling, or a PF_KEY number.
     * @param text the name or number
     * @return the registry's descriptor, or nullptr
     */
    static const EncryptionAlgorithmInfo* FindEncryption(const std::string& text);
    /**
     * @brief Resolve an integrity algorithm as ipseckey(8) and ipsecconf(8) write it: a
     * registry name or alias (case-insensitive), an illumos spelling such as "sha-256", or a
     * PF_KEY number.
     * @param text the name or number
     * @return the registry's descriptor, or nullptr
     */
    static const IntegrityAlgorithmInfo* FindIntegrity(const std::string& text);
    /** @return the registry's encryption algorithm names, comma-separated, for messages */
    static std::string KnownEncryptionNames();
    /** @return the registry's integrity algorithm names, comma-separated, for messages */
    static std::string KnownIntegrityNames();
};

} // namespace ns3

#endif /* IPSECKEY_PARSER_H */
