"""Tells SIP from other payloads and cuts a byte stream into whole SIP messages by their Content-Length."""

from __future__ import annotations

import re
from collections import Counter

# a request line (method SP Request-URI SP SIP/2.0) or a status line (SIP/2.0 SP 3DIGIT SP)
START_LINE = re.compile(rb"(?:[A-Za-z0-9!%*_+`'~.-]+ [^ \r\n]+ SIP/2\.0\r?\n|SIP/2\.0 [1-6]\d\d )")
START_LINE_ANYWHERE = re.compile(
    rb"(?:^|\n)(?:[A-Za-z0-9!%*_+`'~.-]+ [^ \r\n]+ SIP/2\.0\r?\n|SIP/2\.0 [1-6]\d\d )", re.MULTILINE
)
_CONTENT_LENGTH = re.compile(rb"\n(?:[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Ll][Ee][Nn][Gg][Tt][Hh]|[Ll])[ \t]*:[ \t]*(\d+)")
_HEADER_END = re.compile(rb"\r?\n\r?\n")

MAX_HEADER = 64 * 1024
MAX_MESSAGE = 4 << 20
_STUN_COOKIE = b"\x21\x12\xa4\x42"


def is_sip(payload: bytes) -> bool:
    """True when ``payload`` starts with a SIP request or status line."""
    return START_LINE.match(payload) is not None


def not_sip_reason(payload: bytes) -> str:
    """Why a datagram that is not SIP was skipped: a keep-alive, STUN, RTP, or something else."""
    if not payload.strip(b"\r\n\x00 "):
        return "udp-keepalive"
    if len(payload) >= 20 and payload[4:8] == _STUN_COOKIE and payload[0] < 4:
        return "udp-stun"
    if len(payload) >= 12 and payload[0] >> 6 == 2:
        return "udp-rtp"
    return "udp-not-sip"


class SipStream:
    """One direction of a TCP connection carrying SIP: bytes in, whole messages out, bounded buffer."""

    __slots__ = ("buffer", "synced", "not_sip", "seen_sip", "_skipped")

    def __init__(self, skipped: Counter[str], at_start: bool) -> None:
        self.buffer = bytearray()
        # at a connection's start the bytes begin on a message boundary; mid-stream we must look for one
        self.synced = at_start
        self.not_sip = False
        self.seen_sip = False  # a stream that has yielded a message is SIP even if it later loses track
        self._skipped = skipped

    def lost(self) -> None:
        """Data went missing: drop the partial message and look for the next start line."""
        self.buffer.clear()
        self.synced = False

    def feed(self, data: bytes) -> list[bytes]:
        """Append ``data`` and return the messages it completes."""
        buffer = self.buffer
        buffer += data
        messages: list[bytes] = []
        while buffer:
            if buffer[0] in (13, 10):  # CRLF keep-alives between messages (RFC 5626)
                stripped = buffer.lstrip(b"\r\n")
                del buffer[: len(buffer) - len(stripped)]
                continue
            if not self.synced:
                found = START_LINE_ANYWHERE.search(buffer)
                if found is None:
                    if len(buffer) > MAX_HEADER:
                        self._give_up()
                    break
                start = found.start() + (1 if buffer[found.start()] == 10 else 0)
                if buffer[:start].strip(b"\r\n"):
                    self._skipped["tcp-partial-message"] += 1  # the tail of a message whose start we missed
                del buffer[:start]
                self.synced = True
                continue
            if START_LINE.match(buffer) is None:
                if b"\n" in buffer or len(buffer) > 512:
                    # not a start line where a message must begin: never SIP, or we lost track
                    if not self.seen_sip:
                        self._give_up()
                        break
                    self.synced = False
                    continue
                break
            header_end = _HEADER_END.search(buffer)
            if header_end is None:
                if len(buffer) > MAX_HEADER:
                    self._skipped["tcp-oversized-message"] += 1
                    self.lost()
                break
            head_end = header_end.end()
            length = _CONTENT_LENGTH.search(buffer, 0, header_end.start() + 1)
            body = int(length.group(1)) if length else 0  # stream transports must send Content-Length
            total = head_end + body
            if total > MAX_MESSAGE:
                self._skipped["tcp-oversized-message"] += 1
                self.lost()
                break
            if len(buffer) < total:
                break
            messages.append(bytes(buffer[:total]))
            del buffer[:total]
            self.seen_sip = True
        return messages

    def _give_up(self) -> None:
        self.not_sip = True
        self.buffer.clear()
        self._skipped["tcp-not-sip-stream"] += 1

    def leftover(self) -> bool:
        """True when a started message is still waiting for its end."""
        return bool(self.buffer.strip(b"\r\n"))
