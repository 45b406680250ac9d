/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef WIRESHARK_ESP_SA_H
#define WIRESHARK_ESP_SA_H

#include "ns3/security-association.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief One row of Wireshark's `esp_sa` table (Protocol, Src IP, Dest IP, SPI, Encryption,
 * Encryption Key, Authentication, Authentication Key), read and written in its file syntax.
 */
struct WiresharkEspSa
{
    std::string protocol = "IPv4";       //!< "IPv4" or "IPv6"
    std::string source = "*";            //!< Source address or "*"
    std::string destination = "*";       //!< Destination address or "*"
    std::string spi = "*";               //!< SPI as written ("0x0000a011", decimal or "*")
    std::string encryption = "NULL";     //!< Wireshark encryption name
    std::string encryptionKey;           //!< "0x..." hex, salt included
    std::string authentication = "NULL"; //!< Wireshark authentication name
    std::string authenticationKey;       //!< "0x..." hex

    /// What a reader can do with the row; decides how Format() writes it.
    enum Usability
    {
        /// Wireshark 4.0 decrypts it: written as a plain row.
        WIRESHARK,
        /// Only the module's own tools (and test/esp-crosscheck.py) handle the algorithms:
        /// written as a comment Wireshark skips, `#ns3-ipsec: "IPv4",...`.
        MODULE_ONLY,
        /// The SA ran in size-only mode, its bytes are not ciphertext: nobody can decrypt it.
        /// Written as `#ns3-ipsec-size-only: "IPv4",...`.
        SIZE_ONLY,
    };

    Usability usability = WIRESHARK; //!< How the row is written and read back

    /// Prefix of rows Wireshark cannot use but the module's tools can.
    static constexpr const char* MODULE_ONLY_PREFIX = "#ns3-ipsec: ";
    /// Prefix of rows for size-only SAs.
    static constexpr const char* SIZE_ONLY_PREFIX = "#ns3-ipsec-size-only: ";

    /**
     * @brief The row for one of our SAs.
     * @param sa the SA
     * @return the row
     */
    static WiresharkEspSa FromSa(const SecurityAssociation& sa);

    /**
     * @brief Parse one line of an esp_sa file (the `uat:esp_sa:` prefix is accepted too, and
     * the module's `#ns3-ipsec: ` / `#ns3-ipsec-size-only: ` comment rows).
     * @param line the line
     * @param[out] row the row
     * @param[out] error what is wrong with the line
     * @return whether the line held a row
     */
    static bool Parse(const std::string& line, WiresharkEspSa& row, std::string& error);

    /**
     * @brief Turn the row into SA parameters for the module's own transforms.
     * @param[out] params the parameters (source, destination and SPI filled when not
     *        wildcards)
     * @param[out] error why the row cannot be used
     * @return whether the row names algorithms and keys the module implements
     */
    bool ToSaParams(IpsecSaParams& params, std::string& error) const;

    /**
     * @param source a packet's source
     * @param destination its destination
     * @param spi its SPI
     * @return whether this row applies to the packet (wildcards honoured)
     */
    bool Matches(const std::string& source, const std::string& destination, uint32_t spi) const;

    /**
     * @return the row in esp_sa file syntax (eight quoted, comma-separated fields), behind the
     *         comment prefix its usability asks for
     */
    std::string Format() const;
};

/**
 * @ingroup ipsec
 * @brief Read an esp_sa file: Wireshark's rows and the module's comment rows; other comments
 * and blank lines are skipped.
 * @param filename the file
 * @param[out] rows its rows
 * @param[out] error what is wrong (file and line number)
 * @return whether the whole file was valid
 */
bool ReadWiresharkEspSaFile(const std::string& filename,
                            std::vector<WiresharkEspSa>& rows,
                            std::string& error);

} // namespace ns3

#endif /* WIRESHARK_ESP_SA_H */
