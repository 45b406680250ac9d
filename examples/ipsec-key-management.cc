/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A minimal key-management daemon on each of two hosts, talking to its node's key engine over
// PF_KEY (RFC 2367) the way an IKE daemon does, minus IKE itself:
//
//   n0 (A) 10.1.1.1 ---------------- 10.1.1.2 (B) n1
//        key manager A   <- out of band ->   key manager B
//        UDP flow A -> B, port 9             UDP flow B -> A, port 9
//
// Both SPDs protect the UDP traffic between the hosts with ESP, but no SA is installed. The
// first packet makes A's key engine send ACQUIRE; A's manager negotiates with B's: each side
// reserves the SPI of its inbound SA with GETSPI, completes it with UPDATE, and ADDs its
// outbound SA, so the packets the layers held while negotiating go out. The SAs carry a soft
// and a hard lifetime (add time, or bytes); on a soft EXPIRE of its outbound SA a manager
// negotiates a replacement pair before the hard expiry. The SAD sends with the newest usable
// outbound SA, and the old inbound SA lives until its hard expiry, so nothing is lost.
//
// The negotiation itself exchanges no packets: the two managers call each other's methods
// through Simulator::ScheduleWithContext, NegotiationDelay apart in total (half for the
// request, half for the response), standing in for an IKE exchange.
//
// Prints a timeline (ACQUIRE, SAs up, soft EXPIRE, rekeyed, hard EXPIRE), the packets each flow
// sent and received, the packets held while negotiating, and the layers' drops by reason.
// Writes ipsec-key-management-0-0.pcap (A's link) and ipsec-key-management.esp_sa (a row for
// every SA the SADs held, so Wireshark decrypts across rekeys) to --outputDir. Exits 1 if a
// packet sent after the first SAs came up was lost, if no rekey happened, or if the key
// engine refused a message.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecKeyManagement");

namespace
{

/// An SPI as the timeline prints it.
std::string
Hex(uint32_t spi)
{
    std::ostringstream os;
    os << "0x" << std::hex << std::setw(8) << std::setfill('0') << spi;
    return os.str();
}

/**
 * @brief A minimal IKE-like key manager: one per host, paired with its peer's.
 *
 * It opens a PF_KEY socket on its node and REGISTERs for ESP. An ACQUIRE for traffic to the
 * peer, or a soft EXPIRE of its current outbound SA, starts a negotiation with the peer's
 * manager, which ends with an ESP SA pair installed on both nodes (GETSPI, UPDATE, ADD).
 * Only one negotiation runs per pair of managers: a request that arrives while one is under
 * way is answered by the SAs it will install.
 */
class KeyManager : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    KeyManager();

    /**
     * @brief Set the peer and the addresses the SAs join.
     * @param peer the peer's key manager
     * @param local this node's address
     * @param remote the peer's address
     */
    void SetPeer(Ptr<KeyManager> peer, Ipv4Address local, Ipv4Address remote);

    /**
     * @brief Fix the random stream the keys are drawn from.
     * @param stream the stream index
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /** @return negotiations completed in answer to a soft EXPIRE */
    uint32_t GetRekeys() const;
    /** @return when this node's first outbound SA was installed (negative: never) */
    Time GetFirstSaUp() const;
    /** @return error replies and failed negotiations */
    uint32_t GetErrors() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /** The keys of one SA, drawn by the responder. */
    struct Keys
    {
        std::vector<uint8_t> encryption; //!< Encryption key (salt included)
        std::vector<uint8_t> integrity;  //!< Integrity key
    };

    /// Called with the reply to a request (or its error reply).
    using ReplyHandler = std::function<void(const PfKeyMessage&)>;

    /**
     * @brief Read and dispatch the key engine's messages.
     * @param socket the PF_KEY socket
     */
    void OnRecv(Ptr<Socket> socket);
    /**
     * @brief Write a request; @p handler gets its reply.
     * @param message the request (sequence and pid are filled in)
     * @param handler the reply handler, or empty
     */
    void Request(PfKeyMessage message, ReplyHandler handler);
    /**
     * @brief Start a negotiation as initiator, unless one is under way.
     * @param why what asked for it, for the timeline
     * @param rekey whether it replaces SAs that are dying
     */
    void Initiate(const std::string& why, bool rekey);
    /**
     * @brief The initiator's request arrives: the responder reserves its inbound SPI, draws
     * the keys of both SAs and completes its inbound SA.
     * @param initiatorSpi the SPI the initiator reserved for its inbound SA
     * @param rekey whether this is a rekey
     */
    void Respond(uint32_t initiatorSpi, bool rekey);
    /**
     * @brief The response arrives at the initiator: both ends install the rest.
     * @param initiatorSpi the initiator's inbound SPI (the responder's outbound SA)
     * @param responderSpi the responder's inbound SPI (the initiator's outbound SA)
     * @param toResponder the keys of the SA initiator -> responder
     * @param toInitiator the keys of the SA responder -> initiator
     * @param rekey whether this is a rekey
     */
    void Complete(uint32_t initiatorSpi,
                  uint32_t responderSpi,
                  const Keys& toResponder,
                  const Keys& toInitiator,
                  bool rekey);
    /**
     * @brief Reserve the SPI of this node's next inbound SA (GETSPI, a larval SA).
     * @param then called with the SPI
     */
    void GetSpi(std::function<void(uint32_t)> then);
    /**
     * @brief Install one SA of the pair on this node.
     * @param type UPDATE (the larval inbound SA) or ADD (the outbound SA)
     * @param spi the SPI
     * @param outbound whether the SA goes from this node to the peer
     * @param keys its keys
     */
    void InstallSa(PfKeyMessageType type, uint32_t spi, bool outbound, const Keys& keys);
    /** @return fresh keys for one SA */
    Keys DrawKeys();
    /** @brief The negotiation is over, on both sides. */
    void EndNegotiation();
    /**
     * @brief Tell the timeline.
     * @param what the event
     */
    void Note(const std::string& what);
    /** @return whether this manager or its peer is negotiating */
    bool Busy() const;

    Ptr<KeyManager> m_peer;                     //!< The peer's manager
    Ipv4Address m_local;                        //!< This node's address
    Ipv4Address m_remote;                       //!< The peer's address
    Ptr<Socket> m_socket;                       //!< PF_KEY socket
    Ptr<UniformRandomVariable> m_random;        //!< Key material
    Time m_negotiationDelay;                    //!< Length of a simulated exchange
    uint32_t m_softSeconds;                     //!< Soft add-time lifetime
    uint32_t m_hardSeconds;                     //!< Hard add-time lifetime
    uint64_t m_softBytes;                       //!< Soft byte lifetime
    uint64_t m_hardBytes;                       //!< Hard byte lifetime
    std::string m_encryptionName;               //!< ESP encryption (registry name)
    std::string m_integrityName;                //!< ESP integrity (registry name)
    const EncryptionAlgorithmInfo* m_enc;       //!< Resolved encryption
    const IntegrityAlgorithmInfo* m_auth;       //!< Resolved integrity
    uint32_t m_sequence;                        //!< sadb_msg_seq of the next request
    std::map<uint32_t, ReplyHandler> m_pending; //!< Requests awaiting a reply
    bool m_negotiating;                         //!< A negotiation is under way
    uint32_t m_outboundSpi;                     //!< SPI of the newest outbound SA (0: none)
    uint32_t m_rekeys;                          //!< Rekeys completed (as initiator)
    uint32_t m_errors;                          //!< Refusals and failures
    Time m_firstSaUp;                           //!< First outbound SA installed
    TracedCallback<const std::string&> m_event; //!< Timeline
};

NS_OBJECT_ENSURE_REGISTERED(KeyManager);

TypeId
KeyManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecExampleKeyManager")
            .SetParent<Application>()
            .SetGroupName("Ipsec")
            .AddConstructor<KeyManager>()
            .AddAttribute("NegotiationDelay",
                          "How long a simulated exchange with the peer takes, request and "
                          "response (no packets are sent: the managers call each other).",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&KeyManager::m_negotiationDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("SoftLifetimeSeconds",
                          "Soft add-time lifetime of the SAs (0: none); PF_KEY carries whole "
                          "seconds.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&KeyManager::m_softSeconds),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HardLifetimeSeconds",
                          "Hard add-time lifetime of the SAs (0: none).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&KeyManager::m_hardSeconds),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SoftLifetimeBytes",
                          "Soft byte lifetime of the SAs (0: none).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&KeyManager::m_softBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("HardLifetimeBytes",
                          "Hard byte lifetime of the SAs (0: none).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&KeyManager::m_hardBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Encryption",
                          "ESP encryption algorithm (registry name), 128-bit keys.",
                          StringValue("aes-cbc"),
                          MakeStringAccessor(&KeyManager::m_encryptionName),
                          MakeStringChecker())
            .AddAttribute("Integrity",
                          "ESP integrity algorithm (registry name).",
                          StringValue("hmac-sha256"),
                          MakeStringAccessor(&KeyManager::m_integrityName),
                          MakeStringChecker())
            .AddTraceSource("Event",
                            "Something for the timeline happened (a sentence).",
                            MakeTraceSourceAccessor(&KeyManager::m_event),
                            "ns3::KeyManager::EventTracedCallback");
    return tid;
}

KeyManager::KeyManager()
    : m_random(CreateObject<UniformRandomVariable>()),
      m_enc(nullptr),
      m_auth(nullptr),
      m_sequence(0),
      m_negotiating(false),
      m_outboundSpi(0),
      m_rekeys(0),
      m_errors(0),
      m_firstSaUp(Seconds(-1))
{
}

void
KeyManager::SetPeer(Ptr<KeyManager> peer, Ipv4Address local, Ipv4Address remote)
{
    m_peer = peer;
    m_local = local;
    m_remote = remote;
}

int64_t
KeyManager::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint32_t
KeyManager::GetRekeys() const
{
    return m_rekeys;
}

Time
KeyManager::GetFirstSaUp() const
{
    return m_firstSaUp;
}

uint32_t
KeyManager::GetErrors() const
{
    return m_errors;
}

void
KeyManager::DoDispose()
{
    m_peer = nullptr; // the two managers point at each other
    m_socket = nullptr;
    m_pending.clear();
    Application::DoDispose();
}

void
KeyManager::StartApplication()
{
    m_enc = IpsecAlgorithmRegistry::FindEncryption(m_encryptionName);
    m_auth = IpsecAlgorithmRegistry::FindIntegrity(m_integrityName);
    NS_ABORT_MSG_IF(!m_enc || !m_auth,
                    "unknown algorithm " << m_encryptionName << " / " << m_integrityName);
    m_socket = Socket::CreateSocket(GetNode(), PfKeySocketFactory::GetTypeId());
    m_socket->SetRecvCallback(MakeCallback(&KeyManager::OnRecv, this));
    // Until REGISTER, the key engine has nobody to send ACQUIRE to and drops the packets.
    Request(PfKeyMessage(PfKeyMessageType::REGISTER, PfKeySaType::ESP), nullptr);
}

void
KeyManager::StopApplication()
{
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
KeyManager::Note(const std::string& what)
{
    m_event(what);
}

void
KeyManager::Request(PfKeyMessage message, ReplyHandler handler)
{
    message.sequence = ++m_sequence;
    message.pid = DynamicCast<PfKeySocket>(m_socket)->GetPid();
    m_pending[message.sequence] = handler;
    const std::vector<uint8_t> bytes = message.Serialize();
    m_socket->Send(Create<Packet>(bytes.data(), bytes.size()), 0);
}

void
KeyManager::OnRecv(Ptr<Socket> socket)
{
    const uint32_t pid = DynamicCast<PfKeySocket>(socket)->GetPid();
    while (Ptr<Packet> packet = socket->Recv())
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        PfKeyMessage m;
        if (!PfKeyMessage::Parse(bytes, m).IsOk())
        {
            Note("unreadable PF_KEY message");
            ++m_errors;
            continue;
        }
        if (m.pid == pid && m_pending.count(m.sequence) != 0)
        {
            // The reply to one of our requests (UPDATE and ADD replies go to every socket,
            // our own included, with our pid and sequence number).
            ReplyHandler handler = m_pending[m.sequence];
            m_pending.erase(m.sequence);
            if (m.error != PfKeyErrno::OK)
            {
                Note(PfKeyMessageTypeName(m.type) + " refused: " + PfKeyErrnoName(m.error));
                ++m_errors;
            }
            if (handler)
            {
                handler(m);
            }
            continue;
        }
        if (m.type == PfKeyMessageType::ACQUIRE && m.destinationAddress &&
            m.destinationAddress->sockaddr.address == IpsecAddress(m_remote))
        {
            // An IKE daemon would check the proposal; here the configured algorithms must be
            // among the combinations the policy accepts.
            bool acceptable = !m.proposal;
            for (const auto& c :
                 m.proposal ? m.proposal->combinations : std::vector<PfKeyCombination>{})
            {
                acceptable |= c.encrypt == static_cast<uint8_t>(m_enc->id) &&
                              c.auth == static_cast<uint8_t>(m_auth->id);
            }
            if (!acceptable)
            {
                Note("ACQUIRE: the policy does not accept " + m_enc->name + "/" + m_auth->name);
                ++m_errors;
                // RFC 2367 3.1.6: report the failed negotiation with an ACQUIRE and an errno.
                PfKeyMessage failed(PfKeyMessageType::ACQUIRE, PfKeySaType::ESP);
                failed.error = PfKeyErrno::INVALID_ARGUMENT;
                Request(failed, nullptr);
                continue;
            }
            Initiate("ACQUIRE", false);
        }
        else if (m.type == PfKeyMessageType::EXPIRE && m.sa && m.sourceAddress)
        {
            // The engine keeps the lifetime extension of the limit that was reached.
            const bool soft = m.softLifetime.has_value();
            const bool outbound = m.sourceAddress->sockaddr.address == IpsecAddress(m_local);
            Note(std::string(soft ? "soft" : "hard") + " EXPIRE spi " + Hex(m.sa->spi) +
                 (outbound ? " (outbound)" : " (inbound)"));
            if (outbound && m.sa->spi == m_outboundSpi)
            {
                if (soft)
                {
                    // Only the SA in use needs replacing; a dying SA already replaced, or
                    // the inbound one (the peer rekeys its outbound copy), does not.
                    Initiate("soft EXPIRE", true);
                }
                else
                {
                    m_outboundSpi = 0; // the rekey did not make it: the next packet ACQUIREs
                }
            }
        }
    }
}

bool
KeyManager::Busy() const
{
    return m_negotiating || m_peer->m_negotiating;
}

void
KeyManager::Initiate(const std::string& why, bool rekey)
{
    if (Busy())
    {
        if (!rekey)
        {
            Note(why + ": an exchange is under way, its SAs will do");
        }
        // The exchange under way installs the SAs this request wants (simultaneous ACQUIREs
        // or soft EXPIREs at both ends would otherwise make two pairs, as IKE's collision
        // handling also avoids).
        return;
    }
    m_negotiating = true;
    m_peer->m_negotiating = true;
    Note(why + ": negotiating with the peer as initiator");
    GetSpi([this, rekey](uint32_t spi) {
        Simulator::ScheduleWithContext(m_peer->GetNode()->GetId(),
                                       m_negotiationDelay / 2,
                                       &KeyManager::Respond,
                                       m_peer,
                                       spi,
                                       rekey);
    });
}

void
KeyManager::GetSpi(std::function<void(uint32_t)> then)
{
    PfKeyMessage getspi(PfKeyMessageType::GETSPI, PfKeySaType::ESP);
    getspi.sourceAddress = PfKeyAddressExtension::ForHost(m_remote);
    getspi.destinationAddress = PfKeyAddressExtension::ForHost(m_local);
    Request(getspi, [this, then](const PfKeyMessage& reply) {
        if (reply.error != PfKeyErrno::OK || !reply.sa)
        {
            EndNegotiation();
            return;
        }
        then(reply.sa->spi);
    });
}

void
KeyManager::Respond(uint32_t initiatorSpi, bool rekey)
{
    GetSpi([this, initiatorSpi, rekey](uint32_t responderSpi) {
        // The keys would come from the IKE key exchange; a random stream stands in for it.
        const Keys toResponder = DrawKeys();
        const Keys toInitiator = DrawKeys();
        // The responder's inbound SA first: the initiator sends on it as soon as the response
        // arrives. Its outbound SA waits until the initiator's inbound SA exists.
        InstallSa(PfKeyMessageType::UPDATE, responderSpi, false, toResponder);
        Simulator::ScheduleWithContext(m_peer->GetNode()->GetId(),
                                       m_negotiationDelay / 2,
                                       &KeyManager::Complete,
                                       m_peer,
                                       initiatorSpi,
                                       responderSpi,
                                       toResponder,
                                       toInitiator,
                                       rekey);
    });
}

void
KeyManager::Complete(uint32_t initiatorSpi,
                     uint32_t responderSpi,
                     const Keys& toResponder,
                     const Keys& toInitiator,
                     bool rekey)
{
    // Inbound before outbound on both ends, so no packet arrives before its SA.
    InstallSa(PfKeyMessageType::UPDATE, initiatorSpi, false, toInitiator);
    InstallSa(PfKeyMessageType::ADD, responderSpi, true, toResponder);
    Ptr<KeyManager> peer = m_peer;
    Simulator::ScheduleWithContext(
        peer->GetNode()->GetId(),
        Time(0),
        [peer, initiatorSpi, toInitiator]() {
            peer->InstallSa(PfKeyMessageType::ADD, initiatorSpi, true, toInitiator);
        });
    if (rekey)
    {
        ++m_rekeys;
    }
    Note(std::string(rekey ? "rekeyed" : "SAs up") + ": out " + Hex(responderSpi) + ", in " +
         Hex(initiatorSpi));
    EndNegotiation();
}

void
KeyManager::EndNegotiation()
{
    m_negotiating = false;
    m_peer->m_negotiating = false;
}

KeyManager::Keys
KeyManager::DrawKeys()
{
    auto draw = [this](uint32_t n) {
        std::vector<uint8_t> bytes(n);
        for (auto& b : bytes)
        {
            b = static_cast<uint8_t>(m_random->GetInteger(0, 255));
        }
        return bytes;
    };
    Keys keys;
    keys.encryption = draw(128 / 8 + m_enc->saltBytes);
    keys.integrity = draw(m_auth->keyBits / 8);
    return keys;
}

void
KeyManager::InstallSa(PfKeyMessageType type, uint32_t spi, bool outbound, const Keys& keys)
{
    IpsecSaParams p;
    p.spi = spi;
    p.source = outbound ? m_local : m_remote;
    p.destination = outbound ? m_remote : m_local;
    p.encryption = m_enc->id;
    p.encryptionKey = keys.encryption;
    p.integrity = m_auth->id;
    p.integrityKey = keys.integrity;
    p.softLifetime.addTime = Seconds(m_softSeconds);
    p.softLifetime.bytes = m_softBytes;
    p.hardLifetime.addTime = Seconds(m_hardSeconds);
    p.hardLifetime.bytes = m_hardBytes;
    PfKeyMessage message;
    const PfKeyStatus status = PfKeyConverter::FromSaParams(type, p, message);
    NS_ABORT_MSG_IF(!status.IsOk(), "cannot build the SA message: " << status);
    Request(message, [this, outbound, spi](const PfKeyMessage& reply) {
        if (outbound && reply.error == PfKeyErrno::OK)
        {
            m_outboundSpi = spi;
            if (m_firstSaUp.IsNegative())
            {
                m_firstSaUp = Simulator::Now();
            }
        }
    });
}

/// One direction of constant-rate UDP traffic; each payload starts with its sequence number.
struct Flow
{
    std::string name;              //!< "A->B"
    Ptr<Socket> tx;                //!< Sender's socket
    Ptr<Socket> rx;                //!< Receiver's socket
    uint32_t size = 200;           //!< Payload bytes
    std::vector<Time> sentAt;      //!< By sequence number
    std::vector<bool> afterUp;     //!< Sent once the sender had an outbound SA
    std::set<uint32_t> received;   //!< Sequence numbers that arrived
    uint32_t duplicates = 0;       //!< Arrived twice
    Ptr<KeyManager> senderManager; //!< For "SAs up at the sender"

    void Send()
    {
        std::vector<uint8_t> payload(size, 0);
        const auto seq = static_cast<uint32_t>(sentAt.size());
        for (int i = 0; i < 4; ++i)
        {
            payload[i] = static_cast<uint8_t>(seq >> (24 - 8 * i));
        }
        sentAt.push_back(Simulator::Now());
        // Asked at send time rather than compared by timestamp: a packet sent in the same
        // nanosecond as, but before, the event that installs the SA was still held.
        afterUp.push_back(!senderManager->GetFirstSaUp().IsNegative());
        tx->Send(Create<Packet>(payload.data(), payload.size()));
    }

    void Receive(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            uint8_t head[4] = {0, 0, 0, 0};
            p->CopyData(head, 4);
            const uint32_t seq = (uint32_t(head[0]) << 24) | (uint32_t(head[1]) << 16) |
                                 (uint32_t(head[2]) << 8) | head[3];
            duplicates += received.insert(seq).second ? 0 : 1;
        }
    }
};

/// Timeline lines, in order.
void
OnEvent(std::string node, const std::string& what)
{
    std::cout << "  " << std::fixed << std::setprecision(3) << std::setw(7)
              << Simulator::Now().GetSeconds() << " s  " << node << "  " << what << "\n";
}

/// Drops by (node, reason), and the SAs every SAD held.
std::map<std::pair<std::string, std::string>, uint32_t> g_drops;
std::map<std::string, std::string> g_rows; // by (source, destination, SPI)

void
OnDrop(std::string node, Ptr<const Packet> packet, IpsecDropReason reason, uint32_t spi)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << node << " drops a packet (" << reason << ", spi " << Hex(spi) << ", "
                << packet->GetSize() << " bytes)");
    ++g_drops[{node, ToString(reason)}];
}

void
OnSaAdded(Ptr<const SecurityAssociation> sa)
{
    std::ostringstream key;
    key << sa->GetSource() << " " << sa->GetDestination() << " " << sa->GetSpi();
    g_rows[key.str()] = WiresharkEspSa::FromSa(*sa).Format();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = ".";
    double rate = 100;
    double duration = 10;
    Time negotiationDelay = MilliSeconds(50);
    uint32_t softSeconds = 2;
    uint32_t hardSeconds = 3;
    uint64_t softBytes = 0;
    uint64_t hardBytes = 0;
    uint32_t run = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Where the pcap and the esp_sa key file go", outputDir);
    cmd.AddValue("rate", "Packets per second in each direction", rate);
    cmd.AddValue("duration", "Seconds of traffic (starting at 1 s)", duration);
    cmd.AddValue("negotiationDelay", "Length of a simulated key exchange", negotiationDelay);
    cmd.AddValue("softSeconds", "Soft add-time lifetime of the SAs (0: none)", softSeconds);
    cmd.AddValue("hardSeconds", "Hard add-time lifetime of the SAs (0: none)", hardSeconds);
    cmd.AddValue("softBytes", "Soft byte lifetime of the SAs (0: none)", softBytes);
    cmd.AddValue("hardBytes", "Hard byte lifetime of the SAs (0: none)", hardBytes);
    cmd.AddValue("run", "Run number (another run draws other keys, SPIs and IVs)", run);
    cmd.Parse(argc, argv);
    RngSeedManager::SetRun(run);

    std::error_code mkdirError;
    std::filesystem::create_directories(outputDir, mkdirError);
    if (mkdirError)
    {
        std::cerr << "cannot create " << outputDir << ": " << mkdirError.message() << "\n";
        return 2;
    }
    // Wireshark checks IP and UDP checksums; ns-3 writes zeros unless told otherwise.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
    const Ipv4Address a = ifaces.GetAddress(0);
    const Ipv4Address b = ifaces.GetAddress(1);

    // Policy only: protect all UDP between the hosts with ESP. No SA: key management makes them.
    IpsecHelper ipsec;
    ipsec.Install(nodes);
    IpsecTrafficSelector udp;
    udp.SetLocalPrefix(a, Ipv4Mask("/32")).SetRemotePrefix(b, Ipv4Mask("/32")).SetProtocol(17);
    ipsec.AddPolicyPair(nodes.Get(0), nodes.Get(1), udp, IpsecAction::PROTECT);
    const std::string names[2] = {"A", "B"};
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<IpsecLayer> layer = nodes.Get(i)->GetObject<IpsecLayer>();
        layer->TraceConnect("Drop", names[i], MakeCallback(&OnDrop));
        layer->GetSad()->TraceConnectWithoutContext("SaAdded", MakeCallback(&OnSaAdded));
    }

    // The key managers, started before the traffic.
    Ptr<KeyManager> km[2];
    for (uint32_t i = 0; i < 2; ++i)
    {
        km[i] = CreateObject<KeyManager>();
        km[i]->SetAttribute("NegotiationDelay", TimeValue(negotiationDelay));
        km[i]->SetAttribute("SoftLifetimeSeconds", UintegerValue(softSeconds));
        km[i]->SetAttribute("HardLifetimeSeconds", UintegerValue(hardSeconds));
        km[i]->SetAttribute("SoftLifetimeBytes", UintegerValue(softBytes));
        km[i]->SetAttribute("HardLifetimeBytes", UintegerValue(hardBytes));
        km[i]->TraceConnect("Event", names[i], MakeCallback(&OnEvent));
        nodes.Get(i)->AddApplication(km[i]);
        km[i]->SetStartTime(Seconds(0.5));
    }
    km[0]->SetPeer(km[1], a, b);
    km[1]->SetPeer(km[0], b, a);
    int64_t stream = 100;
    stream += ipsec.AssignStreams(nodes, stream);
    stream += km[0]->AssignStreams(stream);
    km[1]->AssignStreams(stream);

    // Two constant-rate flows, A -> B and B -> A, to port 9; B's starts 5 ms after A's, so its
    // ACQUIRE arrives while A's negotiation is under way.
    Flow flows[2];
    for (uint32_t i = 0; i < 2; ++i)
    {
        Flow& f = flows[i];
        const uint32_t j = 1 - i;
        f.name = names[i] + "->" + names[j];
        f.senderManager = km[i];
        f.rx = Socket::CreateSocket(nodes.Get(j), UdpSocketFactory::GetTypeId());
        f.rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        f.rx->SetRecvCallback(MakeCallback(&Flow::Receive, &f));
        f.tx = Socket::CreateSocket(nodes.Get(i), UdpSocketFactory::GetTypeId());
        f.tx->Connect(InetSocketAddress(i == 0 ? b : a, 9));
        const auto count = static_cast<uint32_t>(rate * duration);
        for (uint32_t k = 0; k < count; ++k)
        {
            Simulator::Schedule(Seconds(1 + k / rate) + MilliSeconds(5 * i), &Flow::Send, &f);
        }
    }

    p2p.EnablePcap(outputDir + "/ipsec-key-management", devices.Get(0), false);

    std::cout << "Timeline:\n";
    Simulator::Stop(Seconds(2 + duration));
    Simulator::Run();

    // The key file: one row per SA the SADs held, every generation of keys.
    const std::string keyFile = outputDir + "/ipsec-key-management.esp_sa";
    std::ofstream keys(keyFile);
    keys << "# Wireshark esp_sa rows for every SA key management installed\n";
    for (const auto& [key, row] : g_rows)
    {
        keys << row << "\n";
    }
    keys.close();

    std::vector<std::string> failures;
    std::cout << std::defaultfloat << "\nFlows (" << rate << " packets/s for " << duration
              << " s each way):\n";
    for (const auto& f : flows)
    {
        uint32_t held = 0;
        uint32_t released = 0;
        uint32_t lostAfterUp = 0;
        for (uint32_t seq = 0; seq < f.sentAt.size(); ++seq)
        {
            const bool got = f.received.count(seq) != 0;
            if (!f.afterUp[seq])
            {
                ++held;
                released += got ? 1 : 0;
            }
            else if (!got)
            {
                ++lostAfterUp;
            }
        }
        std::cout << "  " << f.name << ": sent " << f.sentAt.size() << ", received "
                  << f.received.size() << "; held while negotiating " << held << ", released "
                  << released << "; lost after the SAs came up " << lostAfterUp
                  << (f.duplicates ? ", duplicates " + std::to_string(f.duplicates) : "") << "\n";
        if (f.senderManager->GetFirstSaUp().IsNegative())
        {
            failures.push_back(f.name + ": no SA ever came up");
        }
        if (lostAfterUp > 0)
        {
            failures.push_back(f.name + ": " + std::to_string(lostAfterUp) +
                               " packets lost after the SAs came up");
        }
    }
    std::cout << "IPsec drops:";
    if (g_drops.empty())
    {
        std::cout << " none";
    }
    for (const auto& [what, n] : g_drops)
    {
        std::cout << " " << what.first << " " << what.second << " " << n << ";";
    }
    const uint32_t rekeys = km[0]->GetRekeys() + km[1]->GetRekeys();
    const uint32_t errors = km[0]->GetErrors() + km[1]->GetErrors();
    std::cout << "\nSA pairs negotiated: " << g_rows.size() / 2 << " (" << rekeys
              << " rekeys); PF_KEY errors: " << errors << "\n";
    if (rekeys == 0)
    {
        failures.push_back("no rekey happened");
    }
    if (errors > 0)
    {
        failures.push_back(std::to_string(errors) + " PF_KEY errors");
    }
    std::cout << "Wrote " << outputDir << "/ipsec-key-management-0-0.pcap and " << keyFile << "\n";
    Simulator::Destroy();
    for (const auto& why : failures)
    {
        std::cout << "FAIL: " << why << "\n";
    }
    if (failures.empty())
    {
        std::cout << "OK: no packet lost once the SAs were up, " << rekeys << " rekeys\n";
    }
    return failures.empty() ? 0 : 1;
}
