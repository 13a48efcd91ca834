"""Reads SIP messages out of text: bare SIP text pasted as is, and the message logs of Asterisk, FreeSWITCH,
Kamailio and sngrep.

The input is read line by line. Each log format has one small function that recognises its own lines: the line
that announces a message (and says when, from where and to where) and the log lines around messages. Every
message is framed the same way: from its start line, header lines up to the empty line, then a body of
Content-Length bytes (or, without Content-Length, up to the next message or log line), with the line ends
normalised to CRLF. A date without a time zone (Asterisk, sngrep) is read as UTC; a log that gives only a time of
day (FreeSWITCH) or a date without a year (Asterisk's default format, syslog) gives no time (None), and the
messages keep the log's order. The address of the logging host itself is not in Asterisk's and FreeSWITCH's
logs: that side of a message is "".

Reasons counted in ``ReadStats.skipped``: ``text-not-sip-line`` (a non-empty line outside any message, or a log
line that announced a message that never came), ``text-long-line`` (a line over 64 KiB, dropped),
``text-unreadable-message`` (a message cut off or damaged: a line in its header part that is no header, or a
body shorter than its Content-Length), ``text-oversized-message`` (a message over the size limit).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from ._model import CaptureError, CapturedMessage, ReadStats
from ._sipframing import MAX_HEADER, MAX_MESSAGE

WHAT_IS_READ = (
    "bare SIP messages, Asterisk 'pjsip set logger on', FreeSWITCH 'sofia siptrace', Kamailio xlog of $mb, "
    "sngrep .txt export"
)

CHUNK = 1 << 16
_MAX_LINE = MAX_HEADER

# a request line (method SP Request-URI SP SIP/2.0) or a status line (SIP/2.0 SP 3DIGIT SP reason)
_START = re.compile(rb"(?:[A-Za-z0-9!%*_+`'~.-]+ [^ \t]+ SIP/2\.0[ \t]*|SIP/2\.0 [1-6]\d\d(?: .*)?)$")
_HEADER = re.compile(rb"[!#-'*+.0-9A-Z^-z|~-]+[ \t]*:")
_FOLDED = re.compile(rb"[ \t]")
_CONTENT_LENGTH = re.compile(rb"(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$", re.IGNORECASE)
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


class Meta(NamedTuple):
    """What a log says about the message that follows: when, from where, to where, over what."""

    time: float | None
    src: str
    dst: str
    transport: str


class Mark(NamedTuple):
    """A log line recognised by a format: ``meta`` when it announces a message, None for any other log line;
    ``rest`` holds message lines found on the log line itself (Kamailio prints the message after its prefix)."""

    format: str
    meta: Meta | None
    rest: tuple[bytes, ...] = ()


NO_META = Meta(None, "", "", "")


# ---- helpers ----------------------------------------------------------------------------------------------------

def address(host: str, port: str) -> str:
    """``ip:port``, with an IPv6 address in brackets."""
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def epoch(date: str) -> float | None:
    """Seconds since the epoch of ``YYYY-MM-DD[ T]HH:MM:SS[.fraction][zone]`` (slashes allowed in the date);
    None when the text is no such date. A date without a zone is read as UTC."""
    found = re.fullmatch(
        r"(\d{4})[-/](\d\d)[-/](\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?", date.strip()
    )
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(found.group(n)) for n in range(1, 7))
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        return None
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    fraction = found.group(7)
    if fraction:
        seconds += int(fraction) / 10 ** len(fraction)
    zone = found.group(8)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "+" else 1
        digits = zone[1:].replace(":", "")
        seconds += sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return seconds


def _text(line: bytes) -> str:
    return line.decode("utf-8", "replace")


# ---- one function per log format --------------------------------------------------------------------------------

# res_pjsip_logger: "<--- Received SIP request (512 bytes) from UDP:10.0.0.1:5060 --->", then the message.
# In /var/log/asterisk/full the line carries the logger's prefix "[date] VERBOSE[lwp][C-callid] file: "; on the
# console, with timestamps on (asterisk.conf "timestamp"), "[date] " alone.
_ASTERISK_MARK = re.compile(
    rb"^(?:\[([^\]]*)\] (?:VERBOSE\[\d+\](?:\[C-[0-9a-fA-F]+\])? [^ ]+: )?)?"
    rb"<--- (Received|Transmitting) SIP (?:request|response) \(\d+ bytes\) (?:from|to) "
    rb"([A-Za-z0-9]+):(\[[^\]]+\]|[^:\s]+):(\d+) --->\s*$"
)
_ASTERISK_LOG = re.compile(rb"^\[[^\]]*\] [A-Z_]+\[\d+\](?:\[C-[0-9a-fA-F]+\])? ")


def asterisk(line: bytes) -> Mark | None:
    """A line of Asterisk's PJSIP message logger, or another line of the Asterisk full log."""
    found = _ASTERISK_MARK.match(line)
    if found is not None:
        date, way, transport, host, port = found.groups()
        where = address(_text(host), _text(port))
        received = way == b"Received"
        time = epoch(_text(date)) if date else None  # the default date format (no year) gives no time
        return Mark("asterisk", Meta(time, where if received else "", "" if received else where,
                                     _text(transport).lower()))
    if _ASTERISK_LOG.match(line):
        return Mark("asterisk", None)
    return None


# sofia-sip tport_log_msg: "recv 512 bytes from udp/[10.0.0.1]:5060 at 10:26:03.123456:", a dashed line, the
# message; older versions indent each line by three spaces and close with a dashed line. Only a time of day.
_FREESWITCH_MARK = re.compile(
    rb"^(recv|send|sent) \d+ bytes (?:from|to) ([a-z0-9]+)/\[([^\]]*)\]:(\d+)(?:/\d+)?(?:;comp=sigcomp)?"
    rb" at \d\d:\d\d:\d\d\.\d{6}:\s*$"
)
_FREESWITCH_LOG = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?:\d+\.\d+% )?\[[A-Z]+\] ")
_FREESWITCH_UUID = re.compile(rb"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} ")
SEPARATOR = re.compile(rb"^ {0,3}-{72}\s*$")


def freeswitch(line: bytes) -> Mark | None:
    """A sofia siptrace line of FreeSWITCH, or another FreeSWITCH log line."""
    found = _FREESWITCH_MARK.match(line)
    if found is not None:
        way, transport, host, port = found.groups()
        where = address(_text(host), _text(port))
        received = way == b"recv"
        return Mark("freeswitch", Meta(None, where if received else "", "" if received else where,
                                       _text(transport)))
    if _FREESWITCH_LOG.match(line):
        return Mark("freeswitch", None)
    return None


# Kamailio log records: " 1(4242) INFO: <script>: text" on stderr, or through syslog
# "Dec  3 10:26:03 host kamailio[4242]: INFO: <script>: text" (or an RFC 3339 date). A message printed with
# xlog("...$mb") follows the text; when that text says "from [proto:]ip:port" and "to ip:port" (as
# "$pr:$si:$sp" and "$Ri:$Rp" print them), those are the message's source, destination and transport.
_KAMAILIO_TAIL = rb"(?:<[^>]+>|[\w.-]+)(?: \[[^\]]*\])?: (?:\w+\(\): )?"
_KAMAILIO_STDERR = re.compile(rb"^\s*\d+\(\d+\) [A-Z]+: " + _KAMAILIO_TAIL)
_KAMAILIO_SYSLOG = re.compile(
    rb"^(\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?) [^ ]+ "
    rb"(?:[^ \[]*/)?kamailio\[\d+\]: (?:[A-Z]+: )?" + _KAMAILIO_TAIL
)
_KAMAILIO_FROM = re.compile(
    rb"\bfrom (?:(udp|tcp|tls|sctp|ws|wss):)?(\[[^\]]+\]|[0-9A-Fa-f.:]+):(\d+)\b", re.IGNORECASE
)
_KAMAILIO_TO = re.compile(rb"\bto (?:(?:udp|tcp|tls|sctp|ws|wss):)?(\[[^\]]+\]|[0-9A-Fa-f.:]+):(\d+)\b",
                          re.IGNORECASE)
_SYSLOG_ESCAPE = re.compile(rb"#01[25]")


def kamailio(line: bytes) -> Mark | None:
    """A Kamailio log record, with the message it prints (if any) split into its lines."""
    time = None
    found = _KAMAILIO_STDERR.match(line)
    if found is None:
        found = _KAMAILIO_SYSLOG.match(line)
        if found is None:
            return None
        time = epoch(_text(found.group(1)))  # a syslog date without a year gives no time
    text = line[found.end():]
    if b"#012" in text:  # rsyslog writes a record's control characters as #ooo escapes
        text = _SYSLOG_ESCAPE.sub(lambda m: b"\r" if m.group() == b"#015" else b"\n", text)
    lines = text.split(b"\n")
    lead = lines[0].rstrip(b"\r")
    if _START.match(lead):
        rest = tuple(lines)
        lead = b""
    else:
        rest = tuple(lines[1:])
    source = _KAMAILIO_FROM.search(lead)
    target = _KAMAILIO_TO.search(lead)
    meta = Meta(
        time,
        address(_text(source.group(2)), _text(source.group(3))) if source else "",
        address(_text(target.group(1)), _text(target.group(2))) if target else "",
        _text(source.group(1)).lower() if source and source.group(1) else "",
    )
    # every record may be followed by a message (on its own line or the next lines); one that is not counts
    # as a line that is not SIP
    return Mark("kamailio", meta, rest)


# sngrep's "save as .txt": "2026/12/03 10:26:03.123456 10.0.0.1:5060 -> 10.0.0.2:5060", the message, two empty
# lines. The date and time are the capture's, in sngrep's local time.
_SNGREP_MARK = re.compile(
    rb"^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6}) (\[[^\]]+\]:\d+|[^ :]+:\d+) -> (\[[^\]]+\]:\d+|[^ :]+:\d+)\s*$"
)


def sngrep(line: bytes) -> Mark | None:
    """The line sngrep writes before each message of a .txt export."""
    found = _SNGREP_MARK.match(line)
    if found is None:
        return None
    date, src, dst = (_text(part) for part in found.groups())
    return Mark("sngrep", Meta(epoch(date), src, dst, ""))


_READERS = {"asterisk": asterisk, "freeswitch": freeswitch, "kamailio": kamailio, "sngrep": sngrep}


# ---- lines in, messages out -------------------------------------------------------------------------------------

def lines_of(head: bytes, stream: BinaryIO, stats: ReadStats) -> Iterator[bytes]:
    """The lines of the input without their line ends, colour codes removed; streamed, never read whole."""
    buffer = head
    while True:
        start = 0
        while True:
            end = buffer.find(b"\n", start)
            if end < 0:
                break
            yield _clean(buffer[start:end])
            start = end + 1
        buffer = buffer[start:]
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
        if len(buffer) > _MAX_LINE and b"\n" not in buffer:
            stats.skipped["text-long-line"] += 1
            while chunk and b"\n" not in chunk:  # drop the rest of an endless line
                chunk = stream.read(CHUNK)
            buffer = chunk[chunk.find(b"\n") + 1:] if chunk else b""
    if buffer:
        yield _clean(buffer)


def _clean(line: bytes) -> bytes:
    if line.endswith(b"\r"):
        line = line[:-1]
    if b"\x1b" in line:
        line = _ANSI.sub(b"", line)
    return line


class _Message:
    """A message being collected: its start line and headers, then its body."""

    __slots__ = ("meta", "head", "body", "body_size", "length", "in_body", "size", "last_blank")

    def __init__(self, meta: Meta, start: bytes) -> None:
        self.meta = meta
        self.head = [start]
        self.body: list[bytes] = []
        self.body_size = 0  # bytes of the body lines with CRLF ends
        self.length: int | None = None
        self.in_body = False
        self.size = len(start) + 2
        self.last_blank = False


class TextReader:
    """Turns the lines of a text log into messages; counts what it skips in ``stats``."""

    def __init__(self, stats: ReadStats, fmt: str) -> None:
        self.stats = stats
        self.format = fmt
        self.reader = _READERS.get(fmt)
        self.current: _Message | None = None
        self.pending: Meta | None = None  # announced by a log line, waiting for its message
        self.indent = 0  # FreeSWITCH before 2019 indents message lines by three spaces

    # -- the message being collected
    def _emit(self, message: _Message) -> CapturedMessage | None:
        head = b"\r\n".join(message.head) + b"\r\n\r\n"
        if message.length is None:
            body = b"\r\n".join(message.body)
            while body.endswith(b"\r\n\r\n"):
                body = body[:-2]
            if body and not body.endswith(b"\r\n"):
                body += b"\r\n"
        else:
            body = b"\r\n".join(message.body) + (b"\r\n" if message.body else b"")
            if len(body) < message.length:
                if len(body) + 2 < message.length:
                    self.stats.skipped["text-unreadable-message"] += 1
                    return None
                body += b"\r\n"  # a paste that lost the final line end
            body = body[: message.length]
        self.stats.messages += 1
        meta = message.meta
        return CapturedMessage(meta.time, meta.src, meta.dst, meta.transport, head + body)

    def _close(self) -> Iterator[CapturedMessage]:
        message, self.current = self.current, None
        if message is not None:
            done = self._emit(message)
            if done is not None:
                yield done

    def _drop(self) -> None:
        self.stats.skipped["text-unreadable-message"] += 1
        self.current = None

    def _unused_mark(self) -> None:
        if self.pending is not None:
            self.stats.skipped["text-not-sip-line"] += 1  # a log line that announced no message after all
            self.pending = None

    def _start(self, line: bytes) -> None:
        self.stats.packets += 1
        self.current = _Message(self.pending or NO_META, line)
        self.pending = None

    # -- one line
    def feed(self, line: bytes) -> Iterator[CapturedMessage]:
        if self.format == "freeswitch" and _FREESWITCH_UUID.match(line):
            line = line[37:]
        if self.reader is not None:
            mark = self.reader(line)
            if mark is not None:
                yield from self._mark(mark)
                return
        if SEPARATOR.match(line) and self.format == "freeswitch":
            if self.pending is not None and self.current is None:
                self.indent = len(line) - len(line.lstrip(b" "))
                return
            self.indent = 0
            yield from self._close()
            return
        if self.indent and line.startswith(b" " * self.indent):
            line = line[self.indent:]
        yield from self._line(line)

    def _mark(self, mark: Mark) -> Iterator[CapturedMessage]:
        yield from self._close()
        self._unused_mark()
        self.indent = 0
        if mark.meta is None:
            self.stats.skipped["text-not-sip-line"] += 1
            return
        self.pending = mark.meta
        for part in mark.rest:
            yield from self._line(part.rstrip(b"\r"))

    def _line(self, line: bytes) -> Iterator[CapturedMessage]:
        message = self.current
        if message is None:
            if _START.match(line):
                self._start(line)
            elif line.strip():
                self._unused_mark()
                self.stats.skipped["text-not-sip-line"] += 1
            return
        message.size += len(line) + 2
        if message.size > MAX_MESSAGE:
            self.stats.skipped["text-oversized-message"] += 1
            self.current = None
            return
        if not message.in_body:
            if not line.strip():
                message.in_body = True
                if message.length == 0:
                    yield from self._close()
                return
            if _START.match(line):  # a new message before this one's empty line: tolerated when it has no body
                if message.length:
                    self._drop()
                else:
                    yield from self._close()
                self._start(line)
                return
            if _HEADER.match(line):
                length = _CONTENT_LENGTH.match(line)
                if length is not None:
                    message.length = int(length.group(1))
                message.head.append(line)
                return
            if _FOLDED.match(line) and len(message.head) > 1:
                message.head.append(line)
                return
            self._drop()  # no header: a damaged message; the line may still start something else
            yield from self._line(line)
            return
        blank = not line.strip()
        if _START.match(line) and (message.length is None or (message.body and message.last_blank)):
            # the next message; with a Content-Length only after an empty line in a body already begun, so that
            # a message/sipfrag body (a status line right after the headers) stays in its message
            if message.length is not None and message.body_size + 2 < message.length:
                self._drop()
            else:
                yield from self._close()
            self._start(line)
            return
        message.last_blank = blank
        if message.length is None and blank and not message.body:
            return
        message.body.append(line)
        message.body_size += len(line) + 2
        if message.length is not None and message.body_size >= message.length:
            yield from self._close()

    def finish(self) -> Iterator[CapturedMessage]:
        if self.current is not None and not self.current.in_body and self.current.length:
            self._drop()
        yield from self._close()
        self._unused_mark()


def detect_text(head: bytes) -> str | None:
    """The log format of the first line in ``head`` that announces a message; "text-sip" for bare SIP messages
    without any such line; None when ``head`` holds neither."""
    saw_start = False
    kamailio_before = False  # the line before was a Kamailio record (xlog prints $mb on the lines after it)
    for raw in head.split(b"\n"):
        line = _clean(raw)
        starts = _START.match(line) is not None
        if kamailio_before and starts:
            return "kamailio"
        kamailio_before = False
        for name, reader in _READERS.items():
            mark = reader(_FREESWITCH_UUID.sub(b"", line, 1) if name == "freeswitch" else line)
            if mark is None or mark.meta is None:
                continue
            if name != "kamailio":
                return name
            if mark.meta.src or any(_START.match(part.rstrip(b"\r")) for part in mark.rest[:1]):
                return name
            kamailio_before = True
        saw_start = saw_start or starts
    return "text-sip" if saw_start else None


def read_text(head: bytes, stream: BinaryIO, stats: ReadStats, fmt: str) -> Iterator[CapturedMessage]:
    """Yield the SIP messages of a text log of format ``fmt``; raises :class:`CaptureError` when it has none."""
    reader = TextReader(stats, fmt)
    for line in lines_of(head, stream, stats):
        yield from reader.feed(line)
    yield from reader.finish()
    if stats.messages == 0:
        raise CaptureError(no_sip_message("the text"))


def no_sip_message(what: str) -> str:
    return f"no SIP message found in {what}: the text formats read are {WHAT_IS_READ}"
