/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-socket.h"

#include "ipsec-key-engine.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfKeySocket");

NS_OBJECT_ENSURE_REGISTERED(PfKeySocket);

namespace
{
/// Process ids handed to PF_KEY sockets: unique in a run, as a kernel's would be on a host.
uint32_t g_nextPid = 1000;
} // namespace

TypeId
PfKeySocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfKeySocket")
            .SetParent<Socket>()
            .SetGroupName("Ipsec")
            .AddConstructor<PfKeySocket>()
            .AddAttribute("RcvBufSize",
                          "Bytes of unread messages the socket keeps; a message that does not "
                          "fit is lost, as on a full PF_KEY socket (ENOBUFS).",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&PfKeySocket::m_rcvBufSize),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

PfKeySocket::PfKeySocket()
    : m_receivedBytes(0),
      m_rcvBufSize(1 << 20),
      m_pid(g_nextPid++),
      m_errno(ERROR_NOTERROR),
      m_closed(false),
      m_shutdownSend(false),
      m_shutdownRecv(false)
{
}

PfKeySocket::~PfKeySocket() = default;

void
PfKeySocket::DoDispose()
{
    if (m_engine)
    {
        m_engine->Unregister(this);
    }
    m_engine = nullptr;
    m_received.clear();
    Socket::DoDispose();
}

void
PfKeySocket::SetKeyEngine(Ptr<IpsecKeyEngine> engine)
{
    m_engine = engine;
}

uint32_t
PfKeySocket::GetPid() const
{
    return m_pid;
}

void
PfKeySocket::Deliver(Ptr<Packet> message)
{
    if (m_closed || m_shutdownRecv)
    {
        return;
    }
    if (m_receivedBytes + message->GetSize() > m_rcvBufSize)
    {
        NS_LOG_WARN("PF_KEY socket " << m_pid << ": receive buffer full, message lost");
        return;
    }
    m_received.push_back(message);
    m_receivedBytes += message->GetSize();
    NotifyDataRecv();
}

Socket::SocketErrno
PfKeySocket::GetErrno() const
{
    return m_errno;
}

Socket::SocketType
PfKeySocket::GetSocketType() const
{
    return NS3_SOCK_RAW;
}

Ptr<Node>
PfKeySocket::GetNode() const
{
    return m_engine ? m_engine->GetNode() : nullptr;
}

int
PfKeySocket::Bind(const Address&)
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

int
PfKeySocket::Bind()
{
    return 0; // nothing to bind: the socket talks to its node's key engine only
}

int
PfKeySocket::Bind6()
{
    return 0;
}

int
PfKeySocket::Close()
{
    if (m_closed)
    {
        m_errno = ERROR_BADF;
        return -1;
    }
    m_closed = true;
    if (m_engine)
    {
        m_engine->Unregister(this);
    }
    return 0;
}

int
PfKeySocket::ShutdownSend()
{
    m_shutdownSend = true;
    return 0;
}

int
PfKeySocket::ShutdownRecv()
{
    m_shutdownRecv = true;
    return 0;
}

int
PfKeySocket::Connect(const Address&)
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

int
PfKeySocket::Listen()
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

uint32_t
PfKeySocket::GetTxAvailable() const
{
    return 0xffff * 8; // the largest PF_KEY message: sadb_msg_len counts 64-bit words
}

int
PfKeySocket::Send(Ptr<Packet> p, uint32_t)
{
    if (m_closed || m_shutdownSend || !m_engine)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    const uint32_t size = p->GetSize();
    // Malformed messages are the key engine's to answer (with an error reply); the write
    // itself succeeds, as on Linux, where the error comes back as a message.
    m_engine->Receive(this, p);
    NotifyDataSent(size);
    return static_cast<int>(size);
}

int
PfKeySocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address&)
{
    return Send(p, flags);
}

uint32_t
PfKeySocket::GetRxAvailable() const
{
    return m_receivedBytes;
}

Ptr<Packet>
PfKeySocket::Recv(uint32_t maxSize, uint32_t)
{
    if (m_received.empty() || m_received.front()->GetSize() > maxSize)
    {
        m_errno = m_received.empty() ? ERROR_AGAIN : ERROR_MSGSIZE;
        return nullptr;
    }
    Ptr<Packet> message = m_received.front();
    m_received.pop_front();
    m_receivedBytes -= message->GetSize();
    return message;
}

Ptr<Packet>
PfKeySocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    fromAddress = Address();
    return Recv(maxSize, flags);
}

int
PfKeySocket::GetSockName(Address& address) const
{
    address = Address();
    return 0;
}

int
PfKeySocket::GetPeerName(Address&) const
{
    m_errno = ERROR_NOTCONN;
    return -1;
}

bool
PfKeySocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast;
}

bool
PfKeySocket::GetAllowBroadcast() const
{
    return false;
}

} // namespace ns3
