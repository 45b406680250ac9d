#!/usr/bin/env bash
# Checks the committed foreign ESP captures (test/data, made by make-foreign-esp-capture.py
# with Python's cryptography package) against tshark, so the inspector's test data is itself
# validated by an implementation we did not write: every ESP packet but the deliberately
# corrupted one must decrypt with a good ICV.
set -euo pipefail
data="$(cd "$(dirname "$0")" && pwd)/data"
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
echo "ethernet: $eth"
echo "sll:      $sll"
# five good ICVs and one bad one (frame 9); two good ones in the SLL capture
[[ $eth == "1x0/1 5x1/0 " ]] || { echo "FAIL: unexpected tshark verdicts on the Ethernet capture"; exit 1; }
[[ $sll == "2x1/0 " ]] || { echo "FAIL: unexpected tshark verdicts on the SLL capture"; exit 1; }
echo "ok: tshark agrees with the foreign captures' expected verdicts"
