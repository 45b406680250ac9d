/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pfkey-socket-factory.h"

#include "ipsec-key-engine.h"
#include "pfkey-socket.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(PfKeySocketFactory);

TypeId
PfKeySocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PfKeySocketFactory")
                            .SetParent<SocketFactory>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<PfKeySocketFactory>();
    return tid;
}

PfKeySocketFactory::PfKeySocketFactory() = default;

void
PfKeySocketFactory::SetKeyEngine(Ptr<IpsecKeyEngine> engine)
{
    m_engine = engine;
}

Ptr<Socket>
PfKeySocketFactory::CreateSocket()
{
    return m_engine ? m_engine->CreateSocket() : nullptr;
}

void
PfKeySocketFactory::DoDispose()
{
    m_engine = nullptr;
    SocketFactory::DoDispose();
}

} // namespace ns3
