/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Configuration files (ipsecconf, ipseckey), Wireshark's esp_sa rows, the pcap inspector.

#include "bind-ipsec.h"

#include "ns3/esp-pcap-inspector.h"
#include "ns3/ipsecconf-loader.h"
#include "ns3/ipseckey-loader.h"
#include "ns3/wireshark-esp-sa.h"

namespace ns3
{
namespace python
{

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
}

} // namespace python
} // namespace ns3
