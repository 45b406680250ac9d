/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_DROP_REASON_H
#define IPSEC_DROP_REASON_H

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief Why the IPsec layer discarded a packet. Every discard fires the layer's Drop trace
 * with one of these and is counted, per SA where an SA is known.
 */
enum class IpsecDropReason : uint8_t
{
    POLICY_DISCARD,     //!< An SPD entry says discard
    CLEARTEXT_REJECTED, //!< Cleartext arrived where policy requires protection
    NO_OUTBOUND_SA,     //!< Policy requires protection but no SA is installed
    SEQUENCE_OVERFLOW,  //!< The outbound sequence number would cycle (RFC 4303 3.3.3)
    NO_SA,              //!< Inbound: no SA for (protocol, destination, SPI)
    TRUNCATED,          //!< Inbound: shorter than its headers, IV and ICV, or misaligned
    REPLAY,             //!< Inbound: sequence number already received
    TOO_OLD,            //!< Inbound: sequence number left of the replay window
    ICV_MISMATCH,       //!< Inbound: integrity check failed
    BAD_PADDING,        //!< Inbound: pad length or padding bytes invalid
    POLICY_MISMATCH,    //!< Inbound: decrypted traffic does not match the SA's policy
    DUMMY_PACKET,       //!< Inbound: next header 59 (traffic-flow-confidentiality dummy)
    UNKNOWN_PROTOCOL,   //!< Inbound: the decrypted payload's protocol has no handler
    CRYPTO_QUEUE_FULL,  //!< The node's crypto engine queue (processing-delay model) is full
    NO_ROUTE,           //!< Outbound: no route for a packet the layer sends itself (AH, tunnel)
    BAD_INNER_PACKET,   //!< Inbound tunnel mode: the payload is not a well-formed IPv4 packet
    ENCAP_MISMATCH,     //!< Inbound: ESP in UDP for an SA without UDP encapsulation, or the reverse
    UDP_CHECKSUM,       //!< Inbound: ESP in UDP with a bad UDP checksum
    COUNT               //!< Number of reasons (not a reason)
};

/**
 * @brief Name of a drop reason, e.g. "icv-mismatch".
 * @param reason the reason
 * @return a stable lowercase name
 */
const char* ToString(IpsecDropReason reason);

/**
 * @brief Print a drop reason's name.
 * @param os the stream
 * @param reason the reason
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecDropReason reason);

} // namespace ns3

#endif /* IPSEC_DROP_REASON_H */
