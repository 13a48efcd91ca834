"""Finds the IP packet inside a link-layer frame for the link types SIP captures come in."""

from __future__ import annotations

# link types (LINKTYPE_* numbers of pcap and pcapng)
NULL = 0  # BSD loopback: 4-byte address family in the capturing host's byte order
ETHERNET = 1
RAW_12 = 12  # raw IP on most systems
RAW_14 = 14  # raw IP on OpenBSD
RAW = 101
LOOP = 108  # OpenBSD loopback: 4-byte address family in network byte order
LINUX_SLL = 113
IPV4 = 228
IPV6 = 229
LINUX_SLL2 = 276

_ETHERTYPE_IPV4 = 0x0800
_ETHERTYPE_IPV6 = 0x86DD
_VLAN_TAGS = (0x8100, 0x88A8, 0x9100)

_FIXED_OFFSETS = {RAW: 0, RAW_12: 0, RAW_14: 0, IPV4: 0, IPV6: 0, NULL: 4, LOOP: 4}


def ip_offset(link_type: int, frame: bytes) -> int:
    """Offset of the IP header in ``frame``; -1 if the frame carries no IP, -2 if the link type is unknown."""
    if link_type == ETHERNET:
        offset = 12
        while len(frame) >= offset + 2:
            ethertype = (frame[offset] << 8) | frame[offset + 1]
            if ethertype == _ETHERTYPE_IPV4 or ethertype == _ETHERTYPE_IPV6:
                return offset + 2
            if ethertype in _VLAN_TAGS:
                offset += 4
                continue
            return -1
        return -1
    if link_type == LINUX_SLL:
        if len(frame) < 16:
            return -1
        protocol = (frame[14] << 8) | frame[15]
        return 16 if protocol == _ETHERTYPE_IPV4 or protocol == _ETHERTYPE_IPV6 else -1
    if link_type == LINUX_SLL2:
        if len(frame) < 20:
            return -1
        protocol = (frame[0] << 8) | frame[1]
        return 20 if protocol == _ETHERTYPE_IPV4 or protocol == _ETHERTYPE_IPV6 else -1
    offset = _FIXED_OFFSETS.get(link_type)
    if offset is None:
        return -2
    # the family field of NULL/LOOP varies by OS (AF_INET6 is 10, 24, 28 or 30); the IP version nibble does not
    if len(frame) > offset and frame[offset] >> 4 in (4, 6):
        return offset
    return -1
