"""Tells the capture formats apart from their first bytes: pcap, pcapng, HEPv3, text, or none of them."""

from __future__ import annotations

from ._model import CaptureError

PCAP_MAGICS = {
    # magic as stored in the file → (struct byte order, timestamp fraction is nanoseconds)
    b"\xd4\xc3\xb2\xa1": ("<", False),
    b"\xa1\xb2\xc3\xd4": (">", False),
    b"\x4d\x3c\xb2\xa1": ("<", True),
    b"\xa1\xb2\x3c\x4d": (">", True),
}
PCAPNG_MAGIC = b"\x0a\x0d\x0d\x0a"
HEP3_MAGIC = b"HEP3"

# bytes a text log may hold besides printable ASCII and UTF-8: tab, LF, VT, FF, CR, ESC (colour codes)
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_BINARY_BYTES = frozenset(b for b in range(0x20) if b not in _TEXT_CONTROLS) | {0x7F}
_ALL_BUT_BINARY = bytes(b for b in range(256) if b not in _BINARY_BYTES)


def looks_like_text(head: bytes) -> bool:
    """True when ``head`` reads as a text log: no NUL or other binary control bytes in it."""
    if not head:
        return False
    return not head.translate(None, _ALL_BUT_BINARY)


def detect_head(head: bytes) -> str:
    """The format of a (decompressed) input whose first bytes are ``head``: pcap, pcapng, hep or text."""
    if not head:
        raise CaptureError("the input is empty")
    if head[:4] in PCAP_MAGICS:
        if len(head) < 24:
            raise CaptureError("the pcap file header is cut off")
        return "pcap"
    if head.startswith(PCAPNG_MAGIC):
        if len(head) < 12:
            raise CaptureError("the pcapng section header is cut off")
        return "pcapng"
    if head.startswith(HEP3_MAGIC):
        return "hep"
    if looks_like_text(head):
        return "text"
    raise CaptureError("not a capture: no pcap, pcapng or HEPv3 header, and not text")
