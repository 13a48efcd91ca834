"""Capture reading speed: sipcodes.capture against dpkt and pcapy-ng on the same files (not a test).

Builds large capture files by replicating the SIPp calls of tests/data/captures (UDP: udp4.pcap; TCP: tcp4.pcapng,
each copy on its own client port so every copy is a new connection; and the UDP one again as pcapng), then
times, per file:
  - baseline: reading the file in 1 MiB chunks (the I/O ceiling of any reader)
  - framing only: sipcodes' pcap reader, dpkt.pcap.Reader, pcapy-ng's open_offline (records out, no decoding)
  - end to end: sipcodes.capture.read (SIP messages out); dpkt framing + dpkt decoding (Ethernet/IP/UDP|TCP
    objects, SIP check on UDP payloads; no TCP reassembly, so it does less work than sipcodes); pcapy-ng framing
    feeding sipcodes' decoding
Usage: python bench/capture_read.py [--copies N]   (pip install dpkt pcapy-ng for the comparison columns)
"""

from __future__ import annotations

import argparse
import os
import platform
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sipcodes.capture import ReadStats, read
from sipcodes.capture._packets import messages_from_frames
from sipcodes.capture._pcap import read_pcap
from sipcodes.capture._pcapng import read_pcapng

CAPTURES = Path(__file__).resolve().parent.parent / "tests" / "data" / "captures"


def records(path: Path) -> tuple[bytes, list[tuple[int, int, bytes]]]:
    data = path.read_bytes()
    out, pos = [], 24
    while pos < len(data):
        seconds, micros, captured, _ = struct.unpack_from("<IIII", data, pos)
        out.append((seconds, micros, data[pos + 16 : pos + 16 + captured]))
        pos += 16 + captured
    return data[:24], out


def replicate(source: Path, target: Path, copies: int, shift_port: bool) -> int:
    header, packets = records(source)
    start = packets[0][0]
    with open(target, "wb") as out:
        out.write(header)
        for copy in range(copies):
            for seconds, micros, frame in packets:
                if shift_port:  # client port 5071 becomes 10000+copy, in whichever direction it appears
                    tcp = 14 + (frame[14] & 15) * 4
                    new = struct.pack("!H", 10000 + copy % 50000)
                    if frame[tcp : tcp + 2] == b"\x13\xcf":
                        frame = frame[:tcp] + new + frame[tcp + 2 :]
                    elif frame[tcp + 2 : tcp + 4] == b"\x13\xcf":
                        frame = frame[: tcp + 2] + new + frame[tcp + 4 :]
                stamp = seconds - start + 1_700_000_000 + copy
                out.write(struct.pack("<IIII", stamp, micros, len(frame), len(frame)) + frame)
    return copies * len(packets)


def timed(function, path: Path) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(3):
        began = time.perf_counter()
        count = function(path)
        best = min(best, time.perf_counter() - began)
    return best, count


def baseline(path: Path) -> int:
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass
    return 0


def sipcodes_frames(path: Path) -> int:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
        reader = read_pcapng if path.suffix == ".pcapng" else read_pcap
        return sum(1 for _ in reader(head, f, ReadStats()))


def sipcodes_messages(path: Path) -> int:
    return sum(1 for _ in read(path))


def dpkt_frames(path: Path) -> int:
    import dpkt

    with open(path, "rb") as f:
        return sum(1 for _ in (dpkt.pcapng.Reader if path.suffix == ".pcapng" else dpkt.pcap.Reader)(f))


def dpkt_decoded(path: Path) -> int:
    import dpkt

    count = 0
    with open(path, "rb") as f:
        for _, buf in (dpkt.pcapng.Reader if path.suffix == ".pcapng" else dpkt.pcap.Reader)(f):
            ip = dpkt.ethernet.Ethernet(buf).data
            if not isinstance(ip, (dpkt.ip.IP, dpkt.ip6.IP6)):
                continue
            transport = ip.data
            if isinstance(transport, dpkt.udp.UDP):
                if transport.data.startswith(b"SIP/2.0 ") or b" SIP/2.0\r\n" in transport.data[:200]:
                    count += 1
            elif isinstance(transport, dpkt.tcp.TCP) and transport.data:
                count += 1  # a segment, not a framed message
    return count


def pcapy_frames(path: Path) -> int:
    import pcapy

    reader = pcapy.open_offline(str(path))
    count = 0
    while True:
        header, data = reader.next()
        if header is None:
            return count
        count += 1


def pcapy_messages(path: Path) -> int:
    import pcapy

    reader = pcapy.open_offline(str(path))
    link_type = reader.datalink()

    def frames():
        while True:
            header, data = reader.next()
            if header is None:
                return
            seconds, micros = header.getts()
            yield seconds + micros / 1e6, link_type, data

    return sum(1 for _ in messages_from_frames(frames(), ReadStats()))


def available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10000)
    arguments = parser.parse_args()
    print(f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory() as folder:
        udp = Path(folder) / "udp.pcap"
        tcp = Path(folder) / "tcp.pcap"
        tcp_source = Path(folder) / "tcp4.pcap"
        subprocess.run(["editcap", "-F", "pcap", str(CAPTURES / "tcp4.pcapng"), str(tcp_source)], check=True)
        udp_pcapng = Path(folder) / "udp.pcapng"
        plan = ((udp, CAPTURES / "udp4.pcap", False), (udp_pcapng, None, False), (tcp, tcp_source, True))
        for path, source, shift in plan:
            if source is None:  # the same packets as udp.pcap, in dumpcap's default format
                subprocess.run(["editcap", "-F", "pcapng", str(udp), str(path)], check=True)
                packets = replicate_count
            else:
                packets = replicate_count = replicate(source, path, arguments.copies, shift)
            size = path.stat().st_size
            print(f"\n{path.name}: {packets} packets, {size / 1e6:.1f} MB")
            print(f"  {'reader':<44} {'seconds':>8} {'packets/s':>11} {'MB/s':>7} {'out':>8}")
            runs = [("baseline: read 1 MiB chunks", baseline), ("framing: sipcodes", sipcodes_frames)]
            if available("dpkt"):
                runs.append(("framing: dpkt (pcap or pcapng Reader)", dpkt_frames))
            if available("pcapy"):
                runs.append(("framing: pcapy-ng", pcapy_frames))
            runs.append(("end to end: sipcodes.capture.read (messages)", sipcodes_messages))
            if available("dpkt"):
                runs.append(("end to end: dpkt decode (UDP msgs/TCP segs)", dpkt_decoded))
            if available("pcapy"):
                runs.append(("end to end: pcapy-ng + sipcodes decoding", pcapy_messages))
            for name, function in runs:
                seconds, count = timed(function, path)
                print(f"  {name:<44} {seconds:8.3f} {packets / seconds:11,.0f} {size / 1e6 / seconds:7.1f} "
                      f"{count:8}")


if __name__ == "__main__":
    sys.exit(main())
