/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-helper.h"

#include "wireshark-esp-sa.h"

#include "ns3/ipsec-error.h"
#include "ns3/ipsec-key-engine.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/pfkey-socket-factory.h"
#include "ns3/pointer.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecHelper");

IpsecHelper::IpsecHelper()
    : m_keyStream(CreateObject<UniformRandomVariable>())
{
    m_factory.SetTypeId(IpsecLayer::GetTypeId());
}

void
IpsecHelper::SetLayerAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<IpsecLayer>
IpsecHelper::Install(Ptr<Node> node) const
{
    IPSEC_THROW_UNLESS(node->GetObject<Ipv4>() || node->GetObject<Ipv6>(),
                       "IpsecHelper::Install: node " << node->GetId()
                                                     << " has no IP stack; install the "
                                                        "internet stack first");
    IPSEC_THROW_IF(node->GetObject<IpsecLayer>(),
                   "IpsecHelper::Install: node " << node->GetId() << " already has IPsec");
    Ptr<IpsecLayer> layer = m_factory.Create<IpsecLayer>();
    node->AggregateObject(layer);
    // The node's key engine, and the factory of its PF_KEY sockets.
    Ptr<IpsecKeyEngine> engine = CreateObject<IpsecKeyEngine>();
    engine->SetLayer(layer);
    node->AggregateObject(engine);
    Ptr<PfKeySocketFactory> sockets = CreateObject<PfKeySocketFactory>();
    sockets->SetKeyEngine(engine);
    node->AggregateObject(sockets);
    return layer;
}

void
IpsecHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

Ptr<IpsecLayer>
IpsecHelper::GetLayer(Ptr<Node> node)
{
    Ptr<IpsecLayer> layer = node->GetObject<IpsecLayer>();
    IPSEC_THROW_UNLESS(layer, "node " << node->GetId() << " has no IpsecLayer; call Install first");
    return layer;
}

Ptr<IpsecPolicy>
IpsecHelper::AddPolicy(Ptr<Node> node, Ptr<IpsecPolicy> policy) const
{
    // Through the key engine's SPD entry point, the one X_SPDADD and ipsecconf use.
    Ptr<IpsecKeyEngine> engine = node->GetObject<IpsecKeyEngine>();
    std::string error;
    if (engine)
    {
        const PfKeyStatus status = engine->InstallPolicy(policy, false);
        error = status.IsOk() ? "" : status.reason;
    }
    else
    {
        error = GetLayer(node)->GetSpd()->Add(policy);
    }
    IPSEC_THROW_UNLESS(error.empty(),
                       "IpsecHelper::AddPolicy on node " << node->GetId() << ": " << error);
    return policy;
}

void
IpsecHelper::AddPolicyPair(Ptr<Node> a,
                           Ptr<Node> b,
                           const IpsecTrafficSelector& selector,
                           IpsecAction action,
                           IpsecProtocol protocol,
                           IpsecMode mode) const
{
    auto pa = Create<IpsecPolicy>(selector, action);
    auto pb = Create<IpsecPolicy>(selector.Mirror(), action);
    pa->SetProtection(protocol, mode);
    pb->SetProtection(protocol, mode);
    // Validate both before touching either SPD, so a bad pair leaves nothing behind.
    const std::string error = pa->Validate().empty() ? pb->Validate() : pa->Validate();
    IPSEC_THROW_UNLESS(error.empty(), "IpsecHelper::AddPolicyPair: " << error);
    AddPolicy(a, pa);
    AddPolicy(b, pb);
}

void
IpsecHelper::AddTunnelPolicyPair(Ptr<Node> a,
                                 IpsecAddress endpointA,
                                 Ptr<Node> b,
                                 IpsecAddress endpointB,
                                 const IpsecTrafficSelector& selector,
                                 IpsecProtocol protocol) const
{
    auto pa = Create<IpsecPolicy>(selector, IpsecAction::PROTECT);
    auto pb = Create<IpsecPolicy>(selector.Mirror(), IpsecAction::PROTECT);
    pa->SetProtection(protocol, IpsecMode::TUNNEL).SetTunnelEndpoints(endpointA, endpointB);
    pb->SetProtection(protocol, IpsecMode::TUNNEL).SetTunnelEndpoints(endpointB, endpointA);
    const std::string error = pa->Validate().empty() ? pb->Validate() : pa->Validate();
    IPSEC_THROW_UNLESS(error.empty(), "IpsecHelper::AddTunnelPolicyPair: " << error);
    AddPolicy(a, pa);
    AddPolicy(b, pb);
}

Ptr<IpsecTunnelInterface>
IpsecHelper::CreateTunnel(Ptr<Node> node,
                          IpsecAddress localEndpoint,
                          IpsecAddress remoteEndpoint,
                          uint16_t linkMtu,
                          uint16_t minMtu)
{
    Ptr<IpsecLayer> layer = GetLayer(node);
    IPSEC_THROW_UNLESS(!localEndpoint.IsAny() &&
                           localEndpoint.GetFamily() == remoteEndpoint.GetFamily(),
                       "IpsecHelper::AddTunnelInterface: endpoints "
                           << localEndpoint << " and " << remoteEndpoint
                           << " must be two addresses of one IP version");
    // Outer header, ESP header, the largest IV (16), padding (15), trailer (2), ICV (32).
    const uint16_t overhead = (localEndpoint.IsIpv6() ? 40 : 20) + 8 + 16 + 15 + 2 + 32;
    IPSEC_THROW_IF(linkMtu < overhead + minMtu,
                   "IpsecHelper::AddTunnelInterface: link MTU "
                       << linkMtu << " leaves less than " << minMtu
                       << " bytes for the inner packets after " << overhead
                       << " bytes of outer header and ESP overhead");
    Ptr<VirtualNetDevice> device = CreateObject<VirtualNetDevice>();
    device->SetAddress(Mac48Address::Allocate());
    device->SetNeedsArp(false);
    device->SetIsPointToPoint(true);
    device->SetMtu(linkMtu - overhead);
    node->AddDevice(device);
    Ptr<IpsecTunnelInterface> tunnel = CreateObject<IpsecTunnelInterface>();
    tunnel->Setup(layer, device, localEndpoint, remoteEndpoint);
    layer->RegisterTunnel(tunnel);
    return tunnel;
}

Ptr<IpsecTunnelInterface>
IpsecHelper::AddTunnelInterface(Ptr<Node> node,
                                IpsecAddress localEndpoint,
                                IpsecAddress remoteEndpoint,
                                Ipv4Address address,
                                Ipv4Mask mask,
                                uint16_t linkMtu)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    IPSEC_THROW_UNLESS(ipv4, "IpsecHelper::AddTunnelInterface: node has no IPv4 stack");
    Ptr<IpsecTunnelInterface> tunnel =
        CreateTunnel(node, localEndpoint, remoteEndpoint, linkMtu, 68);
    const uint32_t index = ipv4->AddInterface(tunnel->GetDevice());
    ipv4->AddAddress(index, Ipv4InterfaceAddress(address, mask));
    ipv4->SetUp(index);
    return tunnel;
}

Ptr<IpsecTunnelInterface>
IpsecHelper::AddTunnelInterface(Ptr<Node> node,
                                IpsecAddress localEndpoint,
                                IpsecAddress remoteEndpoint,
                                Ipv6Address address,
                                Ipv6Prefix prefix,
                                uint16_t linkMtu)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    IPSEC_THROW_UNLESS(ipv6, "IpsecHelper::AddTunnelInterface: node has no IPv6 stack");
    Ptr<IpsecTunnelInterface> tunnel =
        CreateTunnel(node, localEndpoint, remoteEndpoint, linkMtu, 1280);
    const uint32_t index = ipv6->AddInterface(tunnel->GetDevice());
    ipv6->AddAddress(index, Ipv6InterfaceAddress(address, prefix));
    ipv6->SetUp(index);
    return tunnel;
}

std::vector<uint8_t>
IpsecHelper::RandomBytes(uint32_t bytes)
{
    std::vector<uint8_t> out(bytes);
    for (auto& b : out)
    {
        b = static_cast<uint8_t>(m_keyStream->GetInteger(0, 255));
    }
    return out;
}

std::vector<uint8_t>
IpsecHelper::KeyOr(const std::vector<uint8_t>& given, uint32_t bytes)
{
    return given.empty() ? RandomBytes(bytes) : given;
}

uint32_t
IpsecHelper::SpiOr(uint32_t given)
{
    return given != 0 ? given : m_keyStream->GetInteger(0x100, 0xfffffffe);
}

IpsecCryptoMode
IpsecHelper::ResolveCryptoMode(Ptr<IpsecLayer> la, Ptr<IpsecLayer> lb, IpsecCryptoMode mode)
{
    if (mode != IpsecCryptoMode::DEFAULT)
    {
        return mode;
    }
    // Both copies of an SA must agree, so the two layers' defaults must too.
    IPSEC_THROW_UNLESS(la->GetDefaultCryptoMode() == lb->GetDefaultCryptoMode(),
                       "IpsecHelper: the two nodes' IpsecLayer CryptoMode attributes differ; "
                       "set the SA configuration's cryptoMode explicitly");
    return la->GetDefaultCryptoMode();
}

IpsecSaPair
IpsecHelper::InstallSaPair(Ptr<IpsecLayer> la,
                           Ptr<IpsecLayer> lb,
                           const IpsecSaParams& ab,
                           const IpsecSaParams& ba,
                           const IpsecSaParams& abAtB,
                           const IpsecSaParams& baAtB)
{
    // Check everything first: either the four SAs go in, or none does.
    const std::vector<std::pair<Ptr<IpsecLayer>, const IpsecSaParams*>> copies{{la, &ab},
                                                                               {lb, &abAtB},
                                                                               {la, &ba},
                                                                               {lb, &baAtB}};
    std::string error;
    for (const auto& [layer, params] : copies)
    {
        IpsecSaParams check = *params;
        check.replayWindow = check.replayWindow ? check.replayWindow : 64;
        if (error.empty())
        {
            error = check.Validate();
        }
        if (error.empty() &&
            layer->GetSad()->FindInbound(params->protocol, params->destination, params->spi))
        {
            error = "SPI " + std::to_string(params->spi) + " is already in use";
        }
    }
    IPSEC_THROW_UNLESS(error.empty(), "IpsecHelper: " << error);

    // Through each node's key engine, the path every SA takes (its PF_KEY sockets hear the
    // ADDs); a layer installed without the helper has none and takes the SA itself.
    auto add = [&error](Ptr<IpsecLayer> layer, const IpsecSaParams& params) {
        Ptr<IpsecKeyEngine> engine = layer->GetObject<IpsecKeyEngine>();
        if (!engine)
        {
            return layer->AddSa(params, error);
        }
        PfKeyStatus status;
        Ptr<SecurityAssociation> sa = engine->AddSa(params, status);
        if (!status.IsOk())
        {
            error = status.reason;
        }
        return sa;
    };
    IpsecSaPair pair;
    pair.atob = add(la, ab);
    Ptr<SecurityAssociation> atobAtB = add(lb, abAtB);
    pair.btoa = add(la, ba);
    Ptr<SecurityAssociation> btoaAtB = add(lb, baAtB);
    IPSEC_THROW_UNLESS(error.empty(), "IpsecHelper: " << error);
    m_created.push_back(pair.atob);
    m_created.push_back(pair.btoa);
    // Behind a NAT each side of it sees other addresses: Wireshark needs a row for each.
    if (abAtB.source != ab.source || abAtB.destination != ab.destination)
    {
        m_created.push_back(atobAtB);
    }
    if (baAtB.source != ba.source || baAtB.destination != ba.destination)
    {
        m_created.push_back(btoaAtB);
    }
    return pair;
}

uint32_t
IpsecHelper::EspKeyBytes(IpsecEncryption encryption, uint16_t keyBits)
{
    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::Find(encryption);
    uint32_t bits = keyBits;
    if (bits == 0)
    {
        const auto& sizes = enc->keyBits;
        bits = std::find(sizes.begin(), sizes.end(), 128) != sizes.end() ? 128 : sizes.front();
    }
    return (encryption == IpsecEncryption::NULL_ENC ? 0 : bits / 8) + enc->saltBytes;
}

std::pair<IpsecSaParams, IpsecSaParams>
IpsecHelper::MakeEspParams(Ptr<IpsecLayer> la,
                           Ptr<IpsecLayer> lb,
                           IpsecAddress addressA,
                           IpsecAddress addressB,
                           const IpsecEspSaConfig& config)
{
    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::Find(config.encryption);
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::Find(config.integrity);
    IPSEC_THROW_UNLESS(enc && auth, "IpsecHelper::AddEspSaPair: unknown algorithm");

    const uint32_t encBytes = EspKeyBytes(config.encryption, config.encryptionKeyBits);

    IpsecSaParams ab;
    ab.source = addressA;
    ab.destination = addressB;
    ab.spi = SpiOr(config.spiAtoB);
    ab.encryption = config.encryption;
    ab.encryptionKey = KeyOr(config.keyAtoB, encBytes);
    ab.integrity = config.integrity;
    ab.integrityKey = KeyOr(config.authKeyAtoB, auth->keyBits / 8);
    ab.replayWindow = config.replayWindow;
    ab.extendedSequenceNumbers = config.extendedSequenceNumbers;
    ab.cryptoMode = ResolveCryptoMode(la, lb, config.cryptoMode);
    ab.mode = config.mode;
    ab.initialSequence = config.initialSequence;
    ab.softLifetime = config.softLifetime;
    ab.hardLifetime = config.hardLifetime;
    ab.reqid = config.reqid;

    IpsecSaParams ba = ab;
    ba.source = addressB;
    ba.destination = addressA;
    ba.spi = SpiOr(config.spiBtoA);
    ba.encryptionKey = KeyOr(config.keyBtoA, encBytes);
    ba.integrityKey = KeyOr(config.authKeyBtoA, auth->keyBits / 8);
    return {ab, ba};
}

IpsecSaPair
IpsecHelper::AddEspSaPair(Ptr<Node> a,
                          IpsecAddress addressA,
                          Ptr<Node> b,
                          IpsecAddress addressB,
                          const IpsecEspSaConfig& config)
{
    Ptr<IpsecLayer> la = GetLayer(a);
    Ptr<IpsecLayer> lb = GetLayer(b);
    const auto [ab, ba] = MakeEspParams(la, lb, addressA, addressB, config);
    return InstallSaPair(la, lb, ab, ba, ab, ba);
}

IpsecSaPair
IpsecHelper::AddEspSaPairThroughNat(Ptr<Node> a,
                                    IpsecAddress addressA,
                                    Ptr<Node> b,
                                    IpsecAddress addressB,
                                    const IpsecEspSaConfig& config,
                                    const IpsecNatTraversalConfig& nat)
{
    Ptr<IpsecLayer> la = GetLayer(a);
    Ptr<IpsecLayer> lb = GetLayer(b);
    IPSEC_THROW_UNLESS(nat.natAddress.GetFamily() == addressA.GetFamily(),
                       "IpsecHelper::AddEspSaPairThroughNat: the NAT's address "
                           << nat.natAddress << " is not of the SAs' IP version");
    auto [ab, ba] = MakeEspParams(la, lb, addressA, addressB, config);
    // A's view: its own address and ports.
    ab.udpEncap = IpsecUdpEncap{nat.portA, nat.portB, {}, {}};
    ba.udpEncap = IpsecUdpEncap{nat.portB, nat.portA, {}, {}};
    // B's view: A is the NAT's address and mapped port.
    IpsecSaParams abAtB = ab;
    abAtB.source = nat.natAddress;
    abAtB.udpEncap = IpsecUdpEncap{nat.natPort, nat.portB, {}, {}};
    IpsecSaParams baAtB = ba;
    baAtB.destination = nat.natAddress;
    baAtB.udpEncap = IpsecUdpEncap{nat.portB, nat.natPort, {}, {}};
    if (nat.originalAddresses)
    {
        // Each receiver learns what its peer's packets carried before the NAT (NAT-OA).
        abAtB.udpEncap->originalSource = addressA;
        ba.udpEncap->originalDestination = nat.natAddress;
    }
    IpsecSaPair pair = InstallSaPair(la, lb, ab, ba, abAtB, baAtB);
    if (nat.openEndpoints)
    {
        std::string error;
        IPSEC_THROW_UNLESS(la->GetUdpEncapsulation()->OpenEndpoint(nat.portA, true, error) &&
                               lb->GetUdpEncapsulation()->OpenEndpoint(nat.portB, false, error),
                           "IpsecHelper::AddEspSaPairThroughNat: " << error);
    }
    return pair;
}

IpsecSaPair
IpsecHelper::AddAhSaPair(Ptr<Node> a,
                         IpsecAddress addressA,
                         Ptr<Node> b,
                         IpsecAddress addressB,
                         const IpsecAhSaConfig& config)
{
    Ptr<IpsecLayer> la = GetLayer(a);
    Ptr<IpsecLayer> lb = GetLayer(b);
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::Find(config.integrity);
    IPSEC_THROW_UNLESS(auth && config.integrity != IpsecIntegrity::NONE,
                       "IpsecHelper::AddAhSaPair: AH needs an integrity algorithm");
    IpsecSaParams ab;
    ab.protocol = IpsecProtocol::AH;
    ab.source = addressA;
    ab.destination = addressB;
    ab.spi = SpiOr(config.spiAtoB);
    ab.encryption = IpsecEncryption::NONE;
    ab.integrity = config.integrity;
    ab.integrityKey = KeyOr(config.keyAtoB, auth->keyBits / 8);
    ab.replayWindow = config.replayWindow;
    ab.extendedSequenceNumbers = config.extendedSequenceNumbers;
    ab.cryptoMode = ResolveCryptoMode(la, lb, config.cryptoMode);
    ab.mode = config.mode;
    ab.initialSequence = config.initialSequence;
    ab.softLifetime = config.softLifetime;
    ab.hardLifetime = config.hardLifetime;

    IpsecSaParams ba = ab;
    ba.source = addressB;
    ba.destination = addressA;
    ba.spi = SpiOr(config.spiBtoA);
    ba.integrityKey = KeyOr(config.keyBtoA, auth->keyBits / 8);
    return InstallSaPair(la, lb, ab, ba, ab, ba);
}

void
IpsecHelper::CheckGroup(const IpsecAddress& group,
                        const IpsecAddress& source,
                        const std::string& caller)
{
    IPSEC_THROW_UNLESS(group.IsMulticast(),
                       "IpsecHelper::" << caller << ": " << group
                                       << " is not a multicast group address (IPv4 "
                                          "224.0.0.0/4, IPv6 ff00::/8)");
    IPSEC_THROW_UNLESS(source.GetFamily() == group.GetFamily() && !source.IsAny() &&
                           !source.IsMulticast(),
                       "IpsecHelper::" << caller << ": the sender's address " << source
                                       << " must be a unicast address of the group's IP "
                                          "version");
}

IpsecMulticastSa
IpsecHelper::AddMulticastSa(Ptr<Node> sender,
                            IpsecAddress source,
                            IpsecAddress group,
                            NodeContainer receivers,
                            const IpsecMulticastSaConfig& config)
{
    CheckGroup(group, source, "AddMulticastSa");
    const EncryptionAlgorithmInfo* enc = IpsecAlgorithmRegistry::Find(config.encryption);
    const IntegrityAlgorithmInfo* auth = IpsecAlgorithmRegistry::Find(config.integrity);
    IPSEC_THROW_UNLESS(enc && auth, "IpsecHelper::AddMulticastSa: unknown algorithm");
    Ptr<IpsecLayer> senderLayer = GetLayer(sender);
    std::vector<Ptr<IpsecLayer>> layers{senderLayer};
    for (auto it = receivers.Begin(); it != receivers.End(); ++it)
    {
        IPSEC_THROW_IF(*it == sender,
                       "IpsecHelper::AddMulticastSa: node "
                           << sender->GetId()
                           << " is the group's sender and cannot be one of its receivers");
        layers.push_back(GetLayer(*it));
    }

    IpsecSaParams params;
    params.protocol = IpsecProtocol::ESP;
    params.mode = IpsecMode::TRANSPORT;
    params.source = source;
    params.destination = group;
    params.spi = SpiOr(config.spi);
    params.encryption = config.encryption;
    params.encryptionKey =
        KeyOr(config.key, EspKeyBytes(config.encryption, config.encryptionKeyBits));
    params.integrity = config.integrity;
    params.integrityKey = KeyOr(config.authKey, auth->keyBits / 8);
    params.replayWindow = config.replayWindow;
    params.extendedSequenceNumbers = config.extendedSequenceNumbers;
    params.cryptoMode = config.cryptoMode;
    for (const auto& layer : layers)
    {
        // Every copy must protect and check alike, so every layer's default must agree.
        params.cryptoMode = ResolveCryptoMode(senderLayer, layer, config.cryptoMode);
    }
    params.softLifetime = config.softLifetime;
    params.hardLifetime = config.hardLifetime;

    // Check everything first: every copy goes in, or none does.
    IpsecSaParams check = params;
    check.replayWindow = check.replayWindow ? check.replayWindow : 64;
    std::string error = check.Validate();
    for (size_t i = 0; i < layers.size() && error.empty(); ++i)
    {
        if (layers[i]->GetSad()->IsInUse(params.protocol, params.destination, params.spi))
        {
            std::ostringstream os;
            os << "SPI " << params.spi << " is already in use for group " << group << " on node "
               << layers[i]->GetObject<Node>()->GetId();
            error = os.str();
        }
    }
    IPSEC_THROW_UNLESS(error.empty(), "IpsecHelper::AddMulticastSa: " << error);

    IpsecMulticastSa installed;
    for (size_t i = 0; i < layers.size(); ++i)
    {
        // Through each node's key engine, as every SA (its PF_KEY sockets hear the ADD).
        Ptr<IpsecKeyEngine> engine = layers[i]->GetObject<IpsecKeyEngine>();
        Ptr<SecurityAssociation> sa;
        if (engine)
        {
            PfKeyStatus status;
            sa = engine->AddSa(params, status);
            error = status.IsOk() ? "" : status.reason;
        }
        else
        {
            sa = layers[i]->AddSa(params, error);
        }
        IPSEC_THROW_UNLESS(sa, "IpsecHelper::AddMulticastSa: " << error);
        if (i == 0)
        {
            installed.sender = sa;
        }
        else
        {
            installed.receivers.push_back(sa);
        }
    }
    // One SA, one key: one row decrypts the group's packets in every capture.
    m_created.push_back(installed.sender);
    return installed;
}

void
IpsecHelper::AddMulticastPolicies(Ptr<Node> sender,
                                  IpsecAddress source,
                                  IpsecAddress group,
                                  NodeContainer receivers,
                                  IpsecTrafficSelector traffic) const
{
    CheckGroup(group, source, "AddMulticastPolicies");
    traffic.SetLocalRange(source, source)
        .SetRemoteRange(group, group)
        .SetDirection(IpsecDirection::OUTBOUND);
    // The sender only sends to the group and the receivers only receive from it: nothing is
    // ever sent from a group address, so the other direction has nothing to select.
    auto out = Create<IpsecPolicy>(traffic, IpsecAction::PROTECT);
    out->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
    std::vector<Ptr<IpsecPolicy>> in;
    for (uint32_t i = 0; i < receivers.GetN(); ++i)
    {
        in.push_back(Create<IpsecPolicy>(traffic.Mirror(), IpsecAction::PROTECT));
        in.back()->SetProtection(IpsecProtocol::ESP, IpsecMode::TRANSPORT);
    }
    // Validate before touching any SPD, so a bad selector leaves nothing behind.
    const std::string error =
        out->Validate().empty() ? traffic.Mirror().Validate() : out->Validate();
    IPSEC_THROW_UNLESS(error.empty(), "IpsecHelper::AddMulticastPolicies: " << error);
    AddPolicy(sender, out);
    for (uint32_t i = 0; i < receivers.GetN(); ++i)
    {
        AddPolicy(receivers.Get(i), in[i]);
    }
}

std::vector<Ptr<IpsecCryptoEngine>>
IpsecHelper::EnableProcessingDelay(NodeContainer nodes,
                                   uint32_t engines,
                                   const std::string& costTable)
{
    IPSEC_THROW_IF(engines == 0, "IpsecHelper::EnableProcessingDelay: engines must be >= 1");
    std::vector<Ptr<IpsecCryptoEngine>> created;
    std::vector<Ptr<IpsecLayer>> layers;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        layers.push_back(GetLayer(*it));
        Ptr<IpsecCryptoEngine> engine = CreateObject<IpsecCryptoEngine>();
        engine->SetAttribute("Engines", UintegerValue(engines));
        std::string error;
        IPSEC_THROW_UNLESS(engine->SetCostTable(costTable, error),
                           "IpsecHelper::EnableProcessingDelay: " << error);
        created.push_back(engine);
    }
    // Installed only once every node has been checked: all nodes or none.
    for (std::size_t i = 0; i < layers.size(); ++i)
    {
        layers[i]->SetCryptoEngine(created[i]);
    }
    return created;
}

void
IpsecHelper::Print(Ptr<Node> node, std::ostream& os)
{
    os << "node " << node->GetId() << "\n";
    GetLayer(node)->Print(os);
}

void
IpsecHelper::SetPolicyLogger(NodeContainer nodes, Ptr<IpsecPolicyLogger> logger)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        GetLayer(*it)->SetAttribute("PolicyLogger", PointerValue(logger));
    }
}

std::vector<std::string>
IpsecHelper::GetWiresharkEspSaRows() const
{
    std::vector<std::string> rows;
    for (const auto& sa : m_created)
    {
        rows.push_back(WiresharkEspSa::FromSa(*sa).Format());
    }
    return rows;
}

void
IpsecHelper::WriteWiresharkEspSa(const std::string& filename) const
{
    std::ofstream out(filename);
    IPSEC_THROW_UNLESS(out, "cannot write " << filename);
    out << "# Wireshark esp_sa table written by ns-3 IpsecHelper\n"
           "# Rows starting with '#ns3-ipsec: ' use algorithms Wireshark 4.0 cannot decrypt;\n"
           "# ipsec-pcap-decode reads them. Rows starting with '#ns3-ipsec-size-only: ' are\n"
           "# size-only SAs: their packets carry no real ciphertext or ICV.\n";
    for (const auto& row : GetWiresharkEspSaRows())
    {
        out << row << "\n";
    }
}

int64_t
IpsecHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t used = 0;
    m_keyStream->SetStream(stream + used++);
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpsecLayer> layer = (*it)->GetObject<IpsecLayer>();
        if (layer)
        {
            used += layer->AssignStreams(stream + used);
        }
    }
    // The key engines' SPI choice after every layer's, so adding them left the IV streams as
    // they were.
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpsecKeyEngine> engine = (*it)->GetObject<IpsecKeyEngine>();
        if (engine)
        {
            used += engine->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
