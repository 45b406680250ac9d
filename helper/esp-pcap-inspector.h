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
#include "ns3/ipsec-address.h"

#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief What the inspector found for one ESP or AH packet of a capture.
 */
struct EspPacketVerdict
{
    /** Outcome of the check. */
    enum Status
    {
        GOOD,         //!< ICV verified, payload decrypted
        BAD,          //!< Refused by the transform (see reason)
        NO_KEY,       //!< No esp_sa row matches (source, destination, SPI)
        UNUSABLE_KEY, //!< The matching row names an algorithm or key the module cannot use,
                      //!< or the inspector cannot rebuild what an AH ICV covers (see detail)
        FRAGMENT,     //!< Fragment of an ESP or AH packet: not reassembled, not checked
        SIZE_ONLY,    //!< The matching row is a size-only SA: nothing to decrypt or verify
        MALFORMED,    //!< The IPv6 extension header chain cannot be walked (see detail)
    };

    uint64_t frame = 0;           //!< Frame number in the capture, from 1
    uint8_t ipVersion = 4;        //!< Outer IP version, 4 or 6
    bool ah = false;              //!< AH (RFC 4302) rather than ESP
    std::string source;           //!< Outer source address
    std::string destination;      //!< Outer destination address
    std::string extensions;       //!< IPv6 extension headers before ESP/AH, e.g. "hbh,rh0,dst"
    bool udpEncapsulated = false; //!< Carried in UDP (RFC 3948)
    uint32_t spi = 0;             //!< SPI (0 when not in the frame)
    uint32_t sequence = 0;        //!< Sequence number (low 32 bits)
    uint32_t fragmentOffset = 0;  //!< Offset in bytes of a later fragment (0: not one)
    Status status = NO_KEY;       //!< Outcome
    IpsecDropReason reason = IpsecDropReason::NO_SA; //!< Why BAD
    std::string detail;                              //!< Message for UNUSABLE_KEY and MALFORMED
    std::string nested;         //!< Inner layers of an SA bundle, e.g. " then esp spi=0x..."
    uint32_t layers = 1;        //!< ESP/AH layers opened (more than 1 for an SA bundle)
    uint8_t innerProtocol = 0;  //!< Next header of the decrypted payload
    std::vector<uint8_t> inner; //!< The decrypted payload (an L4 segment in transport mode,
                                //!< an IPv4 or IPv6 packet in tunnel mode)
    /// Tunnel mode: the inner packet in brief, e.g. "10.1.0.1 -> 10.2.0.2 udp(17) ports
    /// 49153->7"; empty in transport mode
    std::string tunnel;

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
    uint64_t esp = 0;       //!< ESP and AH packets checked (good + failed)
    uint64_t good = 0;      //!< ESP and AH packets that verified and decrypted
    uint64_t failed = 0;    //!< ESP and AH packets that did not (including unknown SPIs)
    uint64_t fragments = 0; //!< Fragments of ESP and AH packets: listed, not checked
    uint64_t sizeOnly = 0;  //!< ESP packets of size-only SAs: listed, not checkable
    uint64_t malformed = 0; //!< IPv6 packets whose extension headers cannot be walked: listed
    uint64_t skipped = 0;   //!< Other frames: not IPsec, later fragments of UDP, keepalives, IKE
    bool truncated = false; //!< The file ends inside a record (that record is not counted)
    std::vector<EspPacketVerdict> packets; //!< One entry per listed packet or fragment
    std::string error;                     //!< Why the file could not be read, if it could not
};

/**
 * @ingroup ipsec
 * @brief Checks every ESP and AH packet of a pcap file against Wireshark esp_sa keys (AH
 * keys as rows with NULL encryption), using the module's own inbound transforms.
 *
 * Reads PPP (with or without the FF 03 address and control bytes), Ethernet (with 802.1Q
 * and 802.1ad tags), raw IP (link types 12, 101, 228 and 229), Linux cooked (SLL and SLL2)
 * and BSD loopback (AF_INET, and AF_INET6 as 24, 28 or 30) captures of IPv4 and IPv6; ESP
 * and AH directly over IP and ESP in UDP (RFC 3948, port 4500: keepalives and packets behind
 * the non-ESP marker are skipped), so it works on captures made by other IPsec stacks as
 * well as by ns-3.
 *
 * IPv6 extension headers in front of ESP or AH (hop-by-hop, routing, fragment, destination
 * options, and mobility, HIP and shim6 headers, which share their layout) are walked; a
 * chain that runs past the packet is listed as MALFORMED. An AH ICV covers them as RFC 4302
 * 3.3.3.1.2 asks: option data of options with the "may change" bit zeroed, a routing header
 * as it will be at the final destination (segments left 0: as it is; types 0 and 2 with
 * segments left: addresses rotated as the remaining hops will rotate them; other types with
 * segments left are not checked and say so). An atomic fragment (offset 0, no more
 * fragments) is checked as the whole packet it is. Other fragments are not reassembled:
 * fragments of ESP and AH packets are listed as not checked, later fragments of UDP skipped.
 * Replay is not enforced: a capture may legitimately hold retransmissions.
 *
 * Opened layers: an SA bundle (ESP inside AH, ...) carried by one IP header, and a tunnel's
 * inner IPv4 or IPv6 packet, whose own ESP or AH (nested tunnels) is opened in turn; either
 * outer version may carry either inner one.
 *
 * Each packet is checked against the first row of its IP version that matches its (source,
 * destination, SPI), wildcards included; addresses are compared as addresses, so a row may
 * write an IPv6 address in full or compressed form. Rows naming algorithms the module does
 * not implement are kept: the packets they match fail with a verdict that says so.
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
     * @param out where one line per listed packet is printed (ESP and AH packets and their
     *        fragments, malformed IPv6 packets), and a note when the file ends inside a
     *        record (may be a null stream)
     * @return the totals and verdicts; `error` is set when the file cannot be read (missing,
     *         not pcap, pcapng, unsupported link type); a cut file is read up to the cut
     */
    EspInspectionSummary Inspect(const std::string& filename, std::ostream& out);

    /**
     * @brief The headers in front of an ESP or AH header, as the packet carries them.
     */
    struct IpHeaders
    {
        bool ipv6 = false;          //!< IPv6 rather than IPv4
        IpsecAddress source;        //!< Source address
        IpsecAddress destination;   //!< Destination address (as on the wire)
        std::vector<uint8_t> bytes; //!< IPv4 header with options, or IPv6 header and the
                                    //!< extension headers up to ESP/AH (an atomic fragment
                                    //!< header left out, the payload length adjusted)
        uint32_t nextHeaderAt = 9;  //!< Offset in bytes of the field naming ESP/AH
    };

  private:
    /**
     * @brief Check one ESP or AH packet, and the layers it opens.
     * @param verdict filled in; frame, protocol, addresses, SPI and sequence already set
     * @param ip the headers in front of it (AH authenticates them)
     * @param data the bytes from the ESP or AH header on
     * @param len their number
     */
    void Check(EspPacketVerdict& verdict, const IpHeaders& ip, const uint8_t* data, uint32_t len);

    /**
     * @brief Verify and decrypt one layer.
     * @param verdict filled in; protocol, SPI already set
     * @param ip the headers in front of it
     * @param data the bytes from the ESP or AH header on
     * @param len their number
     */
    void CheckLayer(EspPacketVerdict& verdict,
                    const IpHeaders& ip,
                    const uint8_t* data,
                    uint32_t len);

    /**
     * @param row a row index
     * @param ip the packet's headers
     * @param spi its SPI
     * @return whether the row applies to the packet
     */
    bool RowMatches(size_t row, const IpHeaders& ip, uint32_t spi) const;

    /// Which SA a packet belongs to: row, source, destination, SPI, AH
    using SaKey = std::tuple<size_t, IpsecAddress, IpsecAddress, uint32_t, bool>;

    /// A row's addresses as addresses; a wildcard or unparsable text is kept as text.
    struct RowAddresses
    {
        bool ipv6 = false;              //!< The row's protocol is IPv6
        bool sourceParsed = false;      //!< The source is an address
        bool destinationParsed = false; //!< The destination is an address
        IpsecAddress source;            //!< Parsed source
        IpsecAddress destination;       //!< Parsed destination
    };

    std::vector<WiresharkEspSa> m_keys;       //!< Rows, in file order (first match wins)
    std::vector<RowAddresses> m_rowAddresses; //!< m_keys' addresses, parsed once
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
