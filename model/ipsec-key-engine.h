/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_KEY_ENGINE_H
#define IPSEC_KEY_ENGINE_H

#include "pfkey-message.h"
#include "security-association-database.h"
#include "security-policy-database.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <vector>

namespace ns3
{

class IpsecLayer;
class Node;
class PfKeySocket;

/**
 * @ingroup ipsec
 * @brief The key engine of one node: the other end of its PF_KEY sockets (RFC 2367).
 *
 * Key management (an application, a helper, a config front-end) writes PF_KEY messages to a
 * PfKeySocket; the engine checks them, applies them to the node's SAD and SPD, and answers the
 * sender, the sockets registered for the SA type, or every socket, as RFC 2367 section 3.1
 * says for each message. It also speaks first: ACQUIRE when a protect policy finds no SA,
 * EXPIRE when an SA reaches a lifetime, X_NAT_T_NEW_MAPPING when a NAT moves the peer of a
 * UDP-encapsulated SA. Messages reach a socket after the DeliveryDelay attribute (zero by
 * default).
 */
class IpsecKeyEngine : public Object
{
  public:
    /** Who gets a message the engine sends (RFC 2367 section 3.1). */
    enum Audience
    {
        SENDER,     //!< The socket the request came from
        REGISTERED, //!< Sockets registered for the message's SA type
        ALL,        //!< Every open socket
    };

    /**
     * TracedCallback signature for messages.
     * @param pid the PF_KEY pid of the socket involved (0: the kernel)
     * @param message the message bytes
     */
    typedef void (*MessageTracedCallback)(uint32_t pid, Ptr<const Packet> message);
    /**
     * TracedCallback signature for refused requests.
     * @param pid the requesting socket's pid
     * @param error the errno of the error reply
     * @param reason why
     */
    typedef void (*ErrorTracedCallback)(uint32_t pid, PfKeyErrno error, const std::string& reason);
    /**
     * TracedCallback signature for ACQUIRE.
     * @param policy the policy that needs an SA
     * @param source the wanted SA's source
     * @param destination its destination
     */
    typedef void (*AcquireTracedCallback)(Ptr<const IpsecPolicy> policy,
                                          const IpsecAddress& source,
                                          const IpsecAddress& destination);
    /**
     * TracedCallback signature for EXPIRE.
     * @param sa the SA
     * @param hard whether the hard lifetime was reached
     */
    typedef void (*ExpireTracedCallback)(Ptr<const SecurityAssociation> sa, bool hard);
    /**
     * TracedCallback signature for SADB_X_NAT_T_NEW_MAPPING.
     * @param sa the inbound SA whose peer moved
     * @param address the peer's address now
     * @param port the peer's UDP port now
     */
    typedef void (*NewMappingTracedCallback)(Ptr<const SecurityAssociation> sa,
                                             const IpsecAddress& address,
                                             uint16_t port);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecKeyEngine();
    ~IpsecKeyEngine() override;

    /**
     * @brief Serve this layer's SAD and SPD, and become its ACQUIRE, EXPIRE and
     * X_NAT_T_NEW_MAPPING source (IpsecHelper::Install does this).
     * @param layer the node's IPsec layer
     */
    void SetLayer(Ptr<IpsecLayer> layer);
    /** @return the layer */
    Ptr<IpsecLayer> GetLayer() const;
    /** @return the node */
    Ptr<Node> GetNode() const;

    /** @return a new PF_KEY socket on this engine */
    Ptr<PfKeySocket> CreateSocket();
    /**
     * @brief A socket closed: it receives nothing more and is no longer registered.
     * @param socket the socket
     */
    void Unregister(PfKeySocket* socket);

    /**
     * @brief A message written to a PF_KEY socket.
     * @param from the socket
     * @param message the bytes
     */
    void Receive(Ptr<PfKeySocket> from, Ptr<Packet> message);

    /**
     * @brief Apply a request as if key management had written it to a PF_KEY socket: the
     * same checks and effects, broadcasts to the sockets that would get them. This is how
     * the helper and the config front-ends manage SAs (the typed way in, one place that
     * validates).
     * @param request the message
     * @param[out] replies when given, what the engine answers the writer (GETSPI, GET, DUMP
     *             replies)
     * @return success, or the errno and reason the error reply would carry
     */
    PfKeyStatus Apply(const PfKeyMessage& request, std::vector<PfKeyMessage>* replies = nullptr);
    /**
     * @brief Install an SA the typed way (IpsecHelper does): the checks and the SAD path of a
     * PF_KEY ADD, and the ADD announced to every socket without keys, as for one written to a
     * socket. Unlike a message it may carry what PF_KEY cannot (extended sequence numbers, a
     * starting sequence number, size-only crypto).
     * @param params the SA
     * @param[out] status success, or the errno and reason
     * @return the SA, or null
     */
    Ptr<SecurityAssociation> AddSa(const IpsecSaParams& params, PfKeyStatus& status);
    /**
     * @brief Install a policy in the SPD, as X_SPDADD does (and X_SPDUPDATE with @p replace):
     * refused with EEXIST when a policy with the same selector exists and @p replace is false.
     * @param policy the policy (its algorithm requirements are kept, which X_POLICY cannot
     *        carry)
     * @param replace whether a policy with the same selector is replaced
     * @return success, or the errno and reason
     */
    PfKeyStatus InstallPolicy(Ptr<IpsecPolicy> policy, bool replace);

    /**
     * @brief Register a socket for an SA type, as SADB_REGISTER does.
     * @param socket the socket
     * @param satype the PF_KEY SA type (2 AH, 3 ESP)
     */
    void Register(Ptr<PfKeySocket> socket, uint8_t satype);
    /**
     * @param satype a PF_KEY SA type
     * @return whether any open socket is registered for it
     */
    bool HasRegistered(uint8_t satype) const;

    /**
     * @brief Send a message to an audience, after the DeliveryDelay.
     * @param message the bytes
     * @param audience who gets it
     * @param satype the SA type (for REGISTERED)
     * @param sender the requesting socket (for SENDER, and left out of nothing)
     */
    void Send(const std::vector<uint8_t>& message,
              Audience audience,
              uint8_t satype,
              Ptr<PfKeySocket> sender);

    /**
     * @brief Choose a free SPI in [@p min, @p max] and reserve it (GETSPI's larval SA).
     * @param protocol ESP or AH
     * @param source the future SA's source
     * @param destination its destination
     * @param min lowest acceptable SPI (at least 256)
     * @param max highest acceptable SPI
     * @param[out] spi the SPI
     * @return 0, or the errno (EINVAL for an empty range, EEXIST when every SPI tried is taken)
     */
    int AllocateSpi(IpsecProtocol protocol,
                    const IpsecAddress& source,
                    const IpsecAddress& destination,
                    uint32_t min,
                    uint32_t max,
                    uint32_t& spi);

    /**
     * @brief A NAT changed a peer's mapping (the layer's NatMappingCallback): send
     * SADB_X_NAT_T_NEW_MAPPING to the sockets registered for ESP, as Linux does. The message
     * carries the SA extension (the SPI), the new peer address as ADDRESS_SRC with its port
     * as NAT_T_SPORT, and the SA's destination as ADDRESS_DST with the SA's destination port
     * as NAT_T_DPORT. Nothing is sent for an SA that is not UDP-encapsulated ESP, or when no
     * socket is registered for ESP.
     * @param sa the inbound SA whose authenticated packet came from elsewhere (its
     *        parameters may already show the new peer, if the layer followed the mapping)
     * @param address the address the packet came from
     * @param port the UDP source port it came from
     */
    void NatMappingChanged(Ptr<SecurityAssociation> sa, const IpsecAddress& address, uint16_t port);
    /** @return how many X_NAT_T_NEW_MAPPING messages were sent (to at least one socket) */
    uint64_t GetNewMappingsSent() const;

    /**
     * @brief Assign a fixed random stream to SPI allocation.
     * @param stream first stream index
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    /** Detaches every socket from the engine (they may outlive it) and drops the layer. */
    void DoDispose() override;

  private:
    /**
     * @brief Apply a well-formed request; replies are sent from here.
     * @param from the requesting socket
     * @param request the message
     * @return success, or the errno and reason of the error reply
     */
    PfKeyStatus Process(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief GETSPI: reserve an SPI in the requested range (a larval SA).
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus GetSpi(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief ADD (a new SA) or UPDATE (a larval SA completed, or a mature SA's lifetimes and
     * the UDP ports and original source of an encapsulated one).
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus AddOrUpdate(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief DELETE an SA (or a larval reservation).
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus Delete(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief GET one SA, keys and lifetimes included.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus Get(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief REGISTER the socket for an SA type; the reply lists the supported algorithms.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus RegisterSocket(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief FLUSH the SAs of a type (or all).
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus Flush(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief DUMP the SAs of a type (or all), one message each.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus Dump(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief An ACQUIRE from key management: a failed negotiation report.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus AcquireFailed(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief X_SPDADD, X_SPDUPDATE, X_SPDSETIDX: install a policy.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus SpdAdd(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief X_SPDDELETE (by selector) and X_SPDDELETE2 (by id).
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus SpdDelete(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief X_SPDGET: one policy by id.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus SpdGet(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief X_SPDDUMP: every policy, one message each.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus SpdDump(Ptr<PfKeySocket> from, const PfKeyMessage& request);
    /**
     * @brief X_SPDFLUSH: remove every policy.
     * @param from the requesting socket
     * @param request the message
     * @return the outcome
     */
    PfKeyStatus SpdFlush(Ptr<PfKeySocket> from, const PfKeyMessage& request);

    /**
     * @brief The SAD part of ADD: refuse an SA whose (protocol, destination, SPI) is taken
     * (EEXIST) or whose parameters are invalid (EINVAL), else install it.
     * @param params the SA
     * @param[out] status success, or the errno and reason
     * @return the SA, or null
     */
    Ptr<SecurityAssociation> InstallSa(const IpsecSaParams& params, PfKeyStatus& status);
    /**
     * @brief Send the ADD/UPDATE reply to every socket, without keys.
     * @param request the request
     * @param sa the SA as installed
     */
    void ReplyToAll(const PfKeyMessage& request, Ptr<SecurityAssociation> sa);
    /**
     * @param selector a selector
     * @return the SPD entry with exactly this selector, or null
     */
    Ptr<IpsecPolicy> FindPolicy(const IpsecTrafficSelector& selector) const;
    /**
     * @param id a policy id (IpsecPolicy::GetIndex())
     * @return the SPD entry, or null
     */
    Ptr<IpsecPolicy> FindPolicy(uint32_t id) const;

    /**
     * @brief The layer asks for an SA (a protect policy found none): send ACQUIRE.
     * @param policy the policy
     * @param source the packet's source
     * @param destination the packet's destination
     * @return whether a socket is registered to hear it
     */
    bool Acquire(Ptr<IpsecPolicy> policy,
                 const IpsecAddress& source,
                 const IpsecAddress& destination);
    /**
     * @brief An SA reached a lifetime: send EXPIRE.
     * @param sa the SA
     * @param hard whether the hard lifetime
     */
    void Expire(Ptr<SecurityAssociation> sa, bool hard);
    /**
     * @brief Hand a message to one socket (after the delay).
     * @param socket the socket
     * @param message the bytes
     */
    void DeliverTo(Ptr<PfKeySocket> socket, Ptr<Packet> message);

    Ptr<IpsecLayer> m_layer;                                 //!< The node's layer
    std::vector<Ptr<PfKeySocket>> m_sockets;                 //!< Open sockets
    std::set<std::pair<PfKeySocket*, uint8_t>> m_registered; //!< (socket, SA type)
    Ptr<UniformRandomVariable> m_spiStream;                  //!< SPI choice
    Time m_deliveryDelay;                                    //!< Engine-to-socket latency
    Time m_larvalLifetime;                                   //!< GETSPI reservation lifetime
    uint32_t m_sequence;                                     //!< sadb_msg_seq of own messages
    std::vector<PfKeyMessage>* m_collect; //!< Replies to Apply()\'s caller, while it runs

    TracedCallback<uint32_t, Ptr<const Packet>> m_requestTrace;            //!< Messages received
    TracedCallback<uint32_t, Ptr<const Packet>> m_sendTrace;               //!< Messages sent
    TracedCallback<uint32_t, PfKeyErrno, const std::string&> m_errorTrace; //!< Refusals
    TracedCallback<Ptr<const IpsecPolicy>, const IpsecAddress&, const IpsecAddress&>
        m_acquireTrace;                                                 //!< ACQUIRE sent
    TracedCallback<Ptr<const SecurityAssociation>, bool> m_expireTrace; //!< EXPIRE sent
    TracedCallback<Ptr<const SecurityAssociation>, const IpsecAddress&, uint16_t>
        m_newMappingTrace;      //!< X_NAT_T_NEW_MAPPING sent
    uint64_t m_newMappingsSent; //!< X_NAT_T_NEW_MAPPING messages sent
};

} // namespace ns3

#endif /* IPSEC_KEY_ENGINE_H */
