/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// IpsecHelper and the configurations its calls take.

#include "bind-ipsec.h"

#include "ns3/ipsec-helper.h"

namespace ns3
{
namespace python
{

namespace
{
/// A config struct constructible with keyword arguments (its fields).
template <typename T, typename Class>
void
AddKeywordInit(Class& cls)
{
    cls.def(KeywordInit<T>(), "Defaults, with keyword arguments overriding fields");
    cls.def(
        "__repr__",
        [](py::object self) {
            // Class(field=value, ...) over the fields (properties), in definition order.
            py::object type = py::type::of(self);
            std::string text = py::str(type.attr("__name__")).cast<std::string>() + "(";
            bool first = true;
            for (auto attr : py::dict(type.attr("__dict__")))
            {
                std::string name = attr.first.cast<std::string>();
                if (name[0] == '_' ||
                    !py::isinstance(attr.second, py::module_::import("builtins").attr("property")))
                {
                    continue;
                }
                text += (first ? "" : ", ") + name + "=" +
                        py::repr(self.attr(name.c_str())).cast<std::string>();
                first = false;
            }
            return text + ")";
        },
        "The fields, as keyword arguments");
}

void
BindConfigs(py::module_& m)
{
    py::class_<IpsecEspSaConfig> esp(m,
                                     "IpsecEspSaConfig",
                                     "What AddEspSaPair needs besides the endpoints; empty keys "
                                     "and zero SPIs are drawn from the helper's stream");
    AddKeywordInit<IpsecEspSaConfig>(esp);
    esp.def_readwrite("encryption", &IpsecEspSaConfig::encryption, "Encryption algorithm")
        .def_readwrite("encryptionKeyBits",
                       &IpsecEspSaConfig::encryptionKeyBits,
                       "Key size, salt excluded (0: the usual one)")
        .def_readwrite("integrity", &IpsecEspSaConfig::integrity, "Integrity algorithm")
        .def_readwrite("spiAtoB", &IpsecEspSaConfig::spiAtoB, "SPI of the A->B SA (0: random)")
        .def_readwrite("spiBtoA", &IpsecEspSaConfig::spiBtoA, "SPI of the B->A SA (0: random)")
        .def_readwrite("replayWindow",
                       &IpsecEspSaConfig::replayWindow,
                       "Window size (0: the layers' attribute)")
        .def_readwrite("extendedSequenceNumbers",
                       &IpsecEspSaConfig::extendedSequenceNumbers,
                       "64-bit sequence numbers")
        .def_readwrite("cryptoMode", &IpsecEspSaConfig::cryptoMode, "Real or size-only")
        .def_readwrite("mode", &IpsecEspSaConfig::mode, "Transport or tunnel")
        .def_readwrite("initialSequence",
                       &IpsecEspSaConfig::initialSequence,
                       "Last sequence number 'already sent'")
        .def_readwrite("softLifetime", &IpsecEspSaConfig::softLifetime, "Soft lifetime")
        .def_readwrite("hardLifetime", &IpsecEspSaConfig::hardLifetime, "Hard lifetime")
        .def_readwrite("reqid", &IpsecEspSaConfig::reqid, "Request ID (0: none)");
    AddBytesProperty(esp, "keyAtoB", &IpsecEspSaConfig::keyAtoB, "Encryption key A->B");
    AddBytesProperty(esp, "keyBtoA", &IpsecEspSaConfig::keyBtoA, "Encryption key B->A");
    AddBytesProperty(esp, "authKeyAtoB", &IpsecEspSaConfig::authKeyAtoB, "Integrity key A->B");
    AddBytesProperty(esp, "authKeyBtoA", &IpsecEspSaConfig::authKeyBtoA, "Integrity key B->A");

    py::class_<IpsecAhSaConfig> ah(m, "IpsecAhSaConfig", "What AddAhSaPair needs");
    AddKeywordInit<IpsecAhSaConfig>(ah);
    ah.def_readwrite("integrity", &IpsecAhSaConfig::integrity, "Integrity algorithm")
        .def_readwrite("spiAtoB", &IpsecAhSaConfig::spiAtoB, "SPI of the A->B SA (0: random)")
        .def_readwrite("spiBtoA", &IpsecAhSaConfig::spiBtoA, "SPI of the B->A SA (0: random)")
        .def_readwrite("replayWindow",
                       &IpsecAhSaConfig::replayWindow,
                       "Window size (0: the layers' attribute)")
        .def_readwrite("extendedSequenceNumbers",
                       &IpsecAhSaConfig::extendedSequenceNumbers,
                       "64-bit sequence numbers")
        .def_readwrite("cryptoMode", &IpsecAhSaConfig::cryptoMode, "Real or size-only")
        .def_readwrite("mode", &IpsecAhSaConfig::mode, "Transport or tunnel")
        .def_readwrite("softLifetime", &IpsecAhSaConfig::softLifetime, "Soft lifetime")
        .def_readwrite("hardLifetime", &IpsecAhSaConfig::hardLifetime, "Hard lifetime");
    AddBytesProperty(ah, "keyAtoB", &IpsecAhSaConfig::keyAtoB, "Integrity key A->B");
    AddBytesProperty(ah, "keyBtoA", &IpsecAhSaConfig::keyBtoA, "Integrity key B->A");

    py::class_<IpsecNatTraversalConfig> nat(m,
                                            "IpsecNatTraversalConfig",
                                            "How AddEspSaPairThroughNat's SAs cross a NAT");
    AddKeywordInit<IpsecNatTraversalConfig>(nat);
    nat.def_readwrite("natAddress",
                      &IpsecNatTraversalConfig::natAddress,
                      "A's address as B sees it")
        .def_readwrite("natPort", &IpsecNatTraversalConfig::natPort, "A's port as B sees it")
        .def_readwrite("portA", &IpsecNatTraversalConfig::portA, "A's endpoint port")
        .def_readwrite("portB", &IpsecNatTraversalConfig::portB, "B's endpoint port")
        .def_readwrite("originalAddresses",
                       &IpsecNatTraversalConfig::originalAddresses,
                       "Give the inbound SAs NAT-OA addresses")
        .def_readwrite("openEndpoints",
                       &IpsecNatTraversalConfig::openEndpoints,
                       "Open both endpoints (A's with keepalives)");

    py::class_<IpsecMulticastSaConfig> mc(m, "IpsecMulticastSaConfig", "What AddMulticastSa needs");
    AddKeywordInit<IpsecMulticastSaConfig>(mc);
    mc.def_readwrite("encryption", &IpsecMulticastSaConfig::encryption, "Encryption algorithm")
        .def_readwrite("encryptionKeyBits",
                       &IpsecMulticastSaConfig::encryptionKeyBits,
                       "Key size, salt excluded (0: the usual one)")
        .def_readwrite("integrity", &IpsecMulticastSaConfig::integrity, "Integrity algorithm")
        .def_readwrite("spi", &IpsecMulticastSaConfig::spi, "The group SA's SPI (0: random)")
        .def_readwrite("replayWindow", &IpsecMulticastSaConfig::replayWindow, "Window size")
        .def_readwrite("extendedSequenceNumbers",
                       &IpsecMulticastSaConfig::extendedSequenceNumbers,
                       "64-bit sequence numbers")
        .def_readwrite("cryptoMode", &IpsecMulticastSaConfig::cryptoMode, "Real or size-only")
        .def_readwrite("softLifetime", &IpsecMulticastSaConfig::softLifetime, "Soft lifetime")
        .def_readwrite("hardLifetime", &IpsecMulticastSaConfig::hardLifetime, "Hard lifetime");
    AddBytesProperty(mc, "key", &IpsecMulticastSaConfig::key, "Encryption key");
    AddBytesProperty(mc, "authKey", &IpsecMulticastSaConfig::authKey, "Integrity key");

    py::class_<IpsecSaPair>(m, "IpsecSaPair", "The SAs of a pair (A's copies)")
        .def_readonly("atob", &IpsecSaPair::atob, "Outbound at A, inbound at B")
        .def_readonly("btoa", &IpsecSaPair::btoa, "Outbound at B, inbound at A")
        .def("__iter__",
             [](const IpsecSaPair& p) { return py::iter(py::make_tuple(p.atob, p.btoa)); });

    py::class_<IpsecMulticastSa>(m, "IpsecMulticastSa", "A group SA's copies")
        .def_readonly("sender", &IpsecMulticastSa::sender, "The sender's copy")
        .def_readonly("receivers", &IpsecMulticastSa::receivers, "Each receiver's copy");
}
} // namespace

namespace
{
/// What the module binds beyond the examples' needs: route-based tunnels.
void
BindHelperMore(py::module_& m)
{
    using H = IpsecHelper;
    py::reinterpret_borrow<py::class_<H>>(m.attr("IpsecHelper"))
        .def("AddTunnelInterface",
             py::overload_cast<Ptr<Node>,
                               IpsecAddress,
                               IpsecAddress,
                               Ipv4Address,
                               Ipv4Mask,
                               uint16_t>(&H::AddTunnelInterface),
             py::arg("node"),
             py::arg("local_endpoint"),
             py::arg("remote_endpoint"),
             py::arg("address"),
             py::arg("mask"),
             py::arg("link_mtu") = 1500,
             "A route-based tunnel device with an IPv4 address")
        .def("AddTunnelInterface",
             py::overload_cast<Ptr<Node>,
                               IpsecAddress,
                               IpsecAddress,
                               Ipv6Address,
                               Ipv6Prefix,
                               uint16_t>(&H::AddTunnelInterface),
             py::arg("node"),
             py::arg("local_endpoint"),
             py::arg("remote_endpoint"),
             py::arg("address"),
             py::arg("prefix"),
             py::arg("link_mtu") = 1500,
             "A route-based tunnel device with an IPv6 address");
}
} // namespace

void
BindIpsecHelper(py::module_& m)
{
    BindConfigs(m);

    py::class_<IpsecHelper>(m,
                            "IpsecHelper",
                            "Installs IPsec layers, adds policies and SAs, exports keys. Bad "
                            "arguments raise IpsecError before anything changes.")
        .def(py::init<>())
        .def(
            "SetLayerAttribute",
            [](IpsecHelper& h, const std::string& name, py::handle value) {
                std::string error;
                Ptr<AttributeValue> v =
                    CheckedAttributeValue(IpsecLayer::GetTypeId(), name, value, error);
                ThrowIfError(error);
                h.SetLayerAttribute(name, *v);
            },
            py::arg("name"),
            py::arg("value"),
            "An attribute of the layers Install() creates")
        .def("Install",
             py::overload_cast<Ptr<Node>>(&IpsecHelper::Install, py::const_),
             py::arg("node"),
             "An IPsec layer on a node (after its internet stack)")
        .def("Install",
             py::overload_cast<NodeContainer>(&IpsecHelper::Install, py::const_),
             py::arg("nodes"),
             "An IPsec layer on every node")
        .def("AddPolicy",
             &IpsecHelper::AddPolicy,
             py::arg("node"),
             py::arg("policy"),
             "Append a policy to a node's SPD")
        .def("AddPolicyPair",
             &IpsecHelper::AddPolicyPair,
             py::arg("a"),
             py::arg("b"),
             py::arg("selector"),
             py::arg("action"),
             py::arg("protocol") = IpsecProtocol::ESP,
             py::arg("mode") = IpsecMode::TRANSPORT,
             "A policy at A and its mirror image at B")
        .def("AddTunnelPolicyPair",
             &IpsecHelper::AddTunnelPolicyPair,
             py::arg("a"),
             py::arg("endpoint_a"),
             py::arg("b"),
             py::arg("endpoint_b"),
             py::arg("selector"),
             py::arg("protocol") = IpsecProtocol::ESP,
             "Tunnel-mode policies between two gateways for the selected traffic")
        .def("AddEspSaPair",
             &IpsecHelper::AddEspSaPair,
             py::arg("a"),
             py::arg("address_a"),
             py::arg("b"),
             py::arg("address_b"),
             py::arg("config"),
             "Two ESP SAs (A->B, B->A), installed on both nodes")
        .def("AddEspSaPairThroughNat",
             &IpsecHelper::AddEspSaPairThroughNat,
             py::arg("a"),
             py::arg("address_a"),
             py::arg("b"),
             py::arg("address_b"),
             py::arg("config"),
             py::arg("nat"),
             "ESP SAs in UDP between A behind a NAT and B")
        .def("AddAhSaPair",
             &IpsecHelper::AddAhSaPair,
             py::arg("a"),
             py::arg("address_a"),
             py::arg("b"),
             py::arg("address_b"),
             py::arg("config"),
             "Two AH SAs (A->B, B->A), installed on both nodes")
        .def("AddMulticastSa",
             &IpsecHelper::AddMulticastSa,
             py::arg("sender"),
             py::arg("source"),
             py::arg("group"),
             py::arg("receivers"),
             py::arg("config"),
             "One ESP SA for a group: the sender's and each receiver's copy")
        .def("AddMulticastPolicies",
             &IpsecHelper::AddMulticastPolicies,
             py::arg("sender"),
             py::arg("source"),
             py::arg("group"),
             py::arg("receivers"),
             py::arg("traffic") = IpsecTrafficSelector(),
             "The sender protects traffic to the group, the receivers require it")
        .def("EnableProcessingDelay",
             &IpsecHelper::EnableProcessingDelay,
             py::arg("nodes"),
             py::arg("engines") = 1,
             py::arg("cost_table") = "",
             "A crypto engine per node (processing delay); returns them")
        .def_static(
            "Print",
            [](Ptr<Node> node) {
                std::ostringstream os;
                IpsecHelper::Print(node, os);
                return os.str();
            },
            py::arg("node"),
            "A node's SPD, SAD, socket requests and counters, as text")
        .def_static("SetPolicyLogger",
                    &IpsecHelper::SetPolicyLogger,
                    py::arg("nodes"),
                    py::arg("logger"),
                    "Log these nodes' drops to a policy logger")
        .def("GetWiresharkEspSaRows",
             &IpsecHelper::GetWiresharkEspSaRows,
             "Wireshark esp_sa rows of the SAs this helper created")
        .def(
            "WriteWiresharkEspSa",
            [](const IpsecHelper& h, const std::string& filename) {
                h.WriteWiresharkEspSa(filename);
            },
            py::arg("filename"),
            "Write those rows to a file (a Wireshark esp_sa table)")
        .def("AssignStreams",
             &IpsecHelper::AssignStreams,
             py::arg("nodes"),
             py::arg("stream"),
             "Fix the random streams of keys and SPIs; returns how many were used");
    BindHelperMore(m);
}

} // namespace python
} // namespace ns3
