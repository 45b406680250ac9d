#!/usr/bin/env bash
# End-to-end check against an implementation we did not write: run the flagship example for
# each ESP algorithm combination it offers, then require that tshark decrypts every ESP packet
# of the capture with a good ICV and that the decrypted UDP payloads are exactly what the echo
# applications sent. Also runs our own capture inspector on the same file, and checks that
# the same seed gives the same pcap bytes.
#
# usage: tshark-decrypt-check.sh <ipsec-three-flows> <ipsec-pcap-decode> <work-dir>
set -euo pipefail

example=$1
decoder=$2
work=$3
packets=4
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# The payload the example's echo client sends on a port: "ns3-ipsec flow to port N" + NUL.
payload_hex() {
    printf 'ns3-ipsec flow to port %s' "$1" | od -An -tx1 | tr -d ' \n'
    printf '00'
}

check_combo() {
    local name=$1
    shift
    local dir="$work/$name"
    mkdir -p "$dir"
    "$example" --outputDir="$dir" --packets=$packets "$@" > "$dir/stdout.txt"

    local keys=()
    while IFS= read -r line; do
        [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
    done < "$dir/ipsec-three-flows.esp_sa"
    [[ ${#keys[@]} -eq 4 ]] || fail "$name: expected 2 esp_sa rows, got $((${#keys[@]} / 2))"

    local pcap="$dir/ipsec-three-flows-0-0.pcap"
    tshark -r "$pcap" -o esp.enable_encryption_decode:TRUE \
        -o esp.enable_authentication_check:TRUE "${keys[@]}" \
        -T fields -E separator=, -e ip.proto -e esp.icv_good -e esp.icv_bad \
        -e udp.srcport -e udp.dstport -e data.data 2> "$dir/tshark.err" > "$dir/tshark.csv" ||
        fail "$name: tshark failed: $(cat "$dir/tshark.err")"

    local esp good bad port9 port10 port11
    esp=$(awk -F, '$1 == "50"' "$dir/tshark.csv" | wc -l)
    good=$(awk -F, '$1 == "50" && $2 == "1" && $3 != "1"' "$dir/tshark.csv" | wc -l)
    bad=$(awk -F, '$3 == "1"' "$dir/tshark.csv" | wc -l)
    [[ $esp -eq $((2 * packets)) ]] || fail "$name: expected $((2 * packets)) ESP packets, saw $esp"
    [[ $good -eq $esp && $bad -eq 0 ]] || fail "$name: $good of $esp ESP packets have a good ICV"

    # Decrypted payloads of the protected flow (port 9), both directions.
    port9=$(awk -F, -v p="$(payload_hex 9)" \
        '$1 == "50" && ($4 == "9" || $5 == "9") && $6 == p' "$dir/tshark.csv" | wc -l)
    [[ $port9 -eq $esp ]] || fail "$name: only $port9 of $esp decrypted payloads match"
    # The bypassed flow is on the wire in the clear; the discarded one not at all.
    port10=$(awk -F, -v p="$(payload_hex 10)" '$1 == "17" && $6 == p' "$dir/tshark.csv" | wc -l)
    [[ $port10 -eq $((2 * packets)) ]] || fail "$name: bypassed flow: $port10 cleartext packets"
    port11=$(awk -F, '$4 == "11" || $5 == "11"' "$dir/tshark.csv" | wc -l)
    [[ $port11 -eq 0 ]] || fail "$name: discarded flow reached the wire ($port11 packets)"

    # Our own inspector must agree.
    "$decoder" --pcap="$pcap" --keys="$dir/ipsec-three-flows.esp_sa" > "$dir/decode.txt" ||
        fail "$name: ipsec-pcap-decode rejected the capture: $(tail -3 "$dir/decode.txt")"

    # Same seed, same bytes.
    mkdir -p "$dir/again"
    "$example" --outputDir="$dir/again" --packets=$packets "$@" > /dev/null
    cmp -s "$pcap" "$dir/again/ipsec-three-flows-0-0.pcap" ||
        fail "$name: a second run with the same seed wrote different pcap bytes"

    echo "ok: $name: $esp ESP packets decrypted by tshark with good ICV, payloads match"
}

check_combo aes-cbc-128-hmac-sha1 --encryption=aes-cbc --keyBits=128 --integrity=hmac-sha1
check_combo aes-cbc-256-hmac-sha256 --encryption=aes-cbc --keyBits=256 --integrity=hmac-sha256
check_combo aes-gcm16-128 --encryption=aes-gcm16 --keyBits=128 --integrity=none
check_combo aes-gcm16-256 --encryption=aes-gcm16 --keyBits=256 --integrity=none
check_combo null-hmac-sha256 --encryption=null --integrity=hmac-sha256
# Every other algorithm Wireshark 4.0 decrypts or checks, each at least once.
check_combo des-hmac-md5 --encryption=des-cbc --integrity=hmac-md5
check_combo 3des-hmac-sha1 --encryption=3des-cbc --integrity=hmac-sha1
check_combo cast128-hmac-sha384 --encryption=cast128-cbc --integrity=hmac-sha384
check_combo blowfish-hmac-sha512 --encryption=blowfish-cbc --integrity=hmac-sha512
check_combo twofish-128-hmac-ripemd160 --encryption=twofish-cbc --keyBits=128 \
    --integrity=hmac-ripemd160
check_combo twofish-256-hmac-sha256 --encryption=twofish-cbc --keyBits=256 --integrity=hmac-sha256
check_combo aes-cbc-192-hmac-sha256-96 --encryption=aes-cbc --keyBits=192 \
    --integrity=hmac-sha256-96
check_combo aes-ctr-128-hmac-sha1 --encryption=aes-ctr --keyBits=128 --integrity=hmac-sha1
check_combo aes-ctr-256-hmac-sha512 --encryption=aes-ctr --keyBits=256 --integrity=hmac-sha512
check_combo aes-gcm8-128 --encryption=aes-gcm8 --keyBits=128
check_combo aes-gcm12-192 --encryption=aes-gcm12 --keyBits=192
echo "all ESP algorithm combinations verified by tshark"
