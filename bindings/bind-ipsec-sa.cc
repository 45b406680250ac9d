/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Algorithms, lifetimes, SAs, their counters and replay windows, and the SAD.

#include "bind-ipsec.h"

#include "ns3/anti-replay-window.h"
#include "ns3/ipsec-algorithm-registry.h"
#include "ns3/ipsec-lifetime.h"
#include "ns3/security-association-database.h"
#include "ns3/security-association.h"

namespace ns3
{
namespace python
{

void
SetFields(py::object self, const py::kwargs& kwargs)
{
    for (auto item : kwargs)
    {
        std::string name = item.first.cast<std::string>();
        if (!py::hasattr(py::type::of(self), name.c_str()))
        {
            throw py::type_error(py::str(py::type::of(self).attr("__name__")).cast<std::string>() +
                                 " has no field '" + name + "'");
        }
        self.attr(name.c_str()) = item.second;
    }
}

namespace
{
/// Print(os) as a string.
template <typename T>
std::string
Printed(const T& value)
{
    std::ostringstream os;
    value.Print(os);
    return os.str();
}

/// A pointer the registry returns, as the info or None.
template <typename T>
py::object
InfoOrNone(const T* info)
{
    return info ? py::cast(info, py::return_value_policy::reference) : py::none();
}

void
BindAlgorithms(py::module_& m)
{
    py::class_<IpsecAlgorithmCost>(m, "IpsecAlgorithmCost", "Processing cost of an algorithm")
        .def_readonly("perPacketNs", &IpsecAlgorithmCost::perPacketNs, "Fixed cost per packet")
        .def_readonly("perByteNs", &IpsecAlgorithmCost::perByteNs, "Cost per byte");

    py::class_<EncryptionAlgorithmInfo>(m,
                                        "EncryptionAlgorithmInfo",
                                        "What the registry knows of an encryption algorithm")
        .def_readonly("id", &EncryptionAlgorithmInfo::id, "PF_KEY identifier")
        .def_readonly("name", &EncryptionAlgorithmInfo::name, "Canonical name")
        .def_readonly("aliases", &EncryptionAlgorithmInfo::aliases, "Other accepted names")
        .def_readonly("wiresharkName",
                      &EncryptionAlgorithmInfo::wiresharkName,
                      "Name in Wireshark's esp_sa table")
        .def_readonly("rfc", &EncryptionAlgorithmInfo::rfc, "Defining document")
        .def_readonly("keyBits", &EncryptionAlgorithmInfo::keyBits, "Accepted key sizes")
        .def_readonly("saltBytes", &EncryptionAlgorithmInfo::saltBytes, "Salt after the key")
        .def_readonly("blockBytes", &EncryptionAlgorithmInfo::blockBytes, "Block size")
        .def_readonly("ivBytes", &EncryptionAlgorithmInfo::ivBytes, "Explicit IV per packet")
        .def_readonly("icvBytes", &EncryptionAlgorithmInfo::icvBytes, "Combined-mode ICV")
        .def_readonly("aead", &EncryptionAlgorithmInfo::aead, "Combined mode")
        .def_readonly("cost", &EncryptionAlgorithmInfo::cost, "Default processing cost")
        .def("__repr__", [](const EncryptionAlgorithmInfo& i) {
            return "<EncryptionAlgorithmInfo " + i.name + ">";
        });

    py::class_<IntegrityAlgorithmInfo>(m,
                                       "IntegrityAlgorithmInfo",
                                       "What the registry knows of an integrity algorithm")
        .def_readonly("id", &IntegrityAlgorithmInfo::id, "PF_KEY identifier")
        .def_readonly("name", &IntegrityAlgorithmInfo::name, "Canonical name")
        .def_readonly("aliases", &IntegrityAlgorithmInfo::aliases, "Other accepted names")
        .def_readonly("wiresharkName",
                      &IntegrityAlgorithmInfo::wiresharkName,
                      "Name in Wireshark's esp_sa table")
        .def_readonly("rfc", &IntegrityAlgorithmInfo::rfc, "Defining document")
        .def_readonly("keyBits", &IntegrityAlgorithmInfo::keyBits, "Key size")
        .def_readonly("icvBytes", &IntegrityAlgorithmInfo::icvBytes, "Truncated ICV length")
        .def_readonly("cost", &IntegrityAlgorithmInfo::cost, "Default processing cost")
        .def("__repr__", [](const IntegrityAlgorithmInfo& i) {
            return "<IntegrityAlgorithmInfo " + i.name + ">";
        });

    py::class_<IpsecAlgorithmRegistry>(m,
                                       "IpsecAlgorithmRegistry",
                                       "The algorithms the module implements (static methods)")
        .def_static("EncryptionAlgorithms",
                    &IpsecAlgorithmRegistry::EncryptionAlgorithms,
                    py::return_value_policy::reference,
                    "Every encryption algorithm")
        .def_static("IntegrityAlgorithms",
                    &IpsecAlgorithmRegistry::IntegrityAlgorithms,
                    py::return_value_policy::reference,
                    "Every integrity algorithm")
        .def_static(
            "FindEncryption",
            [](const std::string& name) {
                return InfoOrNone(IpsecAlgorithmRegistry::FindEncryption(name));
            },
            py::arg("name"),
            "An encryption algorithm by name or alias, or None")
        .def_static(
            "FindIntegrity",
            [](const std::string& name) {
                return InfoOrNone(IpsecAlgorithmRegistry::FindIntegrity(name));
            },
            py::arg("name"),
            "An integrity algorithm by name or alias, or None")
        .def_static(
            "ValidateEsp",
            [](IpsecEncryption enc, py::handle key, IpsecIntegrity auth, py::handle authKey) {
                return IpsecAlgorithmRegistry::ValidateEsp(enc,
                                                           FromBytes(key),
                                                           auth,
                                                           FromBytes(authKey));
            },
            py::arg("encryption"),
            py::arg("key"),
            py::arg("integrity"),
            py::arg("auth_key"),
            "What is wrong with an ESP combination and its keys, or ''")
        .def_static(
            "ValidateAh",
            [](IpsecEncryption enc, py::handle key, IpsecIntegrity auth, py::handle authKey) {
                return IpsecAlgorithmRegistry::ValidateAh(enc,
                                                          FromBytes(key),
                                                          auth,
                                                          FromBytes(authKey));
            },
            py::arg("encryption"),
            py::arg("key"),
            py::arg("integrity"),
            py::arg("auth_key"),
            "What is wrong with an AH combination and its key, or ''");
}

void
BindSas(py::module_& m)
{
    py::class_<IpsecLifetime>(m, "IpsecLifetime", "SA lifetime limits (or amounts used)")
        .def(py::init([](py::kwargs kwargs) {
            py::object self = py::cast(IpsecLifetime());
            SetFields(self, kwargs);
            return self.cast<IpsecLifetime>();
        }))
        .def_readwrite("allocations", &IpsecLifetime::allocations, "Packets")
        .def_readwrite("bytes", &IpsecLifetime::bytes, "Payload bytes")
        .def_readwrite("addTime", &IpsecLifetime::addTime, "Time after installation")
        .def_readwrite("useTime", &IpsecLifetime::useTime, "Time after first use")
        .def("IsUnlimited", &IpsecLifetime::IsUnlimited, "Whether no limit is set");

    py::class_<IpsecSaParams> params(m,
                                     "IpsecSaParams",
                                     "Everything an SA is made of (what PF_KEY ADD carries)");
    StructBinder<IpsecSaParams>(params)
        .Field("protocol", "protocol", &IpsecSaParams::protocol, "ESP or AH")
        .Field("mode", "mode", &IpsecSaParams::mode, "Transport or tunnel")
        .Field("spi", "spi", &IpsecSaParams::spi, "SPI (chosen by the receiver)")
        .Field("source", "source", &IpsecSaParams::source, "Sender of its packets")
        .Field("destination", "destination", &IpsecSaParams::destination, "Their receiver")
        .Field("encryption", "encryption", &IpsecSaParams::encryption, "Encryption algorithm")
        .Bytes("encryptionKey",
               "encryption_key",
               &IpsecSaParams::encryptionKey,
               "Key, salt appended")
        .Field("integrity", "integrity", &IpsecSaParams::integrity, "Integrity algorithm")
        .Bytes("integrityKey", "integrity_key", &IpsecSaParams::integrityKey, "Integrity key")
        .Field("replayWindow", "replay_window", &IpsecSaParams::replayWindow, "Window size")
        .Field("extendedSequenceNumbers",
               "extended_sequence_numbers",
               &IpsecSaParams::extendedSequenceNumbers,
               "64-bit sequence numbers")
        .Field("initialSequence",
               "initial_sequence",
               &IpsecSaParams::initialSequence,
               "Last sequence number sent")
        .Field("cryptoMode", "crypto_mode", &IpsecSaParams::cryptoMode, "Real or size-only")
        .Field("softLifetime", "soft_lifetime", &IpsecSaParams::softLifetime, "Soft limits")
        .Field("hardLifetime", "hard_lifetime", &IpsecSaParams::hardLifetime, "Hard limits")
        .Field("reqid", "reqid", &IpsecSaParams::reqid, "Request ID (0: none)")
        .Finish("IpsecSaParams");
    params.def("Validate", &IpsecSaParams::Validate, "What is wrong, or ''");

    py::class_<IpsecSaCounters>(m, "IpsecSaCounters", "What an SA protected, accepted, dropped")
        .def_readonly("txPackets", &IpsecSaCounters::txPackets, "Packets protected")
        .def_readonly("txBytes", &IpsecSaCounters::txBytes, "Payload bytes protected")
        .def_readonly("rxPackets", &IpsecSaCounters::rxPackets, "Packets accepted")
        .def_readonly("rxBytes", &IpsecSaCounters::rxBytes, "Payload bytes accepted")
        .def("GetDrops", &IpsecSaCounters::GetDrops, py::arg("reason"), "Drops for a reason")
        .def("GetTotalDrops", &IpsecSaCounters::GetTotalDrops, "All drops");

    py::class_<AntiReplayWindow>(m, "AntiReplayWindow", "An inbound SA's replay window")
        .def("GetSize", &AntiReplayWindow::GetSize, "Window size (packets)")
        .def("GetTop", &AntiReplayWindow::GetTop, "Highest sequence number accepted")
        .def("IsEsn", &AntiReplayWindow::IsEsn, "Whether 64-bit sequence numbers");

    py::class_<SecurityAssociation, Ptr<SecurityAssociation>>(m,
                                                              "SecurityAssociation",
                                                              "An SA: SPI, addresses, keys, "
                                                              "sequence numbers, counters")
        .def("GetProtocol", &SecurityAssociation::GetProtocol, "ESP or AH")
        .def("GetMode", &SecurityAssociation::GetMode, "Transport or tunnel")
        .def("GetSpi", &SecurityAssociation::GetSpi, "The SPI")
        .def("GetSource", &SecurityAssociation::GetSource, "Sender of its packets")
        .def("GetDestination", &SecurityAssociation::GetDestination, "Receiver of its packets")
        .def("GetEncryption", &SecurityAssociation::GetEncryption, "Encryption algorithm")
        .def("GetIntegrity", &SecurityAssociation::GetIntegrity, "Integrity algorithm")
        .def("GetState", &SecurityAssociation::GetState, "Larval, mature, dying or dead")
        .def("IsUsable", &SecurityAssociation::IsUsable, "Whether mature or dying")
        .def("IsSizeOnly", &SecurityAssociation::IsSizeOnly, "Whether size-only (no crypto)")
        .def("GetLastSequence", &SecurityAssociation::GetLastSequence, "Last sequence sent")
        .def("GetCurrentLifetime", &SecurityAssociation::GetCurrentLifetime, "Amounts used")
        .def(
            "GetReqid",
            [](const SecurityAssociation& sa) { return sa.GetParams().reqid; },
            "Request ID (0: none)")
        .def("GetCounters",
             py::overload_cast<>(&SecurityAssociation::GetCounters, py::const_),
             py::return_value_policy::reference_internal,
             "Packets, bytes and drops")
        .def("GetReplayWindow",
             &SecurityAssociation::GetReplayWindow,
             py::return_value_policy::reference_internal,
             "The replay window (inbound use)")
        .def("__str__", &Printed<SecurityAssociation>)
        .def("__repr__", [](const SecurityAssociation& sa) {
            // The first line of the dump: protocol, SPI, addresses, mode, state (no keys).
            std::string text = Printed(sa);
            return "<SecurityAssociation " + text.substr(0, text.find('\n')) + ">";
        });

    py::class_<SecurityAssociationDatabase, Object, Ptr<SecurityAssociationDatabase>>(
        m,
        "SecurityAssociationDatabase",
        "The SAD: SAs by protocol, destination and SPI")
        .def_static("GetTypeId", &SecurityAssociationDatabase::GetTypeId, "The ns-3 TypeId")
        .def("GetAll", &SecurityAssociationDatabase::GetAll, "Every SA")
        .def("Get",
             &SecurityAssociationDatabase::Get,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "An SA, or None")
        .def("Remove",
             &SecurityAssociationDatabase::Remove,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "Delete an SA; whether there was one")
        .def("Flush", py::overload_cast<>(&SecurityAssociationDatabase::Flush), "Delete every SA")
        .def("__len__", [](const SecurityAssociationDatabase& s) { return s.GetAll().size(); })
        .def("__iter__",
             [](const SecurityAssociationDatabase& s) { return py::iter(py::cast(s.GetAll())); })
        .def("__str__", &Printed<SecurityAssociationDatabase>);

    RegisterTraceSignature<Ptr<const SecurityAssociation>>(
        "ns3::SecurityAssociationDatabase::SaTracedCallback");
    RegisterTraceSignature<Ptr<const SecurityAssociation>, bool>(
        "ns3::SecurityAssociationDatabase::SaExpiredTracedCallback");
}
} // namespace

void
BindIpsecSa(py::module_& m)
{
    BindAlgorithms(m);
    BindSas(m);
}

} // namespace python
} // namespace ns3
