/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "esp-transform.h"

#include "esp-header.h"
#include "ipsec-wire.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <cryptopp/misc.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EspTransform");

namespace
{

/// RFC 4303 2.6: next header 59 marks a dummy packet to be discarded.
constexpr uint8_t NEXT_HEADER_DUMMY = 59;
/// The trailer's pad length and next header bytes.
constexpr uint32_t TRAILER_BYTES = 2;
/// ESP requires the ciphertext (with trailer) to end on a 4-byte boundary.
constexpr uint32_t ESP_ALIGN = 4;
/// Largest explicit IV, padding and ICV of any algorithm (bounds for stack buffers).
constexpr uint32_t MAX_IV_BYTES = 16;
constexpr uint32_t MAX_PAD_BYTES = 255;
constexpr uint32_t MAX_ICV_BYTES = 32;

uint32_t
Alignment(const SecurityAssociation& sa)
{
    return std::max<uint32_t>(sa.GetEncryptionInfo().blockBytes, ESP_ALIGN);
}

/// RFC 4303 2.4: padding that brings payload and trailer to the cipher's alignment.
uint32_t
PadLength(const SecurityAssociation& sa, uint32_t payloadLen)
{
    const uint32_t align = Alignment(sa);
    return (align - (payloadLen + TRAILER_BYTES) % align) % align;
}

/// Additional authenticated data for AEAD (RFC 4106 5): SPI, [high seq,] low seq.
uint32_t
MakeAad(const uint8_t* espHeader, uint64_t seq, bool esn, uint8_t* aad)
{
    std::copy(espHeader, espHeader + 4, aad);
    if (esn)
    {
        WriteNetwork32(aad + 4, static_cast<uint32_t>(seq >> 32));
        WriteNetwork32(aad + 8, static_cast<uint32_t>(seq));
        return 12;
    }
    std::copy(espHeader + 4, espHeader + 8, aad + 4);
    return 8;
}

/// ICV of an integrity-only transform: over header, IV and ciphertext, then the implicit
/// high sequence bits when ESN is on (RFC 4303 2.2.1).
void
ComputeIcv(IpsecAuthenticator& auth,
           const uint8_t* data,
           uint32_t len,
           uint64_t seq,
           bool esn,
           uint8_t* icv)
{
    auth.Restart();
    auth.Update(data, len);
    if (esn)
    {
        uint8_t high[4];
        WriteNetwork32(high, static_cast<uint32_t>(seq >> 32));
        auth.Update(high, sizeof(high));
    }
    auth.Final(icv);
}

/**
 * Writes prepared wire bytes into a packet's own buffer (one copy, where building a second
 * Packet and appending it costs two copies and an allocation), optionally behind @c room bytes
 * that are left unwritten, for the caller to remove again.
 */
class WireBytes : public Header
{
  public:
    WireBytes(const uint8_t* data = nullptr, uint32_t size = 0, uint32_t room = 0)
        : m_data(data),
          m_size(size),
          m_room(room)
    {
    }

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::EspTransformWireBytes").SetParent<Header>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    void Print(std::ostream& os) const override
    {
        os << "ESP bytes " << m_size;
    }

    uint32_t GetSerializedSize() const override
    {
        return m_room + m_size;
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Next(m_room);
        start.Write(m_data, m_size);
    }

    uint32_t Deserialize(Buffer::Iterator) override
    {
        return m_room + m_size; // write-only: the transform never reads through it
    }

  private:
    const uint8_t* m_data;
    uint32_t m_size;
    uint32_t m_room;
};

/// Room kept in front of new packet bytes: outer IP header(s), UDP encapsulation, link header.
constexpr uint32_t HEADROOM = 128;

/**
 * Replace all of @p packet's bytes by @p size bytes at @p data, keeping its tags and UID.
 *
 * The bytes are written behind an unwritten area that is removed again: this leaves them in a
 * buffer of their own with free room in front that ns-3 knows to be clean, so the IP and link
 * headers added later go in place instead of each reallocating and copying the packet.
 */
void
ReplaceBytes(Ptr<Packet> packet, const uint8_t* data, uint32_t size)
{
    // Reserving in 512-byte steps gives most packets buffers of one size, which ns-3's
    // buffer free list recycles instead of going back to malloc every time.
    const uint32_t reserve = (HEADROOM + size + 511) / 512 * 512;
    packet->RemoveAtStart(packet->GetSize());
    packet->AddHeader(WireBytes(data, size, reserve - size));
    packet->RemoveAtStart(reserve - size);
}

/**
 * Appends prepared bytes at the end of a packet (the size-only ESP trailer and ICV), or,
 * through Packet::PeekTrailer(), reads the first @c readSize of the packet's last @c size
 * bytes: the trailer can be read without touching the ICV behind it.
 */
class WireTrailer : public Trailer
{
  public:
    WireTrailer(const uint8_t* data, uint32_t size)
        : m_data(data),
          m_out(nullptr),
          m_size(size),
          m_readSize(0)
    {
    }

    WireTrailer(uint32_t size, uint8_t* out, uint32_t readSize)
        : m_data(nullptr),
          m_out(out),
          m_size(size),
          m_readSize(readSize)
    {
    }

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::EspTransformWireTrailer").SetParent<Trailer>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    void Print(std::ostream& os) const override
    {
        os << "ESP trailer bytes " << m_size;
    }

    uint32_t GetSerializedSize() const override
    {
        return m_size;
    }

    void Serialize(Buffer::Iterator end) const override
    {
        end.Prev(m_size);
        end.Write(m_data, m_size);
    }

    uint32_t Deserialize(Buffer::Iterator end) override
    {
        end.Prev(m_size);
        end.Read(m_out, m_readSize);
        return m_size;
    }

  private:
    const uint8_t* m_data;
    uint8_t* m_out;
    uint32_t m_size;
    uint32_t m_readSize;
};

} // namespace

EspTransform::EspTransform(Ptr<RandomVariableStream> ivSource)
    : m_ivSource(ivSource)
{
    if (!m_ivSource)
    {
        m_ivSource = CreateObject<UniformRandomVariable>();
    }
    // Whole 32-bit words from GetInteger(): a uniform stream must span all of them.
    if (Ptr<UniformRandomVariable> uniform = DynamicCast<UniformRandomVariable>(m_ivSource))
    {
        uniform->SetAttribute("Min", DoubleValue(0));
        uniform->SetAttribute("Max", DoubleValue(4294967295.0));
    }
}

void
EspTransform::InitializeSa(SecurityAssociation& sa)
{
    const uint64_t high = static_cast<uint64_t>(m_ivSource->GetInteger());
    const uint64_t low = static_cast<uint64_t>(m_ivSource->GetInteger());
    sa.SetIvSalt((high << 32) | low);
}

uint32_t
EspTransform::GetOverhead(const SecurityAssociation& sa, uint32_t payloadSize)
{
    const uint32_t padLen = PadLength(sa, payloadSize);
    return EspHeader::SIZE + sa.GetEncryptionInfo().ivBytes + padLen + TRAILER_BYTES +
           sa.GetIcvSize();
}

void
EspTransform::MakeIv(const SecurityAssociation& sa, uint64_t seq, uint8_t* iv)
{
    const EncryptionAlgorithmInfo& info = sa.GetEncryptionInfo();
    if (info.blockBytes > 1)
    {
        // CBC needs unpredictable IVs (RFC 3602 2.3): fresh random bytes per packet.
        for (uint32_t i = 0; i < info.ivBytes; i += 4)
        {
            WriteNetwork32(iv + i, m_ivSource->GetInteger());
        }
        return;
    }
    // Counter modes need unique IVs (RFC 4106 3.1): the sequence number, whitened by a
    // per-SA random salt, never repeats within an SA.
    const uint64_t v = seq ^ sa.GetIvSalt();
    for (uint32_t i = 0; i < info.ivBytes; ++i)
    {
        iv[i] = static_cast<uint8_t>(v >> (8 * (info.ivBytes - 1 - i)));
    }
}

bool
EspTransform::Protect(SecurityAssociation& sa,
                      Ptr<Packet> packet,
                      uint8_t nextHeader,
                      IpsecDropReason& reason)
{
    uint64_t seq;
    if (!sa.NextSequence(seq))
    {
        reason = IpsecDropReason::SEQUENCE_OVERFLOW;
        return false;
    }
    const EncryptionAlgorithmInfo& info = sa.GetEncryptionInfo();
    const bool esn = sa.GetParams().extendedSequenceNumbers;
    const uint32_t payloadLen = packet->GetSize();
    const uint32_t padLen = PadLength(sa, payloadLen);
    const uint32_t plainLen = payloadLen + padLen + TRAILER_BYTES;
    const uint32_t ivLen = info.ivBytes;
    const uint32_t icvLen = sa.GetIcvSize();
    const uint32_t total = EspHeader::SIZE + ivLen + plainLen + icvLen;

    if (sa.IsSizeOnly())
    {
        ProtectSizeOnly(sa, packet, seq, nextHeader, padLen);
        return true;
    }

    m_buffer.resize(total);
    uint8_t* out = m_buffer.data();
    WriteNetwork32(out, sa.GetSpi());
    WriteNetwork32(out + 4, static_cast<uint32_t>(seq));
    uint8_t* iv = out + EspHeader::SIZE;
    MakeIv(sa, seq, iv);
    uint8_t* plain = iv + ivLen;
    packet->CopyData(plain, payloadLen);
    for (uint32_t i = 0; i < padLen; ++i)
    {
        plain[payloadLen + i] = static_cast<uint8_t>(i + 1); // RFC 4303 2.4 default padding
    }
    plain[plainLen - 2] = static_cast<uint8_t>(padLen);
    plain[plainLen - 1] = nextHeader;
    uint8_t* icv = plain + plainLen;

    if (info.aead)
    {
        uint8_t aad[12];
        const uint32_t aadLen = MakeAad(out, seq, esn, aad);
        sa.GetCipher().Encrypt(iv, aad, aadLen, plain, plainLen, icv);
    }
    else
    {
        sa.GetCipher().Encrypt(iv, nullptr, 0, plain, plainLen, nullptr);
        if (IpsecAuthenticator* auth = sa.GetAuthenticator())
        {
            ComputeIcv(*auth, out, total - icvLen, seq, esn, icv);
        }
    }

    ReplaceBytes(packet, out, total);
    IpsecSaCounters& c = sa.GetCounters();
    ++c.txPackets;
    c.txBytes += payloadLen;
    return true;
}

bool
EspTransform::Unprotect(SecurityAssociation& sa,
                        Ptr<Packet> packet,
                        uint8_t& nextHeader,
                        IpsecDropReason& reason,
                        bool enforceReplay)
{
    const EncryptionAlgorithmInfo& info = sa.GetEncryptionInfo();
    const bool esn = sa.GetParams().extendedSequenceNumbers;
    const uint32_t total = packet->GetSize();
    const uint32_t ivLen = info.ivBytes;
    const uint32_t icvLen = sa.GetIcvSize();
    const uint32_t fixed = EspHeader::SIZE + ivLen + icvLen;
    if (total < fixed + TRAILER_BYTES || (total - fixed) % std::max<uint32_t>(info.blockBytes, 1))
    {
        reason = IpsecDropReason::TRUNCATED;
        return false;
    }
    const uint32_t plainLen = total - fixed;

    if (sa.IsSizeOnly())
    {
        return UnprotectSizeOnly(sa, packet, nextHeader, reason, enforceReplay);
    }

    m_buffer.resize(total);
    uint8_t* in = m_buffer.data();
    packet->CopyData(in, total);

    uint64_t seq = 0;
    const AntiReplayWindow::Verdict verdict =
        sa.GetReplayWindow().Check(ReadNetwork32(in + 4), seq);
    if (enforceReplay && verdict != AntiReplayWindow::NEW)
    {
        reason = verdict == AntiReplayWindow::DUPLICATE ? IpsecDropReason::REPLAY
                                                        : IpsecDropReason::TOO_OLD;
        return false;
    }

    uint8_t* iv = in + EspHeader::SIZE;
    uint8_t* plain = iv + ivLen;
    const uint8_t* icv = plain + plainLen;
    if (info.aead)
    {
        uint8_t aad[12];
        const uint32_t aadLen = MakeAad(in, seq, esn, aad);
        if (!sa.GetCipher().Decrypt(iv, aad, aadLen, plain, plainLen, icv))
        {
            reason = IpsecDropReason::ICV_MISMATCH;
            return false;
        }
    }
    else
    {
        // Encryption-only ESP (no authenticator) is legal, if unwise (RFC 4303 3.2).
        if (IpsecAuthenticator* auth = sa.GetAuthenticator())
        {
            uint8_t expected[64];
            ComputeIcv(*auth, in, total - icvLen, seq, esn, expected);
            if (!CryptoPP::VerifyBufsEqual(expected, icv, icvLen))
            {
                reason = IpsecDropReason::ICV_MISMATCH;
                return false;
            }
        }
        sa.GetCipher().Decrypt(iv, nullptr, 0, plain, plainLen, nullptr);
    }
    // Only an authenticated packet may move the window (RFC 4303 3.4.3).
    sa.GetReplayWindow().Accept(seq);

    const uint32_t padLen = plain[plainLen - 2];
    nextHeader = plain[plainLen - 1];
    if (padLen + TRAILER_BYTES > plainLen)
    {
        reason = IpsecDropReason::BAD_PADDING;
        return false;
    }
    const uint32_t payloadLen = plainLen - TRAILER_BYTES - padLen;
    for (uint32_t i = 0; i < padLen; ++i)
    {
        if (plain[payloadLen + i] != static_cast<uint8_t>(i + 1))
        {
            reason = IpsecDropReason::BAD_PADDING;
            return false;
        }
    }
    if (nextHeader == NEXT_HEADER_DUMMY)
    {
        reason = IpsecDropReason::DUMMY_PACKET;
        return false;
    }
    ReplaceBytes(packet, plain, payloadLen);
    IpsecSaCounters& c = sa.GetCounters();
    ++c.rxPackets;
    c.rxBytes += payloadLen;
    return true;
}

void
EspTransform::ProtectSizeOnly(SecurityAssociation& sa,
                              Ptr<Packet> packet,
                              uint64_t seq,
                              uint8_t nextHeader,
                              uint32_t padLen)
{
    // The same layout as real ESP, built around the payload without copying it: header and
    // an all-zero IV in front, padding, trailer and an all-zero ICV behind.
    const uint32_t payloadLen = packet->GetSize();
    const uint32_t ivLen = sa.GetEncryptionInfo().ivBytes;
    const uint32_t icvLen = sa.GetIcvSize();
    uint8_t head[EspHeader::SIZE + MAX_IV_BYTES] = {};
    WriteNetwork32(head, sa.GetSpi());
    WriteNetwork32(head + 4, static_cast<uint32_t>(seq));
    uint8_t tail[MAX_PAD_BYTES + TRAILER_BYTES + MAX_ICV_BYTES] = {};
    for (uint32_t i = 0; i < padLen; ++i)
    {
        tail[i] = static_cast<uint8_t>(i + 1);
    }
    tail[padLen] = static_cast<uint8_t>(padLen);
    tail[padLen + 1] = nextHeader;
    packet->AddHeader(WireBytes(head, EspHeader::SIZE + ivLen));
    packet->AddTrailer(WireTrailer(tail, padLen + TRAILER_BYTES + icvLen));
    IpsecSaCounters& c = sa.GetCounters();
    ++c.txPackets;
    c.txBytes += payloadLen;
}

bool
EspTransform::UnprotectSizeOnly(SecurityAssociation& sa,
                                Ptr<Packet> packet,
                                uint8_t& nextHeader,
                                IpsecDropReason& reason,
                                bool enforceReplay)
{
    const uint32_t total = packet->GetSize();
    const uint32_t headLen = EspHeader::SIZE + sa.GetEncryptionInfo().ivBytes;
    const uint32_t icvLen = sa.GetIcvSize();
    uint8_t head[EspHeader::SIZE];
    packet->CopyData(head, EspHeader::SIZE);
    uint64_t seq = 0;
    const AntiReplayWindow::Verdict verdict =
        sa.GetReplayWindow().Check(ReadNetwork32(head + 4), seq);
    if (enforceReplay && verdict != AntiReplayWindow::NEW)
    {
        reason = verdict == AntiReplayWindow::DUPLICATE ? IpsecDropReason::REPLAY
                                                        : IpsecDropReason::TOO_OLD;
        return false;
    }
    // There is no ICV to verify: the packet counts as authentic, as it would in a simulation
    // whose peers share keys.
    sa.GetReplayWindow().Accept(seq);

    // One read covers the trailer and, for the short padding block ciphers use, the padding
    // in front of it; longer (unusual) padding takes a second read.
    const uint32_t plainLen = total - headLen - icvLen;
    constexpr uint32_t USUAL_TAIL = 16 + TRAILER_BYTES;
    uint8_t tail[MAX_PAD_BYTES + TRAILER_BYTES];
    uint32_t tailRead = std::min(plainLen, USUAL_TAIL);
    WireTrailer last(tailRead + icvLen, tail, tailRead);
    packet->PeekTrailer(last);
    const uint32_t padLen = tail[tailRead - 2];
    nextHeader = tail[tailRead - 1];
    if (padLen + TRAILER_BYTES > plainLen)
    {
        reason = IpsecDropReason::BAD_PADDING;
        return false;
    }
    if (padLen + TRAILER_BYTES > tailRead)
    {
        tailRead = padLen + TRAILER_BYTES;
        WireTrailer padded(tailRead + icvLen, tail, tailRead);
        packet->PeekTrailer(padded);
    }
    const uint8_t* pad = tail + tailRead - TRAILER_BYTES - padLen;
    for (uint32_t i = 0; i < padLen; ++i)
    {
        if (pad[i] != static_cast<uint8_t>(i + 1))
        {
            reason = IpsecDropReason::BAD_PADDING;
            return false;
        }
    }
    const uint32_t tailLen = padLen + TRAILER_BYTES + icvLen;
    if (nextHeader == NEXT_HEADER_DUMMY)
    {
        reason = IpsecDropReason::DUMMY_PACKET;
        return false;
    }
    packet->RemoveAtStart(headLen);
    packet->RemoveAtEnd(tailLen);
    IpsecSaCounters& c = sa.GetCounters();
    ++c.rxPackets;
    c.rxBytes += packet->GetSize();
    return true;
}

} // namespace ns3
