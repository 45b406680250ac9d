/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PFKEY_SOCKET_FACTORY_H
#define PFKEY_SOCKET_FACTORY_H

#include "ns3/socket-factory.h"

namespace ns3
{

class IpsecKeyEngine;

/**
 * @ingroup ipsec
 * @brief Creates PF_KEY sockets on a node: `Socket::CreateSocket(node,
 * PfKeySocketFactory::GetTypeId())`. Aggregated to every node with an IPsec layer.
 */
class PfKeySocketFactory : public SocketFactory
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    PfKeySocketFactory();

    /**
     * @brief The key engine the sockets talk to.
     * @param engine the node's key engine
     */
    void SetKeyEngine(Ptr<IpsecKeyEngine> engine);

    /** @return a new PF_KEY socket attached to the node's key engine */
    Ptr<Socket> CreateSocket() override;

  protected:
    /** Drops the reference to the key engine. */
    void DoDispose() override;

  private:
    Ptr<IpsecKeyEngine> m_engine; //!< The node's key engine
};

} // namespace ns3

#endif /* PFKEY_SOCKET_FACTORY_H */
