#!/usr/bin/env bash
# Regenerates mix.pcap: a known mix of calls, each kind made by a SIPp UAC scenario (scenarios/NAME-uac.xml, port
# 5061) talking to a SIPp UAS scenario (scenarios/NAME-uas.xml, port 5060) over UDP on the loopback interface of a
# private network namespace, one kind after the other, all recorded by one dumpcap as a classic pcap. The last
# kind (unanswered) is followed by 34 s of silence and one OPTIONS request answered 200, so that the capture shows
# those INVITEs going unanswered for longer than Timer B (32 s).
# Needs root (unshare -n), sip-tester and tshark (dumpcap). Usage: sudo ./make-capture.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ "${IN_NETNS:-}" != 1 ]; then exec unshare -n env IN_NETNS=1 "$0" "$@"; fi
ip link set lo up
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

# the mix: scenario name and number of calls (the test reads the same numbers from expected.json)
MIX="answered:5 486:4 603:3 cancelled:2 480:2 302:2 503:2 423:1 unanswered:2 options:1"

dumpcap -q -i lo -P -f "udp port 5060" -w mix.pcap.part >/dev/null 2>&1 & dumpcap_pid=$!
sleep 1.5
for kind in $MIX; do
    name=${kind%%:*} calls=${kind##*:}
    if [ "$name" = options ]; then sleep 34; fi
    sipp -sf "scenarios/$name-uas.xml" -p 5060 -m "$calls" -nostdin >/dev/null 2>&1 & uas_pid=$!
    sleep 0.5
    # SIPp counts an unanswered call as failed (its receive timed out): only those may end in failure
    timeout 60 sipp -sf "scenarios/$name-uac.xml" 127.0.0.1:5060 -p 5061 -m "$calls" -r 5 -nostdin \
        >/dev/null 2>&1 || [ "$name" = unanswered ]
    sleep 0.5
    kill "$uas_pid" 2>/dev/null || true; wait "$uas_pid" 2>/dev/null || true
done
kill "$dumpcap_pid"; wait "$dumpcap_pid" 2>/dev/null || true
chmod 644 mix.pcap.part
mv mix.pcap.part mix.pcap
