/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_SOCKET_H
#define PFKEY_SOCKET_H

#include "ns3/socket.h"

#include <deque>

namespace ns3
{

class IpsecKeyEngine;

/**
 * @ingroup ipsec
 * @brief A PF_KEY v2 socket (RFC 2367): the simulated counterpart of
 * `socket(PF_KEY, SOCK_RAW, PF_KEY_V2)`.
 *
 * Key-management code on a node creates one with
 * `Socket::CreateSocket(node, PfKeySocketFactory::GetTypeId())`, writes PF_KEY messages with
 * Send() (one message per packet, the bytes exactly as Linux's `<linux/pfkeyv2.h>` lays them
 * out) and reads the key engine's replies and broadcasts with Recv(), typically from the
 * receive callback. Messages are never split or merged. Addresses do not apply: Bind,
 * Connect and Listen fail with ERROR_OPNOTSUPP.
 */
class PfKeySocket : public Socket
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    PfKeySocket();
    ~PfKeySocket() override;

    /**
     * @brief Attach to a node's key engine (PfKeySocketFactory does this).
     * @param engine the key engine
     */
    void SetKeyEngine(Ptr<IpsecKeyEngine> engine);

    /**
     * @brief A message from the key engine for this socket (a reply or a broadcast).
     * @param message the message bytes
     */
    void Deliver(Ptr<Packet> message);

    /** @return this socket's PF_KEY process id (sadb_msg_pid of its requests and replies) */
    uint32_t GetPid() const;

    // Socket
    /**
     * @brief The error of the last failed call on this socket.
     * @return the error
     */
    SocketErrno GetErrno() const override;
    /**
     * @brief PF_KEY sockets are SOCK_RAW, as socket(PF_KEY, SOCK_RAW, PF_KEY_V2) makes them.
     * @return NS3_SOCK_RAW
     */
    SocketType GetSocketType() const override;
    /**
     * @brief The node whose key engine this socket talks to.
     * @return the node, or null once detached
     */
    Ptr<Node> GetNode() const override;
    /**
     * @brief Refused: a PF_KEY socket has no address.
     * @param address ignored
     * @return -1 (ERROR_OPNOTSUPP)
     */
    int Bind(const Address& address) override;
    /**
     * @brief Succeeds without effect: the socket already talks to its node's key engine.
     * @return 0
     */
    int Bind() override;
    /**
     * @brief Succeeds without effect, as Bind().
     * @return 0
     */
    int Bind6() override;
    /**
     * @brief Unregister from the key engine: no more replies or broadcasts arrive.
     * @return 0, or -1 (ERROR_BADF) if already closed
     */
    int Close() override;
    /**
     * @brief Refuse further Send calls.
     * @return 0
     */
    int ShutdownSend() override;
    /**
     * @brief Mark the receive side shut down.
     * @return 0
     */
    int ShutdownRecv() override;
    /**
     * @brief Refused: PF_KEY sockets are not connected.
     * @param address ignored
     * @return -1 (ERROR_OPNOTSUPP)
     */
    int Connect(const Address& address) override;
    /**
     * @brief Refused: PF_KEY sockets do not listen.
     * @return -1 (ERROR_OPNOTSUPP)
     */
    int Listen() override;
    /**
     * @brief The largest message a write may carry (sadb_msg_len counts 64-bit words in 16
     * bits).
     * @return 524280 bytes
     */
    uint32_t GetTxAvailable() const override;
    /**
     * @brief Write one PF_KEY message to the key engine. As on Linux the write succeeds even
     * for a malformed message: the engine answers it with an error reply.
     * @param p the message bytes (a sadb_msg header and its extensions)
     * @param flags ignored
     * @return the bytes written, or -1 (ERROR_SHUTDOWN) after Close, ShutdownSend or
     * detachment
     */
    int Send(Ptr<Packet> p, uint32_t flags) override;
    /**
     * @brief Same as Send: the destination is always the key engine.
     * @param p the message bytes
     * @param flags ignored
     * @param toAddress ignored
     * @return as Send
     */
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    /**
     * @brief Bytes of messages received and not yet read.
     * @return bytes
     */
    uint32_t GetRxAvailable() const override;
    /**
     * @brief Read the oldest unread message, whole (messages are never split).
     * @param maxSize the most bytes the caller takes
     * @param flags ignored
     * @return the message, or nullptr with ERROR_AGAIN (none waiting) or ERROR_MSGSIZE (the
     * next one is longer than maxSize; it stays queued)
     */
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    /**
     * @brief Recv, with an empty sender address (messages come from the kernel, here the
     * key engine).
     * @param maxSize the most bytes the caller takes
     * @param flags ignored
     * @param[out] fromAddress set to an empty Address
     * @return as Recv
     */
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    /**
     * @brief A PF_KEY socket has no name.
     * @param[out] address set to an empty Address
     * @return 0
     */
    int GetSockName(Address& address) const override;
    /**
     * @brief A PF_KEY socket has no peer.
     * @param address left unchanged
     * @return -1 (ERROR_NOTCONN)
     */
    int GetPeerName(Address& address) const override;
    /**
     * @brief Broadcasts in the IP sense do not apply (PF_KEY's own broadcasts to all sockets
     * always arrive).
     * @param allowBroadcast whether IP broadcast was asked for
     * @return true only when asked to disallow
     */
    bool SetAllowBroadcast(bool allowBroadcast) override;
    /**
     * @brief IP broadcast is never allowed.
     * @return false
     */
    bool GetAllowBroadcast() const override;

  protected:
    /** Unregisters from the key engine and discards unread messages. */
    void DoDispose() override;

  private:
    Ptr<IpsecKeyEngine> m_engine;       //!< The node's key engine
    std::deque<Ptr<Packet>> m_received; //!< Messages not yet read
    uint32_t m_receivedBytes;           //!< Their total size
    uint32_t m_rcvBufSize;              //!< Receive buffer (attribute)
    uint32_t m_pid;                     //!< PF_KEY process id
    mutable SocketErrno m_errno;        //!< Last error
    bool m_closed;                      //!< Close() was called
    bool m_shutdownSend;                //!< No more sending
    bool m_shutdownRecv;                //!< No more receiving
};

} // namespace ns3

#endif /* PFKEY_SOCKET_H */
