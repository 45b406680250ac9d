#!/bin/bash
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# The public C++ API (model/*.h, helper/*.h) is documented: Doxygen, configured by
# doc/Doxyfile (undocumented members, undocumented parameters and return values, and
# malformed comments are warnings), must report no warning for the module's headers.
# Writes the Doxygen HTML to <output dir>/html and the warnings to <output dir>/warnings.log.
#
# usage: doxygen-check.sh <source dir> <output dir>

set -euo pipefail
src=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
log=$out/warnings.log

command -v doxygen > /dev/null || { echo "doxygen is not installed (apt-get install doxygen)"; exit 1; }

rm -f "$log"
# Doxyfile paths are relative to the repository root; the output location is ours.
(cd "$src" && { cat doc/Doxyfile; echo "OUTPUT_DIRECTORY = $out"; echo "WARN_LOGFILE = $log"; } \
    | doxygen - > /dev/null)

# Only our headers count (Doxygen also warns about things it cannot see, e.g. ns-3's bases).
ours=$(grep -E "^$src/(model|helper)/[^:]+\.h:" "$log" | sort -u || true)
if [ -n "$ours" ]; then
    echo "$ours" | sed "s|^$src/||"
    echo "FAIL: $(echo "$ours" | wc -l) Doxygen warning(s) in the public API (doc/Doxyfile)"
    exit 1
fi
echo "Doxygen: no warnings for model/*.h and helper/*.h; HTML in $out/html/index.html"
