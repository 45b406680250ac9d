/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ipsec-error.h"

namespace ns3
{

IpsecError::IpsecError(const std::string& message)
    : std::invalid_argument(message)
{
}

} // namespace ns3
