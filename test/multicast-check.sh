#!/usr/bin/env bash
# The multicast example against implementations we did not write: one sender, three
# receivers sharing one ESP SA to the group 239.1.2.3. tshark, given the single esp_sa row the
# helper wrote, must decrypt every ESP packet in the capture of the sender and of every node
# on the LAN with a good ICV, a good UDP checksum and the payload the sender wrote, all under
# the one SPI; with one key bit flipped the ICVs must turn bad (the check can fail). Our own
# decoder agrees on each capture.
#
# usage: multicast-check.sh <ipsec-multicast> <ipsec-pcap-decode> <work-dir>
set -euo pipefail

example=$1
decoder=$2
work=$3
packets=5
receivers=3
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

"$example" --receivers=$receivers --packets=$packets --outputDir="$work" > "$work/stdout.txt" ||
    fail "the example failed: $(cat "$work/stdout.txt")"

rows=()
while IFS= read -r line; do
    [[ $line == \"* ]] && rows+=("$line")
done < "$work/ipsec-multicast.esp_sa"
[[ ${#rows[@]} -eq 1 ]] || fail "expected one esp_sa row (the group SA), got ${#rows[@]}"
[[ ${rows[0]} == '"IPv4","10.1.0.1","239.1.2.3",'* ]] || fail "row is not the group's: ${rows[0]}"
spi=$(cut -d, -f4 <<< "${rows[0]}" | tr -d '"')

# tshark fields of every ESP packet of a capture, decrypted with the given esp_sa row.
decrypt() {
    tshark -r "$1" -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE \
        -o "uat:esp_sa:$2" -T fields -E separator=, -e ip.src -e ip.dst -e esp.spi \
        -e esp.sequence -e esp.icv_good -e esp.icv_bad -e udp.dstport -e udp.checksum.status \
        -e data.data -Y esp 2> /dev/null
}

# Node 0 is the sender, nodes 1-3 the receivers, node 4 the node without the SA: the same
# ESP packets are on every node's link.
for node in $(seq 0 $((receivers + 1))); do
    pcap="$work/ipsec-multicast-$node-0.pcap"
    decrypt "$pcap" "${rows[0]}" > "$work/node-$node.csv"
    [[ $(wc -l < "$work/node-$node.csv") -eq $packets ]] ||
        fail "node $node: expected $packets ESP packets, saw $(wc -l < "$work/node-$node.csv")"
    seq=0
    while IFS=, read -r src dst pspi sequence good bad dport csum data; do
        expected=$(printf 'ns3-ipsec multicast datagram %d' $seq | od -An -tx1 | tr -d ' \n')
        seq=$((seq + 1))
        [[ $src == 10.1.0.1 && $dst == 239.1.2.3 && $pspi == "$spi" && $sequence == "$seq" ]] ||
            fail "node $node: packet $seq is $src -> $dst spi $pspi seq $sequence"
        [[ $good == 1 && $bad != 1 ]] || fail "node $node: packet $seq ICV not good"
        [[ $dport == 7000 && $csum == 2 ]] ||
            fail "node $node: packet $seq: UDP port $dport, checksum status $csum"
        [[ $data == "$expected" ]] || fail "node $node: packet $seq decrypts to $data"
    done < "$work/node-$node.csv"
    "$decoder" --pcap="$pcap" --keys="$work/ipsec-multicast.esp_sa" > "$work/decode-$node.txt" ||
        fail "ipsec-pcap-decode refused node $node's capture: $(tail -3 "$work/decode-$node.txt")"
    grep -q "ESP/AH packets: $packets, good: $packets, failed: 0" "$work/decode-$node.txt" ||
        fail "ipsec-pcap-decode on node $node: $(tail -1 "$work/decode-$node.txt")"
done
if cmp -s "$work/node-1.csv" "$work/node-0.csv" && cmp -s "$work/node-3.csv" "$work/node-0.csv"; then
    echo "ok: tshark decrypts the group's $packets ESP packets (spi $spi) at the sender and" \
        "every receiver, ICV and UDP checksum good"
else
    fail "the receivers' captures differ from the sender's"
fi

# The same check with one bit of the integrity key flipped: every ICV must be bad.
key=$(cut -d, -f8 <<< "${rows[0]}" | tr -d '"')
last=${key: -1}
flipped=$(printf '%x' $(((16#$last) ^ 1)))
wrong="${rows[0]%\"*\"}\"${key%?}$flipped\""
decrypt "$work/ipsec-multicast-2-0.pcap" "$wrong" > "$work/wrong-key.csv"
bad=$(awk -F, '$6 == "1"' "$work/wrong-key.csv" | wc -l)
[[ $bad -eq $packets ]] || fail "with a wrong key $bad of $packets ICVs are bad"
echo "ok: a wrong integrity key makes all $packets ICVs bad"
