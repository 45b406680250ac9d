/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_SOCKET_OPTIONS_H
#define IPSEC_SOCKET_OPTIONS_H

#include "ipsec-socket-policy.h"

#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <string>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief setsockopt() and getsockopt() for IP_SEC_OPT and IPV6_SEC_OPT on ns-3 sockets.
 *
 * ns-3 sockets have no generic option call, so an application (or a simulation script in
 * its place) sets per-socket IPsec policy here; the request goes to the IPsec layer of the
 * socket's node, which validates it against the socket's privilege and the
 * PersockRequirePriv tunable. A refusal returns the errno the real call would set and leaves
 * everything as it was; the layer logs it (NS_LOG, the SocketOptionRefused trace and the
 * policy logger).
 *
 * @code
 *   IpsecSocketRequest req;
 *   req.espReq = IpsecSocketRequest::PREF_REQUIRED;
 *   req.espAlg = static_cast<uint8_t>(IpsecEncryption::AES_CBC); // SADB_EALG_AESCBC
 *   std::string error;
 *   if (IpsecSocketOptions::SetSockOpt(socket, IpsecSocketOption::IP_SEC_OPT, req, &error))
 *   {
 *       NS_LOG_WARN(error);
 *   }
 * @endcode
 */
class IpsecSocketOptions
{
  public:
    /**
     * @brief setsockopt(s, IPPROTO_IP, IP_SEC_OPT, ...) or its IPv6 counterpart.
     * @param socket a UDP or TCP socket (bind it first when its port must be known: the
     *        request applies to the packets of its local port)
     * @param option IP_SEC_OPT (its IPv4 traffic) or IPV6_SEC_OPT (its IPv6 traffic)
     * @param request the request (all fields zero removes the socket's policy)
     * @param[out] error if not null, why the request was refused
     * @return 0, or EINVAL, EPERM, EOPNOTSUPP, or ENOPROTOOPT (the node has no IPsec layer)
     */
    static int SetSockOpt(Ptr<Socket> socket,
                          IpsecSocketOption option,
                          const IpsecSocketRequest& request,
                          std::string* error = nullptr);
    /**
     * @brief getsockopt(s, IPPROTO_IP, IP_SEC_OPT, ...) or its IPv6 counterpart.
     * @param socket the socket
     * @param option which of its traffic
     * @param[out] request its request (all zero when it has none)
     * @return 0, or ENOPROTOOPT (the node has no IPsec layer)
     */
    static int GetSockOpt(Ptr<Socket> socket,
                          IpsecSocketOption option,
                          IpsecSocketRequest& request);
    /**
     * @brief Give a socket the PRIV_SYS_IP_CONFIG counterpart (or take it away): only a
     * privileged socket may bypass policy, or, while PersockRequirePriv is on, choose
     * algorithms different from system-wide policy.
     * @param socket the socket
     * @param privileged whether it is privileged
     * @return 0, or ENOPROTOOPT (the node has no IPsec layer)
     */
    static int SetPrivileged(Ptr<Socket> socket, bool privileged);
    /**
     * @param socket a socket with a REQUIRED|UNIQUE request
     * @param option which of its traffic
     * @return the request ID its SAs must carry (IpsecEspSaConfig::reqid), 0 if none
     */
    static uint32_t GetUniqueReqid(Ptr<Socket> socket, IpsecSocketOption option);
};

} // namespace ns3

#endif /* IPSEC_SOCKET_OPTIONS_H */
