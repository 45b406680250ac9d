#!/usr/bin/env bash
# The IPv6 host-to-host example, checked by an implementation we did not write: tshark
# decrypts every ESP packet of the capture (ESP over IPv6, transport and tunnel mode) with a
# good ICV and finds the UDP echo and the TCP transfer inside; the link's Neighbor Discovery
# is on the wire in the clear; with --ndBypass=false the link breaks. OpenSSL (through
# test/esp-crosscheck.py) and our own decoder verify every ESP and AH packet of each
# capture, AH included, which Wireshark does not check. Same seed, same bytes.
#
# usage: ipv6-host-check.sh <ipsec-ipv6-host-to-host> <ipsec-pcap-decode> <work-dir>
set -euo pipefail

example=$1
decoder=$2
work=$3
checker="$(dirname "$0")/esp-crosscheck.py"
packets=4
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

name=ipsec-ipv6-host-to-host

# tshark's -o arguments for every plain row of a key file.
keys_of() {
    local line
    keys=()
    while IFS= read -r line; do
        [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
    done < "$1"
}

run() {
    local label=$1
    shift
    local dir="$work/$label"
    "$example" --outputDir="$dir" --packets=$packets "$@" > "$dir.stdout" ||
        fail "$label: $(sed -n 2,3p "$dir.stdout")"
    grep -q "udp echo: $packets requests, $packets served, $packets echoed" "$dir.stdout" ||
        fail "$label: $(grep 'udp echo' "$dir.stdout")"
    echo "$dir"
}

check_esp() {
    local label=$1 tunnel=$2
    shift 2
    local dir
    dir=$(run "$label" "$@")
    keys_of "$dir/$name.esp_sa"
    [[ ${#keys[@]} -eq 4 ]] || fail "$label: expected 2 esp_sa rows"
    # Fields separated by ';', several occurrences of one field (tunnel mode) by ','.
    tshark -r "$dir/$name-0-0.pcap" -o esp.enable_encryption_decode:TRUE \
        -o esp.enable_authentication_check:TRUE "${keys[@]}" -T fields -E separator=';' \
        -e ipv6.nxt -e esp.icv_good -e esp.icv_bad -e udp.port -e tcp.port -e icmpv6.type \
        2> "$dir/tshark.err" > "$dir/tshark.csv" || fail "$label: tshark: $(cat "$dir/tshark.err")"
    local esp good bad udp tcp nd
    esp=$(awk -F';' '$1 ~ /^50/' "$dir/tshark.csv" | wc -l)
    good=$(awk -F';' '$1 ~ /^50/ && $2 == "1" && $3 != "1"' "$dir/tshark.csv" | wc -l)
    bad=$(awk -F';' '$3 == "1"' "$dir/tshark.csv" | wc -l)
    udp=$(awk -F';' '$1 ~ /^50/ && $4 ~ /(^|,)9(,|$)/' "$dir/tshark.csv" | wc -l)
    tcp=$(awk -F';' '$1 ~ /^50/ && $5 ~ /5001/' "$dir/tshark.csv" | wc -l)
    nd=$(awk -F';' '$1 == "58" && $6 >= 133 && $6 <= 137' "$dir/tshark.csv" | wc -l)
    [[ $esp -gt $((2 * packets)) ]] || fail "$label: only $esp ESP packets"
    [[ $good -eq $esp && $bad -eq 0 ]] || fail "$label: $good of $esp ESP packets have a good ICV"
    [[ $udp -eq $((2 * packets)) ]] || fail "$label: $udp decrypted UDP echo packets"
    [[ $tcp -gt 10 ]] || fail "$label: only $tcp decrypted TCP segments"
    [[ $nd -gt 0 ]] || fail "$label: no Neighbor Discovery in the clear"
    # Tunnel mode: every decrypted payload is a whole IPv6 packet, so each ESP row shows two
    # IPv6 headers (outer next header 50, inner 17 or 6).
    if [[ $tunnel == yes ]]; then
        local inner
        inner=$(awk -F';' '$1 ~ /^50,(17|6)$/' "$dir/tshark.csv" | wc -l)
        [[ $inner -eq $esp ]] || fail "$label: $inner of $esp ESP packets hold an IPv6 packet"
    fi
    decode "$label" "$dir" "$esp"
    echo "$dir"
}

# Our decoder and OpenSSL (test/esp-crosscheck.py) must verify all <count> ESP/AH packets.
decode() {
    local label=$1 dir=$2 count=$3
    "$decoder" --pcap="$dir/$name-0-0.pcap" --keys="$dir/$name.esp_sa" > "$dir/decode.txt" ||
        fail "$label: ipsec-pcap-decode: $(tail -2 "$dir/decode.txt")"
    grep -q "^ESP/AH packets: $count, good: $count, failed: 0" "$dir/decode.txt" ||
        fail "$label: ipsec-pcap-decode: $(tail -1 "$dir/decode.txt")"
    /usr/bin/python3 "$checker" "$dir/$name-0-0.pcap" "$dir/$name.esp_sa" > "$dir/openssl.txt" ||
        fail "$label: OpenSSL check: $(tail -2 "$dir/openssl.txt")"
    grep -q "^checked $count, ok $count, failed 0" "$dir/openssl.txt" ||
        fail "$label: OpenSSL check: $(tail -1 "$dir/openssl.txt")"
}

# A run's ESP/AH packet count, from tshark.
protected_count() {
    tshark -r "$1/$name-0-0.pcap" -Y 'esp || ah' 2> /dev/null | wc -l
}

first=$(check_esp esp-cbc no --encryption=aes-cbc --integrity=hmac-sha256)
echo "ok: ESP over IPv6 (AES-CBC, HMAC-SHA-256): tshark decrypts UDP and TCP, ND in the clear"
check_esp esp-gcm no --encryption=aes-gcm16 > /dev/null
echo "ok: ESP over IPv6 (AES-GCM)"
check_esp esp-tunnel yes --mode=tunnel --encryption=aes-cbc --integrity=hmac-sha1 > /dev/null
echo "ok: ESP tunnel mode, IPv6 in IPv6"
for variant in "ah --protocol=ah" "ah-tunnel --protocol=ah --mode=tunnel" \
    "bundle --protocol=esp+ah --encryption=aes-ctr"; do
    set -- $variant
    label=$1
    shift
    dir=$(run "$label" "$@")
    decode "$label" "$dir" "$(protected_count "$dir")"
done
echo "ok: AH (transport, tunnel) and ESP inside AH over IPv6: ICVs verified by OpenSSL and ours"

# Without the Neighbor Discovery bypass the all-traffic policy swallows the solicitations.
"$example" --outputDir="$work/no-nd" --packets=$packets --ndBypass=false > "$work/no-nd.stdout" &&
    fail "--ndBypass=false: the link should not work"
grep -q "udp echo: $packets requests, 0 served" "$work/no-nd.stdout" ||
    fail "--ndBypass=false: $(grep 'udp echo' "$work/no-nd.stdout")"
echo "ok: --ndBypass=false breaks the link as documented"

mkdir -p "$work/again"
"$example" --outputDir="$work/again" --packets=$packets --encryption=aes-cbc \
    --integrity=hmac-sha256 > /dev/null
cmp -s "$first/$name-0-0.pcap" "$work/again/$name-0-0.pcap" || fail "a second run wrote other bytes"
echo "ok: same seed, same bytes"
