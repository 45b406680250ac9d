/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-drop-reason.h"

namespace ns3
{

const char*
ToString(IpsecDropReason reason)
{
    switch (reason)
    {
    case IpsecDropReason::POLICY_DISCARD:
        return "policy-discard";
    case IpsecDropReason::CLEARTEXT_REJECTED:
        return "cleartext-rejected";
    case IpsecDropReason::NO_OUTBOUND_SA:
        return "no-outbound-sa";
    case IpsecDropReason::SEQUENCE_OVERFLOW:
        return "sequence-overflow";
    case IpsecDropReason::NO_SA:
        return "no-sa";
    case IpsecDropReason::TRUNCATED:
        return "truncated";
    case IpsecDropReason::REPLAY:
        return "replay";
    case IpsecDropReason::TOO_OLD:
        return "too-old";
    case IpsecDropReason::ICV_MISMATCH:
        return "icv-mismatch";
    case IpsecDropReason::BAD_PADDING:
        return "bad-padding";
    case IpsecDropReason::POLICY_MISMATCH:
        return "policy-mismatch";
    case IpsecDropReason::DUMMY_PACKET:
        return "dummy-packet";
    case IpsecDropReason::UNKNOWN_PROTOCOL:
        return "unknown-protocol";
    case IpsecDropReason::CRYPTO_QUEUE_FULL:
        return "crypto-queue-full";
    case IpsecDropReason::NO_ROUTE:
        return "no-route";
    case IpsecDropReason::BAD_INNER_PACKET:
        return "bad-inner-packet";
    case IpsecDropReason::ENCAP_MISMATCH:
        return "encapsulation-mismatch";
    case IpsecDropReason::UDP_CHECKSUM:
        return "udp-checksum";
    case IpsecDropReason::COUNT:
        break;
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, IpsecDropReason reason)
{
    return os << ToString(reason);
}

} // namespace ns3
