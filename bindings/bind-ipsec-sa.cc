/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Algorithms, lifetimes, security associations and the SAD.

#include "bind-ipsec.h"

#include "ns3/ipsec-algorithm-registry.h"
#include "ns3/ipsec-lifetime.h"
#include "ns3/security-association-database.h"
#include "ns3/security-association.h"

namespace ns3
{
namespace python
{

namespace
{
/// A registry entry (they live as long as the program): a reference, or None.
template <typename Info>
py::object
InfoOrNone(const Info* info)
{
    return info ? py::cast(info, py::return_value_policy::reference) : py::none();
}

/// The algorithm registry and its entries.
void
BindRegistry(py::module_& m)
{
    py::class_<IpsecAlgorithmCost>(m, "IpsecAlgorithmCost", "Processing cost of an algorithm")
        .def(py::init([](double perPacketNs, double perByteNs) {
                 return IpsecAlgorithmCost{perPacketNs, perByteNs};
             }),
             py::arg("per_packet_ns") = 0.0,
             py::arg("per_byte_ns") = 0.0,
             "A cost")
        .def_readwrite("perPacketNs", &IpsecAlgorithmCost::perPacketNs, "ns per packet")
        .def_readwrite("perByteNs", &IpsecAlgorithmCost::perByteNs, "ns per byte")
        .def("__repr__", [](const IpsecAlgorithmCost& c) {
            return "IpsecAlgorithmCost(per_packet_ns=" + std::to_string(c.perPacketNs) +
                   ", per_byte_ns=" + std::to_string(c.perByteNs) + ")";
        });

    using E = EncryptionAlgorithmInfo;
    py::class_<E>(m, "EncryptionAlgorithmInfo", "A registry entry (read-only)")
        .def_readonly("id", &E::id, "PF_KEY identifier")
        .def_readonly("name", &E::name, "Canonical name, e.g. 'aes-cbc'")
        .def_readonly("aliases", &E::aliases, "Other accepted spellings")
        .def_readonly("wiresharkName", &E::wiresharkName, "Wireshark esp_sa name")
        .def_readonly("wiresharkSupported", &E::wiresharkSupported, "Wireshark decrypts it")
        .def_readonly("pfkeyAssigned", &E::pfkeyAssigned, "Linux defines its PF_KEY number")
        .def_readonly("ikev2Id", &E::ikev2Id, "IKEv2 transform ID (0: none)")
        .def_readonly("rfc", &E::rfc, "Defining document")
        .def_readonly("keyBits", &E::keyBits, "Accepted key sizes, salt excluded")
        .def_readonly("saltBytes", &E::saltBytes, "Salt appended to the key")
        .def_readonly("blockBytes", &E::blockBytes, "Cipher block size")
        .def_readonly("ivBytes", &E::ivBytes, "Explicit IV per packet")
        .def_readonly("icvBytes", &E::icvBytes, "ICV of a combined-mode algorithm")
        .def_readonly("aead", &E::aead, "Combined mode")
        .def_readonly("confidential", &E::confidential, "Whether it encrypts")
        .def_readonly("cost", &E::cost, "Default processing cost")
        .def_readonly("wiresharkKeyBits", &E::wiresharkKeyBits, "Key sizes Wireshark decrypts")
        .def("__repr__", [](const E& e) { return "<EncryptionAlgorithmInfo " + e.name + ">"; });
    using I = IntegrityAlgorithmInfo;
    py::class_<I>(m, "IntegrityAlgorithmInfo", "A registry entry (read-only)")
        .def_readonly("id", &I::id, "PF_KEY identifier")
        .def_readonly("name", &I::name, "Canonical name, e.g. 'hmac-sha1'")
        .def_readonly("aliases", &I::aliases, "Other accepted spellings")
        .def_readonly("wiresharkName", &I::wiresharkName, "Wireshark esp_sa name")
        .def_readonly("wiresharkSupported", &I::wiresharkSupported, "Wireshark checks it")
        .def_readonly("pfkeyAssigned", &I::pfkeyAssigned, "Linux defines its PF_KEY number")
        .def_readonly("ikev2Id", &I::ikev2Id, "IKEv2 transform ID (0: none)")
        .def_readonly("rfc", &I::rfc, "Defining document")
        .def_readonly("keyBits", &I::keyBits, "Key size")
        .def_readonly("icvBytes", &I::icvBytes, "Truncated ICV length")
        .def_readonly("cost", &I::cost, "Default processing cost")
        .def("__repr__", [](const I& i) { return "<IntegrityAlgorithmInfo " + i.name + ">"; });

    using R = IpsecAlgorithmRegistry;
    py::class_<R>(m, "IpsecAlgorithmRegistry", "The algorithms the module knows (static)")
        .def_static(
            "Find",
            [](IpsecEncryption id) { return InfoOrNone(R::Find(id)); },
            py::arg("id"),
            "The entry of an encryption algorithm, or None")
        .def_static(
            "Find",
            [](IpsecIntegrity id) { return InfoOrNone(R::Find(id)); },
            py::arg("id"),
            "The entry of an integrity algorithm, or None")
        .def_static(
            "FindEncryption",
            [](const std::string& name) { return InfoOrNone(R::FindEncryption(name)); },
            py::arg("name"),
            "An encryption algorithm by name or alias, or None")
        .def_static(
            "FindIntegrity",
            [](const std::string& name) { return InfoOrNone(R::FindIntegrity(name)); },
            py::arg("name"),
            "An integrity algorithm by name or alias, or None")
        .def_static(
            "FindEncryptionByIkev2",
            [](uint16_t id) { return InfoOrNone(R::FindEncryptionByIkev2(id)); },
            py::arg("transform_id"),
            "An encryption algorithm by IKEv2 transform ID, or None")
        .def_static(
            "FindIntegrityByIkev2",
            [](uint16_t id) { return InfoOrNone(R::FindIntegrityByIkev2(id)); },
            py::arg("transform_id"),
            "An integrity algorithm by IKEv2 transform ID, or None")
        .def_static("EncryptionAlgorithms",
                    &R::EncryptionAlgorithms,
                    py::return_value_policy::reference,
                    "Every encryption algorithm")
        .def_static("IntegrityAlgorithms",
                    &R::IntegrityAlgorithms,
                    py::return_value_policy::reference,
                    "Every integrity algorithm")
        .def_static(
            "ValidateEsp",
            [](IpsecEncryption e, py::handle ek, IpsecIntegrity a, py::handle ak) {
                return R::ValidateEsp(e, FromBytes(ek), a, FromBytes(ak));
            },
            py::arg("enc"),
            py::arg("enc_key"),
            py::arg("auth"),
            py::arg("auth_key"),
            "What is wrong with an ESP algorithm/key combination, or ''")
        .def_static(
            "ValidateAh",
            [](IpsecEncryption e, py::handle ek, IpsecIntegrity a, py::handle ak) {
                return R::ValidateAh(e, FromBytes(ek), a, FromBytes(ak));
            },
            py::arg("enc"),
            py::arg("enc_key"),
            py::arg("auth"),
            py::arg("auth_key"),
            "What is wrong with an AH algorithm/key combination, or ''");
}

/// Lifetimes and SA parameters.
void
BindParams(py::module_& m)
{
    py::class_<IpsecLifetime> lifetime(m,
                                       "IpsecLifetime",
                                       "Limits of an SA (or, current: what it used so far)");
    StructBinder<IpsecLifetime>(lifetime)
        .Field("allocations", "allocations", &IpsecLifetime::allocations, "Packets")
        .Field("bytes", "bytes", &IpsecLifetime::bytes, "Payload bytes")
        .Field("addTime", "add_time", &IpsecLifetime::addTime, "Time after installation")
        .Field("useTime", "use_time", &IpsecLifetime::useTime, "Time after first use")
        .Finish("IpsecLifetime");
    lifetime.def("IsUnlimited", &IpsecLifetime::IsUnlimited, "Whether every field is zero")
        .def("IsReachedBy",
             &IpsecLifetime::IsReachedBy,
             py::arg("packets"),
             py::arg("octets"),
             "Whether a limit is reached")
        .def_static("Validate",
                    &IpsecLifetime::Validate,
                    py::arg("soft"),
                    py::arg("hard"),
                    "What is wrong with a soft/hard pair, or ''")
        .def("__str__", [](const IpsecLifetime& l) { return Text(l); });

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

    py::class_<IpsecSaCounters>(m, "IpsecSaCounters", "What went through an SA")
        .def_readonly("txPackets", &IpsecSaCounters::txPackets, "Packets protected")
        .def_readonly("txBytes", &IpsecSaCounters::txBytes, "Payload bytes protected")
        .def_readonly("rxPackets", &IpsecSaCounters::rxPackets, "Packets accepted")
        .def_readonly("rxBytes", &IpsecSaCounters::rxBytes, "Payload bytes accepted")
        .def("GetDrops", &IpsecSaCounters::GetDrops, py::arg("reason"), "Drops for a reason")
        .def("GetTotalDrops", &IpsecSaCounters::GetTotalDrops, "All drops");
}

/// SecurityAssociation and the SAD.
void
BindSas(py::module_& m)
{
    using SA = SecurityAssociation;
    const auto inner = py::return_value_policy::reference_internal;
    py::class_<SA, Ptr<SA>>(m, "SecurityAssociation", "An SA (usually made by the SAD)")
        .def(py::init([](const IpsecSaParams& p) { return Create<SA>(p); }),
             py::arg("params"),
             "An SA outside any SAD")
        .def("GetParams", &SA::GetParams, inner, "Its parameters")
        .def("GetProtocol", &SA::GetProtocol, "ESP or AH")
        .def("GetMode", &SA::GetMode, "Transport or tunnel")
        .def("GetSpi", &SA::GetSpi, "SPI")
        .def("GetSource", &SA::GetSource, "Sender of protected packets")
        .def("GetDestination", &SA::GetDestination, "Receiver")
        .def("GetEncryption", &SA::GetEncryption, "Encryption algorithm")
        .def("GetIntegrity", &SA::GetIntegrity, "Integrity algorithm")
        .def("GetEncryptionInfo",
             &SA::GetEncryptionInfo,
             py::return_value_policy::reference,
             "The encryption algorithm's registry entry")
        .def("GetIcvSize", &SA::GetIcvSize, "ICV bytes on the wire")
        .def("IsSizeOnly", &SA::IsSizeOnly, "Whether it is size-only")
        .def("GetState", &SA::GetState, "LARVAL, MATURE, DYING or DEAD")
        .def("IsUsable", &SA::IsUsable, "Whether it carries packets")
        .def("GetCurrentLifetime", &SA::GetCurrentLifetime, "What it used so far")
        .def("GetLastSequence", &SA::GetLastSequence, "Last sequence number sent")
        .def("GetCounters",
             py::overload_cast<>(&SA::GetCounters, py::const_),
             inner,
             "Packets, bytes and drops")
        .def("Print", &PrintText<SA>, "The SA as text (as ipseckey dump)")
        .def("__str__", &PrintText<SA>)
        .def("__repr__",
             [](const SA& sa) { return "<SecurityAssociation " + PrintText(sa) + ">"; });

    using Sad = SecurityAssociationDatabase;
    py::class_<Sad, Object, Ptr<Sad>>(m, "SecurityAssociationDatabase", "A node's SAD")
        .def_static("GetTypeId", &Sad::GetTypeId, "The TypeId")
        .def(py::init([]() { return CreateObject<Sad>(); }), "An empty SAD")
        .def(
            "Add",
            [](Sad& sad, const IpsecSaParams& params) {
                std::string error;
                Ptr<SA> sa = sad.Add(params, error);
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
            "Change an SA's lifetimes; raises IpsecError when they are invalid")
        .def("Remove",
             &Sad::Remove,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "Remove an SA; whether there was one")
        .def("Flush", py::overload_cast<>(&Sad::Flush), "Remove every SA")
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
        .def("Get",
             &Sad::Get,
             py::arg("protocol"),
             py::arg("destination"),
             py::arg("spi"),
             "The SA with this key in any state, or None")
        .def("FindOutbound",
             py::overload_cast<const IpsecPolicy&, IpsecAddress, IpsecAddress>(&Sad::FindOutbound,
                                                                               py::const_),
             py::arg("policy"),
             py::arg("source"),
             py::arg("destination"),
             "The SA a policy would use between two addresses, or None")
        .def("Expire",
             &Sad::Expire,
             py::arg("sa"),
             py::arg("hard"),
             "Expire an SA now (soft or hard)")
        .def("GetAll", &Sad::GetAll, "Every SA in installation order")
        .def("Print", &PrintText<Sad>, "The SAD as text (as ipseckey dump)")
        .def("__len__", [](const Sad& sad) { return sad.GetAll().size(); });
}
} // namespace

void
BindIpsecSa(py::module_& m)
{
    BindRegistry(m);
    BindParams(m);
    BindSas(m);
    RegisterTraceSignature<Ptr<const SecurityAssociation>>(
        "ns3::SecurityAssociationDatabase::SaTracedCallback");
    RegisterTraceSignature<Ptr<const SecurityAssociation>, bool>(
        "ns3::SecurityAssociationDatabase::ExpireTracedCallback");
}

} // namespace python
} // namespace ns3
