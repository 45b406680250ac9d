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
    SocketErrno GetErrno() const override;
    SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

  protected:
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
