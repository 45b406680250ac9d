#!/usr/bin/env bash
# End-to-end check of the algorithms Wireshark 4.0 cannot decrypt (Camellia, AES-CCM,
# AES-GMAC, ChaCha20-Poly1305, AES-XCBC-MAC), and of AH ICVs (Wireshark 4.0 does not check
# them), against an implementation we did not write:
# OpenSSL through Debian's python3-cryptography (test/esp-crosscheck.py). For each one the
# flagship example runs, and every ESP packet of its capture must verify and decrypt there,
# with the protected flow's payloads exactly what the echo applications sent. Our own
# inspector (ipsec-pcap-decode) must agree. A size-only run must be reported as not
# decryptable by both tools, with the same packet sizes as a real-crypto run.
#
# usage: crosscheck-algorithms.sh <ipsec-three-flows> <ipsec-pcap-decode> <work-dir>
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

payload9=$(printf 'ns3-ipsec flow to port 9' | od -An -tx1 | tr -d ' \n')00

check_combo() {
    local name=$1
    shift
    local dir="$work/$name"
    "$example" --outputDir="$dir" --packets=$packets "$@" > "$dir.stdout" ||
        fail "$name: the example failed"
    local pcap="$dir/ipsec-three-flows-0-0.pcap" keys="$dir/ipsec-three-flows.esp_sa"
    /usr/bin/python3 "$checker" "$pcap" "$keys" --expect-payload "$payload9" > "$dir/check.txt" ||
        fail "$name: python3-cryptography rejected the capture: $(tail -3 "$dir/check.txt")"
    grep -q "^checked $((2 * packets)), ok $((2 * packets)), failed 0" "$dir/check.txt" ||
        fail "$name: $(tail -1 "$dir/check.txt")"
    grep -q "matched in $((2 * packets)) of $((2 * packets)) good UDP packets" "$dir/check.txt" ||
        fail "$name: decrypted payloads differ: $(grep matched "$dir/check.txt")"
    "$decoder" --pcap="$pcap" --keys="$keys" > "$dir/decode.txt" ||
        fail "$name: ipsec-pcap-decode rejected the capture: $(tail -3 "$dir/decode.txt")"
    echo "ok: $name: $((2 * packets)) ESP packets verified and decrypted by OpenSSL"
}

check_combo camellia-128-hmac-sha256 --encryption=camellia-cbc --keyBits=128
check_combo camellia-192-aes-xcbc --encryption=camellia-cbc --keyBits=192 --integrity=aes-xcbc-mac
check_combo camellia-256-hmac-sha1 --encryption=camellia-cbc --keyBits=256 --integrity=hmac-sha1
check_combo aes-cbc-aes-xcbc --encryption=aes-cbc --integrity=aes-xcbc-mac
check_combo null-aes-xcbc --encryption=null --integrity=aes-xcbc-mac
check_combo aes-ccm8-128 --encryption=aes-ccm8 --keyBits=128
check_combo aes-ccm12-192 --encryption=aes-ccm12 --keyBits=192
check_combo aes-ccm16-256 --encryption=aes-ccm16 --keyBits=256
check_combo aes-gmac-128 --encryption=null-aes-gmac --keyBits=128
check_combo aes-gmac-256 --encryption=null-aes-gmac --keyBits=256
check_combo chacha20-poly1305 --encryption=chacha20-poly1305

# AH (RFC 4302): every integrity algorithm, the ICV recomputed by Python's hmac (OpenSSL) from
# the captured IPv4 header with its mutable fields zeroed; tshark must dissect AH + UDP.
for alg in hmac-md5 hmac-sha1 hmac-sha256 hmac-sha384 hmac-sha512 hmac-ripemd160 \
    aes-xcbc-mac hmac-sha256-96; do
    check_combo "ah-$alg" --protocol=ah --integrity=$alg
    ahs=$(tshark -r "$work/ah-$alg/ipsec-three-flows-0-0.pcap" -Y 'ah && udp.port == 9' \
        -T fields -e ah.spi 2> /dev/null | wc -l)
    [[ $ahs -eq $((2 * packets)) ]] || fail "ah-$alg: tshark dissected $ahs AH+UDP packets"
done

# An SA bundle, ESP inside AH: OpenSSL verifies each AH ICV (over the ESP packet), tshark
# decrypts the ESP inside with a good ICV and finds the protected flow's UDP.
bundle="$work/esp-inside-ah"
"$example" --outputDir="$bundle" --packets=$packets --protocol=esp+ah > /dev/null
/usr/bin/python3 "$checker" "$bundle/ipsec-three-flows-0-0.pcap" \
    "$bundle/ipsec-three-flows.esp_sa" > "$bundle/check.txt" ||
    fail "esp+ah: OpenSSL check: $(tail -2 "$bundle/check.txt")"
grep -q "^checked $((2 * packets)), ok $((2 * packets)), failed 0" "$bundle/check.txt" ||
    fail "esp+ah: $(tail -1 "$bundle/check.txt")"
bundle_keys=()
while IFS= read -r line; do
    [[ $line == \"* ]] && bundle_keys+=(-o "uat:esp_sa:$line")
done < "$bundle/ipsec-three-flows.esp_sa"
nested=$(tshark -r "$bundle/ipsec-three-flows-0-0.pcap" -o esp.enable_encryption_decode:TRUE \
    -o esp.enable_authentication_check:TRUE "${bundle_keys[@]}" \
    -Y 'ip.proto == 51 && esp.icv_good == 1 && udp.port == 9' -T fields -e ah.spi 2> /dev/null |
    wc -l)
[[ $nested -eq $((2 * packets)) ]] || fail "esp+ah: tshark opened $nested bundles"
"$decoder" --pcap="$bundle/ipsec-three-flows-0-0.pcap" \
    --keys="$bundle/ipsec-three-flows.esp_sa" > "$bundle/decode.txt" ||
    fail "esp+ah: ipsec-pcap-decode: $(tail -2 "$bundle/decode.txt")"
opened=$(grep -c 'icv=good then esp spi=.* inner=udp' "$bundle/decode.txt" || true)
[[ $opened -eq $((2 * packets)) ]] || fail "esp+ah: ipsec-pcap-decode opened $opened bundles"
echo "ok: ESP inside AH: AH ICVs verified by OpenSSL, the ESP inside decrypted by tshark and"
echo "    both layers opened by ipsec-pcap-decode"

# Size-only: same sizes as real crypto, and both tools say the packets cannot be decrypted.
real="$work/aes-gcm16-real" sizeonly="$work/aes-gcm16-size-only"
"$example" --outputDir="$real" --packets=$packets --encryption=aes-gcm16 > /dev/null
"$example" --outputDir="$sizeonly" --packets=$packets --encryption=aes-gcm16 \
    --cryptoMode=size-only > /dev/null
frame_sizes() {
    tshark -r "$1" -T fields -e frame.len 2> /dev/null | tr '\n' ' '
}
[[ "$(frame_sizes "$real/ipsec-three-flows-0-0.pcap")" == \
    "$(frame_sizes "$sizeonly/ipsec-three-flows-0-0.pcap")" ]] ||
    fail "size-only: frame sizes differ from real crypto"
grep -q '^#ns3-ipsec-size-only: ' "$sizeonly/ipsec-three-flows.esp_sa" ||
    fail "size-only: the key file does not mark the SAs as size-only"
/usr/bin/python3 "$checker" "$sizeonly/ipsec-three-flows-0-0.pcap" \
    "$sizeonly/ipsec-three-flows.esp_sa" > "$sizeonly/check.txt" || true
grep -q "^checked 0, ok 0, failed 0, skipped $((2 * packets))" "$sizeonly/check.txt" ||
    fail "size-only: checker: $(tail -1 "$sizeonly/check.txt")"
"$decoder" --pcap="$sizeonly/ipsec-three-flows-0-0.pcap" \
    --keys="$sizeonly/ipsec-three-flows.esp_sa" > "$sizeonly/decode.txt" || true
grep -q "size-only (not decryptable): $((2 * packets))" "$sizeonly/decode.txt" ||
    fail "size-only: ipsec-pcap-decode: $(tail -1 "$sizeonly/decode.txt")"
echo "ok: size-only: same frame sizes as real crypto, marked and reported as not decryptable"
echo "all algorithms Wireshark 4.0 lacks, and AH, verified against OpenSSL"
