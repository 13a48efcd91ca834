#!/usr/bin/env bash
# Regenerates the live captures in this folder: SIPp's built-in uac/uas scenarios (2 calls each) talking over the
# loopback interface of a private network namespace, recorded by dumpcap. Needs root (unshare -n), sip-tester,
# tshark. Usage: sudo ./make-captures.sh  (then run derive.py for the files built from these ones)
set -euo pipefail
cd "$(dirname "$0")"
if [ "${IN_NETNS:-}" != 1 ]; then exec unshare -n env IN_NETNS=1 "$0" "$@"; fi
ip link set lo up

# capture OUT "<sipp transport/address options>" SERVER_ADDR "<dumpcap options>"
capture() {
    local out=$1 sipp_opts=$2 uas_addr=$3 dumpcap_opts=$4
    dumpcap -q $dumpcap_opts -f "${FILTER:-port 5070}" -w "$out" >/dev/null 2>&1 & local dumpcap_pid=$!
    sleep 1.5
    sipp -sn uas -p 5070 $sipp_opts -nostdin >/dev/null 2>&1 & local uas_pid=$!
    sleep 0.5
    timeout 30 sipp -sn uac "$uas_addr" -p 5071 $sipp_opts -m 2 -nostdin >/dev/null 2>&1
    sleep 0.5
    kill "$uas_pid"; wait "$uas_pid" 2>/dev/null || true
    kill "$dumpcap_pid"; wait "$dumpcap_pid" 2>/dev/null || true
    chmod 644 "$out"
}

capture udp4.pcapng "" 127.0.0.1:5070 "-i lo"
capture tcp4.pcapng "-t t1" 127.0.0.1:5070 "-i lo"
capture udp4.pcap "" 127.0.0.1:5070 "-i lo -P"
capture udp6.pcapng "-i ::1" "[::1]:5070" "-i lo"
capture tcp6.pcapng "-t t1 -i ::1" "[::1]:5070" "-i lo"
capture sll.pcap "" 127.0.0.1:5070 "-i any -y LINUX_SLL -P"
# two interfaces in one pcapng: lo (Ethernet) and any (Linux cooked v2); every packet is seen twice
capture two-interfaces.pcapng "" 127.0.0.1:5070 "-i lo -i any -y LINUX_SLL2"

# a 400-byte MTU: UDP messages leave as IPv4 fragments, TCP messages span several segments
ip link set lo mtu 400
# later fragments carry no UDP header, so the filter also keeps every non-first IPv4 fragment
FILTER="port 5070 or (ip[6:2] & 0x1fff != 0)" capture udp4-fragments.pcap "" 127.0.0.1:5070 "-i lo -P"
capture tcp4-segments.pcapng "-t t1" 127.0.0.1:5070 "-i lo"
ip link set lo mtu 65536

editcap -F nsecpcap udp4.pcap udp4-nanoseconds.pcap
gzip -9 -n -c udp4.pcapng > udp4.pcapng.gz
# cut in the middle of the 20th packet record
head -c "$(( $(stat -c %s udp4.pcap) * 2 / 3 ))" udp4.pcap > udp4-truncated.pcap
