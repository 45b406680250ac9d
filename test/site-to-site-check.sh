#!/usr/bin/env bash
# The site-to-site VPN example, checked by implementations we did not write: tshark decrypts
# every ESP packet of the core link with a good ICV and finds the hosts' packets inside (outer
# 192.0.2.x, inner 10.x, UDP echo port 7), OpenSSL through test/esp-crosscheck.py verifies
# them too (and the AH variant's ICVs, which Wireshark does not check), as does our own
# ipsec-pcap-decode, and the site links carry the hosts' packets in the clear. Same seed, same
# bytes. Then the same for IPv6 in IPv6, IPv4 in IPv6 and IPv6 in IPv4 (--sites, --core).
#
# usage: site-to-site-check.sh <ipsec-site-to-site> <ipsec-pcap-decode> <work-dir>
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

payload=$(printf '%0400d' 0) # the echo client's 200 zero bytes

run() {
    local name=$1
    shift
    local dir="$work/$name"
    "$example" --outputDir="$dir" --packets=$packets "$@" > "$dir.stdout" ||
        fail "$name: $(head -1 "$dir.stdout")"
    local core="$dir/ipsec-site-to-site-1-1.pcap" keys="$dir/ipsec-site-to-site.esp_sa"
    /usr/bin/python3 "$checker" "$core" "$keys" --expect-payload "$payload" > "$dir/check.txt" ||
        fail "$name: OpenSSL check: $(tail -2 "$dir/check.txt")"
    grep -q "matched in $((2 * packets)) of $((2 * packets)) good UDP packets" "$dir/check.txt" ||
        fail "$name: $(grep matched "$dir/check.txt")"
    # Our own decoder verifies the same packets.
    "$decoder" --pcap="$core" --keys="$keys" > "$dir/decode.txt" ||
        fail "$name: ipsec-pcap-decode: $(tail -1 "$dir/decode.txt")"
    grep -q "^ESP/AH packets: $((2 * packets)), good: $((2 * packets)), failed: 0" \
        "$dir/decode.txt" || fail "$name: ipsec-pcap-decode: $(tail -1 "$dir/decode.txt")"
    # Site B's link: the requests and echoes in the clear, inner addresses, no ESP/AH.
    local clear
    clear=$(tshark -r "$dir/ipsec-site-to-site-3-0.pcap" -Y 'udp.port == 7 && !esp && !ah' \
        -T fields -e ip.src 2> /dev/null | wc -l)
    [[ $clear -eq $((2 * packets)) ]] || fail "$name: site B saw $clear clear packets"
    echo "$dir"
}

dir=$(run esp-aes-cbc --encryption=aes-cbc --integrity=hmac-sha256)
keys=()
while IFS= read -r line; do
    [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
done < "$dir/ipsec-site-to-site.esp_sa"
tshark -r "$dir/ipsec-site-to-site-1-1.pcap" -o esp.enable_encryption_decode:TRUE \
    -o esp.enable_authentication_check:TRUE "${keys[@]}" -T fields -E separator=';' \
    -e ip.src -e ip.dst -e esp.icv_good -e udp.srcport -e udp.dstport 2> /dev/null \
    > "$dir/tshark.txt"
good=$(grep -c '^192\.0\.2\.1,10\.1\.0\.1;192\.0\.2\.2,10\.2\.0\.2;1;.*;7$' "$dir/tshark.txt" || true)
back=$(grep -c '^192\.0\.2\.2,10\.2\.0\.2;192\.0\.2\.1,10\.1\.0\.1;1;7;' "$dir/tshark.txt" || true)
[[ $good -eq $packets && $back -eq $packets ]] ||
    fail "tshark: $good requests and $back echoes decrypted: $(head -3 "$dir/tshark.txt")"
[[ $(wc -l < "$dir/tshark.txt") -eq $((2 * packets)) ]] || fail "core link carries more than ESP"
mkdir -p "$work/again"
"$example" --outputDir="$work/again" --packets=$packets > /dev/null
cmp -s "$dir/ipsec-site-to-site-1-1.pcap" "$work/again/ipsec-site-to-site-1-1.pcap" ||
    fail "a second run wrote different bytes"
echo "ok: ESP tunnel between gateways: tshark and OpenSSL decrypt it, sites see clear text"

run esp-aes-gcm --encryption=aes-gcm16 --integrity=none > /dev/null
echo "ok: AES-GCM tunnel verified by OpenSSL"
run ah-sha1 --protocol=ah --integrity=hmac-sha1 > /dev/null
echo "ok: AH tunnel: ICVs recomputed by OpenSSL"

# The IPv6 combinations: 6-in-6, 4-in-6 and 6-in-4, ESP and AH. OpenSSL verifies every packet
# of the core link (run), tshark decrypts the ESP tunnels with good ICVs and finds the hosts'
# packets of the inner version inside.
for combo in "6 6" "4 6" "6 4"; do
    set -- $combo
    sites=$1 core=$2
    dir=$(run "esp-$sites-in-$core" --sites="$sites" --core="$core")
    keys=()
    while IFS= read -r line; do
        [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
    done < "$dir/ipsec-site-to-site.esp_sa"
    [[ ${#keys[@]} -eq 4 ]] || fail "$sites-in-$core: expected 2 esp_sa rows"
    inner_field=ip.dst
    [[ $sites == 6 ]] && inner_field=ipv6.dst
    tshark -r "$dir/ipsec-site-to-site-1-1.pcap" -o esp.enable_encryption_decode:TRUE \
        -o esp.enable_authentication_check:TRUE "${keys[@]}" -Y esp -T fields \
        -E separator=';' -e esp.icv_good -e "$inner_field" -e udp.port 2> /dev/null \
        > "$dir/tshark.txt"
    good=$(grep -c '^1;' "$dir/tshark.txt" || true)
    # The inner destination is hostB's or hostA's site address; the outer one is a core one.
    inner=$(grep -cE '(10\.2\.0\.2|10\.1\.0\.1|fd00:b::|fd00:a::)' "$dir/tshark.txt" || true)
    [[ $good -eq $((2 * packets)) && $inner -eq $((2 * packets)) ]] ||
        fail "$sites-in-$core: tshark: $good good ICVs, $inner inner packets: $(head -2 "$dir/tshark.txt")"
    run "ah-$sites-in-$core" --sites="$sites" --core="$core" --protocol=ah > /dev/null
    echo "ok: IPv$sites in IPv$core tunnels: tshark decrypts ESP, OpenSSL verifies ESP and AH"
done
