"""Writes the Asterisk, FreeSWITCH and bare-text samples from the messages of run.pcap (see README.md).

Asterisk and FreeSWITCH cannot be installed here, so their logs are built the way their source code writes them,
as if the program stood at 127.0.0.1:5060 (where Kamailio stood in run.pcap). Times are UTC.
Run from the repository root: python tests/data/logs/make-logs.py
"""

from __future__ import annotations

import time
from pathlib import Path

from sipcodes.capture import read

HERE = Path(__file__).parent
ME = "127.0.0.1:5060"
SEPARATOR = "-" * 72 + "\n"


def messages():
    return [m for m in read(HERE / "run.pcap") if ME in (m.src, m.dst)]


def asterisk_date(seconds: float) -> str:  # logger.conf dateformat=%F %T.%3q
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + f".{int(seconds % 1 * 1000):03d}"


def asterisk(path: Path, prefixed: bool) -> None:
    """res_pjsip_logger.c logging_on_rx_msg / logging_on_tx_msg through ast_verbose; in the full log each record
    starts with logger.c's "[date] LEVEL[lwp][C-callid] file: " prefix, its other lines are as printed."""
    out = []
    calls: dict[bytes, int] = {}
    for number, m in enumerate(messages()):
        text = m.data.decode()
        kind = "response" if text.startswith("SIP/2.0 ") else "request"
        if m.dst == ME:
            line = f"<--- Received SIP {kind} ({len(m.data)} bytes) from UDP:{m.src} --->\n{text}\n"
        else:
            line = f"<--- Transmitting SIP {kind} ({len(m.data)} bytes) to UDP:{m.dst} --->\n{text}\n"
        call = calls.setdefault(m.data.split(b"Call-ID: ")[1].split(b"\r\n")[0], len(calls) + 1)
        if prefixed:
            out.append(f"[{asterisk_date(m.time)}] VERBOSE[{17380 + call}][C-{call:08x}] res_pjsip_logger.c: {line}")
            if text.startswith("INVITE"):
                out.append(f"[{asterisk_date(m.time)}] VERBOSE[{17380 + call}][C-{call:08x}] pbx.c: "
                           f"Executing [bob@from-internal:1] Dial(\"PJSIP/sipp-{number:08x}\", \"PJSIP/bob\") "
                           "in new stack\n")
        else:
            out.append(line)
    path.write_text("".join(out), newline="")


def sofia_lines(data: bytes) -> str:
    """tport_logging.c tport_log_msg: each CRLF-ended line of the message printed with LF only."""
    out, s, end = [], 0, len(data)
    while s < end and data[s] != 0:
        n = s
        while n < end and data[n] not in (13, 10):
            n += 1
        out.append(data[s:n].decode())
        s = n
        if s == end:
            break
        out.append("\n")
        if data[s] == 13:
            s += 1
        if s < end and data[s] == 10:
            s += 1
    return "".join(out)


def sofia_stamp(m, what: str, via: str, where: str) -> str:
    host, port = where.rsplit(":", 1)
    clock = time.strftime("%H:%M:%S", time.gmtime(m.time))
    micros = round(m.time % 1 * 1e6) % 1000000
    return f"{what} {len(m.data)} bytes {via} udp/[{host}]:{port} at {clock}.{micros:06d}:\n"


def freeswitch(path: Path, old: bool) -> None:
    """sofia-sip tport_log_msg: the stamp, a dashed line, the message, then "\\n" (since 2019); before that each
    line was indented by three spaces and a dashed line closed the message. mod_sofia logs it unprefixed
    (SWITCH_CHANNEL_LOG_CLEAN); other FreeSWITCH log lines carry a date and a level."""
    out = []
    for m in messages():
        stamp = sofia_stamp(m, "recv", "from", m.src) if m.dst == ME else sofia_stamp(m, "send", "to", m.dst)
        body = sofia_lines(m.data)
        if old:
            lines = body.split("\n")
            if lines[-1] == "":
                lines.pop()
            out.append(stamp + "   " + SEPARATOR + "".join(f"   {line}\n" for line in lines) + "   " + SEPARATOR)
        else:
            out.append(stamp + SEPARATOR + body + "\n")
        if m.data.startswith(b"INVITE"):
            date = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(m.time)) + f".{round(m.time % 1 * 1e6):06d}"
            out.append(f"{date} 97.87% [DEBUG] sofia.c:10279 IP 127.0.0.1 Rejected by acl \"domains\". "
                       "Falling back to Digest auth.\n")
    path.write_text("".join(out), newline="")


def bare(path: Path) -> None:
    """Messages pasted one after another: LF line ends for odd ones, CRLF for even ones, an empty line between."""
    out = []
    for number, m in enumerate(messages()[:9]):
        text = m.data.decode()
        out.append(text.replace("\r\n", "\n") if number % 2 else text)
        out.append("\n")
    path.write_text("".join(out).rstrip("\r\n") + "\n", newline="")


if __name__ == "__main__":
    asterisk(HERE / "asterisk-full.log", prefixed=True)
    asterisk(HERE / "asterisk-console.log", prefixed=False)
    freeswitch(HERE / "freeswitch-siptrace.log", old=False)
    freeswitch(HERE / "freeswitch-siptrace-2018.log", old=True)
    bare(HERE / "bare-sip.txt")
