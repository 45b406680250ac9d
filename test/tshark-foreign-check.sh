#!/usr/bin/env bash
# Checks the committed foreign ESP/AH captures (test/data, made by make-foreign-esp-capture.py
# with Python's cryptography package) against implementations we did not write, so the
# inspector's test data is itself validated: tshark must decrypt every ESP packet but the
# deliberately corrupted ones with a good ICV (IPv4 and IPv6, behind extension headers, in
# UDP, in tunnels of either version, a reassembled fragmented packet), and OpenSSL through
# test/esp-crosscheck.py must verify every ESP and AH packet (tshark 4.0 does not check AH
# ICVs) but the corrupted ones and the fragments it does not reassemble.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/data"
keys=()
while IFS= read -r line; do
    [[ $line == \"* ]] && keys+=(-o "uat:esp_sa:$line")
done < "$data/foreign-esp.esp_sa"

verdicts() {
    tshark -r "$data/$1" -o esp.enable_encryption_decode:TRUE \
        -o esp.enable_authentication_check:TRUE "${keys[@]}" \
        -Y esp -T fields -e esp.icv_good -e esp.icv_bad 2>/dev/null | tr '\t' ' ' | sort | uniq -c |
        awk '{print $1 "x" $2 "/" $3}' | tr '\n' ' '
}

eth=$(verdicts foreign-esp-ethernet.pcap)
sll=$(verdicts foreign-esp-sll.pcap)
ipv6=$(verdicts foreign-esp-ipv6.pcap)
echo "ethernet: $eth"
echo "sll:      $sll"
echo "ipv6:     $ipv6"
# five good ICVs and one bad one (frame 9); two good ones in the SLL capture
[[ $eth == "1x0/1 5x1/0 " ]] || { echo "FAIL: unexpected tshark verdicts on the Ethernet capture"; exit 1; }
[[ $sll == "2x1/0 " ]] || { echo "FAIL: unexpected tshark verdicts on the SLL capture"; exit 1; }
# IPv6: frames 1-4, the ESP inside the AH of frame 11, the tunnels of frames 12-14 and the
# ESP packet reassembled from frames 15 and 16 are good; frame 17 is corrupted
[[ $ipv6 == "1x0/1 9x1/0 " ]] || { echo "FAIL: unexpected tshark verdicts on the IPv6 capture"; exit 1; }
# the decrypted payloads of the IPv6 capture are the ones the generator encrypted
payloads=$(tshark -r "$data/foreign-esp-ipv6.pcap" -o esp.enable_encryption_decode:TRUE \
    -o esp.enable_authentication_check:TRUE "${keys[@]}" -Y 'esp.icv_good == 1 && udp.port == 7' \
    -T fields -e udp.payload 2>/dev/null | grep -c '666f726569676e20' || true)
[[ $payloads -eq 8 ]] || { echo "FAIL: tshark found $payloads 'foreign ...' payloads in the IPv6 capture"; exit 1; }
echo "ok: tshark agrees with the foreign captures' expected verdicts"

# OpenSSL: IPv4 frame 9 corrupted; IPv6 frame 10 (AH, an immutable option changed) and 17
# (ESP) corrupted, 15 and 16 fragments; AH behind options, routing headers and an atomic
# fragment header verified.
crosscheck() {
    /usr/bin/python3 "$here/esp-crosscheck.py" "$data/$1" "$data/foreign-esp.esp_sa" || true
}
out4=$(crosscheck foreign-esp-ethernet.pcap)
out6=$(crosscheck foreign-esp-ipv6.pcap)
failed4=$(grep -E 'FAILED|not checked' <<< "$out4" | cut -d: -f1 | tr '\n' ' ')
failed6=$(grep -E 'FAILED|not checked' <<< "$out6" | cut -d: -f1 | tr '\n' ' ')
echo "openssl ipv4: $(tail -1 <<< "$out4"); failed: $failed4"
echo "openssl ipv6: $(tail -1 <<< "$out6"); failed: $failed6"
grep -q '^checked 6, ok 5, failed 1,' <<< "$out4" && [[ $failed4 == "frame 9 " ]] ||
    { echo "FAIL: unexpected OpenSSL verdicts on the Ethernet capture"; exit 1; }
grep -q '^checked 18, ok 14, failed 4,' <<< "$out6" &&
    [[ $failed6 == "frame 10 frame 15 frame 16 frame 17 " ]] ||
    { echo "FAIL: unexpected OpenSSL verdicts on the IPv6 capture"; exit 1; }
ah=$(grep -c ' AH SPI .*: ok ' <<< "$out6" || true)
[[ $ah -eq 7 ]] || { echo "FAIL: OpenSSL verified $ah AH packets in the IPv6 capture, not 7"; exit 1; }
echo "ok: OpenSSL agrees, AH over IPv6 included"
