/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ah-transform.h"

#include "ah-header.h"
#include "ipsec-wire.h"

#include "ns3/buffer.h"
#include "ns3/log.h"

#include <cryptopp/misc.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AhTransform");

namespace
{

constexpr uint32_t IPV4_HEADER_BYTES = 20;
constexpr uint32_t IPV6_HEADER_BYTES = 40;

} // namespace

uint32_t
AhTransform::GetHeaderSize(const SecurityAssociation& sa)
{
    return AhHeader::GetSize(sa.GetIcvSize(),
                             sa.GetDestination().IsIpv6() ? IPV6_ALIGNMENT : IPV4_ALIGNMENT);
}

void
AhTransform::ImmutableIpv4Header(const Ipv4Header& ipHeader, uint8_t* out)
{
    Ipv4Header h = ipHeader;
    h.SetTos(0); // DSCP and ECN
    h.SetTtl(0);
    h.SetMayFragment();  // DF = 0
    h.SetLastFragment(); // MF = 0
    h.SetFragmentOffset(0);
    Buffer b;
    b.AddAtStart(IPV4_HEADER_BYTES);
    h.Serialize(b.Begin());
    b.CopyData(out, IPV4_HEADER_BYTES);
    out[10] = 0; // header checksum (the header may have been set to compute one)
    out[11] = 0;
}

void
AhTransform::ImmutableIpv6Header(const Ipv6Header& ipHeader, uint8_t* out)
{
    Ipv6Header h = ipHeader;
    h.SetTrafficClass(0);
    h.SetFlowLabel(0);
    h.SetHopLimit(0);
    Buffer b;
    b.AddAtStart(IPV6_HEADER_BYTES);
    h.Serialize(b.Begin());
    b.CopyData(out, IPV6_HEADER_BYTES);
}

uint32_t
AhTransform::ImmutableIpHeader(const IpsecIpHeader& ipHeader, uint8_t* out)
{
    if (ipHeader.IsIpv6())
    {
        ImmutableIpv6Header(ipHeader.GetIpv6(), out);
        return IPV6_HEADER_BYTES;
    }
    ImmutableIpv4Header(ipHeader.GetIpv4(), out);
    return IPV4_HEADER_BYTES;
}

void
AhTransform::ComputeIcv(SecurityAssociation& sa,
                        const uint8_t* ip,
                        uint32_t ipLen,
                        uint32_t total,
                        uint64_t seq,
                        uint8_t* icv)
{
    IpsecAuthenticator& auth = *sa.GetAuthenticator();
    auth.Restart();
    auth.Update(ip, ipLen);
    auth.Update(m_buffer.data(), total);
    if (sa.GetParams().extendedSequenceNumbers)
    {
        uint8_t high[4];
        WriteNetwork32(high, static_cast<uint32_t>(seq >> 32));
        auth.Update(high, sizeof(high));
    }
    auth.Final(icv);
}

bool
AhTransform::Protect(SecurityAssociation& sa,
                     Ptr<Packet> packet,
                     uint8_t nextHeader,
                     const IpsecIpHeader& ipHeader,
                     IpsecDropReason& reason)
{
    uint64_t seq;
    if (!sa.NextSequence(seq))
    {
        reason = IpsecDropReason::SEQUENCE_OVERFLOW;
        return false;
    }
    const uint32_t headerLen = GetHeaderSize(sa);
    const uint32_t icvLen = sa.GetIcvSize();
    AhHeader ah;
    ah.SetNextHeader(nextHeader);
    ah.SetSpi(sa.GetSpi());
    ah.SetSequence(static_cast<uint32_t>(seq));
    std::vector<uint8_t> icvField(headerLen - AhHeader::FIXED_SIZE, 0);
    if (!sa.IsSizeOnly())
    {
        // The ICV is computed with the ICV field (and its padding) zero, then written into it.
        const uint32_t payloadLen = packet->GetSize();
        const uint32_t total = headerLen + payloadLen;
        m_buffer.assign(total, 0);
        m_buffer[0] = nextHeader;
        m_buffer[1] = static_cast<uint8_t>(headerLen / 4 - 2);
        WriteNetwork32(&m_buffer[4], sa.GetSpi());
        WriteNetwork32(&m_buffer[8], static_cast<uint32_t>(seq));
        packet->CopyData(m_buffer.data() + headerLen, payloadLen);
        uint8_t ip[MAX_IP_HEADER];
        const uint32_t ipLen = ImmutableIpHeader(ipHeader, ip);
        uint8_t icv[64];
        ComputeIcv(sa, ip, ipLen, total, seq, icv);
        std::copy(icv, icv + icvLen, icvField.begin());
    }
    ah.SetIcvField(icvField);
    packet->AddHeader(ah);
    IpsecSaCounters& c = sa.GetCounters();
    ++c.txPackets;
    c.txBytes += packet->GetSize() - headerLen;
    return true;
}

bool
AhTransform::Unprotect(SecurityAssociation& sa,
                       Ptr<Packet> packet,
                       const IpsecIpHeader& ipHeader,
                       uint8_t& nextHeader,
                       IpsecDropReason& reason,
                       bool enforceReplay)
{
    uint8_t ip[MAX_IP_HEADER];
    const uint32_t ipLen = ImmutableIpHeader(ipHeader, ip);
    return UnprotectImmutable(sa,
                              packet,
                              ip,
                              ipLen,
                              ipHeader.IsIpv6(),
                              nextHeader,
                              reason,
                              enforceReplay);
}

bool
AhTransform::UnprotectImmutable(SecurityAssociation& sa,
                                Ptr<Packet> packet,
                                const uint8_t* immutable,
                                uint32_t immutableLen,
                                bool ipv6,
                                uint8_t& nextHeader,
                                IpsecDropReason& reason,
                                bool enforceReplay)
{
    const uint32_t icvLen = sa.GetIcvSize();
    const uint32_t total = packet->GetSize();
    m_buffer.resize(std::max(total, AhHeader::FIXED_SIZE));
    packet->CopyData(m_buffer.data(), total);
    // The length field must match the SA's ICV, padded to 64 bits (IPv6, and Linux's IPv4
    // default without its "align4" flag) or to 32 bits as RFC 4302 asks for IPv4; anything
    // else cannot locate the ICV (RFC 4302 3.4.3).
    const uint32_t headerLen = (m_buffer[1] + 2u) * 4;
    const bool lengthOk = headerLen == AhHeader::GetSize(icvLen, IPV6_ALIGNMENT) ||
                          (!ipv6 && headerLen == AhHeader::GetSize(icvLen, IPV4_ALIGNMENT));
    if (total < AhHeader::FIXED_SIZE || total < headerLen || !lengthOk)
    {
        reason = IpsecDropReason::TRUNCATED;
        return false;
    }
    uint64_t seq = 0;
    const AntiReplayWindow::Verdict verdict =
        sa.GetReplayWindow().Check(ReadNetwork32(&m_buffer[8]), seq);
    if (enforceReplay && verdict != AntiReplayWindow::NEW)
    {
        reason = verdict == AntiReplayWindow::DUPLICATE ? IpsecDropReason::REPLAY
                                                        : IpsecDropReason::TOO_OLD;
        return false;
    }
    if (!sa.IsSizeOnly())
    {
        uint8_t received[64];
        std::copy(&m_buffer[AhHeader::FIXED_SIZE],
                  &m_buffer[AhHeader::FIXED_SIZE] + icvLen,
                  received);
        std::fill(&m_buffer[AhHeader::FIXED_SIZE], &m_buffer[headerLen], 0);
        uint8_t expected[64];
        ComputeIcv(sa, immutable, immutableLen, total, seq, expected);
        if (!CryptoPP::VerifyBufsEqual(expected, received, icvLen))
        {
            reason = IpsecDropReason::ICV_MISMATCH;
            return false;
        }
    }
    sa.GetReplayWindow().Accept(seq);
    nextHeader = m_buffer[0];
    packet->RemoveAtStart(headerLen);
    IpsecSaCounters& c = sa.GetCounters();
    ++c.rxPackets;
    c.rxBytes += packet->GetSize();
    return true;
}

} // namespace ns3
