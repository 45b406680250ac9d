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
    // The field's C++ name, or the same in snake_case (key_a_to_b for keyAtoB): compared
    // without underscores and case.
    auto squash = [](const std::string& text) {
        std::string out;
        for (char c : text)
        {
            if (c != '_')
            {
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        return out;
    };
    py::object type = py::type::of(self);
    for (auto item : kwargs)
    {
        std::string name = item.first.cast<std::string>();
        if (!py::hasattr(type, name.c_str()))
        {
            for (auto attr : py::dict(type.attr("__dict__")))
            {
                std::string field = attr.first.cast<std::string>();
                if (field[0] != '_' && squash(field) == squash(name) &&
                    py::isinstance(attr.second, py::module_::import("builtins").attr("property")))
                {
                    name = field;
                    break;
                }
            }
        }
        if (!py::hasattr(type, name.c_str()))
        {
            throw py::type_error(py::str(py::type::of(self).attr("__name__")).cast<std::string>() +
                                 " has no field '" + name + "'");
        }
        self.attr(name.c_str()) = item.second;
    }
}

namespace
{
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
        .def(KeywordInit<IpsecLifetime>(), "No limits, with keyword arguments setting fields")
        .def_readwrite("allocations", &IpsecLifetime::allocations, "Packets")
        .def_readwrite("bytes", &IpsecLifetime::bytes, "Payload bytes")
        .def_readwrite("addTime", &IpsecLifetime::addTime, "Time after installation")
        .def_readwrite("useTime", &IpsecLifetime::useTime, "Time after first use")
        .def("IsUnlimited", &IpsecLifetime::IsUnlimited, "Whether no limit is set");

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
        .def("__str__", &PrintText<SecurityAssociation>)
        .def("__repr__", [](const SecurityAssociation& sa) {
            // The first line of the dump: protocol, SPI, addresses, mode, state (no keys).
            std::string text = PrintText(sa);
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
        .def("__str__", &PrintText<SecurityAssociationDatabase>);

    RegisterTraceSignature<Ptr<const SecurityAssociation>>(
        "ns3::SecurityAssociationDatabase::SaTracedCallback");
    RegisterTraceSignature<Ptr<const SecurityAssociation>, bool>(
        "ns3::SecurityAssociationDatabase::ExpireTracedCallback");
}
} // namespace

namespace
{
/// What the module binds beyond the examples' needs: SA parameters, the rest of the SAD.
void
BindSaMore(py::module_& m)
{
    auto cost =
        py::reinterpret_borrow<py::class_<IpsecAlgorithmCost>>(m.attr("IpsecAlgorithmCost"));
    cost.def(py::init([](double perPacketNs, double perByteNs) {
                 return IpsecAlgorithmCost{perPacketNs, perByteNs};
             }),
             py::arg("per_packet_ns") = 0.0,
             py::arg("per_byte_ns") = 0.0,
             "A cost in nanoseconds");
    using E = EncryptionAlgorithmInfo;
    py::reinterpret_borrow<py::class_<E>>(m.attr("EncryptionAlgorithmInfo"))
        .def_readonly("wiresharkSupported", &E::wiresharkSupported, "Wireshark decrypts it")
        .def_readonly("pfkeyAssigned", &E::pfkeyAssigned, "Linux defines its PF_KEY number")
        .def_readonly("ikev2Id", &E::ikev2Id, "IKEv2 transform ID (0: none)")
        .def_readonly("confidential", &E::confidential, "Whether it encrypts")
        .def_readonly("wiresharkKeyBits", &E::wiresharkKeyBits, "Key sizes Wireshark decrypts");
    using I = IntegrityAlgorithmInfo;
    py::reinterpret_borrow<py::class_<I>>(m.attr("IntegrityAlgorithmInfo"))
        .def_readonly("wiresharkSupported", &I::wiresharkSupported, "Wireshark checks it")
        .def_readonly("pfkeyAssigned", &I::pfkeyAssigned, "Linux defines its PF_KEY number")
        .def_readonly("ikev2Id", &I::ikev2Id, "IKEv2 transform ID (0: none)");
    using R = IpsecAlgorithmRegistry;
    auto reference = [](auto info) {
        return info ? py::cast(info, py::return_value_policy::reference) : py::none();
    };
    py::reinterpret_borrow<py::class_<R>>(m.attr("IpsecAlgorithmRegistry"))
        .def_static(
            "Find",
            [reference](IpsecEncryption id) { return reference(R::Find(id)); },
            py::arg("id"),
            "The entry of an encryption algorithm, or None")
        .def_static(
            "Find",
            [reference](IpsecIntegrity id) { return reference(R::Find(id)); },
            py::arg("id"),
            "The entry of an integrity algorithm, or None")
        .def_static(
            "FindEncryptionByIkev2",
            [reference](uint16_t id) { return reference(R::FindEncryptionByIkev2(id)); },
            py::arg("transform_id"),
            "An encryption algorithm by IKEv2 transform ID, or None")
        .def_static(
            "FindIntegrityByIkev2",
            [reference](uint16_t id) { return reference(R::FindIntegrityByIkev2(id)); },
            py::arg("transform_id"),
            "An integrity algorithm by IKEv2 transform ID, or None");

    py::reinterpret_borrow<py::class_<IpsecLifetime>>(m.attr("IpsecLifetime"))
        .def("IsReachedBy",
             &IpsecLifetime::IsReachedBy,
             py::arg("packets"),
             py::arg("octets"),
             "Whether a limit is reached")
        .def_static("Validate",
                    &IpsecLifetime::Validate,
                    py::arg("soft"),
                    py::arg("hard"),
                    "What is wrong with a soft/hard pair, or ''");

    py::class_<IpsecUdpEncap> encap(m, "IpsecUdpEncap", "ESP in UDP (RFC 3948) of an SA");
    StructBinder<IpsecUdpEncap>(encap)
        .Field("sourcePort", "source_port", &IpsecUdpEncap::sourcePort, "UDP source port")
        .Field("destinationPort",
               "destination_port",
               &IpsecUdpEncap::destinationPort,
               "UDP destination port")
        .Field("originalSource",
               "original_source",
               &IpsecUdpEncap::originalSource,
               "Sender's own address (NAT-OA)")
        .Field("originalDestination",
               "original_destination",
               &IpsecUdpEncap::originalDestination,
               "Destination the sender wrote (NAT-OA)")
        .Finish("IpsecUdpEncap");

    using P = IpsecSaParams;
    py::class_<P> params(m, "IpsecSaParams", "What defines an SA");
    StructBinder<P>(params)
        .Field("protocol", "protocol", &P::protocol, "ESP or AH")
        .Field("mode", "mode", &P::mode, "Transport or tunnel")
        .Field("spi", "spi", &P::spi, "SPI")
        .Field("source", "source", &P::source, "Sender of protected packets")
        .Field("destination", "destination", &P::destination, "Receiver")
        .Field("encryption", "encryption", &P::encryption, "Encryption algorithm")
        .Bytes("encryptionKey", "encryption_key", &P::encryptionKey, "Key, salt appended")
        .Field("integrity", "integrity", &P::integrity, "Integrity algorithm")
        .Bytes("integrityKey", "integrity_key", &P::integrityKey, "Integrity key")
        .Field("replayWindow", "replay_window", &P::replayWindow, "Anti-replay window")
        .Field("extendedSequenceNumbers",
               "extended_sequence_numbers",
               &P::extendedSequenceNumbers,
               "64-bit sequence numbers")
        .Field("initialSequence", "initial_sequence", &P::initialSequence, "Last sent")
        .Field("cryptoMode", "crypto_mode", &P::cryptoMode, "Real or size-only")
        .Field("softLifetime", "soft_lifetime", &P::softLifetime, "Soft limits")
        .Field("hardLifetime", "hard_lifetime", &P::hardLifetime, "Hard limits")
        .Field("udpEncap", "udp_encap", &P::udpEncap, "ESP in UDP, or None")
        .Field("reqid", "reqid", &P::reqid, "Request ID (0: none)")
        .Finish("IpsecSaParams");
    params.def("Validate", &P::Validate, "What is wrong with them, or ''");

    using SA = SecurityAssociation;
    py::reinterpret_borrow<py::class_<SA, Ptr<SA>>>(m.attr("SecurityAssociation"))
        .def(py::init([](const IpsecSaParams& p) { return Create<SA>(p); }),
             py::arg("params"),
             "An SA outside any SAD")
        .def("GetParams",
             &SA::GetParams,
             py::return_value_policy::reference_internal,
             "Its parameters")
        .def("GetEncryptionInfo",
             &SA::GetEncryptionInfo,
             py::return_value_policy::reference,
             "The encryption algorithm's registry entry")
        .def("GetIcvSize", &SA::GetIcvSize, "ICV bytes on the wire")
        .def("Print", &PrintText<SA>, "The SA as text (as ipseckey dump)");

    using Sad = SecurityAssociationDatabase;
    py::reinterpret_borrow<py::class_<Sad, Object, Ptr<Sad>>>(m.attr("SecurityAssociationDatabase"))
        .def(py::init([]() { return CreateObject<Sad>(); }), "An empty SAD")
        .def(
            "Add",
            [](Sad& sad, const IpsecSaParams& p) {
                std::string error;
                Ptr<SA> sa = sad.Add(p, error);
                ThrowIfError(sa ? "" : error);
                return sa;
            },
            py::arg("params"),
            "Install an SA; raises IpsecError with the C++ message when it cannot")
        .def(
            "UpdateLifetimes",
            [](Sad& sad, Ptr<SA> sa, const IpsecLifetime& soft, const IpsecLifetime& hard) {
                std::string error;
                if (!sad.UpdateLifetimes(sa, soft, hard, error))
                {
                    ThrowIfError(error);
                }
            },
            py::arg("sa"),
            py::arg("soft"),
            py::arg("hard"),
            "Change an SA's lifetimes; raises IpsecError with the C++ message")
        .def("Flush",
             py::overload_cast<IpsecProtocol>(&Sad::Flush),
             py::arg("protocol"),
             "Remove every SA of a protocol")
        .def("IsReserved",
             &Sad::IsReserved,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "Whether an SPI is reserved (GETSPI, a larval SA)")
        .def("ReserveSpi",
             &Sad::ReserveSpi,
             py::arg("protocol"),
             py::arg("source"),
             py::arg("destination"),
             py::arg("spi"),
             py::arg("timeout"),
             "Reserve an SPI for a while; whether it was free")
        .def("IsInUse",
             &Sad::IsInUse,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "Whether an SA or reservation has this key")
        .def("FindInbound",
             &Sad::FindInbound,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "The usable SA with this key, or None")
        .def("FindOutbound",
             py::overload_cast<const IpsecPolicy&, IpsecAddress, IpsecAddress>(&Sad::FindOutbound,
                                                                               py::const_),
             py::arg("policy"),
             py::arg("source"),
             py::arg("destination"),
             "The SA a policy would use between two addresses, or None")
        .def("Expire", &Sad::Expire, py::arg("sa"), py::arg("hard"), "Expire an SA now")
        .def("Print", &PrintText<Sad>, "The SAD as text (as ipseckey dump)");
}
} // namespace

void
BindIpsecSa(py::module_& m)
{
    BindAlgorithms(m);
    BindSas(m);
    BindSaMore(m);
}

} // namespace python
} // namespace ns3
