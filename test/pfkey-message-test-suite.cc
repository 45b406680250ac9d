/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The PF_KEY v2 codec: the bytes it writes read back through Linux's own <linux/pfkeyv2.h>
// and <linux/ipsec.h> structs (sizes, field offsets, byte orders, constants), and messages
// built with those structs decode; every extension and every message type round-trips,
// IPv4 and IPv6; a table of malformed messages is refused with Linux's errno and a reason;
// CheckRequest() names the missing extension; truncated and bit-flipped messages never
// crash and decode either to a message that re-encodes stably or to an error; conversions
// to and from SA parameters and policies.

#include "ipsec-test-compat.h"

#include "ns3/abort.h"
#include "ns3/pfkey-converter.h"
#include "ns3/pfkey-message.h"
#include "ns3/test.h"

#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <sstream>

#if defined(__linux__) && __has_include(<linux/pfkeyv2.h>) && __has_include(<linux/ipsec.h>)
#define PFKEY_TEST_LINUX_HEADERS 1
#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>
#include <sys/socket.h>
#if __has_include(<linux/udp.h>)
#include <linux/udp.h>
#endif
#else
#define PFKEY_TEST_LINUX_HEADERS 0
#endif

using namespace ns3;

namespace
{

// ------------------------------------------------------------------------ message builders

PfKeyAddressExtension
Address(const char* text, uint8_t prefix, uint16_t port, uint8_t protocol)
{
    PfKeyAddressExtension a;
    IpsecAddress address;
    NS_ABORT_MSG_UNLESS(IpsecAddress::Parse(text, address), "bad address " << text);
    a.sockaddr.address = address;
    a.sockaddr.port = port;
    a.prefixLength = prefix;
    a.protocol = protocol;
    return a;
}

PfKeyLifetimeExtension
Lifetime(uint64_t base)
{
    PfKeyLifetimeExtension l;
    l.allocations = static_cast<uint32_t>(0x11223344 + base);
    l.bytes = 0x0102030405060708ULL + base;
    l.addTime = 0x1112131415161718ULL + base;
    l.useTime = 0x2122232425262728ULL + base;
    return l;
}

PfKeyKeyExtension
Key(uint16_t bits, uint8_t first)
{
    PfKeyKeyExtension k;
    k.bits = bits;
    for (uint32_t i = 0; i < (bits + 7u) / 8u; ++i)
    {
        k.data.push_back(static_cast<uint8_t>(first + i));
    }
    if (bits % 8 != 0)
    {
        // Bits past the key length are not part of it; keep them zero so the test compares
        // like with like.
        k.data.back() &= static_cast<uint8_t>(0xff << (8 - bits % 8));
    }
    return k;
}

PfKeyIpsecRequest
Request(uint16_t protocol,
        PfKeyIpsecMode mode,
        PfKeyIpsecLevel level,
        uint32_t reqid,
        const char* source = nullptr,
        const char* destination = nullptr)
{
    PfKeyIpsecRequest r;
    r.protocol = protocol;
    r.mode = mode;
    r.level = level;
    r.reqid = reqid;
    if (source != nullptr)
    {
        r.hasEndpoints = true;
        IpsecAddress::Parse(source, r.tunnelSource.address);
        IpsecAddress::Parse(destination, r.tunnelDestination.address);
    }
    return r;
}

/// A message carrying every extension the codec knows, with distinctive values.
PfKeyMessage
EveryExtension(bool ipv6)
{
    PfKeyMessage m(PfKeyMessageType::X_SPDADD, PfKeySaType::ESP, 0x01020304, 0x0a0b0c0d);
    m.reserved = 0x0203;
    m.error = PfKeyErrno::EXISTS;
    PfKeySaExtension sa;
    sa.spi = 0x12345678;
    sa.replayWindow = 0x21;
    sa.state = PfKeySaState::DYING;
    sa.auth = 5;
    sa.encrypt = 12;
    sa.flags = PFKEY_SA_FLAG_NO_ECN | PFKEY_SA_FLAG_PFS;
    m.sa = sa;
    m.currentLifetime = Lifetime(0);
    m.hardLifetime = Lifetime(1);
    m.softLifetime = Lifetime(2);
    if (ipv6)
    {
        m.sourceAddress = Address("2001:db8::1", 64, 4500, 17);
        m.sourceAddress->sockaddr.flowInfo = 0x000abcde;
        m.sourceAddress->sockaddr.scopeId = 7;
        m.destinationAddress = Address("2001:db8:ffff::2", 128, 500, 17);
        m.proxyAddress = Address("fe80::3", 10, 0, 255);
        m.natOriginalAddress = Address("2001:db8::99", 128, 0, 0);
    }
    else
    {
        m.sourceAddress = Address("10.1.2.3", 24, 4500, 17);
        m.destinationAddress = Address("192.168.200.1", 32, 500, 17);
        m.proxyAddress = Address("172.16.0.9", 12, 0, 255);
        m.natOriginalAddress = Address("100.64.0.1", 32, 0, 0);
    }
    m.authKey = Key(160, 0x40);
    m.encryptKey = Key(36, 0x80); // 36 bits: 5 bytes, a partial last byte
    PfKeyIdentityExtension identity;
    identity.type = PfKeyIdentityType::FQDN;
    identity.id = 0x0102030405060708ULL;
    identity.text = "gw.example.org";
    m.sourceIdentity = identity;
    identity.type = PfKeyIdentityType::USERFQDN;
    identity.id = 42;
    identity.text = "user@example.org0"; // 17 characters + NUL: 18, padded to 24
    m.destinationIdentity = identity;
    PfKeySensitivityExtension sens;
    sens.dpd = 0x01020304;
    sens.sensitivityLevel = 5;
    sens.integrityLevel = 6;
    sens.sensitivityBitmap = {0x1111111111111111ULL, 0x2222222222222222ULL};
    sens.integrityBitmap = {0x3333333333333333ULL};
    m.sensitivity = sens;
    PfKeyProposalExtension prop;
    prop.replayWindow = 32;
    PfKeyCombination comb;
    comb.auth = 3;
    comb.encrypt = 12;
    comb.flags = 0x0102;
    comb.authMinBits = 160;
    comb.authMaxBits = 161;
    comb.encryptMinBits = 128;
    comb.encryptMaxBits = 256;
    comb.softAllocations = 0x01010101;
    comb.hardAllocations = 0x02020202;
    comb.softBytes = 0x0303030303030303ULL;
    comb.hardBytes = 0x0404040404040404ULL;
    comb.softAddTime = 0x0505050505050505ULL;
    comb.hardAddTime = 0x0606060606060606ULL;
    comb.softUseTime = 0x0707070707070707ULL;
    comb.hardUseTime = 0x0808080808080808ULL;
    prop.combinations.push_back(comb);
    comb.auth = 2;
    comb.hardUseTime = 99;
    prop.combinations.push_back(comb);
    m.proposal = prop;
    PfKeySupportedExtension supported;
    supported.algorithms = {{3, 0, 160, 160}, {5, 0, 256, 256}};
    m.supportedAuth = supported;
    supported.algorithms = {{12, 16, 128, 256}};
    m.supportedEncrypt = supported;
    m.spiRange = PfKeySpiRangeExtension{0x100, 0xffff0000};
    PfKeyPolicyExtension policy;
    policy.type = PfKeyPolicyType::IPSEC;
    policy.direction = PfKeyPolicyDirection::OUTBOUND;
    policy.id = 0x1234;
    policy.priority = 0x7fff0000;
    policy.requests.push_back(
        Request(50, PfKeyIpsecMode::TRANSPORT, PfKeyIpsecLevel::UNIQUE, 0x2345));
    if (ipv6)
    {
        policy.requests.push_back(Request(51,
                                          PfKeyIpsecMode::TUNNEL,
                                          PfKeyIpsecLevel::REQUIRE,
                                          0,
                                          "2001:db8:1::1",
                                          "2001:db8:2::2"));
    }
    else
    {
        policy.requests.push_back(Request(51,
                                          PfKeyIpsecMode::TUNNEL,
                                          PfKeyIpsecLevel::REQUIRE,
                                          0,
                                          "198.51.100.1",
                                          "203.0.113.2"));
    }
    m.policy = policy;
    m.sa2 = PfKeySa2Extension{PfKeyIpsecMode::TUNNEL, 0x31323334, 0x41424344};
    m.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP};
    m.natSourcePort = PfKeyNatPortExtension{4500};
    m.natDestinationPort = PfKeyNatPortExtension{4501};
    PfKeyOpaqueExtension opaque;
    opaque.type = PfKeyExtensionType::X_KMPRIVATE;
    opaque.body = {0, 0, 0, 0};
    m.opaqueExtensions.push_back(opaque);
    opaque.type = PfKeyExtensionType::X_SEC_CTX;
    // ctx_alg 1, ctx_doi 2, ctx_len 5 (host order), "abcde", 3 bytes of padding
    opaque.body = {1, 2, 0, 0, 'a', 'b', 'c', 'd', 'e', 0, 0, 0};
    const uint16_t contextLength = 5;
    std::memcpy(opaque.body.data() + 2, &contextLength, 2);
    m.opaqueExtensions.push_back(opaque);
    return m;
}

/// A valid ESP ADD message over IPv4 (AES-CBC + HMAC-SHA1, tunnel mode).
PfKeyMessage
ValidAdd()
{
    IpsecSaParams p;
    p.protocol = IpsecProtocol::ESP;
    p.mode = IpsecMode::TUNNEL;
    p.spi = 0x1001;
    p.source = Ipv4Address("10.0.0.1");
    p.destination = Ipv4Address("10.0.0.2");
    p.encryption = IpsecEncryption::AES_CBC;
    p.encryptionKey.assign(16, 0x11);
    p.integrity = IpsecIntegrity::HMAC_SHA1_96;
    p.integrityKey.assign(20, 0x22);
    p.replayWindow = 32;
    p.hardLifetime.bytes = 1000000;
    p.hardLifetime.addTime = Seconds(3600);
    p.softLifetime.addTime = Seconds(3000);
    PfKeyMessage m;
    PfKeyStatus status = PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, p, m, 7, 100);
    NS_ABORT_MSG_UNLESS(status.IsOk(), status);
    return m;
}

/// A valid X_SPDADD: outbound ESP tunnel from 10.1.0.0/16 to 10.2.0.0/16 (IPv4 or IPv6).
PfKeyMessage
ValidSpdAdd(bool ipv6 = false)
{
    PfKeyMessage m(PfKeyMessageType::X_SPDADD, PfKeySaType::UNSPEC, 8, 100);
    m.sourceAddress = ipv6 ? Address("2001:db8:1::", 48, 0, 255) : Address("10.1.0.0", 16, 0, 255);
    m.destinationAddress =
        ipv6 ? Address("2001:db8:2::", 48, 0, 255) : Address("10.2.0.0", 16, 0, 255);
    PfKeyPolicyExtension policy;
    policy.direction = PfKeyPolicyDirection::OUTBOUND;
    policy.requests.push_back(ipv6 ? Request(50,
                                             PfKeyIpsecMode::TUNNEL,
                                             PfKeyIpsecLevel::REQUIRE,
                                             0,
                                             "2001:db8::1",
                                             "2001:db8::2")
                                   : Request(50,
                                             PfKeyIpsecMode::TUNNEL,
                                             PfKeyIpsecLevel::REQUIRE,
                                             0,
                                             "192.0.2.1",
                                             "192.0.2.2"));
    m.policy = policy;
    return m;
}

/// A representative message of each type, as a user (or, for kernel-only types, the
/// kernel) would send it.
std::vector<PfKeyMessage>
OneOfEachType()
{
    using M = PfKeyMessageType;
    std::vector<PfKeyMessage> messages;
    for (uint8_t t = 1; t <= static_cast<uint8_t>(M::MAX); ++t)
    {
        const auto type = static_cast<M>(t);
        PfKeyMessage m(type, PfKeySaType::ESP, t, 4242);
        switch (type)
        {
        case M::GETSPI:
            m.sourceAddress = Address("10.0.0.1", 32, 0, 0);
            m.destinationAddress = Address("10.0.0.2", 32, 0, 0);
            m.spiRange = PfKeySpiRangeExtension{0x100, 0x0fffffff};
            break;
        case M::UPDATE:
        case M::ADD:
            m = ValidAdd();
            m.type = type;
            break;
        case M::DELETE:
        case M::GET:
        case M::EXPIRE:
        case M::X_NAT_T_NEW_MAPPING:
            m.sa = PfKeySaExtension{};
            m.sa->spi = 0x1001;
            m.sourceAddress = Address("2001:db8::1", 128, 0, 0);
            m.destinationAddress = Address("2001:db8::2", 128, 0, 0);
            if (type == M::EXPIRE)
            {
                m.currentLifetime = Lifetime(0);
                m.softLifetime = Lifetime(1);
            }
            if (type == M::X_NAT_T_NEW_MAPPING)
            {
                m.natSourcePort = PfKeyNatPortExtension{4500};
                m.natDestinationPort = PfKeyNatPortExtension{61000};
            }
            break;
        case M::ACQUIRE:
            m.sourceAddress = Address("10.0.0.1", 32, 0, 0);
            m.destinationAddress = Address("10.0.0.2", 32, 0, 0);
            m.proposal = EveryExtension(false).proposal;
            m.policy = PfKeyPolicyExtension{};
            break;
        case M::REGISTER:
            m.supportedAuth = EveryExtension(false).supportedAuth;
            m.supportedEncrypt = EveryExtension(false).supportedEncrypt;
            break;
        case M::X_SPDUPDATE:
        case M::X_SPDADD:
        case M::X_SPDSETIDX:
        case M::X_SPDDELETE:
        case M::X_PCHANGE:
        case M::X_SPDACQUIRE:
        case M::X_SPDEXPIRE:
        case M::X_MIGRATE:
            m = ValidSpdAdd(t % 2 == 0);
            m.type = type;
            break;
        case M::X_SPDGET:
        case M::X_SPDDELETE2:
            m.saType = PfKeySaType::UNSPEC;
            m.policy = PfKeyPolicyExtension{};
            m.policy->id = 77;
            break;
        default: // FLUSH, DUMP, X_PROMISC, X_SPDDUMP, X_SPDFLUSH: the header alone
            break;
        }
        m.sequence = t;
        m.pid = 4242;
        messages.push_back(m);
    }
    return messages;
}

std::string
Hex(const std::vector<uint8_t>& bytes)
{
    std::ostringstream os;
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        os << (i % 8 == 0 ? (i ? "\n" : "") : " ");
        static const char* digits = "0123456789abcdef";
        os << digits[bytes[i] >> 4] << digits[bytes[i] & 15];
    }
    return os.str();
}

/// Where each extension starts in serialized bytes (walked by the length fields).
std::map<uint16_t, size_t>
ExtensionOffsets(const std::vector<uint8_t>& bytes)
{
    std::map<uint16_t, size_t> offsets;
    size_t offset = 16;
    while (offset + 4 <= bytes.size())
    {
        uint16_t units;
        uint16_t type;
        std::memcpy(&units, bytes.data() + offset, 2);
        std::memcpy(&type, bytes.data() + offset + 2, 2);
        if (units == 0)
        {
            break;
        }
        offsets[type] = offset;
        offset += units * 8u;
    }
    return offsets;
}

} // namespace

#if PFKEY_TEST_LINUX_HEADERS

namespace
{

/// Read a Linux struct at a byte offset of serialized bytes.
template <typename S>
S
ReadAs(const std::vector<uint8_t>& bytes, size_t offset)
{
    S s;
    NS_ABORT_MSG_IF(offset + sizeof(S) > bytes.size(), "struct beyond the buffer");
    std::memcpy(&s, bytes.data() + offset, sizeof(S));
    return s;
}

} // namespace

/// Check one field of a Linux struct read from our bytes; reports its offset on failure.
#define CHECK_FIELD(s, field, expected)                                                            \
    NS_TEST_EXPECT_MSG_EQ(static_cast<uint64_t>(s.field),                                          \
                          static_cast<uint64_t>(expected),                                         \
                          #field " (offset " << offsetof(decltype(s), field) << ")")

/**
 * @brief Serialize with the codec, read back through Linux's structs: sizes, offsets,
 * byte orders and lengths agree with <linux/pfkeyv2.h>; and the constants agree.
 */
class PfKeyLinuxLayoutTestCase : public TestCase
{
  public:
    PfKeyLinuxLayoutTestCase()
        : TestCase("serialized bytes read back through the structs of Linux pfkeyv2.h and ipsec.h")
    {
    }

  private:
    void CheckSizes()
    {
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_msg), PFKEY_HEADER_SIZE, "sadb_msg");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_ext), 4u, "sadb_ext");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_sa), PfKeySaExtension::SIZE, "sadb_sa");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_lifetime), PfKeyLifetimeExtension::SIZE, "lifetime");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_address), PfKeyAddressExtension::HEADER_SIZE, "addr");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_key), PfKeyKeyExtension::HEADER_SIZE, "sadb_key");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_ident), PfKeyIdentityExtension::HEADER_SIZE, "ident");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_sens), PfKeySensitivityExtension::HEADER_SIZE, "sens");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_prop), PfKeyProposalExtension::HEADER_SIZE, "prop");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_comb), PfKeyCombination::SIZE, "sadb_comb");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_supported), PfKeySupportedExtension::HEADER_SIZE, "");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_alg), PfKeyAlgorithmDescription::SIZE, "sadb_alg");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_spirange), PfKeySpiRangeExtension::SIZE, "spirange");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_sa2), PfKeySa2Extension::SIZE, "sadb_x_sa2");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_policy), PfKeyPolicyExtension::HEADER_SIZE, "pol");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_ipsecrequest), PfKeyIpsecRequest::HEADER_SIZE, "rq");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_nat_t_type), PfKeyNatTypeExtension::SIZE, "nat");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_nat_t_port), PfKeyNatPortExtension::SIZE, "port");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_kmprivate), 8u, "kmprivate");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_sec_ctx), 8u, "sec_ctx");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_kmaddress), 8u, "kmaddress");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sadb_x_filter), 40u, "filter");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sockaddr_in), 16u, "sockaddr_in");
        NS_TEST_EXPECT_MSG_EQ(sizeof(sockaddr_in6), 28u, "sockaddr_in6");
    }

    void CheckConstants()
    {
#define CHECK_CONST(ours, linux)                                                                   \
    NS_TEST_EXPECT_MSG_EQ(static_cast<long>(ours), static_cast<long>(linux), #ours " vs " #linux)
        CHECK_CONST(PFKEY_VERSION, PF_KEY_V2);
        const int messageTypes[] = {
            SADB_RESERVED,    SADB_GETSPI,       SADB_UPDATE,       SADB_ADD,
            SADB_DELETE,      SADB_GET,          SADB_ACQUIRE,      SADB_REGISTER,
            SADB_EXPIRE,      SADB_FLUSH,        SADB_DUMP,         SADB_X_PROMISC,
            SADB_X_PCHANGE,   SADB_X_SPDUPDATE,  SADB_X_SPDADD,     SADB_X_SPDDELETE,
            SADB_X_SPDGET,    SADB_X_SPDACQUIRE, SADB_X_SPDDUMP,    SADB_X_SPDFLUSH,
            SADB_X_SPDSETIDX, SADB_X_SPDEXPIRE,  SADB_X_SPDDELETE2, SADB_X_NAT_T_NEW_MAPPING,
            SADB_X_MIGRATE};
        for (int i = 0; i <= SADB_MAX; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(messageTypes[i], i, "message type table");
            // The names come from the same header: "SADB_X_SPDADD" is 14.
        }
        CHECK_CONST(PfKeyMessageType::MAX, SADB_MAX);
        CHECK_CONST(PfKeyMessageType::X_SPDADD, SADB_X_SPDADD);
        CHECK_CONST(PfKeyMessageType::X_MIGRATE, SADB_X_MIGRATE);
        CHECK_CONST(PfKeyMessageType::X_NAT_T_NEW_MAPPING, SADB_X_NAT_T_NEW_MAPPING);
        NS_TEST_EXPECT_MSG_EQ(PfKeyMessageTypeName(PfKeyMessageType::X_SPDDELETE2),
                              "SADB_X_SPDDELETE2",
                              "name");
        CHECK_CONST(PfKeyExtensionType::SA, SADB_EXT_SA);
        CHECK_CONST(PfKeyExtensionType::LIFETIME_CURRENT, SADB_EXT_LIFETIME_CURRENT);
        CHECK_CONST(PfKeyExtensionType::LIFETIME_HARD, SADB_EXT_LIFETIME_HARD);
        CHECK_CONST(PfKeyExtensionType::LIFETIME_SOFT, SADB_EXT_LIFETIME_SOFT);
        CHECK_CONST(PfKeyExtensionType::ADDRESS_SRC, SADB_EXT_ADDRESS_SRC);
        CHECK_CONST(PfKeyExtensionType::ADDRESS_DST, SADB_EXT_ADDRESS_DST);
        CHECK_CONST(PfKeyExtensionType::ADDRESS_PROXY, SADB_EXT_ADDRESS_PROXY);
        CHECK_CONST(PfKeyExtensionType::KEY_AUTH, SADB_EXT_KEY_AUTH);
        CHECK_CONST(PfKeyExtensionType::KEY_ENCRYPT, SADB_EXT_KEY_ENCRYPT);
        CHECK_CONST(PfKeyExtensionType::IDENTITY_SRC, SADB_EXT_IDENTITY_SRC);
        CHECK_CONST(PfKeyExtensionType::IDENTITY_DST, SADB_EXT_IDENTITY_DST);
        CHECK_CONST(PfKeyExtensionType::SENSITIVITY, SADB_EXT_SENSITIVITY);
        CHECK_CONST(PfKeyExtensionType::PROPOSAL, SADB_EXT_PROPOSAL);
        CHECK_CONST(PfKeyExtensionType::SUPPORTED_AUTH, SADB_EXT_SUPPORTED_AUTH);
        CHECK_CONST(PfKeyExtensionType::SUPPORTED_ENCRYPT, SADB_EXT_SUPPORTED_ENCRYPT);
        CHECK_CONST(PfKeyExtensionType::SPIRANGE, SADB_EXT_SPIRANGE);
        CHECK_CONST(PfKeyExtensionType::X_KMPRIVATE, SADB_X_EXT_KMPRIVATE);
        CHECK_CONST(PfKeyExtensionType::X_POLICY, SADB_X_EXT_POLICY);
        CHECK_CONST(PfKeyExtensionType::X_SA2, SADB_X_EXT_SA2);
        CHECK_CONST(PfKeyExtensionType::X_NAT_T_TYPE, SADB_X_EXT_NAT_T_TYPE);
        CHECK_CONST(PfKeyExtensionType::X_NAT_T_SPORT, SADB_X_EXT_NAT_T_SPORT);
        CHECK_CONST(PfKeyExtensionType::X_NAT_T_DPORT, SADB_X_EXT_NAT_T_DPORT);
        CHECK_CONST(PfKeyExtensionType::X_NAT_T_OA, SADB_X_EXT_NAT_T_OA);
        CHECK_CONST(PfKeyExtensionType::X_SEC_CTX, SADB_X_EXT_SEC_CTX);
        CHECK_CONST(PfKeyExtensionType::X_KMADDRESS, SADB_X_EXT_KMADDRESS);
        CHECK_CONST(PfKeyExtensionType::X_FILTER, SADB_X_EXT_FILTER);
        CHECK_CONST(PfKeyExtensionType::MAX, SADB_EXT_MAX);
        CHECK_CONST(PfKeySaType::UNSPEC, SADB_SATYPE_UNSPEC);
        CHECK_CONST(PfKeySaType::AH, SADB_SATYPE_AH);
        CHECK_CONST(PfKeySaType::ESP, SADB_SATYPE_ESP);
        CHECK_CONST(PfKeySaType::RSVP, SADB_SATYPE_RSVP);
        CHECK_CONST(PfKeySaType::OSPFV2, SADB_SATYPE_OSPFV2);
        CHECK_CONST(PfKeySaType::RIPV2, SADB_SATYPE_RIPV2);
        CHECK_CONST(PfKeySaType::MIP, SADB_SATYPE_MIP);
        CHECK_CONST(PfKeySaType::X_IPCOMP, SADB_X_SATYPE_IPCOMP);
        CHECK_CONST(PfKeySaType::MAX, SADB_SATYPE_MAX);
        CHECK_CONST(PfKeySaState::LARVAL, SADB_SASTATE_LARVAL);
        CHECK_CONST(PfKeySaState::MATURE, SADB_SASTATE_MATURE);
        CHECK_CONST(PfKeySaState::DYING, SADB_SASTATE_DYING);
        CHECK_CONST(PfKeySaState::DEAD, SADB_SASTATE_DEAD);
        CHECK_CONST(IpsecSaState::DEAD, SADB_SASTATE_DEAD);
        CHECK_CONST(PFKEY_SA_FLAG_PFS, SADB_SAFLAGS_PFS);
        CHECK_CONST(PFKEY_SA_FLAG_NO_PMTU_DISCOVERY, SADB_SAFLAGS_NOPMTUDISC);
        CHECK_CONST(PFKEY_SA_FLAG_DECAP_DSCP, SADB_SAFLAGS_DECAP_DSCP);
        CHECK_CONST(PFKEY_SA_FLAG_NO_ECN, SADB_SAFLAGS_NOECN);
        CHECK_CONST(PFKEY_AALG_X_NULL, SADB_X_AALG_NULL);
        CHECK_CONST(PFKEY_AALG_MAX, SADB_AALG_MAX);
        CHECK_CONST(PFKEY_EALG_MAX, SADB_EALG_MAX);
        CHECK_CONST(PFKEY_EALG_NULL, SADB_EALG_NULL);
        CHECK_CONST(PfKeyIdentityType::RESERVED, SADB_IDENTTYPE_RESERVED);
        CHECK_CONST(PfKeyIdentityType::PREFIX, SADB_IDENTTYPE_PREFIX);
        CHECK_CONST(PfKeyIdentityType::FQDN, SADB_IDENTTYPE_FQDN);
        CHECK_CONST(PfKeyIdentityType::USERFQDN, SADB_IDENTTYPE_USERFQDN);
        CHECK_CONST(PfKeyIpsecMode::ANY, IPSEC_MODE_ANY);
        CHECK_CONST(PfKeyIpsecMode::TRANSPORT, IPSEC_MODE_TRANSPORT);
        CHECK_CONST(PfKeyIpsecMode::TUNNEL, IPSEC_MODE_TUNNEL);
        CHECK_CONST(PfKeyIpsecMode::BEET, IPSEC_MODE_BEET);
        CHECK_CONST(PfKeyPolicyDirection::ANY, IPSEC_DIR_ANY);
        CHECK_CONST(PfKeyPolicyDirection::INBOUND, IPSEC_DIR_INBOUND);
        CHECK_CONST(PfKeyPolicyDirection::OUTBOUND, IPSEC_DIR_OUTBOUND);
        CHECK_CONST(PfKeyPolicyDirection::FORWARD, IPSEC_DIR_FWD);
        CHECK_CONST(PfKeyPolicyDirection::MAX, IPSEC_DIR_MAX);
        CHECK_CONST(PfKeyPolicyType::DISCARD, IPSEC_POLICY_DISCARD);
        CHECK_CONST(PfKeyPolicyType::NONE, IPSEC_POLICY_NONE);
        CHECK_CONST(PfKeyPolicyType::IPSEC, IPSEC_POLICY_IPSEC);
        CHECK_CONST(PfKeyPolicyType::ENTRUST, IPSEC_POLICY_ENTRUST);
        CHECK_CONST(PfKeyPolicyType::BYPASS, IPSEC_POLICY_BYPASS);
        CHECK_CONST(PfKeyIpsecLevel::DEFAULT, IPSEC_LEVEL_DEFAULT);
        CHECK_CONST(PfKeyIpsecLevel::USE, IPSEC_LEVEL_USE);
        CHECK_CONST(PfKeyIpsecLevel::REQUIRE, IPSEC_LEVEL_REQUIRE);
        CHECK_CONST(PfKeyIpsecLevel::UNIQUE, IPSEC_LEVEL_UNIQUE);
        CHECK_CONST(PFKEY_ULPROTO_ANY, IPSEC_ULPROTO_ANY);
        CHECK_CONST(PFKEY_PORT_ANY, IPSEC_PORT_ANY);
        CHECK_CONST(PFKEY_MANUAL_REQID_MAX, IPSEC_MANUAL_REQID_MAX);
        CHECK_CONST(PFKEY_AF_INET, AF_INET);
        CHECK_CONST(PFKEY_AF_INET6, AF_INET6);
#ifdef UDP_ENCAP_ESPINUDP
        CHECK_CONST(PfKeyNatTraversalType::ESP_IN_UDP, UDP_ENCAP_ESPINUDP);
        CHECK_CONST(PfKeyNatTraversalType::ESP_IN_UDP_NON_IKE, UDP_ENCAP_ESPINUDP_NON_IKE);
#endif
        CHECK_CONST(PfKeyErrno::NOT_PERMITTED, EPERM);
        CHECK_CONST(PfKeyErrno::NO_ENTRY, ENOENT);
        CHECK_CONST(PfKeyErrno::NO_SUCH_PROCESS, ESRCH);
        CHECK_CONST(PfKeyErrno::INTERRUPTED, EINTR);
        CHECK_CONST(PfKeyErrno::TRY_AGAIN, EAGAIN);
        CHECK_CONST(PfKeyErrno::NO_MEMORY, ENOMEM);
        CHECK_CONST(PfKeyErrno::BUSY, EBUSY);
        CHECK_CONST(PfKeyErrno::EXISTS, EEXIST);
        CHECK_CONST(PfKeyErrno::INVALID_ARGUMENT, EINVAL);
        CHECK_CONST(PfKeyErrno::NOT_IMPLEMENTED, ENOSYS);
        CHECK_CONST(PfKeyErrno::MESSAGE_SIZE, EMSGSIZE);
        CHECK_CONST(PfKeyErrno::PROTOCOL_NOT_SUPPORTED, EPROTONOSUPPORT);
        CHECK_CONST(PfKeyErrno::OPERATION_NOT_SUPPORTED, EOPNOTSUPP);
        CHECK_CONST(PfKeyErrno::NO_BUFFER_SPACE, ENOBUFS);
        // The registry's algorithm numbers are the PF_KEY numbers.
        CHECK_CONST(IpsecIntegrity::HMAC_MD5_96, SADB_AALG_MD5HMAC);
        CHECK_CONST(IpsecIntegrity::HMAC_SHA1_96, SADB_AALG_SHA1HMAC);
        CHECK_CONST(IpsecIntegrity::HMAC_SHA256_128, SADB_X_AALG_SHA2_256HMAC);
        CHECK_CONST(IpsecIntegrity::HMAC_SHA384_192, SADB_X_AALG_SHA2_384HMAC);
        CHECK_CONST(IpsecIntegrity::HMAC_SHA512_256, SADB_X_AALG_SHA2_512HMAC);
        CHECK_CONST(IpsecIntegrity::HMAC_RIPEMD160_96, SADB_X_AALG_RIPEMD160HMAC);
        CHECK_CONST(IpsecIntegrity::AES_XCBC_96, SADB_X_AALG_AES_XCBC_MAC);
        CHECK_CONST(IpsecEncryption::DES_CBC, SADB_EALG_DESCBC);
        CHECK_CONST(IpsecEncryption::TRIPLE_DES_CBC, SADB_EALG_3DESCBC);
        CHECK_CONST(IpsecEncryption::CAST_CBC, SADB_X_EALG_CASTCBC);
        CHECK_CONST(IpsecEncryption::BLOWFISH_CBC, SADB_X_EALG_BLOWFISHCBC);
        CHECK_CONST(IpsecEncryption::NULL_ENC, SADB_EALG_NULL);
        CHECK_CONST(IpsecEncryption::AES_CBC, SADB_X_EALG_AESCBC);
        CHECK_CONST(IpsecEncryption::AES_CTR, SADB_X_EALG_AESCTR);
        CHECK_CONST(IpsecEncryption::AES_CCM_ICV16, SADB_X_EALG_AES_CCM_ICV16);
        CHECK_CONST(IpsecEncryption::AES_GCM_ICV16, SADB_X_EALG_AES_GCM_ICV16);
        CHECK_CONST(IpsecEncryption::CAMELLIA_CBC, SADB_X_EALG_CAMELLIACBC);
        CHECK_CONST(IpsecEncryption::NULL_AES_GMAC, SADB_X_EALG_NULL_AES_GMAC);
        CHECK_CONST(IpsecEncryption::TWOFISH_CBC, SADB_X_EALG_TWOFISHCBC);
#undef CHECK_CONST
    }

    void CheckSockaddr(const std::vector<uint8_t>& bytes,
                       size_t offset,
                       const PfKeySockaddr& expected,
                       const std::string& what)
    {
        if (expected.address.IsIpv4())
        {
            auto sin = ReadAs<sockaddr_in>(bytes, offset);
            NS_TEST_EXPECT_MSG_EQ(sin.sin_family, AF_INET, what);
            NS_TEST_EXPECT_MSG_EQ(ntohs(sin.sin_port), expected.port, what << " port");
            NS_TEST_EXPECT_MSG_EQ(ntohl(sin.sin_addr.s_addr),
                                  expected.address.GetIpv4().Get(),
                                  what << " address");
        }
        else
        {
            auto sin6 = ReadAs<sockaddr_in6>(bytes, offset);
            NS_TEST_EXPECT_MSG_EQ(sin6.sin6_family, AF_INET6, what);
            NS_TEST_EXPECT_MSG_EQ(ntohs(sin6.sin6_port), expected.port, what << " port");
            NS_TEST_EXPECT_MSG_EQ(ntohl(sin6.sin6_flowinfo), expected.flowInfo, what << " flow");
            NS_TEST_EXPECT_MSG_EQ(sin6.sin6_scope_id, expected.scopeId, what << " scope");
            NS_TEST_EXPECT_MSG_EQ(std::memcmp(&sin6.sin6_addr, expected.address.GetBytes(), 16),
                                  0,
                                  what << " address");
        }
    }

    void CheckAddress(const std::vector<uint8_t>& bytes,
                      std::map<uint16_t, size_t>& at,
                      uint16_t type,
                      const PfKeyAddressExtension& expected)
    {
        auto a = ReadAs<sadb_address>(bytes, at[type]);
        const uint32_t sockaddrSize =
            expected.sockaddr.address.IsIpv4() ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        CHECK_FIELD(a, sadb_address_len, (sizeof(sadb_address) + sockaddrSize + 7) / 8);
        CHECK_FIELD(a, sadb_address_exttype, type);
        CHECK_FIELD(a, sadb_address_proto, expected.protocol);
        CHECK_FIELD(a, sadb_address_prefixlen, expected.prefixLength);
        CHECK_FIELD(a, sadb_address_reserved, 0);
        CheckSockaddr(bytes,
                      at[type] + sizeof(sadb_address),
                      expected.sockaddr,
                      "address extension " + std::to_string(type));
    }

    void CheckLifetime(const std::vector<uint8_t>& bytes,
                       size_t offset,
                       const PfKeyLifetimeExtension& e)
    {
        auto l = ReadAs<sadb_lifetime>(bytes, offset);
        CHECK_FIELD(l, sadb_lifetime_len, 4);
        CHECK_FIELD(l, sadb_lifetime_allocations, e.allocations);
        CHECK_FIELD(l, sadb_lifetime_bytes, e.bytes);
        CHECK_FIELD(l, sadb_lifetime_addtime, e.addTime);
        CHECK_FIELD(l, sadb_lifetime_usetime, e.useTime);
    }

    void CheckKey(const std::vector<uint8_t>& bytes, size_t offset, const PfKeyKeyExtension& e)
    {
        auto k = ReadAs<sadb_key>(bytes, offset);
        const uint32_t keyBytes = (e.bits + 7) / 8;
        CHECK_FIELD(k, sadb_key_len, (sizeof(sadb_key) + keyBytes + 7) / 8);
        CHECK_FIELD(k, sadb_key_bits, e.bits);
        CHECK_FIELD(k, sadb_key_reserved, 0);
        NS_TEST_EXPECT_MSG_EQ(
            std::memcmp(bytes.data() + offset + sizeof(sadb_key), e.data.data(), keyBytes),
            0,
            "key data follows struct sadb_key");
    }

    void CheckMessage(bool ipv6)
    {
        const PfKeyMessage m = EveryExtension(ipv6);
        const std::vector<uint8_t> bytes = m.Serialize();
        auto at = ExtensionOffsets(bytes);
        NS_TEST_EXPECT_MSG_EQ(at.size(), 24u, "every extension found by its Linux length");

        auto h = ReadAs<sadb_msg>(bytes, 0);
        CHECK_FIELD(h, sadb_msg_version, PF_KEY_V2);
        CHECK_FIELD(h, sadb_msg_type, SADB_X_SPDADD);
        CHECK_FIELD(h, sadb_msg_errno, EEXIST);
        CHECK_FIELD(h, sadb_msg_satype, SADB_SATYPE_ESP);
        CHECK_FIELD(h, sadb_msg_len, bytes.size() / 8);
        CHECK_FIELD(h, sadb_msg_reserved, 0x0203);
        CHECK_FIELD(h, sadb_msg_seq, 0x01020304);
        CHECK_FIELD(h, sadb_msg_pid, 0x0a0b0c0d);

        auto sa = ReadAs<sadb_sa>(bytes, at[SADB_EXT_SA]);
        CHECK_FIELD(sa, sadb_sa_len, 2);
        CHECK_FIELD(sa, sadb_sa_exttype, SADB_EXT_SA);
        CHECK_FIELD(sa, sadb_sa_spi, htonl(0x12345678));
        CHECK_FIELD(sa, sadb_sa_replay, 0x21);
        CHECK_FIELD(sa, sadb_sa_state, SADB_SASTATE_DYING);
        CHECK_FIELD(sa, sadb_sa_auth, SADB_X_AALG_SHA2_256HMAC);
        CHECK_FIELD(sa, sadb_sa_encrypt, SADB_X_EALG_AESCBC);
        CHECK_FIELD(sa, sadb_sa_flags, SADB_SAFLAGS_NOECN | SADB_SAFLAGS_PFS);

        CheckLifetime(bytes, at[SADB_EXT_LIFETIME_CURRENT], *m.currentLifetime);
        CheckLifetime(bytes, at[SADB_EXT_LIFETIME_HARD], *m.hardLifetime);
        CheckLifetime(bytes, at[SADB_EXT_LIFETIME_SOFT], *m.softLifetime);
        CheckAddress(bytes, at, SADB_EXT_ADDRESS_SRC, *m.sourceAddress);
        CheckAddress(bytes, at, SADB_EXT_ADDRESS_DST, *m.destinationAddress);
        CheckAddress(bytes, at, SADB_EXT_ADDRESS_PROXY, *m.proxyAddress);
        CheckAddress(bytes, at, SADB_X_EXT_NAT_T_OA, *m.natOriginalAddress);
        CheckKey(bytes, at[SADB_EXT_KEY_AUTH], *m.authKey);
        CheckKey(bytes, at[SADB_EXT_KEY_ENCRYPT], *m.encryptKey);

        for (uint16_t type : {SADB_EXT_IDENTITY_SRC, SADB_EXT_IDENTITY_DST})
        {
            const auto& e =
                type == SADB_EXT_IDENTITY_SRC ? *m.sourceIdentity : *m.destinationIdentity;
            auto id = ReadAs<sadb_ident>(bytes, at[type]);
            CHECK_FIELD(id, sadb_ident_len, (sizeof(sadb_ident) + e.text.size() + 1 + 7) / 8);
            CHECK_FIELD(id, sadb_ident_type, static_cast<uint16_t>(e.type));
            CHECK_FIELD(id, sadb_ident_reserved, 0);
            CHECK_FIELD(id, sadb_ident_id, e.id);
            const char* text =
                reinterpret_cast<const char*>(bytes.data() + at[type] + sizeof(sadb_ident));
            NS_TEST_EXPECT_MSG_EQ(std::string(text), e.text, "identity string after the struct");
        }

        auto sens = ReadAs<sadb_sens>(bytes, at[SADB_EXT_SENSITIVITY]);
        CHECK_FIELD(sens, sadb_sens_len, 2 + 3);
        CHECK_FIELD(sens, sadb_sens_dpd, 0x01020304);
        CHECK_FIELD(sens, sadb_sens_sens_level, 5);
        CHECK_FIELD(sens, sadb_sens_sens_len, 2);
        CHECK_FIELD(sens, sadb_sens_integ_level, 6);
        CHECK_FIELD(sens, sadb_sens_integ_len, 1);
        CHECK_FIELD(sens, sadb_sens_reserved, 0);
        const size_t bitmaps = at[SADB_EXT_SENSITIVITY] + sizeof(sadb_sens);
        NS_TEST_EXPECT_MSG_EQ(ReadAs<uint64_t>(bytes, bitmaps + 8), 0x2222222222222222ULL, "");
        NS_TEST_EXPECT_MSG_EQ(ReadAs<uint64_t>(bytes, bitmaps + 16), 0x3333333333333333ULL, "");

        auto prop = ReadAs<sadb_prop>(bytes, at[SADB_EXT_PROPOSAL]);
        CHECK_FIELD(prop, sadb_prop_len, (sizeof(sadb_prop) + 2 * sizeof(sadb_comb)) / 8);
        CHECK_FIELD(prop, sadb_prop_replay, 32);
        const auto& ec = m.proposal->combinations[0];
        auto c = ReadAs<sadb_comb>(bytes, at[SADB_EXT_PROPOSAL] + sizeof(sadb_prop));
        CHECK_FIELD(c, sadb_comb_auth, ec.auth);
        CHECK_FIELD(c, sadb_comb_encrypt, ec.encrypt);
        CHECK_FIELD(c, sadb_comb_flags, ec.flags);
        CHECK_FIELD(c, sadb_comb_auth_minbits, ec.authMinBits);
        CHECK_FIELD(c, sadb_comb_auth_maxbits, ec.authMaxBits);
        CHECK_FIELD(c, sadb_comb_encrypt_minbits, ec.encryptMinBits);
        CHECK_FIELD(c, sadb_comb_encrypt_maxbits, ec.encryptMaxBits);
        CHECK_FIELD(c, sadb_comb_reserved, 0);
        CHECK_FIELD(c, sadb_comb_soft_allocations, ec.softAllocations);
        CHECK_FIELD(c, sadb_comb_hard_allocations, ec.hardAllocations);
        CHECK_FIELD(c, sadb_comb_soft_bytes, ec.softBytes);
        CHECK_FIELD(c, sadb_comb_hard_bytes, ec.hardBytes);
        CHECK_FIELD(c, sadb_comb_soft_addtime, ec.softAddTime);
        CHECK_FIELD(c, sadb_comb_hard_addtime, ec.hardAddTime);
        CHECK_FIELD(c, sadb_comb_soft_usetime, ec.softUseTime);
        CHECK_FIELD(c, sadb_comb_hard_usetime, ec.hardUseTime);
        c = ReadAs<sadb_comb>(bytes, at[SADB_EXT_PROPOSAL] + sizeof(sadb_prop) + sizeof(sadb_comb));
        CHECK_FIELD(c, sadb_comb_auth, 2);
        CHECK_FIELD(c, sadb_comb_hard_usetime, 99);

        auto sup = ReadAs<sadb_supported>(bytes, at[SADB_EXT_SUPPORTED_AUTH]);
        CHECK_FIELD(sup, sadb_supported_len, 3);
        CHECK_FIELD(sup, sadb_supported_reserved, 0);
        auto alg = ReadAs<sadb_alg>(bytes, at[SADB_EXT_SUPPORTED_AUTH] + 16);
        CHECK_FIELD(alg, sadb_alg_id, 5);
        CHECK_FIELD(alg, sadb_alg_minbits, 256);
        CHECK_FIELD(alg, sadb_alg_maxbits, 256);
        alg = ReadAs<sadb_alg>(bytes, at[SADB_EXT_SUPPORTED_ENCRYPT] + 8);
        CHECK_FIELD(alg, sadb_alg_id, 12);
        CHECK_FIELD(alg, sadb_alg_ivlen, 16);
        CHECK_FIELD(alg, sadb_alg_minbits, 128);
        CHECK_FIELD(alg, sadb_alg_maxbits, 256);
        CHECK_FIELD(alg, sadb_alg_reserved, 0);

        auto range = ReadAs<sadb_spirange>(bytes, at[SADB_EXT_SPIRANGE]);
        CHECK_FIELD(range, sadb_spirange_len, 2);
        CHECK_FIELD(range, sadb_spirange_min, 0x100);
        CHECK_FIELD(range, sadb_spirange_max, 0xffff0000);
        CHECK_FIELD(range, sadb_spirange_reserved, 0);

        auto km = ReadAs<sadb_x_kmprivate>(bytes, at[SADB_X_EXT_KMPRIVATE]);
        CHECK_FIELD(km, sadb_x_kmprivate_len, 1);
        CHECK_FIELD(km, sadb_x_kmprivate_exttype, SADB_X_EXT_KMPRIVATE);
        auto ctx = ReadAs<sadb_x_sec_ctx>(bytes, at[SADB_X_EXT_SEC_CTX]);
        CHECK_FIELD(ctx, sadb_x_sec_len, 2);
        CHECK_FIELD(ctx, sadb_x_ctx_alg, 1);
        CHECK_FIELD(ctx, sadb_x_ctx_doi, 2);
        CHECK_FIELD(ctx, sadb_x_ctx_len, 5);

        auto pol = ReadAs<sadb_x_policy>(bytes, at[SADB_X_EXT_POLICY]);
        const uint32_t pairSize = ipv6 ? 2 * sizeof(sockaddr_in6) : 2 * sizeof(sockaddr_in);
        const uint32_t tunnelRequest = (sizeof(sadb_x_ipsecrequest) + pairSize + 7) / 8 * 8;
        CHECK_FIELD(pol,
                    sadb_x_policy_len,
                    (sizeof(sadb_x_policy) + sizeof(sadb_x_ipsecrequest) + tunnelRequest) / 8);
        CHECK_FIELD(pol, sadb_x_policy_exttype, SADB_X_EXT_POLICY);
        CHECK_FIELD(pol, sadb_x_policy_type, IPSEC_POLICY_IPSEC);
        CHECK_FIELD(pol, sadb_x_policy_dir, IPSEC_DIR_OUTBOUND);
        CHECK_FIELD(pol, sadb_x_policy_reserved, 0);
        CHECK_FIELD(pol, sadb_x_policy_id, 0x1234);
        CHECK_FIELD(pol, sadb_x_policy_priority, 0x7fff0000);
        size_t rqAt = at[SADB_X_EXT_POLICY] + sizeof(sadb_x_policy);
        auto rq = ReadAs<sadb_x_ipsecrequest>(bytes, rqAt);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_len, sizeof(sadb_x_ipsecrequest)); // bytes, not words
        CHECK_FIELD(rq, sadb_x_ipsecrequest_proto, IPPROTO_ESP);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_mode, IPSEC_MODE_TRANSPORT);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_level, IPSEC_LEVEL_UNIQUE);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_reserved1, 0);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_reqid, 0x2345);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_reserved2, 0);
        rqAt += rq.sadb_x_ipsecrequest_len;
        rq = ReadAs<sadb_x_ipsecrequest>(bytes, rqAt);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_len, tunnelRequest);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_proto, IPPROTO_AH);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_mode, IPSEC_MODE_TUNNEL);
        CHECK_FIELD(rq, sadb_x_ipsecrequest_level, IPSEC_LEVEL_REQUIRE);
        const auto& tunnel = m.policy->requests[1];
        const size_t sockaddrSize = ipv6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
        CheckSockaddr(bytes, rqAt + sizeof(rq), tunnel.tunnelSource, "tunnel source");
        CheckSockaddr(bytes,
                      rqAt + sizeof(rq) + sockaddrSize,
                      tunnel.tunnelDestination,
                      "tunnel destination");

        auto sa2 = ReadAs<sadb_x_sa2>(bytes, at[SADB_X_EXT_SA2]);
        CHECK_FIELD(sa2, sadb_x_sa2_len, 2);
        CHECK_FIELD(sa2, sadb_x_sa2_mode, IPSEC_MODE_TUNNEL);
        CHECK_FIELD(sa2, sadb_x_sa2_reserved1, 0);
        CHECK_FIELD(sa2, sadb_x_sa2_reserved2, 0);
        CHECK_FIELD(sa2, sadb_x_sa2_sequence, 0x31323334);
        CHECK_FIELD(sa2, sadb_x_sa2_reqid, 0x41424344);

        auto natType = ReadAs<sadb_x_nat_t_type>(bytes, at[SADB_X_EXT_NAT_T_TYPE]);
        CHECK_FIELD(natType, sadb_x_nat_t_type_len, 1);
        CHECK_FIELD(natType, sadb_x_nat_t_type_type, 2);
        auto sport = ReadAs<sadb_x_nat_t_port>(bytes, at[SADB_X_EXT_NAT_T_SPORT]);
        CHECK_FIELD(sport, sadb_x_nat_t_port_len, 1);
        CHECK_FIELD(sport, sadb_x_nat_t_port_exttype, SADB_X_EXT_NAT_T_SPORT);
        CHECK_FIELD(sport, sadb_x_nat_t_port_port, htons(4500));
        CHECK_FIELD(sport, sadb_x_nat_t_port_reserved, 0);
        auto dport = ReadAs<sadb_x_nat_t_port>(bytes, at[SADB_X_EXT_NAT_T_DPORT]);
        CHECK_FIELD(dport, sadb_x_nat_t_port_port, htons(4501));

        // Extensions appear in ascending type order, each a whole number of words.
        uint16_t previous = 0;
        for (const auto& [type, offset] : at)
        {
            NS_TEST_EXPECT_MSG_GT(type, previous, "ascending order");
            NS_TEST_EXPECT_MSG_EQ(offset % 8, 0u, "extension starts on a 64-bit boundary");
            previous = type;
        }
    }

    /// Bytes built with Linux's structs decode to the same values and re-encode identically.
    void CheckDecodeOfLinuxBytes()
    {
        std::vector<uint8_t> bytes;
        auto append = [&bytes](const auto& s) {
            const auto* p = reinterpret_cast<const uint8_t*>(&s);
            bytes.insert(bytes.end(), p, p + sizeof(s));
        };
        sadb_msg h{};
        h.sadb_msg_version = PF_KEY_V2;
        h.sadb_msg_type = SADB_ADD;
        h.sadb_msg_satype = SADB_SATYPE_ESP;
        h.sadb_msg_seq = 99;
        h.sadb_msg_pid = 1234;
        append(h);
        sadb_sa sa{};
        sa.sadb_sa_len = sizeof(sa) / 8;
        sa.sadb_sa_exttype = SADB_EXT_SA;
        sa.sadb_sa_spi = htonl(0xc0ffee01);
        sa.sadb_sa_replay = 64;
        sa.sadb_sa_state = SADB_SASTATE_MATURE;
        sa.sadb_sa_auth = SADB_X_AALG_SHA2_256HMAC;
        sa.sadb_sa_encrypt = SADB_X_EALG_AESCBC;
        append(sa);
        sadb_lifetime hard{};
        hard.sadb_lifetime_len = sizeof(hard) / 8;
        hard.sadb_lifetime_exttype = SADB_EXT_LIFETIME_HARD;
        hard.sadb_lifetime_bytes = 1 << 20;
        hard.sadb_lifetime_addtime = 600;
        append(hard);
        for (uint16_t type : {SADB_EXT_ADDRESS_SRC, SADB_EXT_ADDRESS_DST})
        {
            sadb_address a{};
            a.sadb_address_len = (sizeof(a) + sizeof(sockaddr_in6) + 7) / 8;
            a.sadb_address_exttype = type;
            a.sadb_address_proto = IPSEC_ULPROTO_ANY;
            a.sadb_address_prefixlen = 128;
            append(a);
            sockaddr_in6 sin6{};
            sin6.sin6_family = AF_INET6;
            inet_pton(AF_INET6,
                      type == SADB_EXT_ADDRESS_SRC ? "2001:db8::a" : "2001:db8::b",
                      &sin6.sin6_addr);
            append(sin6);
            bytes.resize(bytes.size() + 4); // pad 36 to 40 bytes
        }
        for (uint16_t type : {SADB_EXT_KEY_AUTH, SADB_EXT_KEY_ENCRYPT})
        {
            const uint16_t keyBytes = type == SADB_EXT_KEY_AUTH ? 32 : 16;
            sadb_key k{};
            k.sadb_key_len = (sizeof(k) + keyBytes) / 8;
            k.sadb_key_exttype = type;
            k.sadb_key_bits = keyBytes * 8;
            append(k);
            bytes.resize(bytes.size() + keyBytes, type == SADB_EXT_KEY_AUTH ? 0xa5 : 0x5a);
        }
        sadb_x_sa2 sa2{};
        sa2.sadb_x_sa2_len = sizeof(sa2) / 8;
        sa2.sadb_x_sa2_exttype = SADB_X_EXT_SA2;
        sa2.sadb_x_sa2_mode = IPSEC_MODE_TRANSPORT;
        sa2.sadb_x_sa2_reqid = 5;
        append(sa2);
        sadb_msg* header = reinterpret_cast<sadb_msg*>(bytes.data());
        header->sadb_msg_len = static_cast<uint16_t>(bytes.size() / 8);

        PfKeyMessage m;
        PfKeyStatus status = PfKeyMessage::Parse(bytes, m);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(m.CheckRequest().IsOk(), true, m.CheckRequest());
        NS_TEST_EXPECT_MSG_EQ(m.sa->spi, 0xc0ffee01u, "SPI in network order");
        NS_TEST_EXPECT_MSG_EQ(m.hardLifetime->addTime, 600u, "hard add time");
        NS_TEST_EXPECT_MSG_EQ(m.sourceAddress->sockaddr.address,
                              IpsecAddress(Ipv6Address("2001:db8::a")),
                              "source");
        NS_TEST_EXPECT_MSG_EQ(m.sa2->reqid, 5u, "reqid");
        NS_TEST_EXPECT_MSG_EQ((m.Serialize() == bytes), true, "re-encoded identically");

        IpsecSaParams params;
        status = PfKeyConverter::ToSaParams(m, params);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(params.integrity, IpsecIntegrity::HMAC_SHA256_128, "integrity");
        NS_TEST_EXPECT_MSG_EQ(params.encryptionKey.size(), 16u, "AES-128 key");
        NS_TEST_EXPECT_MSG_EQ(params.hardLifetime.addTime, Seconds(600), "hard add time");
    }

    void DoRun() override
    {
        CheckSizes();
        CheckConstants();
        CheckMessage(false);
        CheckMessage(true);
        CheckDecodeOfLinuxBytes();
    }
};

#undef CHECK_FIELD

#endif // PFKEY_TEST_LINUX_HEADERS

/**
 * @brief Every extension alone, and all together, for IPv4 and IPv6: decode(encode(m))
 * encodes to the same bytes and gives back the values.
 */
class PfKeyExtensionRoundTripTestCase : public TestCase
{
  public:
    PfKeyExtensionRoundTripTestCase()
        : TestCase("every extension round-trips, IPv4 and IPv6")
    {
    }

  private:
    void DoRun() override
    {
        for (bool ipv6 : {false, true})
        {
            const PfKeyMessage full = EveryExtension(ipv6);
            const std::vector<uint8_t> bytes = full.Serialize();
            NS_TEST_EXPECT_MSG_EQ(bytes.size() % 8, 0u, "whole words");
            PfKeyMessage back;
            PfKeyStatus status = PfKeyMessage::Parse(bytes, back);
            NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status << "\n" << Hex(bytes));
            NS_TEST_EXPECT_MSG_EQ((back.Serialize() == bytes), true, "exact round trip");
            NS_TEST_EXPECT_MSG_EQ(back.GetExtensionTypes().size(), 24u, "all extensions");

            // Values, not only bytes.
            NS_TEST_EXPECT_MSG_EQ(back.reserved, 0x0203, "reserved kept");
            NS_TEST_EXPECT_MSG_EQ(back.error, PfKeyErrno::EXISTS, "errno");
            NS_TEST_EXPECT_MSG_EQ(back.sa->spi, 0x12345678u, "spi");
            NS_TEST_EXPECT_MSG_EQ(back.sa->flags, full.sa->flags, "flags");
            NS_TEST_EXPECT_MSG_EQ(back.softLifetime->useTime, full.softLifetime->useTime, "use");
            NS_TEST_EXPECT_MSG_EQ(back.sourceAddress->sockaddr.address,
                                  full.sourceAddress->sockaddr.address,
                                  "source address");
            NS_TEST_EXPECT_MSG_EQ(back.sourceAddress->sockaddr.port, 4500, "port");
            NS_TEST_EXPECT_MSG_EQ(back.sourceAddress->sockaddr.flowInfo,
                                  full.sourceAddress->sockaddr.flowInfo,
                                  "flow info");
            NS_TEST_EXPECT_MSG_EQ(back.sourceAddress->prefixLength,
                                  full.sourceAddress->prefixLength,
                                  "prefix");
            NS_TEST_EXPECT_MSG_EQ(back.proxyAddress->protocol, 255, "proxy protocol");
            NS_TEST_EXPECT_MSG_EQ(back.encryptKey->bits, 36, "key bits");
            NS_TEST_EXPECT_MSG_EQ((back.encryptKey->data == full.encryptKey->data), true, "key");
            NS_TEST_EXPECT_MSG_EQ(back.destinationIdentity->text, "user@example.org0", "ident");
            NS_TEST_EXPECT_MSG_EQ(back.sensitivity->integrityBitmap.size(), 1u, "bitmap");
            NS_TEST_EXPECT_MSG_EQ(back.proposal->combinations.size(), 2u, "combinations");
            NS_TEST_EXPECT_MSG_EQ(back.proposal->combinations[1].hardUseTime, 99u, "comb");
            NS_TEST_EXPECT_MSG_EQ(back.supportedEncrypt->algorithms[0].ivLength, 16, "iv");
            NS_TEST_EXPECT_MSG_EQ(back.spiRange->max, 0xffff0000u, "spi range");
            NS_TEST_EXPECT_MSG_EQ(back.policy->requests.size(), 2u, "requests");
            NS_TEST_EXPECT_MSG_EQ(back.policy->requests[1].tunnelDestination.address,
                                  full.policy->requests[1].tunnelDestination.address,
                                  "tunnel endpoint");
            NS_TEST_EXPECT_MSG_EQ(back.policy->requests[0].reqid, 0x2345u, "reqid");
            NS_TEST_EXPECT_MSG_EQ(back.sa2->sequence, 0x31323334u, "sa2 sequence");
            NS_TEST_EXPECT_MSG_EQ(back.natDestinationPort->port, 4501, "NAT-T port");
            NS_TEST_EXPECT_MSG_EQ(back.natOriginalAddress->sockaddr.address,
                                  full.natOriginalAddress->sockaddr.address,
                                  "NAT-T original address");
            NS_TEST_EXPECT_MSG_EQ(back.opaqueExtensions.size(), 2u, "opaque kept");

            // Each extension alone.
            for (auto type : full.GetExtensionTypes())
            {
                PfKeyMessage one(PfKeyMessageType::GET, PfKeySaType::AH);
                PfKeyMessage source = full;
                // Copy one extension by round-tripping its bytes through a message.
                std::vector<uint8_t> fullBytes = source.Serialize();
                auto at = ExtensionOffsets(fullBytes);
                const size_t offset = at[static_cast<uint16_t>(type)];
                uint16_t units;
                std::memcpy(&units, fullBytes.data() + offset, 2);
                std::vector<uint8_t> single(fullBytes.begin(), fullBytes.begin() + 16);
                single.insert(single.end(),
                              fullBytes.begin() + offset,
                              fullBytes.begin() + offset + units * 8);
                const uint16_t total = static_cast<uint16_t>(single.size() / 8);
                std::memcpy(single.data() + 4, &total, 2);
                status = PfKeyMessage::Parse(single, one);
                NS_TEST_EXPECT_MSG_EQ(status.IsOk(),
                                      true,
                                      PfKeyExtensionTypeName(type) << ": " << status);
                NS_TEST_EXPECT_MSG_EQ(one.GetExtensionTypes().size(), 1u, "one extension");
                NS_TEST_EXPECT_MSG_EQ(one.HasExtension(type), true, "the right one");
                NS_TEST_EXPECT_MSG_EQ((one.Serialize() == single),
                                      true,
                                      PfKeyExtensionTypeName(type) << " round trip");
            }
        }

        // Address extension sizes: 24 bytes for IPv4, 40 for IPv6 (sockaddr_in6 padded).
        PfKeyMessage m(PfKeyMessageType::GET, PfKeySaType::ESP);
        m.sourceAddress = PfKeyAddressExtension::ForHost(Ipv4Address("10.0.0.1"));
        NS_TEST_EXPECT_MSG_EQ(m.GetSerializedSize(), 16u + 24u, "IPv4 address extension");
        NS_TEST_EXPECT_MSG_EQ(unsigned(m.sourceAddress->prefixLength), 32u, "host prefix");
        m.sourceAddress = PfKeyAddressExtension::ForHost(Ipv6Address("2001:db8::1"));
        NS_TEST_EXPECT_MSG_EQ(m.GetSerializedSize(), 16u + 40u, "IPv6 address extension");
        NS_TEST_EXPECT_MSG_EQ(unsigned(m.sourceAddress->prefixLength), 128u, "host prefix");

        // A key of 0 bits is the 8-byte struct alone; an empty identity string adds nothing.
        m = PfKeyMessage(PfKeyMessageType::ADD, PfKeySaType::ESP);
        m.encryptKey = PfKeyKeyExtension{};
        m.sourceIdentity = PfKeyIdentityExtension{};
        NS_TEST_EXPECT_MSG_EQ(m.GetSerializedSize(), 16u + 8u + 16u, "minimal extensions");
    }
};

/// One message of every type 1..24 round-trips; the user-sendable ones pass CheckRequest.
class PfKeyMessageTypesTestCase : public TestCase
{
  public:
    PfKeyMessageTypesTestCase()
        : TestCase("a message of each type round-trips; requests pass CheckRequest")
    {
    }

  private:
    void DoRun() override
    {
        using M = PfKeyMessageType;
        const auto messages = OneOfEachType();
        NS_TEST_ASSERT_MSG_EQ(messages.size(), 24u, "24 message types");
        for (const auto& m : messages)
        {
            const auto bytes = m.Serialize();
            PfKeyMessage back;
            PfKeyStatus status = PfKeyMessage::Parse(bytes, back);
            NS_TEST_EXPECT_MSG_EQ(status.IsOk(), true, m << ": " << status);
            NS_TEST_EXPECT_MSG_EQ(back.type, m.type, "type");
            NS_TEST_EXPECT_MSG_EQ(back.sequence, m.sequence, "sequence");
            NS_TEST_EXPECT_MSG_EQ(back.pid, 4242u, "pid");
            NS_TEST_EXPECT_MSG_EQ((back.Serialize() == bytes), true, m << " round trip");

            const bool kernelOnly = m.type == M::EXPIRE || m.type == M::X_PCHANGE ||
                                    m.type == M::X_SPDACQUIRE || m.type == M::X_SPDEXPIRE ||
                                    m.type == M::X_NAT_T_NEW_MAPPING;
            const PfKeyStatus check = back.CheckRequest();
            if (kernelOnly)
            {
                NS_TEST_EXPECT_MSG_EQ(check.error,
                                      PfKeyErrno::OPERATION_NOT_SUPPORTED,
                                      m << " is the kernel's");
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(check.IsOk(), true, m << ": " << check);
            }
        }

        // The error reply Linux sends: the header, errno set, no extensions.
        const PfKeyMessage reply = ValidAdd().MakeErrorReply(PfKeyErrno::EXISTS);
        NS_TEST_EXPECT_MSG_EQ(reply.Serialize().size(), 16u, "header only");
        NS_TEST_EXPECT_MSG_EQ(reply.error, PfKeyErrno::EXISTS, "errno");
        NS_TEST_EXPECT_MSG_EQ(reply.sequence, 7u, "sequence of the request");
        std::ostringstream os;
        os << reply;
        NS_TEST_EXPECT_MSG_EQ(os.str(),
                              "SADB_ADD SADB_SATYPE_ESP seq 7 pid 100 errno EEXIST []",
                              "");
    }
};

namespace
{

/// One malformed input: how to break valid bytes, and what Parse() must answer.
struct MalformedCase
{
    const char* name;                           //!< What is broken
    std::function<std::vector<uint8_t>()> make; //!< The bytes
    PfKeyErrno error;                           //!< Expected errno
    const char* reason;                         //!< Expected substring of the reason
};

/// Set a 16-bit host-order field of a byte buffer.
void
Put16(std::vector<uint8_t>& bytes, size_t offset, uint16_t value)
{
    std::memcpy(bytes.data() + offset, &value, 2);
}

/// The offset of an extension in a serialized message.
size_t
OffsetOf(const std::vector<uint8_t>& bytes, PfKeyExtensionType type)
{
    return ExtensionOffsets(bytes).at(static_cast<uint16_t>(type));
}

/// Append an extension's raw bytes and fix the header length.
std::vector<uint8_t>
WithExtension(std::vector<uint8_t> bytes, const std::vector<uint8_t>& extension)
{
    bytes.insert(bytes.end(), extension.begin(), extension.end());
    Put16(bytes, 4, static_cast<uint16_t>(bytes.size() / 8));
    return bytes;
}

} // namespace

/// A table of malformed messages, each refused with Linux's errno and a telling reason.
class PfKeyMalformedTestCase : public TestCase
{
  public:
    PfKeyMalformedTestCase()
        : TestCase("malformed messages are refused with the right errno and reason")
    {
    }

  private:
    void DoRun() override
    {
        using E = PfKeyExtensionType;
        const auto add = ValidAdd().Serialize();
        const auto full4 = EveryExtension(false).Serialize();
        const auto full6 = EveryExtension(true).Serialize();
        const auto spd = ValidSpdAdd().Serialize();
        const PfKeyErrno EINVAL_ = PfKeyErrno::INVALID_ARGUMENT;
        const PfKeyErrno EMSGSIZE_ = PfKeyErrno::MESSAGE_SIZE;

        std::vector<MalformedCase> cases = {
            {"empty", [] { return std::vector<uint8_t>(); }, EMSGSIZE_, "shorter than the 16"},
            {"8 bytes",
             [&] { return std::vector<uint8_t>(add.begin(), add.begin() + 8); },
             EMSGSIZE_,
             "shorter than the 16"},
            {"version 1",
             [&] {
                 auto b = add;
                 b[0] = 1;
                 return b;
             },
             EINVAL_,
             "PF_KEY_V2"},
            {"type 0",
             [&] {
                 auto b = add;
                 b[1] = 0;
                 return b;
             },
             EINVAL_,
             "reserved or unknown"},
            {"type 25",
             [&] {
                 auto b = add;
                 b[1] = 25;
                 return b;
             },
             EINVAL_,
             "type 25"},
            {"length too long",
             [&] {
                 auto b = add;
                 Put16(b, 4, b.size() / 8 + 1);
                 return b;
             },
             EMSGSIZE_,
             "sadb_msg_len"},
            {"length too short",
             [&] {
                 auto b = add;
                 Put16(b, 4, 2);
                 return b;
             },
             EMSGSIZE_,
             "sadb_msg_len"},
            {"buffer not whole words",
             [&] {
                 auto b = add;
                 b.push_back(0);
                 return b;
             },
             EMSGSIZE_,
             "sadb_msg_len"},
            {"extension length 0",
             [&] {
                 auto b = add;
                 Put16(b, 16, 0);
                 return b;
             },
             EINVAL_,
             "length 0"},
            {"extension past the end",
             [&] {
                 auto b = add;
                 Put16(b, 16, 0x100);
                 return b;
             },
             EINVAL_,
             "runs past the end"},
            {"extension type 0",
             [&] {
                 auto b = add;
                 Put16(b, 18, 0);
                 return b;
             },
             EINVAL_,
             "unknown type 0"},
            {"extension type 27",
             [&] {
                 auto b = add;
                 Put16(b, 18, 27);
                 return b;
             },
             EINVAL_,
             "unknown type 27"},
            {"duplicate SA",
             [&] {
                 return WithExtension(add,
                                      std::vector<uint8_t>(add.begin() + 16, add.begin() + 32));
             },
             EINVAL_,
             "duplicate SADB_EXT_SA"},
            {"SA too short",
             [&] {
                 return WithExtension(
                     PfKeyMessage(PfKeyMessageType::GET, PfKeySaType::ESP).Serialize(),
                     {1, 0, 1, 0, 0, 0, 0, 0});
             },
             EINVAL_,
             "SA extension is 8 bytes"},
            {"lifetime too short",
             [&] {
                 auto b = add;
                 Put16(b, OffsetOf(b, E::LIFETIME_HARD), 3);
                 return b;
             },
             EINVAL_,
             "lifetime extension is 24 bytes"},
            {"address family unknown",
             [&] {
                 auto b = add;
                 Put16(b, OffsetOf(b, E::ADDRESS_SRC) + 8, 99);
                 return b;
             },
             EINVAL_,
             "sockaddr family 99"},
            {"IPv4 address extension 5 words",
             [&] {
                 auto b = full4;
                 Put16(b, OffsetOf(b, E::ADDRESS_SRC) + 8, 10);
                 return b;
             },
             EINVAL_,
             "sockaddr_in6 does not fit"},
            {"IPv6 sockaddr in an IPv4-sized extension",
             [&] {
                 auto b = full6;
                 Put16(b, OffsetOf(b, E::ADDRESS_SRC) + 8, 2); // says AF_INET, 40 bytes long
                 return b;
             },
             EINVAL_,
             "needs exactly 24"},
            {"IPv4 prefix 33",
             [&] {
                 auto b = full4;
                 b[OffsetOf(b, E::ADDRESS_DST) + 5] = 33;
                 return b;
             },
             EINVAL_,
             "prefix length 33 exceeds 32"},
            {"IPv6 prefix 129",
             [&] {
                 auto b = full6;
                 b[OffsetOf(b, E::ADDRESS_DST) + 5] = 129;
                 return b;
             },
             EINVAL_,
             "prefix length 129 exceeds 128"},
            {"address too short",
             [&] {
                 auto b = add;
                 Put16(b, OffsetOf(b, E::ADDRESS_SRC), 2);
                 return b;
             },
             EINVAL_,
             "shorter than its struct"},
            {"key bits exceed extension",
             [&] {
                 auto b = add;
                 Put16(b, OffsetOf(b, E::KEY_AUTH) + 4, 1024);
                 return b;
             },
             EINVAL_,
             "key of 1024 bits does not fit"},
            {"key extension of one word with 1 bit",
             [&] {
                 return WithExtension(
                     PfKeyMessage(PfKeyMessageType::ADD, PfKeySaType::ESP).Serialize(),
                     {1, 0, 9, 0, 1, 0, 0, 0});
             },
             EINVAL_,
             "key of 1 bits"},
            {"identity string not terminated",
             [&] {
                 auto b = full4;
                 const size_t at = OffsetOf(b, E::IDENTITY_SRC);
                 std::fill(b.begin() + at + 16, b.begin() + at + 32, 'x');
                 return b;
             },
             EINVAL_,
             "not NUL-terminated"},
            {"sensitivity bitmaps overrun",
             [&] {
                 auto b = full4;
                 b[OffsetOf(b, E::SENSITIVITY) + 9] = 9;
                 return b;
             },
             EINVAL_,
             "sensitivity bitmaps"},
            {"proposal not whole combinations",
             [&] {
                 auto b = full4;
                 const size_t at = OffsetOf(b, E::PROPOSAL);
                 // One word shorter: 64 bytes of combinations, not a multiple of 72.
                 uint16_t units;
                 std::memcpy(&units, b.data() + at, 2);
                 Put16(b, at, units - 1);
                 return b;
             },
             EINVAL_,
             "whole number of 72-byte combinations"},
            {"SPI range too long",
             [&] {
                 return WithExtension(
                     PfKeyMessage(PfKeyMessageType::GETSPI, PfKeySaType::ESP).Serialize(),
                     std::vector<uint8_t>{3, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0});
             },
             EINVAL_,
             "SPI range extension is 24 bytes"},
            {"ipsecrequest longer than the policy",
             [&] {
                 auto b = spd;
                 Put16(b, OffsetOf(b, E::X_POLICY) + 16, 200);
                 return b;
             },
             EINVAL_,
             "ipsecrequest 1: length 200"},
            {"ipsecrequest shorter than its header",
             [&] {
                 auto b = spd;
                 Put16(b, OffsetOf(b, E::X_POLICY) + 16, 8);
                 return b;
             },
             EINVAL_,
             "ipsecrequest 1: length 8"},
            {"ipsecrequest length not a multiple of 8",
             [&] {
                 auto b = spd;
                 Put16(b, OffsetOf(b, E::X_POLICY) + 16, 20);
                 return b;
             },
             EINVAL_,
             "not a multiple of 8"},
            {"ipsecrequest tunnel family unknown",
             [&] {
                 auto b = spd;
                 Put16(b, OffsetOf(b, E::X_POLICY) + 32, 7);
                 return b;
             },
             EINVAL_,
             "tunnel source: sockaddr family 7"},
            {"ipsecrequest endpoints of two families",
             [&] {
                 auto b = ValidSpdAdd(true).Serialize();
                 // Make the destination sockaddr_in6 say AF_INET: the pair no longer matches.
                 Put16(b, OffsetOf(b, E::X_POLICY) + 32 + 28, 2);
                 return b;
             },
             EINVAL_,
             "two address families"},
            {"ipsecrequest trailing word",
             [&] {
                 auto b = spd;
                 const size_t at = OffsetOf(b, E::X_POLICY);
                 uint16_t units;
                 std::memcpy(&units, b.data() + at, 2);
                 Put16(b, at, units + 1);
                 b.insert(b.begin() + at + units * 8, 8, 0);
                 Put16(b, 4, b.size() / 8);
                 return b;
             },
             EINVAL_,
             "fewer bytes left than its 16-byte header"},
            {"SA2 too long",
             [&] {
                 auto b = add;
                 const size_t at = OffsetOf(b, E::X_SA2);
                 Put16(b, at, 3);
                 b.insert(b.begin() + at + 16, 8, 0);
                 Put16(b, 4, b.size() / 8);
                 return b;
             },
             EINVAL_,
             "SA2 extension is 24 bytes"},
            {"NAT-T port too long",
             [&] {
                 return WithExtension(
                     PfKeyMessage(PfKeyMessageType::ADD, PfKeySaType::ESP).Serialize(),
                     {2, 0, 21, 0, 0x11, 0x94, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
             },
             EINVAL_,
             "NAT-T port extension is 16 bytes"},
            {"NAT-T original address family unknown",
             [&] {
                 auto b = full4;
                 Put16(b, OffsetOf(b, E::X_NAT_T_OA) + 8, 0);
                 return b;
             },
             EINVAL_,
             "SADB_X_EXT_NAT_T_OA: address extension: sockaddr family 0"},
            {"security context length mismatch",
             [&] {
                 auto b = full4;
                 Put16(b, OffsetOf(b, E::X_SEC_CTX) + 6, 9);
                 return b;
             },
             EINVAL_,
             "security context of 9 bytes"},
            {"filter too short",
             [&] {
                 return WithExtension(
                     PfKeyMessage(PfKeyMessageType::DUMP, PfKeySaType::ESP).Serialize(),
                     {1, 0, 26, 0, 0, 0, 0, 0});
             },
             EINVAL_,
             "SADB_X_EXT_FILTER extension is 8 bytes"},
        };

        for (const auto& c : cases)
        {
            const std::vector<uint8_t> bytes = c.make();
            PfKeyMessage m;
            const PfKeyStatus status = PfKeyMessage::Parse(bytes, m);
            NS_TEST_EXPECT_MSG_EQ(status.error,
                                  c.error,
                                  c.name << ": got " << status << "\n"
                                         << Hex(bytes));
            NS_TEST_EXPECT_MSG_NE(status.reason.find(c.reason),
                                  std::string::npos,
                                  c.name << ": reason \"" << status.reason << "\" lacks \""
                                         << c.reason << "\"");
        }
        // A null pointer is a zero-length buffer.
        PfKeyMessage m;
        NS_TEST_EXPECT_MSG_EQ(PfKeyMessage::Parse(nullptr, 16, m).error, EMSGSIZE_, "null");
    }
};

/// CheckRequest() names what a request lacks.
class PfKeyCheckRequestTestCase : public TestCase
{
  public:
    PfKeyCheckRequestTestCase()
        : TestCase("CheckRequest refuses requests lacking mandatory extensions, naming them")
    {
    }

  private:
    void DoRun() override
    {
        using M = PfKeyMessageType;

        struct Case
        {
            const char* name;
            std::function<PfKeyMessage()> make;
            PfKeyErrno error;
            const char* reason;
        };

        const PfKeyErrno EINVAL_ = PfKeyErrno::INVALID_ARGUMENT;
        const std::vector<Case> cases = {
            {"ADD without SA",
             [] {
                 auto m = ValidAdd();
                 m.sa.reset();
                 return m;
             },
             EINVAL_,
             "SADB_ADD needs SADB_EXT_SA"},
            {"ADD without source",
             [] {
                 auto m = ValidAdd();
                 m.sourceAddress.reset();
                 return m;
             },
             EINVAL_,
             "SADB_ADD needs SADB_EXT_ADDRESS_SRC"},
            {"UPDATE without destination",
             [] {
                 auto m = ValidAdd();
                 m.type = M::UPDATE;
                 m.destinationAddress.reset();
                 return m;
             },
             EINVAL_,
             "SADB_UPDATE needs SADB_EXT_ADDRESS_DST"},
            {"ADD ESP without encryption key",
             [] {
                 auto m = ValidAdd();
                 m.encryptKey.reset();
                 return m;
             },
             EINVAL_,
             "SADB_ADD needs SADB_EXT_KEY_ENCRYPT"},
            {"ADD AH without authentication key",
             [] {
                 auto m = ValidAdd();
                 m.saType = PfKeySaType::AH;
                 m.authKey.reset();
                 return m;
             },
             EINVAL_,
             "SADB_ADD needs SADB_EXT_KEY_AUTH"},
            {"ADD with a 0-bit key for AES",
             [] {
                 auto m = ValidAdd();
                 m.encryptKey = PfKeyKeyExtension{};
                 return m;
             },
             EINVAL_,
             "encryption key of 0 bits"},
            {"ADD with mixed families",
             [] {
                 auto m = ValidAdd();
                 m.destinationAddress = PfKeyAddressExtension::ForHost(Ipv6Address("::1"));
                 return m;
             },
             EINVAL_,
             "different families"},
            {"ADD with SA type UNSPEC",
             [] {
                 auto m = ValidAdd();
                 m.saType = PfKeySaType::UNSPEC;
                 return m;
             },
             EINVAL_,
             "needs SA type AH, ESP or IPCOMP"},
            {"ADD with algorithm 252 for auth",
             [] {
                 auto m = ValidAdd();
                 m.sa->auth = 252;
                 return m;
             },
             EINVAL_,
             "beyond SADB_AALG_MAX"},
            {"GETSPI without addresses",
             [] { return PfKeyMessage(M::GETSPI, PfKeySaType::ESP); },
             EINVAL_,
             "SADB_GETSPI needs SADB_EXT_ADDRESS_SRC"},
            {"GETSPI with an inverted range",
             [] {
                 auto m = OneOfEachType()[0];
                 m.spiRange = PfKeySpiRangeExtension{0x2000, 0x1000};
                 return m;
             },
             EINVAL_,
             "exceeds its maximum"},
            {"DELETE without SA",
             [] {
                 auto m = OneOfEachType()[3];
                 m.sa.reset();
                 return m;
             },
             EINVAL_,
             "SADB_DELETE needs SADB_EXT_SA"},
            {"GET without destination",
             [] {
                 auto m = OneOfEachType()[4];
                 m.destinationAddress.reset();
                 return m;
             },
             EINVAL_,
             "SADB_GET needs SADB_EXT_ADDRESS_DST"},
            {"ACQUIRE without proposal",
             [] {
                 auto m = OneOfEachType()[5];
                 m.proposal.reset();
                 return m;
             },
             EINVAL_,
             "SADB_ACQUIRE needs SADB_EXT_PROPOSAL"},
            {"FLUSH of RSVP SAs",
             [] { return PfKeyMessage(M::FLUSH, PfKeySaType::RSVP); },
             EINVAL_,
             "SADB_SATYPE_RSVP"},
            {"REGISTER of SA type 10",
             [] { return PfKeyMessage(M::REGISTER, static_cast<PfKeySaType>(10)); },
             EINVAL_,
             "beyond SADB_SATYPE_MAX"},
            {"reserved header field",
             [] {
                 PfKeyMessage m(M::DUMP, PfKeySaType::UNSPEC);
                 m.reserved = 1;
                 return m;
             },
             EINVAL_,
             "sadb_msg_reserved"},
            {"SPDADD without policy",
             [] {
                 auto m = ValidSpdAdd();
                 m.policy.reset();
                 return m;
             },
             EINVAL_,
             "SADB_X_SPDADD needs SADB_X_EXT_POLICY"},
            {"SPDADD without source",
             [] {
                 auto m = ValidSpdAdd();
                 m.sourceAddress.reset();
                 return m;
             },
             EINVAL_,
             "SADB_X_SPDADD needs SADB_EXT_ADDRESS_SRC"},
            {"SPDADD direction any",
             [] {
                 auto m = ValidSpdAdd();
                 m.policy->direction = PfKeyPolicyDirection::ANY;
                 return m;
             },
             EINVAL_,
             "policy direction 0"},
            {"SPDADD policy type entrust",
             [] {
                 auto m = ValidSpdAdd();
                 m.policy->type = PfKeyPolicyType::ENTRUST;
                 return m;
             },
             EINVAL_,
             "policy type 3"},
            {"SPDADD tunnel without endpoints",
             [] {
                 auto m = ValidSpdAdd();
                 m.policy->requests[0].hasEndpoints = false;
                 return m;
             },
             EINVAL_,
             "tunnel mode without tunnel endpoints"},
            {"SPDADD request protocol 17",
             [] {
                 auto m = ValidSpdAdd();
                 m.policy->requests[0].protocol = 17;
                 return m;
             },
             EINVAL_,
             "protocol 17"},
            {"SPDADD request level 4",
             [] {
                 auto m = ValidSpdAdd();
                 m.policy->requests[0].level = static_cast<PfKeyIpsecLevel>(4);
                 return m;
             },
             EINVAL_,
             "level 4"},
            {"SPDDELETE without destination",
             [] {
                 auto m = ValidSpdAdd();
                 m.type = M::X_SPDDELETE;
                 m.destinationAddress.reset();
                 return m;
             },
             EINVAL_,
             "SADB_X_SPDDELETE needs SADB_EXT_ADDRESS_DST"},
            {"SPDGET without policy",
             [] { return PfKeyMessage(M::X_SPDGET, PfKeySaType::UNSPEC); },
             EINVAL_,
             "SADB_X_SPDGET needs SADB_X_EXT_POLICY"},
            {"SPDDELETE2 without policy",
             [] { return PfKeyMessage(M::X_SPDDELETE2, PfKeySaType::UNSPEC); },
             EINVAL_,
             "SADB_X_SPDDELETE2 needs SADB_X_EXT_POLICY"},
            {"EXPIRE from a user",
             [] { return PfKeyMessage(M::EXPIRE, PfKeySaType::ESP); },
             PfKeyErrno::OPERATION_NOT_SUPPORTED,
             "kernel only"},
            {"reserved type", [] { return PfKeyMessage(); }, EINVAL_, "reserved or unknown"},
        };
        for (const auto& c : cases)
        {
            const PfKeyMessage m = c.make();
            const PfKeyStatus status = m.CheckRequest();
            NS_TEST_EXPECT_MSG_EQ(status.error, c.error, c.name << ": got " << status);
            NS_TEST_EXPECT_MSG_NE(status.reason.find(c.reason),
                                  std::string::npos,
                                  c.name << ": reason \"" << status.reason << "\"");
        }
        // Messages needing nothing beyond the header.
        for (auto type : {M::REGISTER, M::FLUSH, M::DUMP, M::X_SPDDUMP, M::X_SPDFLUSH})
        {
            const PfKeyMessage m(type, PfKeySaType::UNSPEC);
            NS_TEST_EXPECT_MSG_EQ(m.CheckRequest().IsOk(), true, m << ": " << m.CheckRequest());
        }
        // A key manager's negative answer to an ACQUIRE is the bare header.
        PfKeyMessage nack(M::ACQUIRE, PfKeySaType::ESP);
        nack.error = PfKeyErrno::NO_ENTRY;
        NS_TEST_EXPECT_MSG_EQ(nack.CheckRequest().IsOk(), true, "bare ACQUIRE");
        // Linux's NULL algorithms take keys of 0 bits.
        PfKeyMessage nullEsp = ValidAdd();
        nullEsp.sa->encrypt = PFKEY_EALG_NULL;
        nullEsp.encryptKey = PfKeyKeyExtension{};
        NS_TEST_EXPECT_MSG_EQ(nullEsp.CheckRequest().IsOk(), true, nullEsp.CheckRequest());
    }
};

/**
 * @brief Truncations, bit flips and random byte changes of valid messages: never a crash,
 * always either an error with a reason or a message that re-encodes to bytes which decode to
 * the same message (a fixed point).
 */
class PfKeyFuzzTestCase : public TestCase
{
  public:
    PfKeyFuzzTestCase()
        : TestCase("truncated and bit-flipped messages: a message or an error, never a crash")
    {
    }

  private:
    uint32_t m_accepted = 0; //!< Mutants that decoded
    uint32_t m_refused = 0;  //!< Mutants refused

    void Check(const std::vector<uint8_t>& bytes, const std::string& what)
    {
        PfKeyMessage m;
        const PfKeyStatus status = PfKeyMessage::Parse(bytes, m);
        if (!status.IsOk())
        {
            ++m_refused;
            NS_TEST_EXPECT_MSG_EQ(status.reason.empty(), false, what << ": reason given");
            NS_TEST_EXPECT_MSG_EQ((status.error == PfKeyErrno::INVALID_ARGUMENT ||
                                   status.error == PfKeyErrno::MESSAGE_SIZE),
                                  true,
                                  what << ": " << status);
            return;
        }
        ++m_accepted;
        // Decoded: its canonical encoding decodes to the same canonical encoding.
        const auto canonical = m.Serialize();
        PfKeyMessage again;
        const PfKeyStatus second = PfKeyMessage::Parse(canonical, again);
        NS_TEST_EXPECT_MSG_EQ(second.IsOk(), true, what << ": canonical form refused: " << second);
        NS_TEST_EXPECT_MSG_EQ((again.Serialize() == canonical), true, what << ": fixed point");
        m.CheckRequest(); // must not crash either
    }

    void DoRun() override
    {
        std::vector<std::vector<uint8_t>> seeds = {EveryExtension(false).Serialize(),
                                                   EveryExtension(true).Serialize(),
                                                   ValidAdd().Serialize(),
                                                   ValidSpdAdd(true).Serialize()};
        for (const auto& m : OneOfEachType())
        {
            seeds.push_back(m.Serialize());
        }
        std::mt19937 random(20260101);
        for (size_t s = 0; s < seeds.size(); ++s)
        {
            const auto& seed = seeds[s];
            const std::string name = "seed " + std::to_string(s);
            // Every truncation, with the header length left alone and with it fixed.
            for (size_t size = 0; size < seed.size(); ++size)
            {
                std::vector<uint8_t> cut(seed.begin(), seed.begin() + size);
                Check(cut, name + " cut at " + std::to_string(size));
                if (size >= 16 && size % 8 == 0)
                {
                    Put16(cut, 4, static_cast<uint16_t>(size / 8));
                    Check(cut, name + " cut at " + std::to_string(size) + ", length fixed");
                }
            }
            // Every single-bit flip of the first two seeds; a sample of the others.
            const size_t bits = seed.size() * 8;
            const size_t step = s < 2 ? 1 : 7;
            for (size_t bit = 0; bit < bits; bit += step)
            {
                auto flipped = seed;
                flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
                Check(flipped, name + " bit " + std::to_string(bit));
            }
            // Random multi-byte damage.
            for (int round = 0; round < 300; ++round)
            {
                auto damaged = seed;
                const int changes = 1 + static_cast<int>(random() % 4);
                for (int c = 0; c < changes; ++c)
                {
                    damaged[random() % damaged.size()] = static_cast<uint8_t>(random());
                }
                Check(damaged, name + " random round " + std::to_string(round));
            }
        }
        // Random garbage with a valid header.
        for (int round = 0; round < 2000; ++round)
        {
            std::vector<uint8_t> garbage(16 + 8 * (random() % 40));
            for (auto& byte : garbage)
            {
                byte = static_cast<uint8_t>(random());
            }
            garbage[0] = PFKEY_VERSION;
            garbage[1] = static_cast<uint8_t>(1 + random() % 24);
            Put16(garbage, 4, static_cast<uint16_t>(garbage.size() / 8));
            Check(garbage, "garbage " + std::to_string(round));
        }
        NS_TEST_EXPECT_MSG_GT(m_accepted, 0u, "some mutants are valid messages");
        NS_TEST_EXPECT_MSG_GT(m_refused, 0u, "some mutants are refused");
    }
};

/// SA parameters to messages and back; what PF_KEY cannot carry is refused.
class PfKeySaConversionTestCase : public TestCase
{
  public:
    PfKeySaConversionTestCase()
        : TestCase("SA parameters to PF_KEY and back; unrepresentable values refused")
    {
    }

  private:
    void RoundTrip(const IpsecSaParams& p, const std::string& what)
    {
        PfKeyMessage m;
        PfKeyStatus status = PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, p, m, 1, 2);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, what << ": " << status);
        NS_TEST_EXPECT_MSG_EQ(m.CheckRequest().IsOk(), true, what << ": " << m.CheckRequest());
        PfKeyMessage wire;
        status = PfKeyMessage::Parse(m.Serialize(), wire);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, what << ": " << status);
        IpsecSaParams back;
        status = PfKeyConverter::ToSaParams(wire, back);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, what << ": " << status);
        NS_TEST_EXPECT_MSG_EQ(back.protocol, p.protocol, what);
        NS_TEST_EXPECT_MSG_EQ(back.mode, p.mode, what);
        NS_TEST_EXPECT_MSG_EQ(back.spi, p.spi, what);
        NS_TEST_EXPECT_MSG_EQ(back.source, p.source, what);
        NS_TEST_EXPECT_MSG_EQ(back.destination, p.destination, what);
        NS_TEST_EXPECT_MSG_EQ(back.encryption, p.encryption, what);
        NS_TEST_EXPECT_MSG_EQ(back.integrity, p.integrity, what);
        NS_TEST_EXPECT_MSG_EQ((back.encryptionKey == p.encryptionKey), true, what << " enc key");
        NS_TEST_EXPECT_MSG_EQ((back.integrityKey == p.integrityKey), true, what << " auth key");
        NS_TEST_EXPECT_MSG_EQ(back.replayWindow, p.replayWindow, what);
        NS_TEST_EXPECT_MSG_EQ(back.softLifetime.addTime, p.softLifetime.addTime, what);
        NS_TEST_EXPECT_MSG_EQ(back.hardLifetime.bytes, p.hardLifetime.bytes, what);
        NS_TEST_EXPECT_MSG_EQ(back.hardLifetime.allocations, p.hardLifetime.allocations, what);
    }

    void DoRun() override
    {
        IpsecSaParams esp;
        esp.spi = 0x4000;
        esp.mode = IpsecMode::TUNNEL;
        esp.source = Ipv4Address("192.0.2.1");
        esp.destination = Ipv4Address("192.0.2.2");
        esp.encryption = IpsecEncryption::AES_CBC;
        esp.encryptionKey.assign(32, 0x31);
        esp.integrity = IpsecIntegrity::HMAC_SHA256_128;
        esp.integrityKey.assign(32, 0x32);
        esp.softLifetime.addTime = Seconds(50);
        esp.hardLifetime.addTime = Seconds(60);
        esp.hardLifetime.bytes = 123456;
        esp.hardLifetime.allocations = 1000;
        RoundTrip(esp, "ESP AES-CBC HMAC-SHA-256 tunnel IPv4");

        IpsecSaParams gcm = esp;
        gcm.mode = IpsecMode::TRANSPORT;
        gcm.source = Ipv6Address("2001:db8::1");
        gcm.destination = Ipv6Address("2001:db8::2");
        gcm.encryption = IpsecEncryption::AES_GCM_ICV16;
        gcm.encryptionKey.assign(20, 0x41); // 16-byte key + 4-byte salt
        gcm.integrity = IpsecIntegrity::NONE;
        gcm.integrityKey.clear();
        RoundTrip(gcm, "ESP AES-GCM IPv6 transport");

        IpsecSaParams ah;
        ah.protocol = IpsecProtocol::AH;
        ah.spi = 0x5000;
        ah.source = Ipv6Address("2001:db8::1");
        ah.destination = Ipv6Address("2001:db8::2");
        ah.encryption = IpsecEncryption::NONE;
        ah.integrity = IpsecIntegrity::HMAC_SHA1_96;
        ah.integrityKey.assign(20, 0x51);
        RoundTrip(ah, "AH HMAC-SHA1 IPv6");

        // The module's private number 250: carried, flagged as not assigned by Linux.
        IpsecSaParams chacha = gcm;
        chacha.encryption = IpsecEncryption::CHACHA20_POLY1305;
        chacha.encryptionKey.assign(36, 0x61);
        NS_TEST_EXPECT_MSG_EQ(
            IpsecAlgorithmRegistry::Find(IpsecEncryption::CHACHA20_POLY1305)->pfkeyAssigned,
            false,
            "ChaCha20-Poly1305 has no Linux PF_KEY number");
        RoundTrip(chacha, "ESP ChaCha20-Poly1305 (private number 250)");

        IpsecSaParams nullEsp = esp;
        nullEsp.encryption = IpsecEncryption::NULL_ENC;
        nullEsp.encryptionKey.clear();
        RoundTrip(nullEsp, "ESP NULL with HMAC");
        PfKeyMessage m;
        PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, nullEsp, m);
        NS_TEST_EXPECT_MSG_EQ(m.encryptKey.has_value(), true, "ESP NULL still carries a key ext");
        NS_TEST_EXPECT_MSG_EQ(m.encryptKey->bits, 0, "of 0 bits");

        // What PF_KEY cannot carry.
        auto refuse = [this, &esp](std::function<void(IpsecSaParams&)> change, const char* reason) {
            IpsecSaParams p = esp;
            change(p);
            PfKeyMessage out;
            const PfKeyStatus status = PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, p, out);
            NS_TEST_EXPECT_MSG_EQ(status.error, PfKeyErrno::INVALID_ARGUMENT, reason);
            NS_TEST_EXPECT_MSG_NE(status.reason.find(reason), std::string::npos, status);
        };
        refuse([](IpsecSaParams& p) { p.extendedSequenceNumbers = true; }, "extended sequence");
        refuse([](IpsecSaParams& p) { p.initialSequence = 5; }, "starting sequence");
        refuse([](IpsecSaParams& p) { p.replayWindow = 1024; }, "replay window 1024");
        refuse([](IpsecSaParams& p) { p.softLifetime.useTime = MilliSeconds(1500); },
               "whole number of seconds");

        // Messages the module cannot take as SA parameters.
        auto refuseMessage = [this](std::function<void(PfKeyMessage&)> change,
                                    PfKeyErrno error,
                                    const char* reason) {
            PfKeyMessage message = ValidAdd();
            change(message);
            IpsecSaParams out;
            const PfKeyStatus status = PfKeyConverter::ToSaParams(message, out);
            NS_TEST_EXPECT_MSG_EQ(status.error, error, reason << ": " << status);
            NS_TEST_EXPECT_MSG_NE(status.reason.find(reason), std::string::npos, status);
        };
        refuseMessage([](PfKeyMessage& x) { x.saType = PfKeySaType::X_IPCOMP; },
                      PfKeyErrno::INVALID_ARGUMENT,
                      "not an SA type the module keys");
        refuseMessage([](PfKeyMessage& x) { x.sa2->mode = PfKeyIpsecMode::BEET; },
                      PfKeyErrno::INVALID_ARGUMENT,
                      "BEET");
        refuseMessage([](PfKeyMessage& x) { x.sa->encrypt = 99; },
                      PfKeyErrno::NOT_IMPLEMENTED,
                      "encryption algorithm 99");
        refuseMessage([](PfKeyMessage& x) { x.sa->auth = 10; }, // SM3: Linux knows it, we do not
                      PfKeyErrno::NOT_IMPLEMENTED,
                      "authentication algorithm 10");
        refuseMessage([](PfKeyMessage& x) { x.encryptKey->bits = 100; },
                      PfKeyErrno::INVALID_ARGUMENT,
                      "not whole bytes");
        refuseMessage([](PfKeyMessage& x) { x.encryptKey = PfKeyKeyExtension::FromBytes({1}); },
                      PfKeyErrno::INVALID_ARGUMENT,
                      "key");
        refuseMessage([](PfKeyMessage& x) { x.sa->replayWindow = 0; },
                      PfKeyErrno::INVALID_ARGUMENT,
                      "replay window 0");
        refuseMessage(
            [](PfKeyMessage& x) {
                x.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP_NON_IKE};
            },
            PfKeyErrno::INVALID_ARGUMENT,
            "NAT-T type 1");
        refuseMessage([](PfKeyMessage& x) { x.sa.reset(); },
                      PfKeyErrno::INVALID_ARGUMENT,
                      "SADB_EXT_SA");
        refuseMessage(
            [](PfKeyMessage& x) {
                x.softLifetime->addTime = 7200; // soft beyond hard (3600)
            },
            PfKeyErrno::INVALID_ARGUMENT,
            "soft");
        // Linux's "no authentication" number reads as none.
        PfKeyMessage noAuth = ValidAdd();
        noAuth.sa->auth = PFKEY_AALG_X_NULL;
        noAuth.sa->encrypt = static_cast<uint8_t>(IpsecEncryption::AES_GCM_ICV16);
        noAuth.encryptKey = PfKeyKeyExtension::FromBytes(std::vector<uint8_t>(20, 7));
        noAuth.authKey.reset();
        IpsecSaParams out;
        const PfKeyStatus status = PfKeyConverter::ToSaParams(noAuth, out);
        NS_TEST_EXPECT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(out.integrity, IpsecIntegrity::NONE, "SADB_X_AALG_NULL");
    }
};

/// X_POLICY with address extensions to IpsecPolicy, and a policy's bundle to X_POLICY.
class PfKeyPolicyConversionTestCase : public TestCase
{
  public:
    PfKeyPolicyConversionTestCase()
        : TestCase("X_POLICY and addresses to IpsecPolicy and back")
    {
    }

  private:
    static IpsecFlowKey Flow(IpsecDirection direction,
                             const char* local,
                             const char* remote,
                             uint8_t protocol,
                             uint16_t localPort,
                             uint16_t remotePort)
    {
        IpsecFlowKey key;
        key.direction = direction;
        IpsecAddress::Parse(local, key.local);
        IpsecAddress::Parse(remote, key.remote);
        key.protocol = protocol;
        key.localPort = localPort;
        key.remotePort = remotePort;
        return key;
    }

    void DoRun() override
    {
        // Outbound: UDP from 10.1.0.0/16 to port 53 of 10.2.0.0/16 through an ESP tunnel.
        PfKeyMessage m = ValidSpdAdd();
        m.sourceAddress->protocol = 17;
        m.destinationAddress->protocol = 17;
        m.destinationAddress->sockaddr.port = 53;
        Ptr<IpsecPolicy> policy;
        PfKeyStatus status = PfKeyConverter::ToPolicy(m, policy);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(policy->GetAction(), IpsecAction::PROTECT, "ipsec: protect");
        NS_TEST_EXPECT_MSG_EQ(policy->GetProtocol(), IpsecProtocol::ESP, "ESP");
        NS_TEST_EXPECT_MSG_EQ(policy->GetMode(), IpsecMode::TUNNEL, "tunnel");
        NS_TEST_EXPECT_MSG_EQ(policy->GetTunnelLocal(),
                              IpsecAddress(Ipv4Address("192.0.2.1")),
                              "outbound: tunnel source is local");
        NS_TEST_EXPECT_MSG_EQ(policy->GetTunnelRemote(),
                              IpsecAddress(Ipv4Address("192.0.2.2")),
                              "tunnel destination is remote");
        const auto& selector = policy->GetSelector();
        NS_TEST_EXPECT_MSG_EQ(
            selector.Matches(Flow(IpsecDirection::OUTBOUND, "10.1.3.4", "10.2.9.9", 17, 40000, 53)),
            true,
            "inside the prefixes, UDP to 53");
        NS_TEST_EXPECT_MSG_EQ(
            selector.Matches(Flow(IpsecDirection::OUTBOUND, "10.1.3.4", "10.2.9.9", 17, 40000, 54)),
            false,
            "other port");
        NS_TEST_EXPECT_MSG_EQ(
            selector.Matches(Flow(IpsecDirection::OUTBOUND, "10.3.0.1", "10.2.9.9", 17, 1, 53)),
            false,
            "outside the source prefix");
        NS_TEST_EXPECT_MSG_EQ(
            selector.Matches(Flow(IpsecDirection::OUTBOUND, "10.1.3.4", "10.2.9.9", 6, 1, 53)),
            false,
            "TCP");
        NS_TEST_EXPECT_MSG_EQ(
            selector.Matches(Flow(IpsecDirection::INBOUND, "10.1.3.4", "10.2.9.9", 17, 1, 53)),
            false,
            "inbound");

        // Back to X_POLICY, same direction: the same request.
        PfKeyPolicyExtension extension;
        status =
            PfKeyConverter::ToPolicyExtension(*policy, PfKeyPolicyDirection::OUTBOUND, extension);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        PfKeyMessage rebuilt = m;
        rebuilt.policy = extension;
        NS_TEST_EXPECT_MSG_EQ((rebuilt.Serialize() == m.Serialize()), true, "same X_POLICY bytes");

        // Inbound (IPv6): destination is local, the tunnel comes from the request's source.
        PfKeyMessage in = ValidSpdAdd(true);
        in.policy->direction = PfKeyPolicyDirection::INBOUND;
        status = PfKeyConverter::ToPolicy(in, policy);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(policy->GetTunnelLocal(),
                              IpsecAddress(Ipv6Address("2001:db8::2")),
                              "inbound: tunnel destination is local");
        NS_TEST_EXPECT_MSG_EQ(
            policy->GetSelector().Matches(
                Flow(IpsecDirection::INBOUND, "2001:db8:2::5", "2001:db8:1::7", 6, 80, 3333)),
            true,
            "inbound from the source prefix to the destination prefix");
        status =
            PfKeyConverter::ToPolicyExtension(*policy, PfKeyPolicyDirection::INBOUND, extension);
        NS_TEST_EXPECT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(extension.requests[0].tunnelSource.address,
                              in.policy->requests[0].tunnelSource.address,
                              "inbound tunnel source restored");

        // ESP inside AH, transport: a two-step bundle, innermost first.
        PfKeyMessage bundle = ValidSpdAdd();
        bundle.policy->requests = {
            Request(50, PfKeyIpsecMode::TRANSPORT, PfKeyIpsecLevel::REQUIRE, 0),
            Request(51, PfKeyIpsecMode::TRANSPORT, PfKeyIpsecLevel::UNIQUE, 9)};
        status = PfKeyConverter::ToPolicy(bundle, policy);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(policy->GetBundle().size(), 2u, "two steps");
        NS_TEST_EXPECT_MSG_EQ(policy->GetBundle()[1].protocol, IpsecProtocol::AH, "AH outer");

        // Discard and none (bypass); ICMP type/code in the ports.
        PfKeyMessage drop = ValidSpdAdd();
        drop.policy->type = PfKeyPolicyType::DISCARD;
        drop.policy->requests.clear();
        drop.sourceAddress->protocol = 1;
        drop.destinationAddress->protocol = 1;
        drop.sourceAddress->sockaddr.port = 8; // echo request
        status = PfKeyConverter::ToPolicy(drop, policy);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(policy->GetAction(), IpsecAction::DISCARD, "discard");
        IpsecFlowKey ping = Flow(IpsecDirection::OUTBOUND, "10.1.0.1", "10.2.0.1", 1, 0, 0);
        ping.icmpType = 8;
        NS_TEST_EXPECT_MSG_EQ(policy->GetSelector().Matches(ping), true, "echo request");
        ping.icmpType = 0;
        NS_TEST_EXPECT_MSG_EQ(policy->GetSelector().Matches(ping), false, "echo reply");
        drop.policy->type = PfKeyPolicyType::NONE;
        status = PfKeyConverter::ToPolicy(drop, policy);
        NS_TEST_EXPECT_MSG_EQ(policy->GetAction(), IpsecAction::BYPASS, "none: bypass");
        status =
            PfKeyConverter::ToPolicyExtension(*policy, PfKeyPolicyDirection::OUTBOUND, extension);
        NS_TEST_EXPECT_MSG_EQ((extension.type == PfKeyPolicyType::NONE), true, "bypass: none");

        // What IpsecPolicy cannot represent.
        auto refuse = [this](std::function<void(PfKeyMessage&)> change, const char* reason) {
            PfKeyMessage x = ValidSpdAdd();
            change(x);
            Ptr<IpsecPolicy> out;
            const PfKeyStatus s = PfKeyConverter::ToPolicy(x, out);
            NS_TEST_EXPECT_MSG_EQ(s.error, PfKeyErrno::INVALID_ARGUMENT, reason << ": " << s);
            NS_TEST_EXPECT_MSG_NE(s.reason.find(reason), std::string::npos, s);
            NS_TEST_EXPECT_MSG_EQ((PeekPointer(out) == nullptr), true, "no policy on error");
        };
        refuse([](PfKeyMessage& x) { x.policy->direction = PfKeyPolicyDirection::FORWARD; },
               "forward");
        refuse([](PfKeyMessage& x) { x.policy->type = PfKeyPolicyType::BYPASS; }, "sockets");
        refuse([](PfKeyMessage& x) { x.policy->requests[0].level = PfKeyIpsecLevel::USE; },
               "level \"use\"");
        refuse([](PfKeyMessage& x) { x.policy->requests[0].protocol = 108; }, "not ESP or AH");
        refuse([](PfKeyMessage& x) { x.policy->requests[0].mode = PfKeyIpsecMode::BEET; }, "BEET");
        refuse([](PfKeyMessage& x) { x.policy->requests.clear(); }, "at least one ipsecrequest");
        refuse([](PfKeyMessage& x) { x.policy->requests[0].hasEndpoints = false; },
               "without tunnel endpoints");
        refuse([](PfKeyMessage& x) { x.destinationAddress->protocol = 6; }, "different protocols");
        refuse([](PfKeyMessage& x) { x.policy.reset(); }, "SADB_X_EXT_POLICY");
        refuse(
            [](PfKeyMessage& x) {
                x.policy->requests.push_back(
                    Request(51, PfKeyIpsecMode::TRANSPORT, PfKeyIpsecLevel::REQUIRE, 0));
                x.policy->requests.push_back(
                    Request(50, PfKeyIpsecMode::TRANSPORT, PfKeyIpsecLevel::REQUIRE, 0));
            },
            "AH");
    }
};

/// NAT traversal (RFC 3948) and request IDs through the converter, both ways.
class PfKeyNatTraversalConversionTestCase : public TestCase
{
  public:
    PfKeyNatTraversalConversionTestCase()
        : TestCase("NAT-T extensions and reqids to SA parameters and policies, and back")
    {
    }

  private:
    /// A UDP-encapsulated ESP SA, IPv4 or IPv6.
    static IpsecSaParams NatSa(bool ipv6)
    {
        IpsecSaParams p;
        p.spi = 0x7001;
        p.source = ipv6 ? IpsecAddress(Ipv6Address("2001:db8::7")) : Ipv4Address("198.51.100.7");
        p.destination =
            ipv6 ? IpsecAddress(Ipv6Address("2001:db8::1")) : Ipv4Address("203.0.113.1");
        p.encryption = IpsecEncryption::AES_CBC;
        p.encryptionKey.assign(16, 0x44);
        p.integrity = IpsecIntegrity::HMAC_SHA256_128;
        p.integrityKey.assign(32, 0x55);
        p.replayWindow = 32;
        p.reqid = 77;
        IpsecUdpEncap encap;
        encap.sourcePort = 4501; // the NAT's port for the peer
        encap.destinationPort = 4500;
        encap.originalSource =
            ipv6 ? IpsecAddress(Ipv6Address("fd00::7")) : Ipv4Address("192.168.1.7");
        p.udpEncap = encap;
        return p;
    }

    void RoundTrip(const IpsecSaParams& p, const std::string& what)
    {
        PfKeyMessage m;
        PfKeyStatus status = PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, p, m, 3, 4);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, what << ": " << status);
        const std::vector<uint8_t> bytes = m.Serialize();
        PfKeyMessage wire;
        status = PfKeyMessage::Parse(bytes, wire);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, what << ": " << status);
        NS_TEST_ASSERT_MSG_EQ(wire.natType.has_value(), true, what << ": NAT-T type");
        NS_TEST_EXPECT_MSG_EQ(static_cast<unsigned>(wire.natType->type), 2u, what << ": type 2");
        NS_TEST_ASSERT_MSG_EQ(wire.natSourcePort.has_value(), true, what << ": NAT-T sport");
        NS_TEST_EXPECT_MSG_EQ(wire.natSourcePort->port, 4501, what);
        NS_TEST_ASSERT_MSG_EQ(wire.natDestinationPort.has_value(), true, what << ": dport");
        NS_TEST_EXPECT_MSG_EQ(wire.natDestinationPort->port, 4500, what);
        NS_TEST_ASSERT_MSG_EQ(wire.natOriginalAddress.has_value(), true, what << ": OA");
        NS_TEST_EXPECT_MSG_EQ(wire.natOriginalAddress->sockaddr.address,
                              p.udpEncap->originalSource,
                              what);
        NS_TEST_EXPECT_MSG_EQ(wire.sa2->reqid, 77u, what << ": X_SA2 reqid");

        // The port travels in network order (Linux's sadb_x_nat_t_port_port is __be16):
        // 4501 = 0x1195 is 0x11 0x95 in the SPORT extension's bytes 4 and 5.
        size_t at = PFKEY_HEADER_SIZE;
        bool found = false;
        while (at + 4 <= bytes.size())
        {
            const uint16_t len = static_cast<uint16_t>(bytes[at] | (bytes[at + 1] << 8)) * 8;
            const uint16_t type = static_cast<uint16_t>(bytes[at + 2] | (bytes[at + 3] << 8));
            if (type == static_cast<uint16_t>(PfKeyExtensionType::X_NAT_T_SPORT))
            {
                found = true;
                NS_TEST_EXPECT_MSG_EQ(len, 8, what << ": SPORT extension length");
                NS_TEST_EXPECT_MSG_EQ(static_cast<unsigned>(bytes[at + 4]), 0x11u, what);
                NS_TEST_EXPECT_MSG_EQ(static_cast<unsigned>(bytes[at + 5]), 0x95u, what);
            }
            if (len == 0)
            {
                break;
            }
            at += len;
        }
        NS_TEST_EXPECT_MSG_EQ(found, true, what << ": SPORT extension in the bytes");

        IpsecSaParams back;
        status = PfKeyConverter::ToSaParams(wire, back);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, what << ": " << status);
        NS_TEST_ASSERT_MSG_EQ(back.udpEncap.has_value(), true, what << ": encapsulated");
        NS_TEST_EXPECT_MSG_EQ(back.udpEncap->sourcePort, 4501, what);
        NS_TEST_EXPECT_MSG_EQ(back.udpEncap->destinationPort, 4500, what);
        NS_TEST_EXPECT_MSG_EQ(back.udpEncap->originalSource, p.udpEncap->originalSource, what);
        NS_TEST_EXPECT_MSG_EQ(back.udpEncap->originalDestination.GetFamily(),
                              IpsecAddress::NONE,
                              what);
        NS_TEST_EXPECT_MSG_EQ(back.reqid, 77u, what << ": reqid");
    }

    void DoRun() override
    {
        RoundTrip(NatSa(false), "IPv4 ESP in UDP");
        RoundTrip(NatSa(true), "IPv6 ESP in UDP");

        // Without encapsulation: no NAT-T extension, none read back.
        IpsecSaParams plain = NatSa(false);
        plain.udpEncap.reset();
        plain.reqid = 0;
        PfKeyMessage m;
        NS_TEST_ASSERT_MSG_EQ(PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, plain, m).IsOk(),
                              true,
                              "plain ESP");
        NS_TEST_EXPECT_MSG_EQ(
            (m.natType || m.natSourcePort || m.natDestinationPort || m.natOriginalAddress),
            false,
            "no NAT-T extension for plain ESP");
        NS_TEST_EXPECT_MSG_EQ(m.sa2->reqid, 0u, "reqid 0");

        // No original address: no OA extension.
        IpsecSaParams noOa = NatSa(false);
        noOa.udpEncap->originalSource = IpsecAddress();
        NS_TEST_ASSERT_MSG_EQ(PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, noOa, m).IsOk(),
                              true,
                              "no OA");
        NS_TEST_EXPECT_MSG_EQ(m.natOriginalAddress.has_value(), false, "no OA extension");

        // The type alone: both ports 4500.
        PfKeyMessage typeOnly = ValidAdd();
        typeOnly.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP};
        IpsecSaParams out;
        PfKeyStatus status = PfKeyConverter::ToSaParams(typeOnly, out);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_ASSERT_MSG_EQ(out.udpEncap.has_value(), true, "type 2 alone encapsulates");
        NS_TEST_EXPECT_MSG_EQ(out.udpEncap->sourcePort, 4500, "default source port");
        NS_TEST_EXPECT_MSG_EQ(out.udpEncap->destinationPort, 4500, "default destination port");

        // Refusals, each with EINVAL and a reason.
        auto refuseMessage = [this](std::function<void(PfKeyMessage&)> change, const char* reason) {
            PfKeyMessage message = ValidAdd();
            change(message);
            IpsecSaParams params;
            const PfKeyStatus s = PfKeyConverter::ToSaParams(message, params);
            NS_TEST_EXPECT_MSG_EQ(s.error, PfKeyErrno::INVALID_ARGUMENT, reason << ": " << s);
            NS_TEST_EXPECT_MSG_NE(s.reason.find(reason), std::string::npos, s);
        };
        refuseMessage(
            [](PfKeyMessage& x) {
                x.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP_NON_IKE};
            },
            "NAT-T type 1");
        refuseMessage(
            [](PfKeyMessage& x) {
                x.natType = PfKeyNatTypeExtension{static_cast<PfKeyNatTraversalType>(7)};
            },
            "NAT-T type 7");
        refuseMessage([](PfKeyMessage& x) { x.natDestinationPort = PfKeyNatPortExtension{4500}; },
                      "without SADB_X_EXT_NAT_T_TYPE");
        refuseMessage(
            [](PfKeyMessage& x) {
                x.natOriginalAddress = PfKeyAddressExtension::ForHost(Ipv4Address("10.9.9.9"));
            },
            "without SADB_X_EXT_NAT_T_TYPE");
        refuseMessage(
            [](PfKeyMessage& x) {
                x.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP};
                x.natSourcePort = PfKeyNatPortExtension{0};
            },
            "non-zero");
        refuseMessage(
            [](PfKeyMessage& x) {
                x.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP};
                x.natOriginalAddress = PfKeyAddressExtension::ForHost(Ipv6Address("fd00::1"));
            },
            "IP version");
        // AH with NAT-T.
        IpsecSaParams ah;
        ah.protocol = IpsecProtocol::AH;
        ah.spi = 0x7002;
        ah.source = Ipv4Address("10.0.0.1");
        ah.destination = Ipv4Address("10.0.0.2");
        ah.encryption = IpsecEncryption::NONE;
        ah.integrity = IpsecIntegrity::HMAC_SHA1_96;
        ah.integrityKey.assign(20, 0x51);
        PfKeyMessage ahMessage;
        NS_TEST_ASSERT_MSG_EQ(
            PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, ah, ahMessage).IsOk(),
            true,
            "AH");
        ahMessage.natType = PfKeyNatTypeExtension{PfKeyNatTraversalType::ESP_IN_UDP};
        status = PfKeyConverter::ToSaParams(ahMessage, out);
        NS_TEST_EXPECT_MSG_EQ(status.error, PfKeyErrno::INVALID_ARGUMENT, status);
        NS_TEST_EXPECT_MSG_NE(status.reason.find("AH"), std::string::npos, status);
        ah.udpEncap = IpsecUdpEncap();
        status = PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, ah, ahMessage);
        NS_TEST_EXPECT_MSG_EQ(status.error, PfKeyErrno::INVALID_ARGUMENT, "AH in UDP refused");
        // An original destination has no extension in Linux's numbering.
        IpsecSaParams oar = NatSa(false);
        oar.udpEncap->originalDestination = Ipv4Address("198.51.100.1");
        status = PfKeyConverter::FromSaParams(PfKeyMessageType::ADD, oar, m);
        NS_TEST_EXPECT_MSG_EQ(status.error, PfKeyErrno::INVALID_ARGUMENT, status);
        NS_TEST_EXPECT_MSG_NE(status.reason.find("original destination"),
                              std::string::npos,
                              status);

        // Policies: level unique with a reqid binds the step, and goes back as unique.
        PfKeyMessage spd = ValidSpdAdd();
        spd.policy->requests[0].level = PfKeyIpsecLevel::UNIQUE;
        spd.policy->requests[0].reqid = 42;
        Ptr<IpsecPolicy> policy;
        status = PfKeyConverter::ToPolicy(spd, policy);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ(policy->GetBundle().front().reqid, 42u, "step reqid");
        PfKeyPolicyExtension extension;
        status =
            PfKeyConverter::ToPolicyExtension(*policy, PfKeyPolicyDirection::OUTBOUND, extension);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        NS_TEST_EXPECT_MSG_EQ((extension.requests[0].level == PfKeyIpsecLevel::UNIQUE),
                              true,
                              "level unique");
        NS_TEST_EXPECT_MSG_EQ(extension.requests[0].reqid, 42u, "reqid back");
        PfKeyMessage rebuilt = spd;
        rebuilt.policy = extension;
        NS_TEST_EXPECT_MSG_EQ((rebuilt.Serialize() == spd.Serialize()), true, "same bytes");
        // A step without reqid stays "require", reqid 0.
        status = PfKeyConverter::ToPolicy(ValidSpdAdd(), policy);
        NS_TEST_ASSERT_MSG_EQ(status.IsOk(), true, status);
        PfKeyConverter::ToPolicyExtension(*policy, PfKeyPolicyDirection::OUTBOUND, extension);
        NS_TEST_EXPECT_MSG_EQ((extension.requests[0].level == PfKeyIpsecLevel::REQUIRE),
                              true,
                              "level require");
        NS_TEST_EXPECT_MSG_EQ(extension.requests[0].reqid, 0u, "no reqid");
        // Unique without a reqid, and a reqid with level require: refused.
        auto refusePolicy = [this](std::function<void(PfKeyMessage&)> change, const char* reason) {
            PfKeyMessage x = ValidSpdAdd();
            change(x);
            Ptr<IpsecPolicy> p;
            const PfKeyStatus s = PfKeyConverter::ToPolicy(x, p);
            NS_TEST_EXPECT_MSG_EQ(s.error, PfKeyErrno::INVALID_ARGUMENT, reason << ": " << s);
            NS_TEST_EXPECT_MSG_NE(s.reason.find(reason), std::string::npos, s);
        };
        refusePolicy([](PfKeyMessage& x) { x.policy->requests[0].level = PfKeyIpsecLevel::UNIQUE; },
                     "non-zero reqid");
        refusePolicy([](PfKeyMessage& x) { x.policy->requests[0].reqid = 5; },
                     "needs level \"unique\"");
    }
};

/// The PF_KEY codec suite.
class PfKeyMessageTestSuite : public TestSuite
{
  public:
    PfKeyMessageTestSuite()
        : TestSuite("ipsec-pfkey-codec", ipsectest::UNIT)
    {
#if PFKEY_TEST_LINUX_HEADERS
        AddTestCase(new PfKeyLinuxLayoutTestCase, ipsectest::QUICK);
#endif
        AddTestCase(new PfKeyExtensionRoundTripTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeyMessageTypesTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeyMalformedTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeyCheckRequestTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeyFuzzTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeySaConversionTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeyPolicyConversionTestCase, ipsectest::QUICK);
        AddTestCase(new PfKeyNatTraversalConversionTestCase, ipsectest::QUICK);
    }
};

/// The suite's single instance.
static PfKeyMessageTestSuite g_pfkeyMessageTestSuite;
