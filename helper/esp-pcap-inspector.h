/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ESP_PCAP_INSPECTOR_H
#define ESP_PCAP_INSPECTOR_H

#include "wireshark-esp-sa.h"

#include "ns3/ah-transform.h"
#include "ns3/esp-transform.h"

#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief What the inspector found for one ESP packet of a capture.
 */
struct EspPacketVerdict
{
    /** Outcome of the check. */
    enum Status
    {
        GOOD,         //!< ICV verified, payload decrypted
        BAD,          //!< Refused by the transform (see reason)
        NO_KEY,       //!< No esp_sa row matches (source, destination, SPI)
        UNUSABLE_KEY, //!< The matching row names an algorithm or key the module cannot use
        FRAGMENT,     //!< First fragment of a fragmented ESP packet: not reassembled, not checked
        SIZE_ONLY,    //!< The matching row is a size-only SA: nothing to decrypt or verify
    };

    uint64_t frame = 0;                              //!< Frame number in the capture, from 1
    bool ah = false;                                 //!< AH (RFC 4302) rather than ESP
    std::string source;                              //!< Outer source address
    std::string destination;                         //!< Outer destination address
    bool udpEncapsulated = false;                    //!< Carried in UDP (RFC 3948)
    uint32_t spi = 0;                                //!< SPI
    uint32_t sequence = 0;                           //!< Sequence number (low 32 bits)
    Status status = NO_KEY;                          //!< Outcome
    IpsecDropReason reason = IpsecDropReason::NO_SA; //!< Why BAD
    std::string detail;         //!< Message for UNUSABLE_KEY (e.g. "... is not implemented ...")
    std::string nested;         //!< Inner layers of an SA bundle, e.g. " then esp spi=0x..."
    uint32_t layers = 1;        //!< ESP/AH layers opened (more than 1 for an SA bundle)
    uint8_t innerProtocol = 0;  //!< Next header of the decrypted payload
    std::vector<uint8_t> inner; //!< The decrypted payload (an L4 segment in transport mode)

    /** @return whether the packet verified and decrypted */
    bool IsGood() const;
};

/**
 * @ingroup ipsec
 * @brief Totals of one inspection.
 */
struct EspInspectionSummary
{
    uint64_t frames = 0;    //!< Frames read
    uint64_t esp = 0;       //!< ESP packets checked (good + failed)
    uint64_t good = 0;      //!< ESP packets that verified and decrypted
    uint64_t failed = 0;    //!< ESP packets that did not (including unknown SPIs)
    uint64_t fragments = 0; //!< First fragments of ESP packets: listed, not checked
    uint64_t sizeOnly = 0;  //!< ESP packets of size-only SAs: listed, not checkable
    uint64_t skipped = 0;   //!< Other frames: not ESP, later fragments, keepalives, IKE
    bool truncated = false; //!< The file ends inside a record (that record is not counted)
    std::vector<EspPacketVerdict> packets; //!< One entry per ESP packet or ESP first fragment
    std::string error;                     //!< Why the file could not be read, if it could not
};

/**
 * @ingroup ipsec
 * @brief Checks every ESP and AH packet of a pcap file against Wireshark esp_sa keys (AH
 * keys as rows with NULL encryption), using the module's own inbound transforms.
 *
 * Reads PPP (with or without the FF 03 address and control bytes), Ethernet (with 802.1Q
 * and 802.1ad tags), raw IPv4 (link types 12, 101 and 228), Linux cooked (SLL and SLL2) and
 * BSD loopback captures; ESP directly over IPv4 and in UDP (RFC 3948, port 4500: keepalives
 * and packets behind the non-ESP marker are skipped), so it works on captures made by other
 * IPsec stacks as well as by ns-3. Fragments are not reassembled: first fragments of ESP
 * packets are listed as not checked, later fragments skipped. Replay is not enforced: a
 * capture may legitimately hold retransmissions.
 *
 * Each packet is checked against the first row that matches its (source, destination, SPI),
 * wildcards included. Rows naming algorithms the module does not implement are kept: the
 * packets they match fail with a verdict that says so.
 */
class EspPcapInspector
{
  public:
    EspPcapInspector();

    /**
     * @brief Add the rows of an esp_sa file.
     * @param filename the file
     * @param[out] error what is wrong with it
     * @return whether the file was valid (if not, no row of it was added)
     */
    bool LoadKeys(const std::string& filename, std::string& error);
    /**
     * @brief Add one row.
     * @param row the row
     */
    void AddKey(const WiresharkEspSa& row);

    /**
     * @brief Check a capture.
     * @param filename the pcap file
     * @param out where one line per ESP packet (and ESP first fragment) is printed, and a
     *        note when the file ends inside a record (may be a null stream)
     * @return the totals and verdicts; `error` is set when the file cannot be read (missing,
     *         not pcap, pcapng, unsupported link type); a cut file is read up to the cut
     */
    EspInspectionSummary Inspect(const std::string& filename, std::ostream& out);

  private:
    /**
     * @brief Check one ESP or AH packet.
     * @param verdict filled in; frame, protocol, addresses, SPI and sequence already set
     * @param ip the packet's IPv4 header (AH authenticates it)
     * @param ipLen its length
     * @param data the bytes from the ESP or AH header on
     * @param len their number
     */
    void Check(EspPacketVerdict& verdict,
               const uint8_t* ip,
               uint32_t ipLen,
               const uint8_t* data,
               uint32_t len);

    /// Which SA a packet belongs to: row, source, destination, SPI, AH
    using SaKey = std::tuple<size_t, std::string, std::string, uint32_t, bool>;

    std::vector<WiresharkEspSa> m_keys; //!< Rows, in file order (first match wins)
    /// SA per (row, source, destination, SPI), so ESN state carries across packets
    std::map<SaKey, Ptr<SecurityAssociation>> m_sas;
    EspTransform m_esp; //!< The module's ESP processing
    AhTransform m_ah;   //!< The module's AH processing
};

/**
 * @brief Print a verdict on one line.
 * @param os the stream
 * @param verdict the verdict
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const EspPacketVerdict& verdict);

} // namespace ns3

#endif /* ESP_PCAP_INSPECTOR_H */
