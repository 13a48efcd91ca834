#!/usr/bin/env bash
# Regenerates the captures in this folder: each is one exchange between a SIPp UAC scenario and a SIPp UAS scenario
# (scenarios/NAME-uac.xml, scenarios/NAME-uas.xml) over UDP on the loopback interface of a private network namespace,
# recorded by dumpcap. Header values SIPp cannot compute (Identity PASSporTs, Date, Digest answers) come from
# make_headers.py, which also rewrites cert.pem. Needs root (unshare -n), sip-tester, tshark (dumpcap), and python3
# with the cryptography package. Usage: sudo ./make-captures.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ "${IN_NETNS:-}" != 1 ]; then exec unshare -n env IN_NETNS=1 "$0" "$@"; fi
ip link set lo up

headers=$(mktemp -d)
# on any failure, stop the dumpcap and SIPp still running in the background
trap 'rm -rf "$headers"; kill $(jobs -p) 2>/dev/null || true' EXIT
python3 make_headers.py "$headers"
key() { printf '%s' "$(cat "$headers/$1")"; }

# capture OUT SCENARIO [extra UAC options...]: scenarios/SCENARIO-uas.xml on port 5070 answers
# scenarios/SCENARIO-uac.xml on port 5071 (one call)
capture() {
    local out=$1 name=$2; shift 2
    dumpcap -q -i lo -f "port 5070" -w "$out" >/dev/null 2>&1 & local dumpcap_pid=$!
    sleep 1.5
    sipp -sf "scenarios/$name-uas.xml" -p 5070 -m 1 -nostdin >/dev/null 2>&1 & local uas_pid=$!
    sleep 0.5
    # SIPp counts the unanswered call as failed (its receive timed out): only that one may end in failure
    timeout 30 sipp -sf "scenarios/$name-uac.xml" 127.0.0.1:5070 -p 5071 -m 1 -nostdin "$@" >/dev/null 2>&1 \
        || [ "$name" = unanswered ]
    sleep 0.5
    kill "$uas_pid" 2>/dev/null || true; wait "$uas_pid" 2>/dev/null || true
    kill "$dumpcap_pid"; wait "$dumpcap_pid" 2>/dev/null || true
    chmod 644 "$out"
}

# the PASSporTs first, so that their iat is only seconds before the capture time
capture 438-wrong-dest.pcapng 438 -key passport "$(key identity-wrong-dest)" -key dategmt "$(key dategmt)"
capture 438-bad-signature.pcapng 438 -key passport "$(key identity-bad-signature)" -key dategmt "$(key dategmt)"
capture 486-busy-here.pcapng 486
capture 488-not-acceptable-here.pcapng 488
capture 503-service-unavailable.pcapng 503
capture 401-stale-nonce.pcapng 401 -key auth1 "$(key auth1)" -key auth2 "$(key auth2)"
capture 420-bad-extension.pcapng 420
capture 423-interval-too-brief.pcapng 423
capture 302-moved-temporarily.pcapng 302
capture 428-use-identity-header.pcapng 428
capture 480-temporarily-unavailable.pcapng 480
capture 603-decline.pcapng 603
capture 607-unwanted.pcapng 607
capture 608-rejected.pcapng 608
capture answered.pcapng answered
capture cancelled.pcapng cancelled
capture unanswered.pcapng unanswered
