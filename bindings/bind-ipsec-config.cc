/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The configuration front-ends: ipseckey(8) and ipsecconf(8) parsers and loaders.

#include "bind-ipsec.h"

#include "ns3/ipsecconf-loader.h"
#include "ns3/ipsecconf-parser.h"
#include "ns3/ipseckey-loader.h"
#include "ns3/ipseckey-parser.h"
#include "ns3/node.h"

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
    py::class_<IpseckeyLoader>(m, "IpseckeyLoader", "Applies ipseckey input to a node (static)")
        .def_static(
            "ApplyFile",
            [](Ptr<Node> node, const std::string& path, py::object out) {
                std::ostringstream os;
                std::string error = IpseckeyLoader::ApplyFile(node, path, &os);
                if (!out.is_none())
                {
                    out.attr("write")(os.str());
                }
                return error;
            },
            py::arg("node"),
            py::arg("path"),
            py::arg("out") = py::none(),
            "Apply a file through the node's PF_KEY engine; what get/dump print goes to "
            "out.write() (None: nowhere). Returns the error message, '' on success, as in C++")
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
            "Apply parsed commands; returns the error message, '' on success, as in C++");
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
    py::class_<IpsecconfLoader>(m, "IpsecconfLoader", "Applies ipsecconf input (static)")
        .def_static("ApplyFile",
                    &IpsecconfLoader::ApplyFile,
                    py::arg("node"),
                    py::arg("path"),
                    py::arg("parser") = IpsecconfParser(),
                    "Install a file's policies; returns the error message, '' on success, as "
                    "in C++")
        .def_static("Apply",
                    &IpsecconfLoader::Apply,
                    py::arg("node"),
                    py::arg("entries"),
                    "Install parsed entries; returns the error message, '' on success");
}
} // namespace

void
BindIpsecConfig(py::module_& m)
{
    BindIpseckey(m);
    BindIpsecconf(m);
}

} // namespace python
} // namespace ns3
