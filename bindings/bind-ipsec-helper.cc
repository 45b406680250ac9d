/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// IpsecHelper and its configuration structs; the Wireshark esp_sa rows and the pcap inspector.

#include "bind-ipsec.h"

#include "ns3/esp-pcap-inspector.h"
#include "ns3/ipsec-helper.h"
#include "ns3/node.h"
#include "ns3/wireshark-esp-sa.h"

namespace ns3
{
namespace python
{

namespace
{
/// The helper's configuration structs.
void
BindConfigs(py::module_& m)
{
    using E = IpsecEspSaConfig;
    py::class_<E> esp(m, "IpsecEspSaConfig", "What IpsecHelper.AddEspSaPair needs");
    StructBinder<E>(esp)
        .Field("encryption", "encryption", &E::encryption, "Encryption algorithm")
        .Field("encryptionKeyBits", "encryption_key_bits", &E::encryptionKeyBits, "0: usual")
        .Field("integrity", "integrity", &E::integrity, "Integrity algorithm")
        .Bytes("keyAtoB", "key_a_to_b", &E::keyAtoB, "Encryption key A->B, or empty")
        .Bytes("keyBtoA", "key_b_to_a", &E::keyBtoA, "Encryption key B->A, or empty")
        .Bytes("authKeyAtoB", "auth_key_a_to_b", &E::authKeyAtoB, "Integrity key A->B")
        .Bytes("authKeyBtoA", "auth_key_b_to_a", &E::authKeyBtoA, "Integrity key B->A")
        .Field("spiAtoB", "spi_a_to_b", &E::spiAtoB, "SPI of the A->B SA, or 0")
        .Field("spiBtoA", "spi_b_to_a", &E::spiBtoA, "SPI of the B->A SA, or 0")
        .Field("replayWindow", "replay_window", &E::replayWindow, "0: the layers' default")
        .Field("extendedSequenceNumbers",
               "extended_sequence_numbers",
               &E::extendedSequenceNumbers,
               "64-bit sequence numbers")
        .Field("cryptoMode", "crypto_mode", &E::cryptoMode, "Real or size-only")
        .Field("mode", "mode", &E::mode, "Transport or tunnel")
        .Field("initialSequence", "initial_sequence", &E::initialSequence, "Last sent")
        .Field("softLifetime", "soft_lifetime", &E::softLifetime, "Soft lifetime")
        .Field("hardLifetime", "hard_lifetime", &E::hardLifetime, "Hard lifetime")
        .Field("reqid", "reqid", &E::reqid, "Request ID (0: none)")
        .Finish("IpsecEspSaConfig");

    using A = IpsecAhSaConfig;
    py::class_<A> ah(m, "IpsecAhSaConfig", "What IpsecHelper.AddAhSaPair needs");
    StructBinder<A>(ah)
        .Field("integrity", "integrity", &A::integrity, "Integrity algorithm")
        .Bytes("keyAtoB", "key_a_to_b", &A::keyAtoB, "Integrity key A->B, or empty")
        .Bytes("keyBtoA", "key_b_to_a", &A::keyBtoA, "Integrity key B->A, or empty")
        .Field("spiAtoB", "spi_a_to_b", &A::spiAtoB, "SPI of the A->B SA, or 0")
        .Field("spiBtoA", "spi_b_to_a", &A::spiBtoA, "SPI of the B->A SA, or 0")
        .Field("replayWindow", "replay_window", &A::replayWindow, "0: the layers' default")
        .Field("extendedSequenceNumbers",
               "extended_sequence_numbers",
               &A::extendedSequenceNumbers,
               "64-bit sequence numbers")
        .Field("cryptoMode", "crypto_mode", &A::cryptoMode, "Real or size-only")
        .Field("mode", "mode", &A::mode, "Transport or tunnel")
        .Field("initialSequence", "initial_sequence", &A::initialSequence, "Last sent")
        .Field("softLifetime", "soft_lifetime", &A::softLifetime, "Soft lifetime")
        .Field("hardLifetime", "hard_lifetime", &A::hardLifetime, "Hard lifetime")
        .Finish("IpsecAhSaConfig");

    using N = IpsecNatTraversalConfig;
    py::class_<N> nat(m, "IpsecNatTraversalConfig", "How AddEspSaPairThroughNat crosses a NAT");
    StructBinder<N>(nat)
        .Field("natAddress", "nat_address", &N::natAddress, "The NAT's public address")
        .Field("natPort", "nat_port", &N::natPort, "A's port as B sees it")
        .Field("portA", "port_a", &N::portA, "A's encapsulation port")
        .Field("portB", "port_b", &N::portB, "B's encapsulation port")
        .Field("originalAddresses",
               "original_addresses",
               &N::originalAddresses,
               "Give inbound SAs the NAT-OA addresses")
        .Field("openEndpoints", "open_endpoints", &N::openEndpoints, "Open both endpoints")
        .Finish("IpsecNatTraversalConfig");

    using MC = IpsecMulticastSaConfig;
    py::class_<MC> mc(m, "IpsecMulticastSaConfig", "What IpsecHelper.AddMulticastSa needs");
    StructBinder<MC>(mc)
        .Field("encryption", "encryption", &MC::encryption, "Encryption algorithm")
        .Field("encryptionKeyBits", "encryption_key_bits", &MC::encryptionKeyBits, "0: usual")
        .Field("integrity", "integrity", &MC::integrity, "Integrity algorithm")
        .Bytes("key", "key", &MC::key, "Encryption key, or empty")
        .Bytes("authKey", "auth_key", &MC::authKey, "Integrity key, or empty")
        .Field("spi", "spi", &MC::spi, "The group SA's SPI, or 0")
        .Field("replayWindow", "replay_window", &MC::replayWindow, "0: each layer's default")
        .Field("extendedSequenceNumbers",
               "extended_sequence_numbers",
               &MC::extendedSequenceNumbers,
               "64-bit sequence numbers")
        .Field("cryptoMode", "crypto_mode", &MC::cryptoMode, "Real or size-only")
        .Field("softLifetime", "soft_lifetime", &MC::softLifetime, "Soft lifetime")
        .Field("hardLifetime", "hard_lifetime", &MC::hardLifetime, "Hard lifetime")
        .Finish("IpsecMulticastSaConfig");

    py::class_<IpsecMulticastSa>(m, "IpsecMulticastSa", "The copies of a group SA")
        .def_readonly("sender", &IpsecMulticastSa::sender, "The sender's copy")
        .def_readonly("receivers", &IpsecMulticastSa::receivers, "Each receiver's copy");
    py::class_<IpsecSaPair>(m, "IpsecSaPair", "A's copies of the two SAs of a pair")
        .def_readonly("atob", &IpsecSaPair::atob, "Outbound at A, inbound at B")
        .def_readonly("btoa", &IpsecSaPair::btoa, "Outbound at B, inbound at A");
}

/// IpsecHelper.
void
BindHelperClass(py::module_& m)
{
    using H = IpsecHelper;
    py::class_<H>(m,
                  "IpsecHelper",
                  "Installs IPsec layers and their SPD/SAD entries; bad arguments raise "
                  "IpsecError with the C++ message, before anything is changed")
        .def(py::init<>(), "A helper")
        .def(
            "SetLayerAttribute",
            [](H& h, const std::string& name, py::handle value) {
                h.SetLayerAttribute(name, *ToAttributeValue(value));
            },
            py::arg("name"),
            py::arg("value"),
            "Set an attribute of the layers this helper creates")
        .def("Install",
             py::overload_cast<Ptr<Node>>(&H::Install, py::const_),
             py::arg("node"),
             "Install a layer on a node (with an IP stack); returns it")
        .def("Install",
             py::overload_cast<NodeContainer>(&H::Install, py::const_),
             py::arg("nodes"),
             "Install a layer on every node")
        .def("AddPolicy",
             &H::AddPolicy,
             py::arg("node"),
             py::arg("policy"),
             "Append a policy to a node's SPD; returns it")
        .def("AddPolicyPair",
             &H::AddPolicyPair,
             py::arg("a"),
             py::arg("b"),
             py::arg("selector"),
             py::arg("action"),
             py::arg("protocol") = IpsecProtocol::ESP,
             py::arg("mode") = IpsecMode::TRANSPORT,
             "A policy on A and its mirror image on B")
        .def("AddTunnelPolicyPair",
             &H::AddTunnelPolicyPair,
             py::arg("a"),
             py::arg("endpoint_a"),
             py::arg("b"),
             py::arg("endpoint_b"),
             py::arg("selector"),
             py::arg("protocol") = IpsecProtocol::ESP,
             "A tunnel-mode protect entry on A and its mirror image on B")
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
             "A route-based tunnel device with an IPv6 address")
        .def("AddEspSaPair",
             &H::AddEspSaPair,
             py::arg("a"),
             py::arg("address_a"),
             py::arg("b"),
             py::arg("address_b"),
             py::arg("config"),
             "The two ESP SAs between two nodes, on both; returns A's copies")
        .def("AddEspSaPairThroughNat",
             &H::AddEspSaPairThroughNat,
             py::arg("a"),
             py::arg("address_a"),
             py::arg("b"),
             py::arg("address_b"),
             py::arg("config"),
             py::arg("nat"),
             "ESP-in-UDP SAs between A behind a NAT and B; returns A's copies")
        .def("AddAhSaPair",
             &H::AddAhSaPair,
             py::arg("a"),
             py::arg("address_a"),
             py::arg("b"),
             py::arg("address_b"),
             py::arg("config"),
             "The two AH SAs between two nodes, on both; returns A's copies")
        .def("AddMulticastSa",
             &H::AddMulticastSa,
             py::arg("sender"),
             py::arg("source"),
             py::arg("group"),
             py::arg("receivers"),
             py::arg("config"),
             "One group SA on a sender and its receivers; returns the copies")
        .def("AddMulticastPolicies",
             &H::AddMulticastPolicies,
             py::arg("sender"),
             py::arg("source"),
             py::arg("group"),
             py::arg("receivers"),
             py::arg("traffic") = IpsecTrafficSelector(),
             "The policies of a multicast group on its sender and receivers")
        .def("EnableProcessingDelay",
             &H::EnableProcessingDelay,
             py::arg("nodes"),
             py::arg("engines") = 1,
             py::arg("cost_table") = "",
             "Give each node's layer a crypto engine; returns the engines")
        .def_static(
            "Print",
            [](Ptr<Node> node) {
                std::ostringstream os;
                H::Print(node, os);
                return os.str();
            },
            py::arg("node"),
            "A node's SPD, SAD, socket policies and counters, as text (C++ writes it to a "
            "stream)")
        .def_static("SetPolicyLogger",
                    &H::SetPolicyLogger,
                    py::arg("nodes"),
                    py::arg("logger"),
                    "Report these nodes' policy failures to a logger")
        .def("GetWiresharkEspSaRows", &H::GetWiresharkEspSaRows, "One esp_sa row per SA")
        .def("WriteWiresharkEspSa",
             &H::WriteWiresharkEspSa,
             py::arg("filename"),
             "Write the rows as a Wireshark esp_sa file")
        .def("AssignStreams",
             &H::AssignStreams,
             py::arg("nodes"),
             py::arg("stream"),
             "Fix the random streams; returns how many were used");
}

/// Calls a Python file-like object's write() with text, unless it is None.
void
WriteTo(py::handle out, const std::string& text)
{
    if (!out.is_none())
    {
        out.attr("write")(text);
    }
}

/// The Wireshark esp_sa row and the pcap inspector.
void
BindWireshark(py::module_& m)
{
    using W = WiresharkEspSa;
    py::class_<W> row(m, "WiresharkEspSa", "One row of Wireshark's esp_sa table");
    py::enum_<W::Usability>(row, "Usability", "How the row is written and read back")
        .value("WIRESHARK", W::WIRESHARK)
        .value("MODULE_ONLY", W::MODULE_ONLY)
        .value("SIZE_ONLY", W::SIZE_ONLY)
        .export_values();
    StructBinder<W>(row)
        .Field("protocol", "protocol", &W::protocol, "'IPv4' or 'IPv6'")
        .Field("source", "source", &W::source, "Source or '*'")
        .Field("destination", "destination", &W::destination, "Destination or '*'")
        .Field("spi", "spi", &W::spi, "SPI as written")
        .Field("encryption", "encryption", &W::encryption, "Wireshark encryption name")
        .Field("encryptionKey", "encryption_key", &W::encryptionKey, "'0x...' hex")
        .Field("authentication", "authentication", &W::authentication, "Wireshark name")
        .Field("authenticationKey", "authentication_key", &W::authenticationKey, "'0x...'")
        .Field("usability", "usability", &W::usability, "How it is written")
        .Finish("WiresharkEspSa");
    row.def_static("FromSa", &W::FromSa, py::arg("sa"), "The row of an SA")
        .def_static(
            "Parse",
            [](const std::string& line) {
                W r;
                std::string error;
                if (!W::Parse(line, r, error))
                {
                    ThrowIfError(error);
                }
                return r;
            },
            py::arg("line"),
            "Parse a row; raises IpsecError with the C++ message")
        .def(
            "ToSaParams",
            [](const W& r) {
                IpsecSaParams p;
                std::string error;
                if (!r.ToSaParams(p, error))
                {
                    ThrowIfError(error);
                }
                return p;
            },
            "The SA parameters; raises IpsecError with the C++ message")
        .def("Matches",
             &W::Matches,
             py::arg("source"),
             py::arg("destination"),
             py::arg("spi"),
             "Whether the row applies")
        .def("Format", &W::Format, "The row as text");

    using V = EspPacketVerdict;
    py::class_<V> verdict(m, "EspPacketVerdict", "What the inspector found for one packet");
    py::enum_<V::Status>(verdict, "Status", "Outcome")
        .value("GOOD", V::GOOD)
        .value("BAD", V::BAD)
        .value("NO_KEY", V::NO_KEY)
        .value("UNUSABLE_KEY", V::UNUSABLE_KEY)
        .value("FRAGMENT", V::FRAGMENT)
        .value("SIZE_ONLY", V::SIZE_ONLY)
        .value("MALFORMED", V::MALFORMED)
        .export_values();
    verdict.def_readonly("frame", &V::frame, "Frame number, from 1")
        .def_readonly("ipVersion", &V::ipVersion, "4 or 6")
        .def_readonly("ah", &V::ah, "AH rather than ESP")
        .def_readonly("source", &V::source, "Outer source")
        .def_readonly("destination", &V::destination, "Outer destination")
        .def_readonly("extensions", &V::extensions, "IPv6 extension headers")
        .def_readonly("udpEncapsulated", &V::udpEncapsulated, "In UDP")
        .def_readonly("spi", &V::spi, "SPI")
        .def_readonly("sequence", &V::sequence, "Sequence number")
        .def_readonly("fragmentOffset", &V::fragmentOffset, "Fragment offset")
        .def_readonly("status", &V::status, "Outcome")
        .def_readonly("reason", &V::reason, "Why BAD")
        .def_readonly("detail", &V::detail, "Message")
        .def_readonly("nested", &V::nested, "Inner layers of a bundle")
        .def_readonly("layers", &V::layers, "Layers opened")
        .def_readonly("innerProtocol", &V::innerProtocol, "Next header of the payload")
        .def_property_readonly(
            "inner",
            [](const V& v) { return ToBytes(v.inner); },
            "The decrypted payload")
        .def_readonly("tunnel", &V::tunnel, "Tunnel-mode inner header text")
        .def("IsGood", &V::IsGood, "Whether it verified");

    using S = EspInspectionSummary;
    py::class_<S>(m, "EspInspectionSummary", "What EspPcapInspector.Inspect found")
        .def_readonly("frames", &S::frames, "Frames read")
        .def_readonly("esp", &S::esp, "ESP and AH packets checked")
        .def_readonly("good", &S::good, "Verified and decrypted")
        .def_readonly("failed", &S::failed, "Did not")
        .def_readonly("fragments", &S::fragments, "Fragments, not checked")
        .def_readonly("sizeOnly", &S::sizeOnly, "Size-only packets")
        .def_readonly("malformed", &S::malformed, "Malformed IPv6 packets")
        .def_readonly("skipped", &S::skipped, "Other frames")
        .def_readonly("truncated", &S::truncated, "The file ends inside a record")
        .def_readonly("packets", &S::packets, "One verdict per listed packet")
        .def_readonly("error", &S::error, "Why the file could not be read");

    py::class_<EspPcapInspector>(m, "EspPcapInspector", "Decrypts and checks ESP in a pcap")
        .def(py::init<>(), "An inspector without keys")
        .def(
            "LoadKeys",
            [](EspPcapInspector& i, const std::string& filename) {
                std::string error;
                if (!i.LoadKeys(filename, error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("filename"),
            "Read an esp_sa file; raises IpsecError with the C++ message")
        .def("AddKey", &EspPcapInspector::AddKey, py::arg("row"), "Add one row")
        .def(
            "Inspect",
            [](EspPcapInspector& i, const std::string& filename, py::object out) {
                std::ostringstream os;
                S s = i.Inspect(filename, os);
                WriteTo(out, os.str());
                return s;
            },
            py::arg("filename"),
            py::arg("out") = py::none(),
            "Check a capture; the listing goes to out.write() (None: nowhere); returns the "
            "summary (its error says why a file could not be read)");
}
} // namespace

void
BindIpsecHelper(py::module_& m)
{
    BindConfigs(m);
    BindHelperClass(m);
    BindWireshark(m);
}

} // namespace python
} // namespace ns3
