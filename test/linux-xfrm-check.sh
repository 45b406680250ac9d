#!/usr/bin/env bash
# Checks the module's ESP and AH packets against a real Linux IPsec stack: Debian's
# user-mode-linux kernel (a Linux 6.1 that runs as a plain process) boots with the host's
# root file system read-only, loads xfrm/esp4/ah4/ipv6/esp6/ah6, installs the SAs from an
# example's key file with `ip xfrm`, and receives the example's captured packets through a
# tap device. Linux must accept every packet (its SA counts them, and the decrypted UDP
# datagrams reach its UDP layer, the TCP segments its TCP layer) and refuse a copy whose ICV
# was altered. IPv4: the flagship example (transport) and the site-to-site VPN (tunnel). IPv6:
# ipsec-ipv6-host-to-host (transport over Ethernet, Neighbor Discovery in its capture left
# out) and the site-to-site VPN's 6-in-6, 4-in-6 and 6-in-4 tunnels.
#
# usage: linux-xfrm-check.sh <ipsec-three-flows> <ipsec-site-to-site> <work-dir>
# (ipsec-ipv6-host-to-host is taken from the directory of <ipsec-site-to-site>.)
# Exits 77 (skipped) when this machine cannot run the check: no user-mode-linux, no
# /dev/net/tun, or no permission to create a tap device.
set -euo pipefail

example=$1
tunnel_example=$2
work=$3
ipv6_example=$(dirname "$tunnel_example")/ipsec-ipv6-host-to-host
tap=tapIpsec$$ # one per run: checks of other build trees may run at the same time
rm -rf "$work"
mkdir -p "$work"

skip() {
    echo "SKIPPED: $*"
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v linux.uml > /dev/null || skip "user-mode-linux is not installed"
[[ -x /usr/sbin/modprobe || -x /sbin/modprobe ]] || skip "kmod (modprobe) is not installed"
[[ -c /dev/net/tun ]] || skip "no /dev/net/tun"
[[ -x $ipv6_example ]] || fail "no $ipv6_example next to $tunnel_example"
ip link del "$tap" 2> /dev/null || true
ip tuntap add dev "$tap" mode tap 2> /dev/null || skip "cannot create a tap device here"
trap 'ip link del "$tap" 2> /dev/null || true' EXIT
ip link set "$tap" up

# The IPv4 or IPv6 packets from the given source in the capture (PPP or Ethernet, whose
# frames ns-3 writes with a 4-byte trailer: each packet is cut to its IP length) go to the
# tap as Ethernet frames to the guest's MAC, a tampered copy of the first one (last byte of
# its ICV, or first byte for AH) ahead of them. Only ESP and AH: the Neighbor Discovery an
# Ethernet capture holds in the clear stays out.
cat > "$work/inject.py" << 'PY'
import ipaddress, socket, struct, sys
pcap, iface = sys.argv[1], sys.argv[2]
source = ipaddress.ip_address(sys.argv[3])
data = open(pcap, "rb").read()
linktype = struct.unpack("<I", data[20:24])[0]
ethertype = {4: b"\x08\x00", 6: b"\x86\xdd"}[source.version]
off, packets = 24, []
while off + 16 <= len(data):
    incl = struct.unpack("<I", data[off + 8:off + 12])[0]
    frame = data[off + 16:off + 16 + incl]
    off += 16 + incl
    if linktype == 9 and frame[:2] == {4: b"\x00\x21", 6: b"\x00\x57"}[source.version]:
        ip = frame[2:]
    elif linktype == 1 and frame[12:14] == ethertype:
        ip = frame[14:]
    else:
        continue
    if source.version == 4 and ip[9] in (50, 51) and ip[12:16] == source.packed:
        packets.append(ip[:struct.unpack(">H", ip[2:4])[0]])
    elif source.version == 6 and ip[6] in (50, 51) and ip[8:24] == source.packed:
        packets.append(ip[:40 + struct.unpack(">H", ip[4:6])[0]])
bad = bytearray(packets[0])
if source.version == 4 and bad[9] == 51:
    bad[(bad[0] & 15) * 4 + 12] ^= 1
elif source.version == 6 and bad[6] == 51:
    bad[40 + 12] ^= 1
else:
    bad[-1] ^= 1
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
for p in [bytes(bad)] + packets:
    s.send(bytes.fromhex("fefd00000002" "020000000001") + ethertype + p)
print(len(packets))
PY

packets=3
# Linux plays the receiving host (transport mode) or, with TUNNEL set, the receiving gateway
# of the site-to-site example, with the inner destination as one of its own addresses
# (ADDRESSES: the guest's `ip addr` commands). INNER is the IP version of the protected
# datagrams, whose UDP counters are checked; any ESP or AH packet from PEER in the capture
# beyond the PACKETS echo requests must be a TCP segment reaching Linux's TCP.
program=$example inner=4
peer=10.1.1.1 self=10.1.1.2 capture=ipsec-three-flows-0-0.pcap keys=ipsec-three-flows.esp_sa
mode=transport selector="src 10.1.1.1 dst 10.1.1.2 proto udp"
addresses="ip addr add 10.1.1.2/24 dev eth0"
check() {
    local name=$1 protocol=$2 xfrm=$3
    shift 3
    local dir="$work/$name"
    "$program" --outputDir="$dir" --packets=$packets --protocol="$protocol" "$@" > /dev/null ||
        fail "$name: $program $* failed"
    local family=IPv4
    [[ $peer == *:* ]] && family=IPv6
    local row spi enckey authkey
    # Wireshark rows, or the module's rows for algorithms Wireshark lacks.
    row=$(grep -E "^(#ns3-ipsec: )?\"$family\",\"$peer\",\"$self\"" "$dir/$keys" |
        sed 's/^#ns3-ipsec: //') || fail "$name: no key row"
    spi=$(cut -d, -f4 <<< "$row" | tr -d '"')
    enckey=$(cut -d, -f6 <<< "$row" | tr -d '"')
    authkey=$(cut -d, -f8 <<< "$row" | tr -d '"')
    xfrm=${xfrm//ENCKEY/$enckey}
    xfrm=${xfrm//AUTHKEY/$authkey}
    # IPv6: no Duplicate Address Detection (an address is usable at once; nodad as well) and
    # no router solicitations from the guest.
    cat > "$dir/init.sh" << INIT
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs run /run
mkdir -p /run/root/lib/modules
mount -t hostfs -o /usr/lib/uml/modules hostfs /run/root/lib/modules
for m in xfrm_algo xfrm_user hmac sha512_generic cbc ctr gcm ccm authenc authencesn \
    drbg jitterentropy_rng seqiv echainiv gf128mul ghash-generic chacha_generic \
    poly1305_generic chacha20poly1305 camellia_generic xcbc ecb \
    esp4 ah4 ipv6 esp6 ah6; do
    modprobe -d /run/root \$m 2> /dev/null
done
for c in all default eth0; do
    echo 0 > /proc/sys/net/ipv6/conf/\$c/disable_ipv6
    echo 0 > /proc/sys/net/ipv6/conf/\$c/accept_dad
    echo 0 > /proc/sys/net/ipv6/conf/\$c/router_solicitations
done
ip link set lo up
ip link set eth0 up
$addresses
ip xfrm state add src $peer dst $self proto $protocol spi $spi mode $mode replay-window 32 $xfrm
ip xfrm policy add $selector dir in tmpl src $peer dst $self proto $protocol mode $mode
echo UML-READY
sleep 4
echo UML-STATS
ip -s xfrm state
grep '^Udp: [0-9]' /proc/net/snmp
grep '^Tcp: [0-9]' /proc/net/snmp
grep -E '^Udp6(InDatagrams|NoPorts|InErrors|InCsumErrors) ' /proc/net/snmp6
awk '\$2 != 0' /proc/net/xfrm_stat
echo UML-DONE
echo o > /proc/sysrq-trigger
sleep 5
INIT
    chmod +x "$dir/init.sh"
    # The previous guest's processes can hold the tap for a moment after it powered off.
    for _ in $(seq 1 100); do
        [[ $(cat "/sys/class/net/$tap/carrier" 2> /dev/null) == 1 ]] || break
        sleep 0.1
    done
    timeout 90 linux.uml mem=128M rootfstype=hostfs rootflags=/ ro init="$dir/init.sh" \
        eth0=tuntap,"$tap",fe:fd:00:00:00:02 con=null con0=null,fd:1 > "$dir/console.log" 2>&1 &
    local uml=$!
    for _ in $(seq 1 120); do
        grep -q UML-READY "$dir/console.log" 2> /dev/null && break
        sleep 0.5
    done
    grep -q UML-READY "$dir/console.log" || fail "$name: Linux did not boot: $(tail -3 "$dir/console.log")"
    ! grep -q 'TUNSETIFF failed' "$dir/console.log" || fail "$name: Linux could not attach to $tap"
    local sent
    sent=$(/usr/bin/python3 "$work/inject.py" "$dir/$capture" "$tap" "$peer") ||
        fail "$name: cannot replay $dir/$capture"
    [[ $sent -ge $packets ]] || fail "$name: $sent packets in the capture"
    wait "$uml" || true
    tr -d '\r' < "$dir/console.log" > "$dir/console.txt" # the console ends lines with CR LF
    grep -q UML-DONE "$dir/console.txt" || fail "$name: no statistics: $(tail -3 "$dir/console.txt")"
    # The Xfrm* errors Linux counted, for the messages below.
    local errors
    errors=$(grep -E '^Xfrm' "$dir/console.txt" | tr -s ' \t' ' ' | paste -sd, -) || errors=none
    # The SA's counters: every good packet accepted, the tampered one refused.
    grep -qE "^\s+[0-9]+\(bytes\), $sent\(packets\)" "$dir/console.txt" ||
        fail "$name: Linux accepted $(grep -oE '[0-9]+\(packets\)' "$dir/console.txt" | tail -1) of $sent; xfrm_stat: $errors"
    grep -qE "replay-window [0-9]+ replay 0 failed 1$" "$dir/console.txt" ||
        fail "$name: $(grep -E 'replay-window [0-9]+ replay' "$dir/console.txt"); xfrm_stat: $errors"
    # The sequence numbers, checked against a 32-packet anti-replay window, end at the count.
    grep -qE "anti-replay context: seq 0x$(printf %x "$sent")," "$dir/console.txt" ||
        fail "$name: $(grep 'anti-replay context' "$dir/console.txt") after $sent packets"
    # Udp: InDatagrams NoPorts ... (Udp6NoPorts for IPv6): the decrypted datagrams reached UDP
    # (nothing listens), and Tcp: ... InSegs: the other packets reached TCP.
    local noports segments
    if [[ $inner == 6 ]]; then
        noports=$(awk '$1 == "Udp6NoPorts" {print $2}' "$dir/console.txt")
    else
        noports=$(grep '^Udp: [0-9]' "$dir/console.txt" | awk '{print $3}')
    fi
    [[ $noports -eq $packets ]] || fail "$name: $noports datagrams reached Linux's UDP"
    segments=$(grep '^Tcp: [0-9]' "$dir/console.txt" | awk '{print $11}')
    [[ $segments -eq $((sent - packets)) ]] ||
        fail "$name: $segments of $((sent - packets)) TCP segments reached Linux's TCP"
    echo "ok: $name: Linux accepted $sent packets ($noports UDP, $segments TCP), refused the tampered one"
}

check ah-hmac-sha1 ah "auth-trunc 'hmac(sha1)' AUTHKEY 96" --integrity=hmac-sha1
# RFC 4302 aligns AH to 32 bits for IPv4; Linux needs its align4 flag for that.
check ah-hmac-sha256 ah "auth-trunc 'hmac(sha256)' AUTHKEY 128 flag align4" \
    --integrity=hmac-sha256
check ah-hmac-sha512 ah "auth-trunc 'hmac(sha512)' AUTHKEY 256 flag align4" \
    --integrity=hmac-sha512
check esp-aes-cbc-sha256 esp "enc 'cbc(aes)' ENCKEY auth-trunc 'hmac(sha256)' AUTHKEY 128" \
    --encryption=aes-cbc --integrity=hmac-sha256
check esp-aes-gcm esp "aead 'rfc4106(gcm(aes))' ENCKEY 128" --encryption=aes-gcm16
# And the algorithms Wireshark 4.0 cannot decrypt.
check esp-camellia-xcbc esp "enc 'cbc(camellia)' ENCKEY auth-trunc 'xcbc(aes)' AUTHKEY 96" \
    --encryption=camellia-cbc --integrity=aes-xcbc-mac
check esp-aes-ccm16 esp "aead 'rfc4309(ccm(aes))' ENCKEY 128" --encryption=aes-ccm16
check esp-chacha20-poly1305 esp "aead 'rfc7539esp(chacha20,poly1305)' ENCKEY 128" \
    --encryption=chacha20-poly1305
check esp-aes-gmac esp "aead 'rfc4543(gcm(aes))' ENCKEY 128" --encryption=null-aes-gmac
# IPv6 transport mode: Linux as n1 of ipsec-ipv6-host-to-host (Ethernet capture), which
# protects everything between the two addresses: the UDP echo requests and a TCP transfer.
program=$ipv6_example inner=6
peer=fd00:1::200:ff:fe00:1 self=fd00:1::200:ff:fe00:2
capture=ipsec-ipv6-host-to-host-0-0.pcap keys=ipsec-ipv6-host-to-host.esp_sa
mode=transport selector="src $peer/128 dst $self/128"
addresses="ip addr add $self/64 dev eth0 nodad"
check ipv6-esp-aes-cbc-sha256 esp "enc 'cbc(aes)' ENCKEY auth-trunc 'hmac(sha256)' AUTHKEY 128" \
    --encryption=aes-cbc --integrity=hmac-sha256 --tcpBytes=3000
check ipv6-esp-aes-gcm esp "aead 'rfc4106(gcm(aes))' ENCKEY 128" --encryption=aes-gcm16 \
    --tcpBytes=3000
# RFC 4302 aligns AH to 64 bits for IPv6, as Linux does by default.
check ipv6-ah-hmac-sha256 ah "auth-trunc 'hmac(sha256)' AUTHKEY 128" --integrity=hmac-sha256 \
    --tcpBytes=3000
# Tunnel mode: Linux as gateway B of the site-to-site VPN, hostB's address on its loopback.
program=$tunnel_example inner=4
peer=192.0.2.1 self=192.0.2.2 capture=ipsec-site-to-site-1-1.pcap keys=ipsec-site-to-site.esp_sa
mode=tunnel selector="src 10.1.0.0/24 dst 10.2.0.0/24"
addresses="ip addr add 192.0.2.2/24 dev eth0; ip addr add 10.2.0.2/32 dev lo"
check tunnel-esp-aes-cbc-sha256 esp "enc 'cbc(aes)' ENCKEY auth-trunc 'hmac(sha256)' AUTHKEY 128" \
    --encryption=aes-cbc --integrity=hmac-sha256
check tunnel-ah-sha1 ah "auth-trunc 'hmac(sha1)' AUTHKEY 96" --integrity=hmac-sha1
# 6-in-4: IPv6 sites over the IPv4 core.
inner=6 selector="src fd00:a::/64 dst fd00:b::/64"
addresses="ip addr add 192.0.2.2/24 dev eth0; ip addr add fd00:b::200:ff:fe00:6/128 dev lo"
check tunnel-6in4-esp-aes-gcm esp "aead 'rfc4106(gcm(aes))' ENCKEY 128" \
    --encryption=aes-gcm16 --integrity=none --sites=6 --core=4
# IPv6 core (fd00:ff::/64): 6-in-6, and 4-in-6 with the IPv4 sites.
peer=fd00:ff::200:ff:fe00:3 self=fd00:ff::200:ff:fe00:4
addresses="ip addr add $self/64 dev eth0 nodad; ip addr add fd00:b::200:ff:fe00:6/128 dev lo"
check tunnel-6in6-esp-aes-cbc-sha256 esp \
    "enc 'cbc(aes)' ENCKEY auth-trunc 'hmac(sha256)' AUTHKEY 128" \
    --encryption=aes-cbc --integrity=hmac-sha256 --sites=6 --core=6
check tunnel-6in6-ah-sha256 ah "auth-trunc 'hmac(sha256)' AUTHKEY 128" \
    --integrity=hmac-sha256 --sites=6 --core=6
inner=4 selector="src 10.1.0.0/24 dst 10.2.0.0/24"
addresses="ip addr add $self/64 dev eth0 nodad; ip addr add 10.2.0.2/32 dev lo"
check tunnel-4in6-esp-aes-cbc-sha256 esp \
    "enc 'cbc(aes)' ENCKEY auth-trunc 'hmac(sha256)' AUTHKEY 128" \
    --encryption=aes-cbc --integrity=hmac-sha256 --sites=4 --core=6
echo "Linux's IPsec stack accepts the module's ESP and AH, IPv4 and IPv6, transport and tunnel mode"
