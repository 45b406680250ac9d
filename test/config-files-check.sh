#!/usr/bin/env bash
# The configuration-file example: two hosts set up only from an ipsecinit.conf each and a
# shared ipseckey file. The protected flow's ESP decrypts in tshark with a good ICV on every
# packet, the bypassed flow is on the wire in the clear, the dropped one not at all; a broken
# ipseckey file is refused with its file and line, and the run stops.
#
# usage: config-files-check.sh <ipsec-config-files> <source-dir> <work-dir>
set -euo pipefail

example=$1
source=$2
work=$3
packets=4
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

config="$source/examples/ipsec-config-files"
"$example" --configDir="$config" --outputDir="$work/run" --packets=$packets > "$work/run.txt" ||
    fail "the example failed: $(head -5 "$work/run.txt")"

keys=()
while IFS= read -r line; do
    [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
done < "$work/run/ipsec-config-files.esp_sa"
[[ ${#keys[@]} -eq 4 ]] || fail "expected 2 esp_sa rows"
tshark -r "$work/run/ipsec-config-files-0-0.pcap" -o esp.enable_encryption_decode:TRUE \
    -o esp.enable_authentication_check:TRUE "${keys[@]}" -T fields -E separator=';' \
    -e ip.proto -e esp.icv_good -e udp.srcport -e udp.dstport 2> /dev/null > "$work/tshark.txt"
esp=$(grep -c '^50;1;' "$work/tshark.txt" || true)
protected=$(grep -cE '^50;1;(9;[0-9]+|[0-9]+;9)$' "$work/tshark.txt" || true)
clear=$(grep -cE '^17;;([0-9]+;10|10;[0-9]+)$' "$work/tshark.txt" || true)
dropped=$(grep -cE ';11$' "$work/tshark.txt" || true)
[[ $esp -eq $((2 * packets)) && $protected -eq $esp ]] ||
    fail "tshark: $protected of $esp ESP packets decrypt to the port-9 flow"
[[ $clear -eq $((2 * packets)) ]] || fail "the bypassed flow: $clear clear packets"
[[ $dropped -eq 0 ]] || fail "port 11 is on the wire"
echo "ok: configured from files: ESP decrypted by tshark, bypass in the clear, drop dropped"

# A broken ipseckey file: refused with file and line, exit status 2.
sed 's/spi 0x1002/spi 0x10/' "$config/hosts.ipseckey" > "$work/broken.ipseckey"
status=0
"$example" --configDir="$config" --ipseckey="$work/broken.ipseckey" --outputDir="$work/broken" \
    > /dev/null 2> "$work/broken.txt" || status=$?
[[ $status -eq 2 ]] || fail "a broken file should stop the example with status 2, got $status"
grep -q "broken.ipseckey:15: 'spi 0x10': SPI 16 is reserved" "$work/broken.txt" ||
    fail "the refusal does not name the line: $(cat "$work/broken.txt")"
echo "ok: a broken file is refused with its line"
