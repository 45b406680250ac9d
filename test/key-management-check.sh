#!/usr/bin/env bash
# The key-management example, checked from outside: it exits 0 (no packet lost once the SAs
# were up, at least one rekey, no PF_KEY error), its capture holds ESP only (no UDP in the
# clear), tshark decrypts every ESP packet with a good ICV using the esp_sa rows the example
# wrote for every SA the SADs held, finding the UDP flows inside, and the capture uses at
# least two SPI pairs (the keys changed and decryption followed). Same seed, same bytes.
#
# usage: key-management-check.sh <ipsec-key-management> <work-dir>
set -euo pipefail

example=$1
work=$2
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# 4 s of traffic, SAs soft-expiring after 2 s: two rekeys at least.
args=(--duration=4 --rate=100)
"$example" --outputDir="$work/run" "${args[@]}" > "$work/run.stdout" ||
    fail "the example failed: $(grep -m1 FAIL "$work/run.stdout" || tail -1 "$work/run.stdout")"
grep -q '^OK: no packet lost' "$work/run.stdout" || fail "no OK line: $(tail -1 "$work/run.stdout")"
grep -q 'rekeyed' "$work/run.stdout" || fail "the timeline shows no rekey"

pcap="$work/run/ipsec-key-management-0-0.pcap"
keys=()
while IFS= read -r line; do
    [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
done < "$work/run/ipsec-key-management.esp_sa"
[[ ${#keys[@]} -ge 8 ]] || fail "expected at least 4 esp_sa rows (two SA pairs), got $((${#keys[@]} / 2))"

# UDP on the wire must all be inside ESP.
clear=$(tshark -r "$pcap" -Y 'udp && !esp' -T fields -e frame.number 2> /dev/null | wc -l)
[[ $clear -eq 0 ]] || fail "$clear UDP packets in the clear"

tshark -r "$pcap" -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE \
    "${keys[@]}" -Y esp -T fields -E separator=';' -e esp.spi -e esp.icv_good -e ip.src \
    -e udp.dstport 2> /dev/null > "$work/tshark.txt"
total=$(wc -l < "$work/tshark.txt")
good=$(grep -cE '^0x[0-9a-f]+;1;10\.1\.1\.[12];9$' "$work/tshark.txt" || true)
[[ $total -gt 0 && $good -eq $total ]] ||
    fail "tshark: $good of $total ESP packets decrypted with a good ICV: $(grep -vE ';1;.*;9$' "$work/tshark.txt" | head -3)"
# Both directions, and at least two SPIs each way.
for src in 10.1.1.1 10.1.1.2; do
    spis=$(awk -F';' -v s="$src" '$3 == s { print $1 }' "$work/tshark.txt" | sort -u | wc -l)
    [[ $spis -ge 2 ]] || fail "$src sent with $spis SPI(s): no rekey on the wire"
done
# The example's own count of packets must match the wire: 400 each way.
sent=$(grep -cE ';10\.1\.1\.1;9$' "$work/tshark.txt" || true)
back=$(grep -cE ';10\.1\.1\.2;9$' "$work/tshark.txt" || true)
[[ $sent -eq 400 && $back -eq 400 ]] || fail "the capture holds $sent and $back packets, not 400 each way"

"$example" --outputDir="$work/again" "${args[@]}" > /dev/null
cmp -s "$pcap" "$work/again/ipsec-key-management-0-0.pcap" || fail "a second run wrote different bytes"
echo "ok: $total ESP packets over $(cut -d';' -f1 "$work/tshark.txt" | sort -u | wc -l) SPIs," \
    "all decrypted by tshark with a good ICV across rekeys; same seed, same bytes"
