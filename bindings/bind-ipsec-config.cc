/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Configuration files (ipsecconf, ipseckey), Wireshark's esp_sa rows, the pcap inspector.

#include "bind-ipsec.h"

#include "ns3/esp-pcap-inspector.h"
#include "ns3/ipsecconf-loader.h"
#include "ns3/ipsecconf-parser.h"
#include "ns3/ipseckey-loader.h"
#include "ns3/ipseckey-parser.h"
#include "ns3/node.h"
#include "ns3/wireshark-esp-sa.h"

namespace ns3
{
namespace python
{

namespace
{
/// The result when it has no errors; IpsecError with its error text otherwise.
template <typename R>
R
OkOrRaise(R result)
{
    if (!result.Ok())
    {
        ThrowIfError(result.GetErrorText());
    }
    return result;
}

/// ipseckey: commands, parser, loader.
void
BindIpseckey(py::module_& m)
{
    py::enum_<IpseckeyOperation>(m, "IpseckeyOperation", "An ipseckey command")
        .value("ADD", IpseckeyOperation::ADD)
        .value("UPDATE", IpseckeyOperation::UPDATE)
        .value("DELETE", IpseckeyOperation::DELETE)
        .value("GET", IpseckeyOperation::GET)
        .value("FLUSH", IpseckeyOperation::FLUSH)
        .value("DUMP", IpseckeyOperation::DUMP);
    py::enum_<IpseckeySaType>(m, "IpseckeySaType", "esp, ah or all")
        .value("ALL", IpseckeySaType::ALL)
        .value("AH", IpseckeySaType::AH)
        .value("ESP", IpseckeySaType::ESP);
    py::class_<IpseckeyPrefix>(m, "IpseckeyPrefix", "An address and prefix length")
        .def(py::init<>(), "None given")
        .def_readwrite("address", &IpseckeyPrefix::address, "The address")
        .def_readwrite("prefixLength", &IpseckeyPrefix::prefixLength, "Prefix length");

    using C = IpseckeyCommand;
    py::class_<C>(m, "IpseckeyCommand", "One parsed ipseckey command (read-only)")
        .def_readonly("file", &C::file, "File it came from")
        .def_readonly("line", &C::line, "Line")
        .def_readonly("operation", &C::operation, "The command")
        .def_readonly("saType", &C::saType, "esp, ah or all")
        .def_readonly("spi", &C::spi, "spi, or None")
        .def_readonly("direction", &C::direction, "inbound/outbound hint, or None")
        .def_readonly("source", &C::source, "src")
        .def_readonly("destination", &C::destination, "dst")
        .def_readonly("sourcePort", &C::sourcePort, "sport")
        .def_readonly("destinationPort", &C::destinationPort, "dport")
        .def_readonly("protocol", &C::protocol, "proto, or None")
        .def_readonly("innerSource", &C::innerSource, "innersrc")
        .def_readonly("innerDestination", &C::innerDestination, "innerdst")
        .def_readonly("tunnelMode", &C::tunnelMode, "Inner-header extensions given")
        .def_readonly("encryption", &C::encryption, "encr_alg, or None")
        .def_readonly("integrity", &C::integrity, "auth_alg, or None")
        .def_property_readonly(
            "encryptionKey",
            [](const C& c) { return ToBytes(c.encryptionKey); },
            "encrkey")
        .def_property_readonly(
            "integrityKey",
            [](const C& c) { return ToBytes(c.integrityKey); },
            "authkey")
        .def_readonly("replayWindow", &C::replayWindow, "replay, or None")
        .def_readonly("state", &C::state, "state, or None")
        .def_readonly("softLifetime", &C::softLifetime, "soft_*")
        .def_readonly("hardLifetime", &C::hardLifetime, "hard_*")
        .def_readonly("udpEncapsulation", &C::udpEncapsulation, "encap udp");
    py::class_<IpseckeyParseResult>(m, "IpseckeyParseResult", "Parsed commands")
        .def_readonly("commands", &IpseckeyParseResult::commands, "In file order")
        .def_readonly("errors", &IpseckeyParseResult::errors, "Errors (empty here)")
        .def("Ok", &IpseckeyParseResult::Ok, "Whether there are no errors")
        .def("GetErrorText", &IpseckeyParseResult::GetErrorText, "The errors as text");
    py::class_<IpseckeyParser>(m, "IpseckeyParser", "ipseckey(8) input (static)")
        .def_static(
            "ParseFile",
            [](const std::string& path) { return OkOrRaise(IpseckeyParser::ParseFile(path)); },
            py::arg("path"),
            "Parse a file; raises IpsecError with the result's error text when it has errors")
        .def_static(
            "ParseString",
            [](const std::string& text, const std::string& name) {
                return OkOrRaise(IpseckeyParser::ParseString(text, name));
            },
            py::arg("text"),
            py::arg("name") = "<string>",
            "Parse text; raises IpsecError with the result's error text when it has errors")
        .def_static("KnownEncryptionNames",
                    &IpseckeyParser::KnownEncryptionNames,
                    "The encryption names accepted")
        .def_static("KnownIntegrityNames",
                    &IpseckeyParser::KnownIntegrityNames,
                    "The integrity names accepted");
    py::reinterpret_borrow<py::class_<IpseckeyLoader>>(m.attr("IpseckeyLoader"))
        .def_static(
            "Apply",
            [](Ptr<Node> node, const std::vector<IpseckeyCommand>& commands, py::object out) {
                std::ostringstream os;
                std::string error = IpseckeyLoader::Apply(node, commands, &os);
                if (!out.is_none())
                {
                    out.attr("write")(os.str());
                }
                return error;
            },
            py::arg("node"),
            py::arg("commands"),
            py::arg("out") = py::none(),
            "Apply parsed commands (what get/dump print goes to out.write()); returns the "
            "error message, '' on success, as in C++");
}

/// ipsecconf: entries, parser, loader.
void
BindIpsecconf(py::module_& m)
{
    py::enum_<IpsecconfAction>(m, "IpsecconfAction", "An entry's action keyword")
        .value("IPSEC", IpsecconfAction::IPSEC)
        .value("APPLY", IpsecconfAction::APPLY)
        .value("PERMIT", IpsecconfAction::PERMIT)
        .value("BYPASS", IpsecconfAction::BYPASS)
        .value("DROP", IpsecconfAction::DROP);
    py::enum_<IpsecconfNegotiate>(m, "IpsecconfNegotiate", "negotiate of a tunnel entry")
        .value("NONE", IpsecconfNegotiate::NONE)
        .value("TUNNEL", IpsecconfNegotiate::TUNNEL)
        .value("TRANSPORT", IpsecconfNegotiate::TRANSPORT);
    py::class_<IpsecconfKeyLength>(m, "IpsecconfKeyLength", "Accepted key lengths")
        .def_readonly("minBits", &IpsecconfKeyLength::minBits, "Smallest (0: none)")
        .def_readonly("maxBits", &IpsecconfKeyLength::maxBits, "Largest (0: none)");
    using E = IpsecconfEntry;
    py::class_<E>(m, "IpsecconfEntry", "One parsed ipsecconf entry (read-only)")
        .def_readonly("file", &E::file, "File it came from")
        .def_readonly("line", &E::line, "Line of its opening brace")
        .def_readonly("action", &E::action, "The action keyword")
        .def_readonly("policies", &E::policies, "What it installs, in order")
        .def_readonly("tunnel", &E::tunnel, "Tunnel interface name")
        .def_readonly("negotiate", &E::negotiate, "negotiate")
        .def_readonly("uniqueSa", &E::uniqueSa, "sa unique")
        .def_readonly("encryptionKeyBits", &E::encryptionKeyBits, "encr_algs key lengths")
        .def_readonly("espIntegrityKeyBits", &E::espIntegrityKeyBits, "encr_auth_algs")
        .def_readonly("ahIntegrityKeyBits", &E::ahIntegrityKeyBits, "auth_algs");
    py::class_<IpsecconfParseResult>(m, "IpsecconfParseResult", "Parsed entries")
        .def_readonly("entries", &IpsecconfParseResult::entries, "In file order")
        .def_readonly("errors", &IpsecconfParseResult::errors, "Errors (empty here)")
        .def("Ok", &IpsecconfParseResult::Ok, "Whether there are no errors")
        .def("GetErrorText", &IpsecconfParseResult::GetErrorText, "The errors as text");
    py::class_<IpsecconfParser>(m, "IpsecconfParser", "ipsecconf(8) input")
        .def(py::init<>(), "A parser that knows no tunnels")
        .def("AddTunnel",
             &IpsecconfParser::AddTunnel,
             py::arg("name"),
             py::arg("local"),
             py::arg("remote"),
             "Name a tunnel's endpoints; IpsecError for mismatched addresses")
        .def(
            "ParseFile",
            [](const IpsecconfParser& p, const std::string& path) {
                return OkOrRaise(p.ParseFile(path));
            },
            py::arg("path"),
            "Parse a file; raises IpsecError with the result's error text when it has errors")
        .def(
            "ParseString",
            [](const IpsecconfParser& p, const std::string& text, const std::string& name) {
                return OkOrRaise(p.ParseString(text, name));
            },
            py::arg("text"),
            py::arg("name") = "<string>",
            "Parse text; raises IpsecError with the result's error text when it has errors");
    py::reinterpret_borrow<py::class_<IpsecconfLoader>>(m.attr("IpsecconfLoader"))
        .def_static("Apply",
                    &IpsecconfLoader::Apply,
                    py::arg("node"),
                    py::arg("entries"),
                    "Install parsed entries; returns the error message, '' on success, as in C++")
        .def_static("ApplyFile",
                    &IpsecconfLoader::ApplyFile,
                    py::arg("node"),
                    py::arg("path"),
                    py::arg("parser"),
                    "Install a file's policies with a parser that knows tunnels; returns the "
                    "error message, '' on success");
}

/// The inspector's verdicts and the esp_sa rows' other calls.
void
BindInspectorMore(py::module_& m)
{
    using W = WiresharkEspSa;
    auto row = py::reinterpret_borrow<py::class_<W>>(m.attr("WiresharkEspSa"));
    py::enum_<W::Usability>(row, "Usability", "How the row is written and read back")
        .value("WIRESHARK", W::WIRESHARK)
        .value("MODULE_ONLY", W::MODULE_ONLY)
        .value("SIZE_ONLY", W::SIZE_ONLY)
        .export_values();
    row.def_readwrite("protocol", &W::protocol, "'IPv4' or 'IPv6'")
        .def_readwrite("source", &W::source, "Source or '*'")
        .def_readwrite("destination", &W::destination, "Destination or '*'")
        .def_readwrite("spi", &W::spi, "SPI as written")
        .def_readwrite("encryption", &W::encryption, "Wireshark encryption name")
        .def_readwrite("encryptionKey", &W::encryptionKey, "'0x...' hex, salt included")
        .def_readwrite("authentication", &W::authentication, "Wireshark integrity name")
        .def_readwrite("authenticationKey", &W::authenticationKey, "'0x...' hex")
        .def_readwrite("usability", &W::usability, "How the row is written");
    row.def(
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
             "Whether the row applies");

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
    py::reinterpret_borrow<py::class_<EspInspectionSummary>>(m.attr("EspInspectionSummary"))
        .def_readonly("packets", &EspInspectionSummary::packets, "One verdict per listed packet");
}
} // namespace

void
BindIpsecConfig(py::module_& m)
{
    py::class_<IpsecconfLoader>(m,
                                "IpsecconfLoader",
                                "Applies an ipsecinit.conf (ipsecconf(8) syntax) to a node")
        .def_static(
            "ApplyFile",
            [](Ptr<Node> node, const std::string& path) {
                return IpsecconfLoader::ApplyFile(node, path);
            },
            py::arg("node"),
            py::arg("path"),
            "Every entry or none; returns '' or the errors (file, line, reason)");

    py::class_<IpseckeyLoader>(m,
                               "IpseckeyLoader",
                               "Runs an ipseckey(8) command file through a node's PF_KEY")
        .def_static(
            "ApplyFile",
            [](Ptr<Node> node, const std::string& path) {
                std::ostringstream out;
                std::string error = IpseckeyLoader::ApplyFile(node, path, &out);
                return error;
            },
            py::arg("node"),
            py::arg("path"),
            "Every command or none; returns '' or the errors (file, line, reason)");

    py::class_<WiresharkEspSa>(m, "WiresharkEspSa", "A row of Wireshark's esp_sa table")
        .def_static("FromSa", &WiresharkEspSa::FromSa, py::arg("sa"), "The row of an SA")
        .def_static(
            "Parse",
            [](const std::string& line) {
                WiresharkEspSa row;
                std::string error;
                if (!WiresharkEspSa::Parse(line, row, error))
                {
                    throw IpsecError(error);
                }
                return row;
            },
            py::arg("line"),
            "A row from its text (IpsecError if malformed)")
        .def("Format", &WiresharkEspSa::Format, "The row's text")
        .def("__str__", &WiresharkEspSa::Format);

    py::class_<EspInspectionSummary>(m, "EspInspectionSummary", "What EspPcapInspector found")
        .def_readonly("frames", &EspInspectionSummary::frames, "Frames read")
        .def_readonly("esp", &EspInspectionSummary::esp, "ESP/AH packets checked")
        .def_readonly("good", &EspInspectionSummary::good, "Verified and decrypted")
        .def_readonly("failed", &EspInspectionSummary::failed, "Failed (unknown SPIs included)")
        .def_readonly("fragments", &EspInspectionSummary::fragments, "Fragments, not checked")
        .def_readonly("sizeOnly", &EspInspectionSummary::sizeOnly, "Size-only SAs' packets")
        .def_readonly("malformed", &EspInspectionSummary::malformed, "Broken IPv6 chains")
        .def_readonly("skipped", &EspInspectionSummary::skipped, "Other frames")
        .def_readonly("truncated", &EspInspectionSummary::truncated, "File cut short")
        .def_readonly("error", &EspInspectionSummary::error, "Why unreadable, or ''");

    py::class_<EspPcapInspector>(m,
                                 "EspPcapInspector",
                                 "Checks a capture's ESP and AH with the module's transforms")
        .def(py::init<>())
        .def(
            "LoadKeys",
            [](EspPcapInspector& i, const std::string& filename) {
                std::string error;
                if (!i.LoadKeys(filename, error))
                {
                    throw IpsecError(error);
                }
            },
            py::arg("filename"),
            "Load esp_sa rows (IpsecError if unreadable or malformed)")
        .def(
            "Inspect",
            [](EspPcapInspector& i, const std::string& filename, py::object out) {
                std::ostringstream text;
                EspInspectionSummary s = i.Inspect(filename, text);
                if (!out.is_none())
                {
                    out.attr("write")(text.str());
                }
                return s;
            },
            py::arg("filename"),
            py::arg("out") = py::none(),
            "Check every packet; one line each is written to `out` (a text file) if given");
    BindIpseckey(m);
    BindIpsecconf(m);
    BindInspectorMore(m);
}

} // namespace python
} // namespace ns3
