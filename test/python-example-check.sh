#!/bin/bash
# Copyright (c) 2026 ns3-ipsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# A Python example reproduces its C++ twin: both run with the same arguments, each in its own
# empty directory; their standard output and every file they write (pcaps, esp_sa keys, CSV,
# logs) must be byte-identical, and both must exit with status 0.
#
# usage: python-example-check.sh <c++ example> <python example> <work dir> [args...]
# PYTHONPATH must name the built ns3ipsec package (CTest sets it).

set -euo pipefail
cxx=$1
py=$2
work=$3
shift 3

rm -rf "$work"
mkdir -p "$work/cxx" "$work/python"

cxx_rc=0
py_rc=0
(cd "$work/cxx" && "$cxx" "$@" > ../cxx.out) || cxx_rc=$?
(cd "$work/python" && /usr/bin/python3 "$py" "$@" > ../python.out) || py_rc=$?

status=0
if [ "$cxx_rc" != 0 ]; then
    echo "FAIL: the C++ example exited with status $cxx_rc"
    status=1
fi
if [ "$cxx_rc" != "$py_rc" ]; then
    echo "FAIL: exit status $py_rc (Python) against $cxx_rc (C++)"
    status=1
fi
if ! cmp -s "$work/cxx.out" "$work/python.out"; then
    echo "FAIL: standard output differs"
    diff "$work/cxx.out" "$work/python.out" | head -20
    status=1
fi
cxx_files=$(cd "$work/cxx" && find . -type f | sort)
py_files=$(cd "$work/python" && find . -type f | sort)
if [ "$cxx_files" != "$py_files" ]; then
    echo "FAIL: the two runs wrote different files"
    diff <(echo "$cxx_files") <(echo "$py_files") || true
    status=1
fi
compared=0
for f in $cxx_files; do
    [ -f "$work/python/$f" ] || continue
    if cmp -s "$work/cxx/$f" "$work/python/$f"; then
        compared=$((compared + 1))
    else
        echo "FAIL: $f differs"
        cmp "$work/cxx/$f" "$work/python/$f" | head -1 || true
        status=1
    fi
done
if [ "$compared" = 0 ] && [ -z "$cxx_files" ] && [ ! -s "$work/cxx.out" ]; then
    echo "FAIL: the example wrote nothing to compare"
    status=1
fi
if [ $status = 0 ]; then
    echo "PASS: $(basename "$py") = $(basename "$cxx"): stdout ($(wc -l < "$work/cxx.out") lines)" \
         "and $compared identical file(s):" $cxx_files
fi
exit $status
