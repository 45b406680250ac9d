/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_ERROR_H
#define IPSEC_ERROR_H

#include <sstream>
#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief A bad argument given to the module's helpers (an unknown algorithm, a key of the
 * wrong size, a node without an IP stack, ...), reported before anything was changed.
 *
 * The helpers throw it instead of aborting, so that a caller can report the mistake and go
 * on (the Python bindings raise it as `ns3ipsec.IpsecError`, a ValueError). A C++ program
 * that does not catch it still ends with the message: std::terminate prints what().
 */
class IpsecError : public std::invalid_argument
{
  public:
    /**
     * @brief Construct with the message.
     * @param message What was wrong, naming the call (e.g. "IpsecHelper::AddEspSaPair: ...")
     */
    explicit IpsecError(const std::string& message);
};

} // namespace ns3

/**
 * @ingroup ipsec
 * @brief Throw an IpsecError built from a stream expression unless a condition holds.
 * @param condition What must be true.
 * @param message The message, as for NS_ABORT_MSG (`"x: " << value`).
 */
#define IPSEC_THROW_UNLESS(condition, message)                                                     \
    do                                                                                             \
    {                                                                                              \
        if (!(condition))                                                                          \
        {                                                                                          \
            std::ostringstream ipsecErrorText;                                                     \
            ipsecErrorText << message;                                                             \
            throw ::ns3::IpsecError(ipsecErrorText.str());                                         \
        }                                                                                          \
    } while (false)

/**
 * @ingroup ipsec
 * @brief Throw an IpsecError built from a stream expression if a condition holds.
 * @param condition What must be false.
 * @param message The message.
 */
#define IPSEC_THROW_IF(condition, message) IPSEC_THROW_UNLESS(!(condition), message)

#endif // IPSEC_ERROR_H
