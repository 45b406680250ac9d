#!/usr/bin/env bash
# The NAT traversal examples, checked by tools we did not write.
#
# ipsec-nat-road-warriors, through each RFC 4787 NAT type: every echo comes back (ns-3
# checksums on, so every translated and decapsulated packet passed the receivers' checks);
# on the NAT's outside link tshark decodes ESP in UDP on port 4500 by itself, decrypts every
# packet with a good ICV and finds the echoes inside; the road warriors appear as one address
# and one port each; nothing but ESP and keepalives leaves the NAT. Same seed, same bytes.
#
# ipsec-nat-keepalive: the sweep's CSV says what RFC 3948 keepalives are for (every pushed
# datagram arrives when the interval is below the NAT's timeout; most are lost otherwise); the
# matplotlib script draws it; a captured run decrypts in tshark, keepalives included.
#
# OpenSSL (test/esp-crosscheck.py) and our own ipsec-pcap-decode verify the same packets.
#
# usage: nat-traversal-check.sh <ipsec-nat-road-warriors> <ipsec-nat-keepalive> <plot.py>
#                               <ipsec-pcap-decode> <work-dir>
set -euo pipefail

warriors=$1
keepalive=$2
plot=$3
decoder=$4
work=$5
checker="$(dirname "$0")/esp-crosscheck.py"
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

hosts=3
packets=4

tshark_keys() {
    keys=()
    while IFS= read -r line; do
        [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
    done < "$1"
}

road_warriors() {
    local name=$1
    shift
    local dir="$work/$name"
    "$warriors" --outputDir="$dir" --hosts=$hosts --packets=$packets "$@" > "$dir.stdout" ||
        fail "$name: $(tail -1 "$dir.stdout")"
    grep -q "every echo came back" "$dir.stdout" || fail "$name: echoes missing"
    local pcap="$dir/ipsec-nat-road-warriors-outside.pcap"
    tshark_keys "$dir/ipsec-nat-road-warriors.esp_sa"
    tshark -r "$pcap" -o esp.enable_encryption_decode:TRUE \
        -o esp.enable_authentication_check:TRUE "${keys[@]}" -T fields -E separator=';' \
        -e ip.src -e ip.dst -e udp.srcport -e udp.dstport -e esp.icv_good -e udp.length \
        2> /dev/null > "$dir/tshark.txt"
    # Requests: outer NAT -> gateway, port translated, inner road warrior -> server port 7.
    local requests replies ports others keepalives
    requests=$(grep -cE '^203\.0\.113\.1,192\.168\.1\.[0-9]+;203\.0\.113\.2,10\.1\.0\.2;[0-9]+,[0-9]+;4500,7;1;' \
        "$dir/tshark.txt" || true)
    replies=$(grep -cE '^203\.0\.113\.2,10\.1\.0\.2;203\.0\.113\.1,192\.168\.1\.[0-9]+;4500,7;[0-9]+,[0-9]+;1;' \
        "$dir/tshark.txt" || true)
    [[ $requests -eq $((hosts * packets)) ]] || fail "$name: $requests decrypted requests"
    [[ $replies -eq $((hosts * packets)) ]] || fail "$name: $replies decrypted replies"
    ports=$(grep -E '^203\.0\.113\.1,' "$dir/tshark.txt" | cut -d';' -f3 | cut -d, -f1 |
        sort -u | wc -l)
    [[ $ports -eq $hosts ]] || fail "$name: $ports outer source ports for $hosts road warriors"
    # Everything else on the outside link is a one-byte keepalive (UDP length 9).
    keepalives=$(grep -cE ';;9$' "$dir/tshark.txt" || true)
    others=$(grep -vcE ';1;[0-9]+,[0-9]+$|;;9$' "$dir/tshark.txt" || true)
    [[ $keepalives -ge $hosts ]] || fail "$name: $keepalives keepalives"
    [[ $others -eq 0 ]] || fail "$name: $others packets neither ESP nor keepalives"
    local esp=$((2 * hosts * packets))
    /usr/bin/python3 "$checker" "$pcap" "$dir/ipsec-nat-road-warriors.esp_sa" \
        > "$dir/openssl.txt" || fail "$name: OpenSSL check: $(tail -1 "$dir/openssl.txt")"
    grep -q "^checked $esp, ok $esp, failed 0" "$dir/openssl.txt" ||
        fail "$name: OpenSSL: $(tail -1 "$dir/openssl.txt")"
    "$decoder" --pcap="$pcap" --keys="$dir/ipsec-nat-road-warriors.esp_sa" > "$dir/decode.txt" ||
        fail "$name: ipsec-pcap-decode: $(tail -1 "$dir/decode.txt")"
    grep -q "^ESP/AH packets: $esp, good: $esp, failed: 0" "$dir/decode.txt" ||
        fail "$name: ipsec-pcap-decode: $(tail -1 "$dir/decode.txt")"
    echo "$name: $requests requests, $replies replies decrypted, $ports ports, $keepalives keepalives"
}

road_warriors eim-eif-preserve --mapping=EndpointIndependent --filtering=EndpointIndependent \
    --portAllocation=Preserve
road_warriors adm-adf-random --mapping=AddressDependent --filtering=AddressDependent \
    --portAllocation=Random
road_warriors apdm-apdf-random --mapping=AddressAndPortDependent \
    --filtering=AddressAndPortDependent --portAllocation=Random
# Same seed, same bytes.
road_warriors again --mapping=AddressAndPortDependent --filtering=AddressAndPortDependent \
    --portAllocation=Random
cmp "$work/apdm-apdf-random/ipsec-nat-road-warriors-outside.pcap" \
    "$work/again/ipsec-nat-road-warriors-outside.pcap" || fail "a second run differs"

# The keepalive experiment.
"$keepalive" --sweep --outputDir="$work/keepalive" > "$work/keepalive.stdout" 2>&1 ||
    fail "keepalive sweep: $(tail -1 "$work/keepalive.stdout")"
csv="$work/keepalive/ipsec-nat-keepalive.csv"
rows=$(tail -n +2 "$csv" | wc -l)
[[ $rows -eq 27 ]] || fail "the sweep wrote $rows rows"
# Columns: timeout, keepalive, pushed, delivered, fraction, ...
bad=$(tail -n +2 "$csv" | awk -F, '
    $2 > 0 && $2 < $1 && $4 != $3 { print "lost with keepalives every " $2 " s, timeout " $1 }
    ($2 == 0 || $2 >= $1) && $5 >= 0.75 { print "kept without keepalives in time: " $0 }')
[[ -z $bad ]] || fail "$bad"
/usr/bin/python3 "$plot" "$csv" "$work/keepalive.png" > /dev/null || fail "the plot script"
[[ $(head -c 8 "$work/keepalive.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
    fail "the plot is not a PNG"
[[ $(stat -c %s "$work/keepalive.png") -gt 20000 ]] || fail "the plot is suspiciously small"

"$keepalive" --natTimeout=30 --keepalive=20 --duration=60 --pcap \
    --outputDir="$work/keepalive-pcap" > "$work/keepalive-pcap.stdout"
tshark_keys "$work/keepalive-pcap/ipsec-nat-keepalive.esp_sa"
pushed=$(tshark -r "$work/keepalive-pcap/ipsec-nat-keepalive-outside.pcap" \
    -o esp.enable_encryption_decode:TRUE "${keys[@]}" \
    -Y 'esp && udp.dstport == 9000 && ip.dst == 192.168.1.2' 2> /dev/null | wc -l)
[[ $pushed -eq 58 ]] || fail "tshark decrypted $pushed pushed datagrams, not 58"
keepalives=$(tshark -r "$work/keepalive-pcap/ipsec-nat-keepalive-outside.pcap" \
    -Y 'udp.port == 4500 && udp.length == 9 && !esp' 2> /dev/null | wc -l)
[[ $keepalives -ge 2 ]] || fail "$keepalives keepalives in a minute"
echo "keepalive experiment: sweep and plot fine, $pushed pushed datagrams decrypted, $keepalives keepalives"
echo PASS
