/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ESP_TRANSFORM_H
#define ESP_TRANSFORM_H

#include "ipsec-drop-reason.h"
#include "security-association.h"

#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief ESP packet processing (RFC 4303 sections 3.3 and 3.4) for one SA at a time.
 *
 * Only transforms: it neither looks up policy nor SAs. The byte layout it writes is
 * SPI | sequence | IV | E(payload | padding 1,2,3.. | pad length | next header) | ICV.
 */
class EspTransform
{
  public:
    /**
     * @brief Construct.
     * @param ivSource the stream that CBC IVs and counter-mode IV salts are drawn from, as
     *        32-bit words through GetInteger(). A UniformRandomVariable is set to span
     *        [0, 2^32 - 1]; tests may pass a DeterministicRandomVariable to fix the IVs.
     */
    explicit EspTransform(Ptr<RandomVariableStream> ivSource = nullptr);

    /**
     * @brief Replace @p packet's bytes (the payload to protect) by an ESP packet.
     * @param sa the outbound SA
     * @param packet the payload; packet tags are kept
     * @param nextHeader the protocol of the payload
     * @param[out] reason why the packet must be dropped, when false is returned
     * @return whether the packet was protected
     */
    bool Protect(SecurityAssociation& sa,
                 Ptr<Packet> packet,
                 uint8_t nextHeader,
                 IpsecDropReason& reason);

    /**
     * @brief Replace @p packet's bytes (an ESP packet) by the payload it carries. When the
     * packet is refused it is left untouched.
     * @param sa the SA the SPI selected
     * @param packet the ESP packet, from its SPI on; packet tags are kept
     * @param[out] nextHeader the protocol of the payload
     * @param[out] reason why the packet must be dropped, when false is returned
     * @param enforceReplay whether duplicates and too-old packets are refused (a capture
     *        inspector turns this off; the window still infers ESN high bits)
     * @return whether the packet was accepted
     */
    bool Unprotect(SecurityAssociation& sa,
                   Ptr<Packet> packet,
                   uint8_t& nextHeader,
                   IpsecDropReason& reason,
                   bool enforceReplay = true);

    /**
     * @brief Prepare an outbound SA: draws its counter-mode IV salt from the IV stream.
     * @param sa the SA
     */
    void InitializeSa(SecurityAssociation& sa);

    /**
     * @brief The bytes ESP adds to a payload.
     * @param sa the SA
     * @param payloadSize payload length
     * @return ESP header, IV, padding, trailer and ICV bytes
     */
    static uint32_t GetOverhead(const SecurityAssociation& sa, uint32_t payloadSize);

  private:
    /**
     * @brief Protect without cipher work (size-only SA): same layout, payload left in clear,
     * IV and ICV zero.
     * @param sa the SA
     * @param packet the payload
     * @param seq the packet's sequence number
     * @param nextHeader the protocol of the payload
     * @param padLen the padding RFC 4303 asks for
     */
    void ProtectSizeOnly(SecurityAssociation& sa,
                         Ptr<Packet> packet,
                         uint64_t seq,
                         uint8_t nextHeader,
                         uint32_t padLen);
    /**
     * @brief Unprotect a size-only SA's packet: replay window and trailer checks, no ICV.
     * @param sa the SA
     * @param packet the ESP packet
     * @param[out] nextHeader the protocol of the payload
     * @param[out] reason why the packet is refused
     * @param enforceReplay whether duplicates are refused
     * @return whether the packet was accepted
     */
    bool UnprotectSizeOnly(SecurityAssociation& sa,
                           Ptr<Packet> packet,
                           uint8_t& nextHeader,
                           IpsecDropReason& reason,
                           bool enforceReplay);
    /**
     * @brief Write the packet's IV.
     * @param sa the SA
     * @param seq the packet's sequence number
     * @param iv where to write
     */
    void MakeIv(const SecurityAssociation& sa, uint64_t seq, uint8_t* iv);

    Ptr<RandomVariableStream> m_ivSource; //!< IV randomness
    std::vector<uint8_t> m_buffer;        //!< Scratch space reused for every packet
};

} // namespace ns3

#endif /* ESP_TRANSFORM_H */
