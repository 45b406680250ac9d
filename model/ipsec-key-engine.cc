/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-key-engine.h"

#include "ipsec-layer.h"
#include "pfkey-converter.h"
#include "pfkey-descriptions.h"
#include "pfkey-socket.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecKeyEngine");

NS_OBJECT_ENSURE_REGISTERED(IpsecKeyEngine);

namespace
{
/// A host-order 32-bit header field (sadb_msg_seq, sadb_msg_pid are host order).
uint32_t
ReadHost32(const uint8_t* p)
{
    uint32_t v;
    std::memcpy(&v, p, sizeof(v));
    return v;
}

/// A refusal: the errno of the error reply and why.
PfKeyStatus
Refuse(PfKeyErrno error, const std::string& reason)
{
    return PfKeyStatus::Fail(error, reason);
}
} // namespace

TypeId
IpsecKeyEngine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecKeyEngine")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<IpsecKeyEngine>()
            .AddAttribute("DeliveryDelay",
                          "Time between the key engine sending a message (a reply, a "
                          "broadcast, ACQUIRE, EXPIRE) and a PF_KEY socket receiving it.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&IpsecKeyEngine::m_deliveryDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("LarvalLifetime",
                          "How long an SPI reserved by GETSPI stays reserved without the UPDATE "
                          "that completes its SA (RFC 2367 section 3.1.1).",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&IpsecKeyEngine::m_larvalLifetime),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("Request",
                            "A message written to a PF_KEY socket of this node (pid, bytes).",
                            MakeTraceSourceAccessor(&IpsecKeyEngine::m_requestTrace),
                            "ns3::IpsecKeyEngine::MessageTracedCallback")
            .AddTraceSource("Send",
                            "A message the key engine sends to a socket: a reply, a broadcast, "
                            "ACQUIRE or EXPIRE (pid of the receiving socket, bytes).",
                            MakeTraceSourceAccessor(&IpsecKeyEngine::m_sendTrace),
                            "ns3::IpsecKeyEngine::MessageTracedCallback")
            .AddTraceSource("Error",
                            "A request was refused with an error reply (pid, errno, reason).",
                            MakeTraceSourceAccessor(&IpsecKeyEngine::m_errorTrace),
                            "ns3::IpsecKeyEngine::ErrorTracedCallback")
            .AddTraceSource("AcquireSent",
                            "An ACQUIRE went to the registered key managers: a protect policy "
                            "has no usable SA (policy, wanted source, wanted destination).",
                            MakeTraceSourceAccessor(&IpsecKeyEngine::m_acquireTrace),
                            "ns3::IpsecKeyEngine::AcquireTracedCallback")
            .AddTraceSource("ExpireSent",
                            "An EXPIRE went to the registered key managers (SA, hard).",
                            MakeTraceSourceAccessor(&IpsecKeyEngine::m_expireTrace),
                            "ns3::IpsecKeyEngine::ExpireTracedCallback")
            .AddTraceSource("NewMappingSent",
                            "An SADB_X_NAT_T_NEW_MAPPING went to the key managers registered "
                            "for ESP: an authenticated UDP-encapsulated packet of an inbound "
                            "SA came from a new address or port, a NAT's new mapping (SA, the "
                            "peer's address now, its UDP port now).",
                            MakeTraceSourceAccessor(&IpsecKeyEngine::m_newMappingTrace),
                            "ns3::IpsecKeyEngine::NewMappingTracedCallback");
    return tid;
}

IpsecKeyEngine::IpsecKeyEngine()
    : m_spiStream(CreateObject<UniformRandomVariable>()),
      m_larvalLifetime(Seconds(30)),
      m_sequence(0),
      m_collect(nullptr),
      m_newMappingsSent(0)
{
}

IpsecKeyEngine::~IpsecKeyEngine() = default;

void
IpsecKeyEngine::DoDispose()
{
    for (auto& socket : m_sockets)
    {
        socket->SetKeyEngine(nullptr);
    }
    m_sockets.clear();
    m_registered.clear();
    m_layer = nullptr;
    Object::DoDispose();
}

void
IpsecKeyEngine::SetLayer(Ptr<IpsecLayer> layer)
{
    m_layer = layer;
    layer->SetAcquireCallback(MakeCallback(&IpsecKeyEngine::Acquire, this));
    layer->GetSad()->SetExpireCallback(MakeCallback(&IpsecKeyEngine::Expire, this));
    layer->SetNatMappingCallback(MakeCallback(&IpsecKeyEngine::NatMappingChanged, this));
}

Ptr<IpsecLayer>
IpsecKeyEngine::GetLayer() const
{
    return m_layer;
}

Ptr<Node>
IpsecKeyEngine::GetNode() const
{
    return m_layer ? m_layer->GetObject<Node>() : nullptr;
}

Ptr<PfKeySocket>
IpsecKeyEngine::CreateSocket()
{
    Ptr<PfKeySocket> socket = CreateObject<PfKeySocket>();
    socket->SetKeyEngine(this);
    m_sockets.push_back(socket);
    return socket;
}

void
IpsecKeyEngine::Unregister(PfKeySocket* socket)
{
    m_sockets.erase(std::remove_if(m_sockets.begin(),
                                   m_sockets.end(),
                                   [socket](const Ptr<PfKeySocket>& s) { return s == socket; }),
                    m_sockets.end());
    for (auto it = m_registered.begin(); it != m_registered.end();)
    {
        it = it->first == socket ? m_registered.erase(it) : std::next(it);
    }
}

void
IpsecKeyEngine::Register(Ptr<PfKeySocket> socket, uint8_t satype)
{
    m_registered.insert({PeekPointer(socket), satype});
}

bool
IpsecKeyEngine::HasRegistered(uint8_t satype) const
{
    return std::any_of(m_registered.begin(), m_registered.end(), [satype](const auto& r) {
        return r.second == satype;
    });
}

void
IpsecKeyEngine::Send(const std::vector<uint8_t>& message,
                     Audience audience,
                     uint8_t satype,
                     Ptr<PfKeySocket> sender)
{
    if (audience == SENDER && !sender)
    {
        // A reply to Apply()'s caller, who has no socket.
        PfKeyMessage reply;
        if (m_collect && PfKeyMessage::Parse(message, reply).IsOk())
        {
            m_collect->push_back(reply);
        }
        return;
    }
    for (const auto& socket : m_sockets)
    {
        const bool to =
            audience == ALL || (audience == SENDER && socket == sender) ||
            (audience == REGISTERED && m_registered.count({PeekPointer(socket), satype}) != 0);
        if (!to)
        {
            continue;
        }
        Ptr<Packet> copy = Create<Packet>(message.data(), message.size());
        m_sendTrace(socket->GetPid(), copy);
        if (m_deliveryDelay.IsStrictlyPositive())
        {
            Simulator::Schedule(m_deliveryDelay, &IpsecKeyEngine::DeliverTo, this, socket, copy);
        }
        else
        {
            DeliverTo(socket, copy);
        }
    }
}

void
IpsecKeyEngine::DeliverTo(Ptr<PfKeySocket> socket, Ptr<Packet> message)
{
    socket->Deliver(message);
}

int
IpsecKeyEngine::AllocateSpi(IpsecProtocol protocol,
                            const IpsecAddress& source,
                            const IpsecAddress& destination,
                            uint32_t min,
                            uint32_t max,
                            uint32_t& spi)
{
    min = std::max<uint32_t>(min, 256); // 1-255 are reserved (RFC 4303 section 2.1)
    if (min > max)
    {
        return EINVAL;
    }
    // Random tries first, as kernels do, then a sweep, so a nearly full range still works.
    Ptr<SecurityAssociationDatabase> sad = m_layer->GetSad();
    for (int i = 0; i < 16; ++i)
    {
        const uint32_t candidate = m_spiStream->GetInteger(min, max);
        if (sad->ReserveSpi(protocol, source, destination, candidate, m_larvalLifetime))
        {
            spi = candidate;
            return 0;
        }
    }
    for (uint64_t candidate = min; candidate <= max && candidate - min < (1u << 20); ++candidate)
    {
        if (sad->ReserveSpi(protocol,
                            source,
                            destination,
                            static_cast<uint32_t>(candidate),
                            m_larvalLifetime))
        {
            spi = static_cast<uint32_t>(candidate);
            return 0;
        }
    }
    return EEXIST;
}

int64_t
IpsecKeyEngine::AssignStreams(int64_t stream)
{
    m_spiStream->SetStream(stream);
    return 1;
}

void
IpsecKeyEngine::Receive(Ptr<PfKeySocket> from, Ptr<Packet> bytes)
{
    m_requestTrace(from->GetPid(), bytes);
    std::vector<uint8_t> raw(bytes->GetSize());
    bytes->CopyData(raw.data(), raw.size());
    PfKeyMessage request;
    PfKeyStatus status = PfKeyMessage::Parse(raw, request);
    if (status.IsOk())
    {
        status = request.CheckRequest();
    }
    if (status.IsOk())
    {
        status = Process(from, request);
    }
    if (!status.IsOk())
    {
        NS_LOG_INFO("PF_KEY request refused: " << status);
        // The error reply copies the header as far as it could be read (RFC 2367 2.2).
        PfKeyMessage header;
        if (raw.size() >= PFKEY_HEADER_SIZE)
        {
            header.version = raw[0];
            header.type = static_cast<PfKeyMessageType>(raw[1]);
            header.saType = static_cast<PfKeySaType>(raw[3]);
            header.sequence = ReadHost32(raw.data() + 8);
            header.pid = ReadHost32(raw.data() + 12);
        }
        header.version = PFKEY_VERSION;
        Send(header.MakeErrorReply(status.error).Serialize(), SENDER, 0, from);
        m_errorTrace(from->GetPid(), status.error, status.reason);
    }
}

PfKeyStatus
IpsecKeyEngine::Apply(const PfKeyMessage& request, std::vector<PfKeyMessage>* replies)
{
    PfKeyStatus status = request.CheckRequest();
    if (!status.IsOk())
    {
        return status;
    }
    m_collect = replies;
    status = Process(nullptr, request);
    m_collect = nullptr;
    return status;
}

PfKeyStatus
IpsecKeyEngine::InstallPolicy(Ptr<IpsecPolicy> policy, bool replace)
{
    Ptr<SecurityPolicyDatabase> spd = m_layer->GetSpd();
    Ptr<IpsecPolicy> same = FindPolicy(policy->GetSelector());
    if (same && !replace)
    {
        return Refuse(PfKeyErrno::EXISTS, "a policy with this selector and direction exists");
    }
    const std::string error = policy->Validate();
    if (!error.empty())
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT, error);
    }
    if (policy->GetIndex() != 0)
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT, "the policy object is already in an SPD");
    }
    if (same)
    {
        spd->Remove(same->GetIndex());
    }
    spd->Add(policy); // checked above: it cannot refuse
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::Process(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    switch (request.type)
    {
    case PfKeyMessageType::GETSPI:
        return GetSpi(from, request);
    case PfKeyMessageType::UPDATE:
    case PfKeyMessageType::ADD:
        return AddOrUpdate(from, request);
    case PfKeyMessageType::DELETE:
        return Delete(from, request);
    case PfKeyMessageType::GET:
        return Get(from, request);
    case PfKeyMessageType::REGISTER:
        return RegisterSocket(from, request);
    case PfKeyMessageType::FLUSH:
        return Flush(from, request);
    case PfKeyMessageType::DUMP:
        return Dump(from, request);
    case PfKeyMessageType::ACQUIRE:
        return AcquireFailed(from, request);
    case PfKeyMessageType::X_SPDADD:
    case PfKeyMessageType::X_SPDUPDATE:
    case PfKeyMessageType::X_SPDSETIDX:
        return SpdAdd(from, request);
    case PfKeyMessageType::X_SPDDELETE:
    case PfKeyMessageType::X_SPDDELETE2:
        return SpdDelete(from, request);
    case PfKeyMessageType::X_SPDGET:
        return SpdGet(from, request);
    case PfKeyMessageType::X_SPDDUMP:
        return SpdDump(from, request);
    case PfKeyMessageType::X_SPDFLUSH:
        return SpdFlush(from, request);
    default:
        break;
    }
    return Refuse(PfKeyErrno::OPERATION_NOT_SUPPORTED,
                  PfKeyMessageTypeName(request.type) + " is not supported by this key engine");
}

PfKeyStatus
IpsecKeyEngine::GetSpi(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    IpsecProtocol protocol;
    PfKeyStatus status = PfKeyConverter::ToProtocol(request.saType, protocol);
    if (!status.IsOk())
    {
        return status;
    }
    const IpsecAddress source = request.sourceAddress->sockaddr.address;
    const IpsecAddress destination = request.destinationAddress->sockaddr.address;
    uint32_t min = 256;
    uint32_t max = 0xffffffff;
    if (request.spiRange)
    {
        min = request.spiRange->min;
        max = request.spiRange->max;
    }
    uint32_t spi = 0;
    const int error = AllocateSpi(protocol, source, destination, min, max, spi);
    if (error == EINVAL)
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT, "SPI range holds no SPI of 256 or more");
    }
    if (error != 0)
    {
        return Refuse(PfKeyErrno::EXISTS, "every SPI of the range is taken");
    }
    // The reply: the larval SA, to the sender only (RFC 2367 section 3.1.1).
    PfKeyMessage reply(PfKeyMessageType::GETSPI, request.saType, request.sequence, request.pid);
    PfKeySaExtension sa;
    sa.spi = spi;
    sa.state = PfKeySaState::LARVAL;
    reply.sa = sa;
    reply.sourceAddress = request.sourceAddress;
    reply.destinationAddress = request.destinationAddress;
    Send(reply.Serialize(), SENDER, 0, from);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::AddOrUpdate(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    // A replay window of 0 (no replay protection, which setkey sends by default) gets the
    // layer's ReplayWindowSize: the module always checks replay.
    PfKeyMessage withWindow = request;
    if (withWindow.sa && withWindow.sa->replayWindow == 0)
    {
        UintegerValue window;
        m_layer->GetAttribute("ReplayWindowSize", window);
        withWindow.sa->replayWindow = static_cast<uint8_t>(std::min<uint64_t>(window.Get(), 255));
    }
    IpsecSaParams params;
    PfKeyStatus status = PfKeyConverter::ToSaParams(withWindow, params);
    if (!status.IsOk())
    {
        return status;
    }
    Ptr<SecurityAssociationDatabase> sad = m_layer->GetSad();
    const bool update = request.type == PfKeyMessageType::UPDATE;
    Ptr<SecurityAssociation> existing = sad->Get(params.protocol, params.destination, params.spi);
    const bool larval = sad->IsReserved(params.protocol, params.destination, params.spi);
    std::string error;
    if (update && existing)
    {
        // UPDATE of a mature SA may change its lifetimes (RFC 2367 section 3.1.2) and, as on
        // Linux, the UDP encapsulation of an encapsulated SA: how a key manager follows a
        // NAT's new mapping. Without NAT-T extensions the encapsulation stays as it is.
        const std::optional<IpsecUdpEncap>& current = existing->GetParams().udpEncap;
        if (params.udpEncap && !current)
        {
            return Refuse(PfKeyErrno::INVALID_ARGUMENT,
                          "UPDATE cannot make a mature SA UDP-encapsulated; DELETE it and ADD "
                          "it with the NAT-T extensions");
        }
        // The encapsulation first, so that the SAD's SaUpdated trace (fired by
        // UpdateLifetimes) sees the whole change; undone if the lifetimes are refused.
        const std::optional<IpsecUdpEncap> before = current;
        const IpsecAddress source = existing->GetParams().source;
        const IpsecAddress destination = existing->GetParams().destination;
        if (params.udpEncap)
        {
            IpsecUdpEncap encap = *params.udpEncap;
            // PF_KEY cannot carry an original destination: keep the one the SA has.
            encap.originalDestination = before->originalDestination;
            existing->SetPeer(source, destination, encap);
        }
        if (!sad->UpdateLifetimes(existing, params.softLifetime, params.hardLifetime, error))
        {
            if (before)
            {
                existing->SetPeer(source, destination, *before);
            }
            return Refuse(PfKeyErrno::INVALID_ARGUMENT, error);
        }
        ReplyToAll(request, existing);
        return PfKeyStatus();
    }
    if (update && !larval)
    {
        return Refuse(PfKeyErrno::NO_SUCH_PROCESS, "UPDATE of an SA that does not exist");
    }
    // ADD, or UPDATE of a larval SA (its reservation makes way for the SA).
    if (larval)
    {
        if (!update)
        {
            return Refuse(PfKeyErrno::EXISTS, "the SPI is reserved by GETSPI: UPDATE it");
        }
        sad->Remove(params.protocol, params.destination, params.spi);
    }
    Ptr<SecurityAssociation> sa = InstallSa(params, status);
    if (!sa)
    {
        if (larval)
        {
            // A refused UPDATE leaves the larval SA as it was.
            sad->ReserveSpi(params.protocol,
                            params.source,
                            params.destination,
                            params.spi,
                            m_larvalLifetime);
        }
        return status;
    }
    ReplyToAll(request, sa);
    return PfKeyStatus();
}

Ptr<SecurityAssociation>
IpsecKeyEngine::InstallSa(const IpsecSaParams& params, PfKeyStatus& status)
{
    if (m_layer->GetSad()->IsInUse(params.protocol, params.destination, params.spi))
    {
        status = Refuse(PfKeyErrno::EXISTS, "an SA with this SPI and destination exists");
        return nullptr;
    }
    std::string error;
    Ptr<SecurityAssociation> sa = m_layer->AddSa(params, error);
    status = sa ? PfKeyStatus() : Refuse(PfKeyErrno::INVALID_ARGUMENT, error);
    return sa;
}

Ptr<SecurityAssociation>
IpsecKeyEngine::AddSa(const IpsecSaParams& params, PfKeyStatus& status)
{
    Ptr<SecurityAssociation> sa = InstallSa(params, status);
    if (sa)
    {
        PfKeyMessage announce(PfKeyMessageType::ADD, PfKeyConverter::ToSaType(params.protocol));
        ReplyToAll(announce, sa);
    }
    return sa;
}

void
IpsecKeyEngine::ReplyToAll(const PfKeyMessage& request, Ptr<SecurityAssociation> sa)
{
    // ADD, UPDATE and DELETE replies go to every socket, without the keys (RFC 2367 3.1.3).
    PfKeyMessage reply = PfKeyDescriptions::Sa(request.type, *sa, request.sequence, request.pid);
    reply.saType = request.saType;
    reply.authKey.reset();
    reply.encryptKey.reset();
    Send(reply.Serialize(), ALL, 0, nullptr);
}

PfKeyStatus
IpsecKeyEngine::Delete(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    IpsecProtocol protocol;
    PfKeyStatus status = PfKeyConverter::ToProtocol(request.saType, protocol);
    if (!status.IsOk())
    {
        return status;
    }
    const IpsecAddress destination = request.destinationAddress->sockaddr.address;
    Ptr<SecurityAssociation> sa = m_layer->GetSad()->Get(protocol, destination, request.sa->spi);
    if (!sa && !m_layer->GetSad()->IsReserved(protocol, destination, request.sa->spi))
    {
        return Refuse(PfKeyErrno::NO_SUCH_PROCESS, "no SA with this SPI and destination");
    }
    m_layer->GetSad()->Remove(protocol, destination, request.sa->spi);
    // The reply to all: the request's SA and addresses (RFC 2367 section 3.1.4).
    PfKeyMessage reply(PfKeyMessageType::DELETE, request.saType, request.sequence, request.pid);
    reply.sa = request.sa;
    reply.sourceAddress = request.sourceAddress;
    reply.destinationAddress = request.destinationAddress;
    Send(reply.Serialize(), ALL, 0, nullptr);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::Get(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    IpsecProtocol protocol;
    PfKeyStatus status = PfKeyConverter::ToProtocol(request.saType, protocol);
    if (!status.IsOk())
    {
        return status;
    }
    Ptr<SecurityAssociation> sa =
        m_layer->GetSad()->Get(protocol,
                               request.destinationAddress->sockaddr.address,
                               request.sa->spi);
    if (!sa)
    {
        return Refuse(PfKeyErrno::NO_SUCH_PROCESS, "no SA with this SPI and destination");
    }
    Send(PfKeyDescriptions::Sa(PfKeyMessageType::GET, *sa, request.sequence, request.pid)
             .Serialize(),
         SENDER,
         0,
         from);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::RegisterSocket(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    if (request.saType != PfKeySaType::ESP && request.saType != PfKeySaType::AH)
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT, "REGISTER needs SA type ESP or AH");
    }
    if (!from)
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT, "REGISTER needs a PF_KEY socket to listen on");
    }
    Register(from, static_cast<uint8_t>(request.saType));
    // The reply lists the algorithms the SA type may use (RFC 2367 section 3.1.8).
    PfKeyMessage reply(PfKeyMessageType::REGISTER, request.saType, request.sequence, request.pid);
    PfKeyDescriptions::SupportedAlgorithms(request.saType, reply);
    Send(reply.Serialize(), REGISTERED, static_cast<uint8_t>(request.saType), from);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::Flush(Ptr<PfKeySocket>, const PfKeyMessage& request)
{
    Ptr<SecurityAssociationDatabase> sad = m_layer->GetSad();
    IpsecProtocol protocol;
    if (request.saType == PfKeySaType::UNSPEC)
    {
        sad->Flush();
    }
    else if (PfKeyConverter::ToProtocol(request.saType, protocol).IsOk())
    {
        sad->Flush(protocol);
    }
    else
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT, "FLUSH of an SA type the engine has not");
    }
    PfKeyMessage reply(PfKeyMessageType::FLUSH, request.saType, request.sequence, request.pid);
    Send(reply.Serialize(), ALL, 0, nullptr);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::Dump(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    std::vector<Ptr<SecurityAssociation>> sas;
    for (const auto& sa : m_layer->GetSad()->GetAll())
    {
        if (request.saType == PfKeySaType::UNSPEC ||
            PfKeyConverter::ToSaType(sa->GetProtocol()) == request.saType)
        {
            sas.push_back(sa);
        }
    }
    if (sas.empty())
    {
        return Refuse(PfKeyErrno::NO_ENTRY, "no SA to dump");
    }
    // One message per SA; sadb_msg_seq counts down to 0 on the last (RFC 2367 3.1.10).
    uint32_t left = static_cast<uint32_t>(sas.size());
    for (const auto& sa : sas)
    {
        PfKeyMessage message =
            PfKeyDescriptions::Sa(PfKeyMessageType::DUMP, *sa, --left, request.pid);
        Send(message.Serialize(), SENDER, 0, from);
    }
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::AcquireFailed(Ptr<PfKeySocket>, const PfKeyMessage& request)
{
    // A key manager's ACQUIRE reports a failed negotiation (RFC 2367 section 3.1.6): the
    // errno says why. Packets held for it wait out their hold time; nothing else changes.
    if (request.error == PfKeyErrno::OK)
    {
        return Refuse(PfKeyErrno::INVALID_ARGUMENT,
                      "an ACQUIRE from key management reports a failure: its errno must be set");
    }
    NS_LOG_INFO("key management reports a failed negotiation: " << PfKeyErrnoName(request.error));
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::SpdAdd(Ptr<PfKeySocket>, const PfKeyMessage& request)
{
    Ptr<IpsecPolicy> policy;
    PfKeyStatus status = PfKeyConverter::ToPolicy(request, policy);
    if (!status.IsOk())
    {
        return status;
    }
    status = InstallPolicy(policy, request.type == PfKeyMessageType::X_SPDUPDATE);
    if (!status.IsOk())
    {
        return status;
    }
    PfKeyMessage reply = request;
    reply.policy->id = policy->GetIndex();
    reply.error = PfKeyErrno::OK;
    Send(reply.Serialize(), ALL, 0, nullptr);
    return PfKeyStatus();
}

Ptr<IpsecPolicy>
IpsecKeyEngine::FindPolicy(const IpsecTrafficSelector& selector) const
{
    for (const auto& p : m_layer->GetSpd()->GetPolicies())
    {
        if (p->GetSelector() == selector)
        {
            return p;
        }
    }
    return nullptr;
}

Ptr<IpsecPolicy>
IpsecKeyEngine::FindPolicy(uint32_t id) const
{
    for (const auto& p : m_layer->GetSpd()->GetPolicies())
    {
        if (p->GetIndex() == id)
        {
            return p;
        }
    }
    return nullptr;
}

PfKeyStatus
IpsecKeyEngine::SpdDelete(Ptr<PfKeySocket>, const PfKeyMessage& request)
{
    Ptr<IpsecPolicy> victim;
    if (request.type == PfKeyMessageType::X_SPDDELETE2)
    {
        victim = FindPolicy(request.policy->id);
    }
    else
    {
        Ptr<IpsecPolicy> wanted;
        PfKeyStatus status = PfKeyConverter::ToPolicy(request, wanted);
        if (!status.IsOk())
        {
            return status;
        }
        victim = FindPolicy(wanted->GetSelector());
    }
    if (!victim)
    {
        return Refuse(PfKeyErrno::NO_ENTRY, "no such policy");
    }
    m_layer->GetSpd()->Remove(victim->GetIndex());
    PfKeyMessage reply = request;
    reply.policy->id = victim->GetIndex();
    Send(reply.Serialize(), ALL, 0, nullptr);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::SpdGet(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    Ptr<IpsecPolicy> policy = FindPolicy(request.policy->id);
    if (!policy)
    {
        return Refuse(PfKeyErrno::NO_ENTRY, "no policy with this id");
    }
    Send(PfKeyDescriptions::Policy(PfKeyMessageType::X_SPDGET,
                                   *policy,
                                   request.sequence,
                                   request.pid)
             .Serialize(),
         SENDER,
         0,
         from);
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::SpdDump(Ptr<PfKeySocket> from, const PfKeyMessage& request)
{
    const auto& policies = m_layer->GetSpd()->GetPolicies();
    if (policies.empty())
    {
        return Refuse(PfKeyErrno::NO_ENTRY, "no policy to dump");
    }
    uint32_t left = static_cast<uint32_t>(policies.size());
    for (const auto& policy : policies)
    {
        Send(PfKeyDescriptions::Policy(PfKeyMessageType::X_SPDDUMP, *policy, --left, request.pid)
                 .Serialize(),
             SENDER,
             0,
             from);
    }
    return PfKeyStatus();
}

PfKeyStatus
IpsecKeyEngine::SpdFlush(Ptr<PfKeySocket>, const PfKeyMessage& request)
{
    m_layer->GetSpd()->Flush();
    PfKeyMessage reply(PfKeyMessageType::X_SPDFLUSH, request.saType, request.sequence, request.pid);
    Send(reply.Serialize(), ALL, 0, nullptr);
    return PfKeyStatus();
}

bool
IpsecKeyEngine::Acquire(Ptr<IpsecPolicy> policy,
                        const IpsecAddress& source,
                        const IpsecAddress& destination)
{
    // The SA wanted is the bundle's first step (the innermost); tunnel steps name their
    // endpoints (RFC 2367 section 3.1.6: addresses, and a proposal of what is acceptable).
    const IpsecProtection& step = policy->GetBundle().front();
    const auto satype = static_cast<uint8_t>(PfKeyConverter::ToSaType(step.protocol));
    if (!HasRegistered(satype))
    {
        return false;
    }
    const bool tunnel = step.mode == IpsecMode::TUNNEL;
    PfKeyMessage acquire(PfKeyMessageType::ACQUIRE,
                         static_cast<PfKeySaType>(satype),
                         ++m_sequence,
                         0);
    acquire.sourceAddress = PfKeyAddressExtension::ForHost(tunnel ? step.tunnelLocal : source);
    acquire.destinationAddress =
        PfKeyAddressExtension::ForHost(tunnel ? step.tunnelRemote : destination);
    PfKeyPolicyExtension ext;
    PfKeyConverter::ToPolicyExtension(*policy, PfKeyPolicyDirection::OUTBOUND, ext);
    ext.id = policy->GetIndex();
    acquire.policy = ext;
    acquire.proposal = PfKeyDescriptions::Proposal(step);
    m_acquireTrace(policy,
                   acquire.sourceAddress->sockaddr.address,
                   acquire.destinationAddress->sockaddr.address);
    Send(acquire.Serialize(), REGISTERED, satype, nullptr);
    return true;
}

void
IpsecKeyEngine::Expire(Ptr<SecurityAssociation> sa, bool hard)
{
    // EXPIRE goes to the sockets registered for the SA type (RFC 2367 section 3.1.7): the SA,
    // its current lifetime and the lifetime that was reached.
    PfKeyMessage expire = PfKeyDescriptions::Sa(PfKeyMessageType::EXPIRE, *sa, 0, 0);
    expire.authKey.reset();
    expire.encryptKey.reset();
    // Exactly one of the two, always (RFC 2367 3.1.7; Linux's af_key too): listeners tell a
    // soft from a hard EXPIRE by it, also when no limit of that kind was set (a hard expiry
    // for used-up sequence numbers).
    if (hard)
    {
        expire.softLifetime.reset();
        expire.hardLifetime = expire.hardLifetime.value_or(PfKeyLifetimeExtension());
    }
    else
    {
        expire.hardLifetime.reset();
        expire.softLifetime = expire.softLifetime.value_or(PfKeyLifetimeExtension());
    }
    m_expireTrace(sa, hard);
    Send(expire.Serialize(), REGISTERED, static_cast<uint8_t>(expire.saType), nullptr);
}

void
IpsecKeyEngine::NatMappingChanged(Ptr<SecurityAssociation> sa,
                                  const IpsecAddress& address,
                                  uint16_t port)
{
    NS_LOG_FUNCTION(this << sa << address << port);
    const IpsecSaParams& params = sa->GetParams();
    if (params.protocol != IpsecProtocol::ESP || !params.udpEncap)
    {
        // Only ESP in UDP has a mapping to follow; Linux refuses the others too.
        return;
    }
    const auto satype = static_cast<uint8_t>(PfKeySaType::ESP);
    if (!HasRegistered(satype))
    {
        NS_LOG_INFO("NAT mapping of SA " << params.spi << " changed; no ESP key manager to tell");
        return;
    }
    // What the key manager needs to find its IKE SA and move it: the SPI, the peer's new
    // address and port, and this node's side of the SA (address and port), which the
    // mapping did not change. The SA's own source may already be the new one.
    PfKeyMessage mapping(PfKeyMessageType::X_NAT_T_NEW_MAPPING, PfKeySaType::ESP, ++m_sequence, 0);
    PfKeySaExtension ext;
    ext.spi = params.spi;
    // Only the SPI identifies the SA here; Linux leaves the extension's other fields zero.
    ext.state = static_cast<PfKeySaState>(0);
    mapping.sa = ext;
    mapping.sourceAddress = PfKeyAddressExtension::ForHost(address);
    mapping.natSourcePort = PfKeyNatPortExtension{port};
    mapping.destinationAddress = PfKeyAddressExtension::ForHost(params.destination);
    mapping.natDestinationPort = PfKeyNatPortExtension{params.udpEncap->destinationPort};
    ++m_newMappingsSent;
    m_newMappingTrace(sa, address, port);
    Send(mapping.Serialize(), REGISTERED, satype, nullptr);
}

uint64_t
IpsecKeyEngine::GetNewMappingsSent() const
{
    return m_newMappingsSent;
}

} // namespace ns3
