/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ESP_PCAP_INSPECTOR_H
#define ESP_PCAP_INSPECTOR_H

#include "wireshark-esp-sa.h"

#include "ns3/esp-transform.h"

#include <map>
#include <ostream>
#include <string>
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
    };

    uint64_t frame = 0;                              //!< Frame number in the capture, from 1
    std::string source;                              //!< Outer source address
    std::string destination;                         //!< Outer destination address
    bool udpEncapsulated = false;                    //!< Carried in UDP (RFC 3948)
    uint32_t spi = 0;                                //!< SPI
    uint32_t sequence = 0;                           //!< Sequence number (low 32 bits)
    Status status = NO_KEY;                          //!< Outcome
    IpsecDropReason reason = IpsecDropReason::NO_SA; //!< Why BAD
    std::string detail;                              //!< Message for UNUSABLE_KEY
    uint8_t innerProtocol = 0;                       //!< Next header of the decrypted payload
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
    uint64_t frames = 0;  //!< Frames read
    uint64_t esp = 0;     //!< ESP packets checked
    uint64_t good = 0;    //!< ESP packets that verified and decrypted
    uint64_t failed = 0;  //!< ESP packets that did not
    uint64_t skipped = 0; //!< Frames that are not ESP (or fragments, keepalives, IKE)
    std::vector<EspPacketVerdict> packets; //!< One entry per ESP packet
    std::string error;                     //!< Why the file could not be read, if it could not
};

/**
 * @ingroup ipsec
 * @brief Checks every ESP packet of a pcap file against Wireshark esp_sa keys, using the
 * module's own inbound ESP transform.
 *
 * Reads PPP, Ethernet (with VLAN tags), raw IPv4, Linux cooked (SLL and SLL2) and BSD
 * loopback captures; ESP directly over IPv4 and in UDP (RFC 3948, port 4500), so it works
 * on captures made by other IPsec stacks as well as by ns-3. Replay is not enforced: a
 * capture may legitimately hold retransmissions.
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
     * @param out where one line per ESP packet is printed (may be a null stream)
     * @return the totals and verdicts; `error` is set when the file cannot be read
     */
    EspInspectionSummary Inspect(const std::string& filename, std::ostream& out);

  private:
    /**
     * @brief Check one ESP packet.
     * @param verdict filled in; frame, addresses, SPI and sequence already set
     * @param esp the bytes from the SPI on
     * @param len their number
     */
    void CheckEsp(EspPacketVerdict& verdict, const uint8_t* esp, uint32_t len);

    std::vector<WiresharkEspSa> m_keys; //!< Rows, in file order (first match wins)
    /// SA per (row, SPI), so that ESN state carries across packets
    std::map<std::pair<size_t, uint32_t>, Ptr<SecurityAssociation>> m_sas;
    EspTransform m_esp; //!< The module's ESP processing
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
