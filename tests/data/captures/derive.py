"""Builds the derived captures in this folder from the live ones that make-captures.sh records.

Each derived file holds the same packets as its source with only the framing changed, byte by byte with struct
(no capture library), so the reader can be tested on link types and layouts loopback capture cannot produce:
    raw101.pcap, raw12.pcap, raw14.pcap   udp4.pcap with the Ethernet header removed (link types 101, 12, 14)
    null.pcap                             udp4.pcap behind a BSD loopback header (link type 0, AF_INET little-endian)
    null6.pcap                            udp6.pcapng behind a BSD loopback header (AF_INET6 = 30, as macOS writes)
    loop.pcap                             udp4.pcap behind an OpenBSD loop header (link type 108, big-endian)
    vlan.pcap                             udp4.pcap with an 802.1Q tag (VLAN 100) in every Ethernet frame
    udp4-bigendian.pcap                   udp4.pcap written in big-endian byte order
    udp4.hep                              the SIP payloads of udp4.pcap as HEPv3 packets, one after another
    tcp4-coalesced.pcap                   tcp4.pcapng with back-to-back data segments of one direction merged
                                          into one segment (several SIP messages per segment)
    tcp4-retransmitted.pcap               tcp4.pcapng with every data segment sent twice and, per connection,
                                          the 2nd and 3rd data segments swapped (out of order)
    tcp4-midstream.pcap                   tcp4-segments.pcapng without its first 4 packets: the capture
                                          starts inside the first INVITE, with no SYN
    two-sections.pcapng                   udp4.pcap as a pcapng file of two sections: the first big-endian,
                                          its interface in nanoseconds (if_tsresol 9), enhanced packet blocks;
                                          the second little-endian, simple packet blocks (no timestamps)
Usage: python3 derive.py  (needs editcap to turn the pcapng sources into pcap first)
"""

import struct
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_pcap(path):
    data = Path(path).read_bytes()
    assert data[:4] == b"\xd4\xc3\xb2\xa1", "little-endian microsecond pcap expected"
    header = data[:24]
    link_type = struct.unpack_from("<I", data, 20)[0]
    records, pos = [], 24
    while pos < len(data):
        seconds, micros, captured, original = struct.unpack_from("<IIII", data, pos)
        records.append((seconds, micros, data[pos + 16 : pos + 16 + captured]))
        pos += 16 + captured
    return header, link_type, records


def pcap_of(path_or_pcapng):
    path = Path(path_or_pcapng)
    if path.suffix == ".pcap":
        return read_pcap(path)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "converted.pcap"
        subprocess.run(["editcap", "-F", "pcap", str(path), str(target)], check=True)
        return read_pcap(target)


def write_pcap(name, link_type, records, order="<"):
    out = [struct.pack(order + "IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, link_type)]
    for seconds, micros, frame in records:
        out.append(struct.pack(order + "IIII", seconds, micros, len(frame), len(frame)) + frame)
    (HERE / name).write_bytes(b"".join(out))


def with_ip_length(frame, ip_offset, payload_growth):
    total = struct.unpack_from("!H", frame, ip_offset + 2)[0] + payload_growth
    return frame[: ip_offset + 2] + struct.pack("!H", total) + frame[ip_offset + 4 :]


def tcp_parts(frame):
    """(direction key, seq, data) of an Ethernet/IPv4/TCP frame."""
    header = (frame[14] & 15) * 4
    total = struct.unpack_from("!H", frame, 16)[0]
    tcp = 14 + header
    src_port, dst_port, seq = struct.unpack_from("!HHI", frame, tcp)
    data_start = tcp + (frame[tcp + 12] >> 4) * 4
    return (frame[26:34], src_port, dst_port), seq, frame[data_start : 14 + total]


def hep3(seconds, micros, frame):
    header = (frame[14] & 15) * 4
    src, dst = frame[26:30], frame[30:34]
    udp = 14 + header
    src_port, dst_port, length = struct.unpack_from("!HHH", frame, udp)
    payload = frame[udp + 8 : udp + length]

    def chunk(kind, value):
        return struct.pack("!HHH", 0, kind, 6 + len(value)) + value

    body = b"".join([
        chunk(1, b"\x02"), chunk(2, b"\x11"), chunk(3, src), chunk(4, dst),
        chunk(7, struct.pack("!H", src_port)), chunk(8, struct.pack("!H", dst_port)),
        chunk(9, struct.pack("!I", seconds)), chunk(10, struct.pack("!I", micros)),
        chunk(11, b"\x01"), chunk(12, struct.pack("!I", 2001)), chunk(15, payload),
    ])
    return b"HEP3" + struct.pack("!H", 6 + len(body)) + body


def pcapng_block(order, block_type, body):
    body += b"\x00" * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack(order + "II", block_type, length) + body + struct.pack(order + "I", length)


def pcapng_section(order, link_type, options=b""):
    header = pcapng_block(order, 0x0A0D0D0A, struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1))
    return header + pcapng_block(order, 1, struct.pack(order + "HHI", link_type, 0, 0) + options)


def two_sections(records):
    half = len(records) // 2
    nanoseconds = struct.pack(">HH", 9, 1) + b"\x09\x00\x00\x00" + struct.pack(">HH", 0, 0)
    out = [pcapng_section(">", 1, nanoseconds)]
    for seconds, micros, frame in records[:half]:
        units = seconds * 10**9 + micros * 1000
        out.append(pcapng_block(">", 6, struct.pack(">IIIII", 0, units >> 32, units & 0xFFFFFFFF, len(frame),
                                                    len(frame)) + frame))
    out.append(pcapng_section("<", 1))
    for _, _, frame in records[half:]:
        out.append(pcapng_block("<", 3, struct.pack("<I", len(frame)) + frame))
    return b"".join(out)


def main():
    _, _, udp4 = read_pcap(HERE / "udp4.pcap")
    for link_type in (101, 12, 14):
        write_pcap(f"raw{link_type}.pcap", link_type, [(s, u, f[14:]) for s, u, f in udp4])
    write_pcap("null.pcap", 0, [(s, u, struct.pack("<I", 2) + f[14:]) for s, u, f in udp4])
    _, _, udp6 = pcap_of(HERE / "udp6.pcapng")
    write_pcap("null6.pcap", 0, [(s, u, struct.pack("<I", 30) + f[14:]) for s, u, f in udp6])
    write_pcap("loop.pcap", 108, [(s, u, struct.pack(">I", 2) + f[14:]) for s, u, f in udp4])
    write_pcap("vlan.pcap", 1, [(s, u, f[:12] + b"\x81\x00\x00\x64" + f[12:]) for s, u, f in udp4])
    write_pcap("udp4-bigendian.pcap", 1, udp4, order=">")
    (HERE / "udp4.hep").write_bytes(b"".join(hep3(s, u, f) for s, u, f in udp4))

    (HERE / "two-sections.pcapng").write_bytes(two_sections(udp4))

    _, _, tcp4 = pcap_of(HERE / "tcp4.pcapng")
    coalesced, last = [], None  # last: index in coalesced of the previous data segment, and its direction
    for seconds, micros, frame in tcp4:
        key, _, data = tcp_parts(frame)
        if not data:
            coalesced.append((seconds, micros, frame))
            continue
        if last is not None and last[1] == key:
            s, u, previous = coalesced[last[0]]
            coalesced[last[0]] = (s, u, with_ip_length(previous + data, 14, len(data)))
        else:
            coalesced.append((seconds, micros, frame))
            last = (len(coalesced) - 1, key)
            continue
        last = (last[0], key)
    write_pcap("tcp4-coalesced.pcap", 1, coalesced)

    retransmitted, per_connection = [], {}
    for seconds, micros, frame in tcp4:
        key, _, data = tcp_parts(frame)
        if not data:
            retransmitted.append((seconds, micros, frame))
            continue
        connection = frozenset([(key[0][:4], key[1]), (key[0][4:], key[2])])
        count = per_connection[connection] = per_connection.get(connection, 0) + 1
        retransmitted += [(seconds, micros, frame), (seconds, micros, frame)]
        if count == 3:  # put the 3rd data segment (both copies) before the 2nd
            retransmitted[-4:] = retransmitted[-2:] + retransmitted[-4:-2]
    write_pcap("tcp4-retransmitted.pcap", 1, retransmitted)

    _, _, segments = pcap_of(HERE / "tcp4-segments.pcapng")
    write_pcap("tcp4-midstream.pcap", 1, segments[4:])


if __name__ == "__main__":
    main()
