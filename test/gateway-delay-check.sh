#!/usr/bin/env bash
# Runs the gateway processing-delay example with a cost table whose capacity is known and
# checks the CSV against queueing theory: below capacity everything is delivered and the
# latency is the path delay plus two service times (client encryption, gateway decryption);
# above it the delivered throughput is the capacity, latency grows and the excess is dropped.
# A second engine doubles the capacity.
#
# usage: gateway-delay-check.sh <ipsec-gateway-delay> <work-dir>
set -euo pipefail

example=$1
work=$2
rm -rf "$work"
mkdir -p "$work"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# 10 us per job whatever the size: capacity 100 000 datagrams/s = 1120 Mbit/s of 1400-byte
# payload per engine.
common=(--algorithms=aes-gcm16 --rates=500,4000 --costTable=aes-gcm16=10000+0 --size=1400
        --clients=4 --duration=0.02 --queueLimit=100)
"$example" "${common[@]}" --engines=1 --csv="$work/one.csv" > "$work/one.txt"
"$example" "${common[@]}" --engines=2 --csv="$work/two.csv" > "$work/two.txt"
"$example" --algorithms=aes-gcm16 --rates=500 --costTable=aes-gcm16=0+0 --duration=0.02 \
    --csv="$work/free.csv" > /dev/null

head -1 "$work/one.csv" | grep -q '^algorithm,engines,offered_mbps,delivered_mbps,' ||
    fail "CSV header: $(head -1 "$work/one.csv")"

# field: 1 algorithm 2 engines 3 offered 4 delivered 5 mean 6 p95 7 sent 8 delivered 9 drops
row() { awk -F, -v load="$2" 'NR > 1 && $3 == load' "$1"; }
check() { # description, awk condition over the row
    awk -F, "{ exit !($2) }" <<< "$3" || fail "$1: $3"
}
free=$(row "$work/free.csv" 500)
low=$(row "$work/one.csv" 500)
high=$(row "$work/one.csv" 4000)
high2=$(row "$work/two.csv" 4000)
base=$(cut -d, -f5 <<< "$free")

check "below capacity, all delivered" '$8 == $7 && $9 == 0 && $4 > 490 && $4 < 510' "$low"
check "below capacity, latency = path + 2 x 10 us" \
    "\$5 > $base + 19.9 && \$5 < $base + 20.1" "$low"
check "above capacity, throughput = 1120 Mbit/s" '$4 > 1090 && $4 < 1150' "$high"
check "above capacity, queue-full drops" '$9 > 0 && $8 + $9 <= $7' "$high"
check "above capacity, queueing latency" '$6 > 500' "$high"
check "two engines double the capacity" '$4 > 2180 && $4 < 2300' "$high2"
echo "ok: gateway delay model matches its capacity (1 and 2 engines) and latency"
