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
 * @brief A bad argument given to one of the module's helpers (IpsecHelper, Ipv4NaptHelper):
 * an unknown algorithm, a wrong key size, a node without an IP stack, ...
 *
 * The helpers check their arguments before changing anything and throw this exception with
 * the message that says what is wrong. A C++ program that does not catch it still ends with
 * that message: std::terminate() prints the what() of an uncaught exception derived from
 * std::exception ("terminate called after throwing an instance of 'ns3::IpsecError'
 * what(): ...") and aborts, as NS_ABORT_MSG did before. The Python bindings raise it as
 * `ns3ipsec.IpsecError`, a ValueError, with the same message.
 */
class IpsecError : public std::invalid_argument
{
  public:
    /**
     * @brief Construct with a message.
     * @param message What is wrong (e.g. "IpsecHelper::AddEspSaPair: unknown algorithm").
     */
    explicit IpsecError(const std::string& message);
};

} // namespace ns3

/**
 * @ingroup ipsec
 * @brief Throw an IpsecError if a condition holds; the message is streamed (as in
 * NS_ABORT_MSG_IF).
 * @param cond The condition.
 * @param msg The message, an expression for operator<<.
 */
#define IPSEC_THROW_IF(cond, msg)                                                                  \
    do                                                                                             \
    {                                                                                              \
        if (cond)                                                                                  \
        {                                                                                          \
            std::ostringstream ipsecErrorStream;                                                   \
            ipsecErrorStream << msg;                                                               \
            throw ::ns3::IpsecError(ipsecErrorStream.str());                                       \
        }                                                                                          \
    } while (false)

/**
 * @ingroup ipsec
 * @brief Throw an IpsecError unless a condition holds (as in NS_ABORT_MSG_UNLESS).
 * @param cond The condition.
 * @param msg The message, an expression for operator<<.
 */
#define IPSEC_THROW_UNLESS(cond, msg) IPSEC_THROW_IF(!(cond), msg)

#endif /* IPSEC_ERROR_H */
