/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_HELPER_H
#define IPSEC_HELPER_H

#include "ns3/ipsec-error.h"
#include "ns3/ipsec-layer.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief What IpsecHelper::AddEspSaPair() needs besides the two endpoints.
 *
 * Keys left empty are drawn from the helper's random stream; SPIs left 0 likewise.
 */
struct IpsecEspSaConfig
{
    IpsecEncryption encryption = IpsecEncryption::AES_GCM_ICV16; //!< Encryption algorithm
    /** Key size, salt excluded; 0 picks the algorithm's usual size (128 where allowed). */
    uint16_t encryptionKeyBits = 0;
    IpsecIntegrity integrity = IpsecIntegrity::NONE; //!< Integrity algorithm
    std::vector<uint8_t> keyAtoB;         //!< Encryption key A->B (salt included), or empty
    std::vector<uint8_t> keyBtoA;         //!< Encryption key B->A (salt included), or empty
    std::vector<uint8_t> authKeyAtoB;     //!< Integrity key A->B, or empty
    std::vector<uint8_t> authKeyBtoA;     //!< Integrity key B->A, or empty
    uint32_t spiAtoB = 0;                 //!< SPI of the A->B SA (chosen by B), or 0
    uint32_t spiBtoA = 0;                 //!< SPI of the B->A SA (chosen by A), or 0
    uint32_t replayWindow = 0;            //!< 0: the layers' ReplayWindowSize attribute
    bool extendedSequenceNumbers = false; //!< 64-bit sequence numbers
    /** Real crypto or size-only; DEFAULT follows both layers' CryptoMode attribute. */
    IpsecCryptoMode cryptoMode = IpsecCryptoMode::DEFAULT;
    /** Transport, or tunnel (the two addresses are then the tunnel endpoints). */
    IpsecMode mode = IpsecMode::TRANSPORT;
    /** Last sequence number "already sent" (the next is one more): tests of wrap-around. */
    uint64_t initialSequence = 0;
    IpsecLifetime softLifetime; //!< Soft lifetime of both SAs (zero fields: no limit)
    IpsecLifetime hardLifetime; //!< Hard lifetime of both SAs (zero fields: no limit)
    /** Request ID of both SAs (0: none); policies bound to it with IpsecPolicy::SetReqid. */
    uint32_t reqid = 0;
};

/**
 * @ingroup ipsec
 * @brief How the SAs of IpsecHelper::AddEspSaPairThroughNat() cross a NAT: node A is behind
 * a NAPT, node B is reachable at its own address. What an IKE exchange with NAT detection
 * (RFC 7296 section 2.23) would have agreed on.
 */
struct IpsecNatTraversalConfig
{
    /** A's address as B sees it: the NAT's public address. */
    IpsecAddress natAddress;
    /**
     * A's UDP port as B sees it: the port the NAT maps A's port to. With a NAT that keeps
     * ports this is A's port; otherwise it is a first guess that A's first packet corrects
     * (IpsecLayer::FollowNatMapping), as IKE learns it from the first exchange.
     */
    uint16_t natPort = 4500;
    uint16_t portA = 4500; //!< A's encapsulation endpoint (UDP port)
    uint16_t portB = 4500; //!< B's encapsulation endpoint (UDP port)
    /**
     * Give each inbound SA the addresses its peer's packets carried before the NAT (the
     * NAT-OA payloads of RFC 3947), for incremental transport-mode checksum correction;
     * false: the receivers compute those checksums anew.
     */
    bool originalAddresses = true;
    /** Open both endpoints (IpsecUdpEncapsulation::OpenEndpoint), A's with keepalives. */
    bool openEndpoints = true;
};

/**
 * @ingroup ipsec
 * @brief What IpsecHelper::AddAhSaPair() needs besides the two endpoints.
 *
 * Keys left empty are drawn from the helper's random stream; SPIs left 0 likewise.
 */
struct IpsecAhSaConfig
{
    IpsecIntegrity integrity = IpsecIntegrity::HMAC_SHA256_128; //!< Integrity algorithm
    std::vector<uint8_t> keyAtoB;                               //!< Integrity key A->B, or empty
    std::vector<uint8_t> keyBtoA;                               //!< Integrity key B->A, or empty
    uint32_t spiAtoB = 0;                 //!< SPI of the A->B SA (chosen by B), or 0
    uint32_t spiBtoA = 0;                 //!< SPI of the B->A SA (chosen by A), or 0
    uint32_t replayWindow = 0;            //!< 0: the layers' ReplayWindowSize attribute
    bool extendedSequenceNumbers = false; //!< 64-bit sequence numbers
    /** Real ICVs or size-only; DEFAULT follows both layers' CryptoMode attribute. */
    IpsecCryptoMode cryptoMode = IpsecCryptoMode::DEFAULT;
    /** Transport, or tunnel (the two addresses are then the tunnel endpoints). */
    IpsecMode mode = IpsecMode::TRANSPORT;
    /** Last sequence number "already sent" (the next is one more): tests of wrap-around. */
    uint64_t initialSequence = 0;
    IpsecLifetime softLifetime; //!< Soft lifetime of both SAs (zero fields: no limit)
    IpsecLifetime hardLifetime; //!< Hard lifetime of both SAs (zero fields: no limit)
};

/**
 * @ingroup ipsec
 * @brief What IpsecHelper::AddMulticastSa() needs besides the sender, the group and the
 * receivers: one SA, so one key and one SPI, shared by all of them.
 *
 * Keys left empty are drawn from the helper's random stream; an SPI left 0 likewise.
 */
struct IpsecMulticastSaConfig
{
    IpsecEncryption encryption = IpsecEncryption::AES_GCM_ICV16; //!< Encryption algorithm
    /** Key size, salt excluded; 0 picks the algorithm's usual size (128 where allowed). */
    uint16_t encryptionKeyBits = 0;
    IpsecIntegrity integrity = IpsecIntegrity::NONE; //!< Integrity algorithm
    std::vector<uint8_t> key;                        //!< Encryption key (salt included), or empty
    std::vector<uint8_t> authKey;                    //!< Integrity key, or empty
    uint32_t spi = 0;                                //!< The group SA's SPI, or 0
    /** 0: each layer's ReplayWindowSize attribute (every receiver has a window of its own) */
    uint32_t replayWindow = 0;
    bool extendedSequenceNumbers = false; //!< 64-bit sequence numbers
    /** Real crypto or size-only; DEFAULT follows the layers' CryptoMode attribute. */
    IpsecCryptoMode cryptoMode = IpsecCryptoMode::DEFAULT;
    IpsecLifetime softLifetime; //!< Soft lifetime of every copy (zero fields: no limit)
    IpsecLifetime hardLifetime; //!< Hard lifetime of every copy (zero fields: no limit)
};

/**
 * @ingroup ipsec
 * @brief The copies of a multicast group's SA that IpsecHelper::AddMulticastSa() installed.
 */
struct IpsecMulticastSa
{
    Ptr<SecurityAssociation> sender;                 //!< The sender's copy (outbound use)
    std::vector<Ptr<SecurityAssociation>> receivers; //!< Each receiver's copy, in order
};

/**
 * @ingroup ipsec
 * @brief The two SAs of a host-to-host pair.
 */
struct IpsecSaPair
{
    Ptr<SecurityAssociation> atob; //!< Outbound at A, inbound at B (A's copy)
    Ptr<SecurityAssociation> btoa; //!< Outbound at B, inbound at A (A's copy)
};

/**
 * @ingroup ipsec
 * @brief Installs IPsec layers on nodes, configures their SPD and SAD, and exports what
 * Wireshark needs to decrypt the resulting captures.
 *
 * Bad arguments (an unknown algorithm, a wrong key size, a node without an IP stack, ...)
 * throw IpsecError before anything is changed; uncaught, the program ends with the message.
 */
class IpsecHelper
{
  public:
    IpsecHelper();

    /**
     * @brief Set an attribute of the IpsecLayer objects this helper creates.
     * @param name attribute name
     * @param value attribute value
     */
    void SetLayerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Aggregate an IpsecLayer to a node (which must already have an IPv4 stack).
     * @param node the node
     * @return the layer
     */
    Ptr<IpsecLayer> Install(Ptr<Node> node) const;
    /**
     * @brief Install on every node of a container.
     * @param nodes the nodes
     */
    void Install(NodeContainer nodes) const;

    /**
     * @brief Append a policy to a node's SPD. Throws IpsecError if invalid.
     * @param node the node (with an IpsecLayer)
     * @param policy the policy
     * @return the policy
     */
    Ptr<IpsecPolicy> AddPolicy(Ptr<Node> node, Ptr<IpsecPolicy> policy) const;
    /**
     * @brief Append a policy to A's SPD and its mirror image to B's.
     * @param a first node
     * @param b second node
     * @param selector the traffic, seen from A
     * @param action the action
     * @param protocol required protocol (PROTECT)
     * @param mode required mode (PROTECT)
     */
    void AddPolicyPair(Ptr<Node> a,
                       Ptr<Node> b,
                       const IpsecTrafficSelector& selector,
                       IpsecAction action,
                       IpsecProtocol protocol = IpsecProtocol::ESP,
                       IpsecMode mode = IpsecMode::TRANSPORT) const;

    /**
     * @brief Add a tunnel-mode protect entry on @p a and its mirror image on @p b.
     * @param a first node (a host or a security gateway)
     * @param endpointA A's tunnel endpoint address
     * @param b second node
     * @param endpointB B's tunnel endpoint address
     * @param selector the inner traffic, seen from A (local = A's side)
     * @param protocol ESP or AH
     */
    void AddTunnelPolicyPair(Ptr<Node> a,
                             IpsecAddress endpointA,
                             Ptr<Node> b,
                             IpsecAddress endpointB,
                             const IpsecTrafficSelector& selector,
                             IpsecProtocol protocol = IpsecProtocol::ESP) const;

    /**
     * @brief Add a route-based tunnel interface to a node: a virtual device with an IPv4
     * address, whose traffic is sent in tunnel-mode ESP between the two endpoints, subject
     * to the tunnel's own policy (IpsecTunnelInterface::AddPolicy). Routes decide what
     * enters it. Install the tunnel-mode SAs between the endpoints as usual.
     * @param node the node (with an IPsec layer)
     * @param localEndpoint this node's endpoint address (IPv4 or IPv6: 4-in-6 works)
     * @param remoteEndpoint the peer's endpoint address
     * @param address the tunnel device's own address
     * @param mask its mask
     * @param linkMtu MTU of the path to the peer; the device's MTU leaves room for the outer
     *        header and the largest ESP overhead of the registry's algorithms
     * @return the tunnel interface
     */
    Ptr<IpsecTunnelInterface> AddTunnelInterface(Ptr<Node> node,
                                                 IpsecAddress localEndpoint,
                                                 IpsecAddress remoteEndpoint,
                                                 Ipv4Address address,
                                                 Ipv4Mask mask,
                                                 uint16_t linkMtu = 1500);
    /**
     * @brief The IPv6 form of AddTunnelInterface(): the tunnel device gets an IPv6 address
     * (and its link-local one); IPv6 packets routed into it are carried between the
     * endpoints, which may be IPv4 (6-in-4) or IPv6.
     * @param node the node (with an IPsec layer and an IPv6 stack)
     * @param localEndpoint this node's endpoint address
     * @param remoteEndpoint the peer's endpoint address
     * @param address the tunnel device's own IPv6 address
     * @param prefix its prefix
     * @param linkMtu MTU of the path to the peer; the device's MTU must stay at least 1280
     *        (RFC 8200) after the outer header and the largest ESP overhead
     * @return the tunnel interface
     */
    Ptr<IpsecTunnelInterface> AddTunnelInterface(Ptr<Node> node,
                                                 IpsecAddress localEndpoint,
                                                 IpsecAddress remoteEndpoint,
                                                 Ipv6Address address,
                                                 Ipv6Prefix prefix,
                                                 uint16_t linkMtu = 1500);

    /**
     * @brief Install the two transport-mode ESP SAs between two hosts, on both hosts.
     *
     * Either all four SAs are installed or none is; invalid arguments throw IpsecError.
     * @param a first node
     * @param addressA A's address
     * @param b second node
     * @param addressB B's address
     * @param config algorithms, keys, SPIs
     * @return A's copies of the two SAs
     */
    IpsecSaPair AddEspSaPair(Ptr<Node> a,
                             IpsecAddress addressA,
                             Ptr<Node> b,
                             IpsecAddress addressB,
                             const IpsecEspSaConfig& config);

    /**
     * @brief Install two ESP SAs in UDP (RFC 3948) between a node A behind a NAT and a node B,
     * each node with its own view of the addresses (A's own address at A, the NAT's public
     * address at B), and open the encapsulation endpoints. Transport mode, or tunnel mode
     * with the two addresses as the tunnel endpoints (B's policy then names the NAT's public
     * address as the remote endpoint). Either all four SAs are installed or none is; invalid
     * arguments throw IpsecError.
     * @param a the node behind the NAT
     * @param addressA its own address
     * @param b its peer
     * @param addressB the peer's address
     * @param config algorithms, keys, SPIs, mode, reqid
     * @param nat the NAT's public address and the ports
     * @return A's copies of the two SAs
     */
    IpsecSaPair AddEspSaPairThroughNat(Ptr<Node> a,
                                       IpsecAddress addressA,
                                       Ptr<Node> b,
                                       IpsecAddress addressB,
                                       const IpsecEspSaConfig& config,
                                       const IpsecNatTraversalConfig& nat);

    /**
     * @brief Install a matching pair of AH transport-mode SAs (A->B and B->A) on both nodes:
     * all four copies, or none (invalid arguments throw IpsecError).
     * @param a first node
     * @param addressA its address
     * @param b second node
     * @param addressB its address
     * @param config algorithm, keys, SPIs
     * @return A's copies of the two SAs
     */
    IpsecSaPair AddAhSaPair(Ptr<Node> a,
                            IpsecAddress addressA,
                            Ptr<Node> b,
                            IpsecAddress addressB,
                            const IpsecAhSaConfig& config);

    /**
     * @brief Install one multicast SA (ESP, transport mode) on a sender and on every receiver
     * of its group: the same SPI, algorithms and keys everywhere, destination the group
     * (RFC 4301 section 4.1, a group SA). The sender uses it outbound; each receiver finds it
     * by (ESP, group, SPI) and keeps its own replay window and counters. A receiver without
     * the SA counts the group's ESP as no-sa drops. The SA gets one Wireshark esp_sa row.
     *
     * Every copy is installed or none is; invalid arguments throw IpsecError (a
     * multicast source, a unicast group, versions that differ, the sender among its
     * receivers, an SPI already in use for the group).
     * @param sender the sending node
     * @param source the sender's (unicast) address
     * @param group the multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)
     * @param receivers the nodes that receive the group
     * @param config algorithms, keys, SPI
     * @return the copies
     */
    IpsecMulticastSa AddMulticastSa(Ptr<Node> sender,
                                    IpsecAddress source,
                                    IpsecAddress group,
                                    NodeContainer receivers,
                                    const IpsecMulticastSaConfig& config);
    /**
     * @brief The policies of a multicast group: on the sender, an outbound entry protecting
     * what it sends to the group with ESP in transport mode; on each receiver, the inbound
     * mirror image, so cleartext from the sender to the group is refused
     * (cleartext-rejected) and only the group SA's ESP is delivered.
     * @param sender the sending node
     * @param source the sender's address
     * @param group the multicast group
     * @param receivers the receiving nodes
     * @param traffic protocol and ports, seen from the sender (remote port: the group's);
     *        its addresses and direction are set here
     */
    void AddMulticastPolicies(Ptr<Node> sender,
                              IpsecAddress source,
                              IpsecAddress group,
                              NodeContainer receivers,
                              IpsecTrafficSelector traffic = IpsecTrafficSelector()) const;

    /**
     * @brief Turn the processing-delay model on: give each node's layer a crypto engine, so
     * that ESP work takes simulated time.
     * @param nodes nodes with an IPsec layer
     * @param engines parallel engines per node
     * @param costTable per-algorithm cost overrides (IpsecCryptoEngine::SetCostTable()
     *        syntax), empty for the registry's defaults; a bad table throws IpsecError, the
     *        message saying what is wrong
     * @return the engines, one per node, for further attributes and their traces
     */
    std::vector<Ptr<IpsecCryptoEngine>> EnableProcessingDelay(NodeContainer nodes,
                                                              uint32_t engines = 1,
                                                              const std::string& costTable = "");

    /**
     * @brief Print a node's SPD (each entry with its packets, bytes and drops), SAD (like
     * `ipseckey dump`: each SA with its counters, replay window and lifetimes used), its
     * per-socket requests and the layer's counters.
     * @param node the node
     * @param os the stream
     */
    static void Print(Ptr<Node> node, std::ostream& os);

    /**
     * @brief Report the IPsec policy failures (and all other drops) of these nodes to a
     * policy logger; one logger may serve many nodes, its entries name the node.
     * @param nodes the nodes (with IPsec layers)
     * @param logger the logger (enable it to start logging)
     */
    static void SetPolicyLogger(NodeContainer nodes, Ptr<IpsecPolicyLogger> logger);

    /** @return one Wireshark esp_sa row per SA this helper created */
    std::vector<std::string> GetWiresharkEspSaRows() const;
    /**
     * @brief Write the rows as a Wireshark esp_sa file.
     * @param filename the file
     */
    void WriteWiresharkEspSa(const std::string& filename) const;

    /**
     * @brief Fix the random streams used for keys, SPIs and IVs.
     * @param nodes the nodes whose layers take streams
     * @param stream first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream);

  private:
    /**
     * @brief The part of AddTunnelInterface() both IP versions share: the virtual device
     * and the tunnel object, registered with the node's layer.
     * @param node the node
     * @param localEndpoint this node's endpoint
     * @param remoteEndpoint the peer's endpoint
     * @param linkMtu MTU of the path to the peer
     * @param minMtu the smallest device MTU the inner IP version accepts
     * @return the tunnel interface (its device not yet given to a stack)
     */
    Ptr<IpsecTunnelInterface> CreateTunnel(Ptr<Node> node,
                                           IpsecAddress localEndpoint,
                                           IpsecAddress remoteEndpoint,
                                           uint16_t linkMtu,
                                           uint16_t minMtu);
    /**
     * @param bytes number of bytes
     * @return random bytes from the key stream
     */
    std::vector<uint8_t> RandomBytes(uint32_t bytes);
    /**
     * @param given a key from the configuration, or empty
     * @param bytes its length when drawn
     * @return @p given, or random bytes from the key stream
     */
    std::vector<uint8_t> KeyOr(const std::vector<uint8_t>& given, uint32_t bytes);
    /**
     * @param given an SPI from the configuration, or 0
     * @return @p given, or a random SPI above the reserved range
     */
    uint32_t SpiOr(uint32_t given);
    /**
     * @param node a node
     * @return its layer (throws IpsecError when there is none)
     */
    static Ptr<IpsecLayer> GetLayer(Ptr<Node> node);
    /**
     * @param encryption an ESP encryption algorithm (known to the registry)
     * @param keyBits the configured key size, 0 for the algorithm's usual one
     * @return the key length in bytes, salt included
     */
    static uint32_t EspKeyBytes(IpsecEncryption encryption, uint16_t keyBits);
    /**
     * @brief Throw IpsecError unless @p group is multicast and @p source unicast, of
     * one IP version.
     * @param group a multicast group's address
     * @param source its sender's address
     * @param caller the helper method, for messages
     */
    static void CheckGroup(const IpsecAddress& group,
                           const IpsecAddress& source,
                           const std::string& caller);
    /**
     * @param la first layer
     * @param lb second layer
     * @param mode the configured mode
     * @return @p mode, or the layers' common default for DEFAULT (throws IpsecError when they
     * differ)
     */
    static IpsecCryptoMode ResolveCryptoMode(Ptr<IpsecLayer> la,
                                             Ptr<IpsecLayer> lb,
                                             IpsecCryptoMode mode);
    /**
     * @brief Both directions' parameters of an ESP SA pair, A's view.
     * @param la A's layer
     * @param lb B's layer
     * @param addressA A's address
     * @param addressB B's address
     * @param config algorithms, keys, SPIs
     * @return the A->B and B->A parameters
     */
    std::pair<IpsecSaParams, IpsecSaParams> MakeEspParams(Ptr<IpsecLayer> la,
                                                          Ptr<IpsecLayer> lb,
                                                          IpsecAddress addressA,
                                                          IpsecAddress addressB,
                                                          const IpsecEspSaConfig& config);
    /**
     * @brief Validate both directions' parameters and install the four copies, or none.
     * @param la first layer
     * @param lb second layer
     * @param ab the A->B SA (A's copy)
     * @param ba the B->A SA (A's copy)
     * @param abAtB B's copy of the A->B SA (differs from A's behind a NAT)
     * @param baAtB B's copy of the B->A SA
     * @return A's copies
     */
    IpsecSaPair InstallSaPair(Ptr<IpsecLayer> la,
                              Ptr<IpsecLayer> lb,
                              const IpsecSaParams& ab,
                              const IpsecSaParams& ba,
                              const IpsecSaParams& abAtB,
                              const IpsecSaParams& baAtB);

    ObjectFactory m_factory;                         //!< Creates layers
    Ptr<UniformRandomVariable> m_keyStream;          //!< Keys and SPIs
    std::vector<Ptr<SecurityAssociation>> m_created; //!< For the Wireshark export
};

} // namespace ns3

#endif /* IPSEC_HELPER_H */
