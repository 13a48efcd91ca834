"""`sipcodes stats`: counts and RFC 6076 metrics on a SIPp capture with a known mix of calls, the same numbers as
tshark's `-z sip,stat`, the same result from 1 worker, 2 workers and a local Dask cluster, and bad inputs reported
by name and skipped."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import sipcodes

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "stats")
MIX = os.path.join(DATA, "mix.pcap")
EXPLAIN = os.path.join(HERE, "data", "explain")
with open(os.path.join(DATA, "expected.json"), encoding="utf-8") as _handle:
    EXPECTED = json.load(_handle)


@pytest.fixture(scope="module")
def mix():
    return sipcodes.stats(MIX, workers=1)


def _metric(result, name):
    return next(m for m in result.metrics if m.name == name)


def test_calls_by_outcome_are_the_scenario_mix(mix):
    data = mix.to_dict()
    assert data["calls"]["outcomes"] == EXPECTED["calls"]
    assert data["calls"]["total"] == sum(EXPECTED["calls"].values())
    assert sum(data["calls"]["invite_outcomes"].values()) == EXPECTED["invite_calls"]
    assert data["calls"]["final_codes"] == EXPECTED["final_codes"]
    assert data["registrations"] == EXPECTED["registrations"]
    assert data["errors"] == [] and mix.counted_inputs == 1


def test_session_setup_counts_and_metrics_are_exact(mix):
    setup = mix.to_dict()["session_setup"]
    assert {k: v for k, v in setup.items() if k not in ("attempts", "challenged")} == EXPECTED["session_setup"]
    assert setup["attempts"] == EXPECTED["invite_calls"] and setup["challenged"] == 0
    for name, (numerator, denominator) in EXPECTED["metrics"].items():
        metric = _metric(mix, name)
        assert (metric.numerator, metric.denominator) == (numerator, denominator), name
        assert metric.value == round(100 * numerator / denominator, 2)
        assert metric.rfc == 6076 and metric.variant is None
    assert [(m.name, m.section) for m in mix.metrics] == [("SER", "4.6"), ("SEER", "4.7"), ("ISA", "4.8"),
                                                          ("IRA", "4.2")]


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed (apt-get install tshark)")
def test_registration_request_delay_is_the_time_tshark_shows(mix):
    """RFC 6076 §4.1 on the REGISTER, 423, REGISTER, 200 exchange: one delay, from the initial REGISTER, across
    the recovery from 423, to the 200 OK, as the frame times tshark prints give it."""
    proc = subprocess.run(["tshark", "-r", str(MIX), "-Y", 'sip.CSeq.method == "REGISTER"', "-T", "fields",
                           "-e", "frame.time_epoch", "-e", "sip.CSeq.seq", "-e", "sip.Status-Code"],
                          capture_output=True, text=True, timeout=120, check=True)
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    sent = next(float(t) for t, seq, code in rows if seq == "1" and not code)
    answered = next(float(t) for t, seq, code in rows if seq == "2" and code == "200")
    (rrd,) = mix.delays
    assert (rrd.name, rrd.section, rrd.count) == ("RRD", "4.1", 1)
    assert rrd.mean == rrd.median == rrd.maximum == pytest.approx((answered - sent) * 1000, abs=0.001)
    assert mix.to_dict()["delays"][0]["unit"] == "ms"


def _tshark_sip_stat(path):
    """(responses by code, requests by method, resent messages) as tshark's `-z sip,stat` prints them."""
    proc = subprocess.run(["tshark", "-r", path, "-q", "-z", "sip,stat"], capture_output=True, text=True,
                          timeout=120, check=True)
    out = proc.stdout
    codes = {int(code): int(n) for code, n in re.findall(r"^\s+SIP (\d{3}) .*?:\s+(\d+) Packets", out, re.M)}
    methods_part = out.split("List of SIP Request methods", 1)[1]
    methods = {m: int(n) for m, n in re.findall(r"^\s+([A-Z]+)\s+:\s+(\d+) Packets", methods_part, re.M)}
    resent = int(re.search(r"Number of resent SIP messages: (\d+)", out).group(1))
    assert codes and methods, out
    return codes, methods, resent


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed (apt-get install tshark)")
@pytest.mark.parametrize("path", [MIX, os.path.join(EXPLAIN, "401-stale-nonce.pcapng"),
                                  os.path.join(EXPLAIN, "cancelled.pcapng")])
def test_code_and_method_counts_equal_tshark(path):
    codes, methods, resent = _tshark_sip_stat(path)
    data = sipcodes.stats(path, workers=1).to_dict()
    assert {int(code): n for code, n in data["responses"].items()} == codes
    assert data["requests"] == methods
    assert data["retransmissions"]["requests"] + data["retransmissions"]["responses"] == resent


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A directory of several captures (in nested folders) and the mix twice under other names."""
    root = tmp_path_factory.mktemp("many")
    (root / "a" / "b").mkdir(parents=True)
    shutil.copy(MIX, root / "mix-1.pcap")
    shutil.copy(MIX, root / "a" / "mix-2.pcap")
    for name in ("401-stale-nonce.pcapng", "486-busy-here.pcapng", "302-moved-temporarily.pcapng",
                 "answered.pcapng", "unanswered.pcapng"):
        shutil.copy(os.path.join(EXPLAIN, name), root / "a" / "b" / name)
    return root


def _comparable(result):
    return result.to_dict()


def test_directories_are_read_recursively_and_counts_add_up(many):
    result = sipcodes.stats(many, workers=1)
    data = result.to_dict()
    assert len(data["inputs"]) == 7 and data["errors"] == []
    single = sipcodes.stats(MIX, workers=1).to_dict()
    assert data["responses"]["486"] == 2 * single["responses"]["486"] + 1
    assert data["calls"]["outcomes"]["busy"] == 2 * EXPECTED["calls"]["busy"] + 1


def test_one_and_two_workers_give_the_same_result(many):
    one = sipcodes.stats(many, workers=1)
    two = sipcodes.stats(many, workers=2)
    assert _comparable(one) == _comparable(two)
    order = [os.path.relpath(one["input"], many) for one in one.to_dict()["inputs"]]
    assert order == ["mix-1.pcap", "a/mix-2.pcap", "a/b/302-moved-temporarily.pcapng", "a/b/401-stale-nonce.pcapng",
                     "a/b/486-busy-here.pcapng", "a/b/answered.pcapng", "a/b/unanswered.pcapng"]


def test_a_local_dask_cluster_gives_the_same_result(many):
    import distributed  # in the test extra, so that this test runs wherever the suite does
    local = sipcodes.stats(many, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        by_client = sipcodes.stats(many, scheduler=client)
        by_address = sipcodes.stats(many, scheduler=cluster.scheduler_address)
    assert _comparable(by_client) == _comparable(local)
    assert _comparable(by_address) == _comparable(local)


def test_a_url_is_read_through_fsspec():
    import fsspec

    with open(MIX, "rb") as handle:
        data = handle.read()
    with fsspec.open("memory://stats-test/mix.pcap", "wb") as target:
        target.write(data)
    try:
        remote = sipcodes.stats("memory://stats-test/mix.pcap", workers=1).to_dict()
    finally:
        fsspec.filesystem("memory").rm("/stats-test", recursive=True)
    local = sipcodes.stats(MIX, workers=1).to_dict()
    for key in ("responses", "requests", "calls", "metrics", "session_setup"):
        assert remote[key] == local[key], key
    assert remote["inputs"][0]["input"] == "memory://stats-test/mix.pcap"


def test_exclude_challenges_is_a_named_variant_not_the_default():
    path = os.path.join(EXPLAIN, "401-stale-nonce.pcapng")  # INVITE 401, INVITE 401, INVITE 200
    rfc = sipcodes.stats(path, workers=1)
    assert (_metric(rfc, "SER").numerator, _metric(rfc, "SER").denominator) == (1, 3)
    variant = sipcodes.stats(path, workers=1, variants=["exclude-challenges"])
    ser = _metric(variant, "SER")
    assert (ser.numerator, ser.denominator, ser.variant) == (1, 1, "exclude-challenges")
    assert variant.to_dict()["session_setup"]["challenged"] == 2


def test_ner_variant_counts_calls_that_reached_the_callee(mix):
    assert all(m.name != "NER" for m in mix.metrics)
    result = sipcodes.stats(MIX, workers=1, variants=["ner"])
    ner = _metric(result, "NER")
    calls = EXPECTED["calls"]
    reached = calls["answered"] - 2 + calls["busy"] + calls["declined"] + calls["no-answer"]  # 2: REGISTER, OPTIONS
    assert (ner.numerator, ner.denominator, ner.rfc) == (reached, EXPECTED["invite_calls"], None)


def test_bad_options_are_value_errors():
    with pytest.raises(ValueError, match="by must be one of"):
        sipcodes.stats(MIX, by="country")
    with pytest.raises(ValueError, match="unknown variant"):
        sipcodes.stats(MIX, variants=["asr"])


def _cli(*argv, cwd=None):
    return subprocess.run([sys.executable, "-m", "sipcodes", "stats", *argv], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture
def with_bad(tmp_path):
    shutil.copy(MIX, tmp_path / "good.pcap")
    (tmp_path / "notes.txt").write_text("nothing to see here\n")
    (tmp_path / "empty.pcap").write_bytes(b"")
    (tmp_path / "cut.pcap").write_bytes(open(MIX, "rb").read()[:30])
    os.symlink(tmp_path / "gone.pcap", tmp_path / "dangling.pcap")
    return tmp_path


def test_bad_inputs_are_named_and_skipped_and_the_rest_counted(with_bad):
    proc = _cli(str(with_bad), "-f", "json", "-j", "2")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    skipped = {os.path.basename(e["input"]) for e in data["errors"]}
    assert skipped == {"notes.txt", "empty.pcap", "dangling.pcap", "cut.pcap"}
    for name in skipped:
        assert re.search(rf"warning: .*{re.escape(name)}: \S", proc.stderr), name
    assert data["calls"]["outcomes"] == EXPECTED["calls"]


def test_nothing_readable_is_exit_status_2(with_bad):
    os.remove(with_bad / "good.pcap")
    proc = _cli(str(with_bad / "notes.txt"), str(with_bad / "dangling.pcap"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "none of the 2 inputs could be read" in proc.stderr
    missing = _cli(str(with_bad / "no-such-dir"))
    assert missing.returncode == 2 and "no-such-dir" in missing.stderr and "Traceback" not in missing.stderr


def test_text_report_explains_failures_and_metrics():
    proc = _cli(MIX, "-j", "1")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "486 Busy Here" in out and sipcodes.get(486).summary in out
    assert re.search(r"sipcodes explain \S*mix\.pcap --call \S+", out)
    assert "SER" in out and "25.00%" in out and "RFC 6076 §4.6" in out and "70.00%" in out
    assert "█" in out


def test_text_report_in_french():
    proc = _cli(MIX, "-j", "1", "--lang", "fr")
    assert proc.returncode == 0, proc.stderr
    assert sipcodes.get(486, "fr").summary in proc.stdout
    assert "Appels par issue" in proc.stdout


def test_csv_follows_by(tmp_path):
    proc = _cli(MIX, "-f", "csv", "--by", "outcome")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "outcome,calls"
    assert dict(line.split(",") for line in lines[1:]) == {k: str(v) for k, v in EXPECTED["calls"].items()}
    codes = _cli(MIX, "-f", "csv").stdout.splitlines()
    assert codes[0] == "code,responses,final_calls,outcome,session_setup"
    assert "486,4,4,busy,effective" in codes and "503,2,2,network-failure,ineffective" in codes


def test_parquet_holds_the_same_table(tmp_path):
    import pyarrow.parquet as pq  # in the test extra
    target = tmp_path / "by-peer.parquet"
    proc = _cli(MIX, "-f", "parquet", "--by", "peer", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    table = pq.read_table(target).to_pylist()
    result = sipcodes.stats(MIX, workers=1, by="peer")
    columns, rows = result.rows()
    assert table == [dict(zip(columns, row)) for row in rows]
    assert sum(row["calls"] for row in table) == sum(EXPECTED["calls"].values())


def test_by_hour_and_peer_in_json(mix):
    data = mix.to_dict()
    assert sum(row["calls"] for row in data["hours"].values()) == data["calls"]["total"]
    assert set(data["peers"]) == {"127.0.0.1:5060"}


# the catalog fact the metrics read

def test_every_final_code_has_a_session_setup_fact():
    for entry in sipcodes.all():
        if entry.code < 200:
            assert entry.session_setup is None
        else:
            assert entry.session_setup in ("established", "effective", "redirected", "ineffective", "attempt")
    by_fact = {}
    for entry in sipcodes.all():
        by_fact.setdefault(entry.session_setup, set()).add(entry.code)
    # RFC 6076 §4.6–4.8 name these codes
    assert by_fact["established"] == {200}
    assert by_fact["effective"] == {480, 486, 600, 603}
    assert by_fact["ineffective"] == {408, 500, 503, 504}
    assert by_fact["redirected"] == {c for c in sipcodes.codes() if 300 <= c < 400}


@pytest.mark.parametrize("old, new, problem", [
    ('session_setup = "effective"\n', "", "is required for final responses"),
    ('session_setup = "effective"', 'session_setup = "fine"', "unknown value 'fine'"),
    ('session_setup = "effective"', 'session_setup = "established"', "for 200 alone"),
    ('session_setup = "effective"', 'session_setup = "redirected"', "every 3xx code and no other"),
])
def test_the_loader_checks_session_setup(broken, old, new, problem):
    message = broken(old, new)
    assert "field 'session_setup'" in message and problem in message


def test_every_final_code_has_the_registration_fact_of_rfc_6076():
    by_fact = {}
    for entry in sipcodes.all():
        if entry.code < 200:
            assert entry.registration is None
        else:
            by_fact.setdefault(entry.registration, set()).add(entry.code)
    codes = set(sipcodes.codes())
    # RFC 6076 §4.1 (200 OK ends a registration) and §4.2 (401, 402, 407 are challenges, not failures)
    assert by_fact["registered"] == {200}
    assert by_fact["challenged"] == {401, 402, 407}
    assert by_fact["ineffective"] == {c for c in codes if c >= 400} - {401, 402, 407}
    assert by_fact["other"] == {c for c in codes if 200 < c < 400}


@pytest.mark.parametrize("old, new, problem", [
    ('registration = "ineffective"\n', "", "is required for final responses"),
    ('registration = "ineffective"', 'registration = "failed"', "unknown value 'failed'"),
    ('registration = "ineffective"', 'registration = "challenged"', "must be 'ineffective' for 486"),
])
def test_the_loader_checks_registration(broken, old, new, problem):
    message = broken(old, new)
    assert "field 'registration'" in message and problem in message


def test_codes_the_catalog_lacks_count_as_rfc_6076_names_them():
    """RFC 6076 lists the codes of each part of SER, SEER and ISA by number, but every 3xx is a redirection; its
    registration rule goes by class. An unregistered code is not read as its class's x00 code here."""
    from sipcodes.stats._tally import registration, session_setup

    assert [session_setup(code) for code in (299, 250, 350, 499, 550, 599, 650, 699)] == [
        "attempt", "attempt", "redirected", "attempt", "attempt", "attempt", "attempt", "attempt"]
    assert [registration(code) for code in (299, 350, 499, 550, 699, 401)] == [
        "other", "other", "ineffective", "ineffective", "ineffective", "challenged"]


def _split_pcap(path, target_dir, cuts):
    """Cut a little-endian classic pcap into files at the given packet indexes (as a capture that rotates)."""
    import struct

    with open(path, "rb") as handle:
        data = handle.read()
    header, pos, frames = data[:24], 24, []
    while pos + 16 <= len(data):
        captured = struct.unpack_from("<I", data, pos + 8)[0]
        frames.append(data[pos:pos + 16 + captured])
        pos += 16 + captured
    names = []
    for i, (start, stop) in enumerate(zip([0, *cuts], [*cuts, len(frames)])):
        name = os.path.join(target_dir, f"part-{i:02d}.pcap")
        with open(name, "wb") as out:
            out.write(header + b"".join(frames[start:stop]))
        names.append(name)
    return names, len(frames)


@pytest.mark.parametrize("cuts", [[61], [5, 17, 33, 48, 60, 75, 90, 101, 115], list(range(3, 120, 4))])
def test_calls_cut_by_rotation_are_counted_once_as_a_whole(tmp_path, cuts):
    names, total = _split_pcap(MIX, tmp_path, cuts)
    assert total == 122
    whole = sipcodes.stats(MIX, workers=1).to_dict()
    parts = sipcodes.stats(names, workers=2).to_dict()
    for key in ("calls", "session_setup", "registrations", "metrics", "peers", "hours", "responses", "requests",
                "responses_by_method"):
        assert parts[key] == whole[key], key
    assert set(parts["samples"]) == set(whole["samples"])


@pytest.mark.parametrize("split_bytes", [2048, 4096, 20_000])
def test_a_large_pcap_is_counted_in_byte_ranges_with_the_same_result(split_bytes):
    whole = sipcodes.stats(MIX, workers=1, split_bytes=None).to_dict()
    ranges = sipcodes.stats(MIX, workers=2, split_bytes=split_bytes).to_dict()
    parts = ranges["inputs"]
    assert len(parts) == -(-os.path.getsize(MIX) // split_bytes)
    # every record belongs to exactly one range: the ranges follow one another from the first record to the end
    assert parts[0]["range"][0] == 24 and parts[-1]["range"][1] == os.path.getsize(MIX)
    assert all(a["range"][1] == b["range"][0] for a, b in zip(parts, parts[1:]))
    assert sum(p["packets"] for p in parts) == ranges["packets"] == whole["packets"] == 122
    assert ranges["errors"] == [] and sum(p["skipped"] for p in parts) == 0
    for key in ("calls", "session_setup", "registrations", "metrics", "peers", "hours", "responses", "requests",
                "responses_by_method"):
        assert ranges[key] == whole[key], key
    assert whole["inputs"][0]["range"] is None


def test_a_split_pcap_without_sip_is_an_input_error(tmp_path):
    with open(MIX, "rb") as handle:
        data = handle.read()
    target = tmp_path / "not-sip.pcap"
    target.write_bytes(data[:24] + data[24:].replace(b"SIP/2.0", b"XYZ/9.9"))
    result = sipcodes.stats(str(target), workers=1, split_bytes=8192)
    assert len(result.to_dict()["inputs"]) == -(-len(data) // 8192)
    assert [(os.path.basename(e["input"]), e["error"].split(" (")[0]) for e in result.errors] == [
        ("not-sip.pcap", "no SIP message found")]
    assert result.counted_inputs == 0


def test_a_progress_bar_on_a_terminal(tmp_path):
    import pty

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "sipcodes", "stats", MIX, "-j", "1", "-f", "json"],
                              stdout=subprocess.PIPE, stderr=terminal, timeout=120)
        os.close(terminal)
        terminal = None
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if terminal is not None:
            os.close(terminal)
        os.close(controller)
    assert proc.returncode == 0
    assert b"1/1 files" in shown and b"#" in shown
    assert json.loads(proc.stdout)["calls"]["total"] == sum(EXPECTED["calls"].values())


def _register(sent, final=None, answered=None, captured=True):
    from sipcodes.calls import Transaction

    t = Transaction("z9hG4bK" + str(sent), int(sent), "REGISTER")
    t.has_request, t.request_time = captured, sent if captured else None
    t.final_status, t.final_time = final, answered
    if final is not None:
        t.responses.append(final)
    return t


@pytest.mark.parametrize("chain, delays", [
    # a challenge, then a recovery from 423, then 200: one registration, timed from its initial REGISTER
    ([(0.0, 401, 0.1), (0.2, 423, 0.3), (0.4, 200, 0.5)], [0.5]),
    # a challenge never answered, the next registration an hour later: timed from that one
    ([(0.0, 407, 0.1), (3600.0, 200, 3600.25)], [0.25]),
    # two registrations in one Call-ID (a refresh), each timed on its own
    ([(0.0, 200, 0.1), (1800.0, 401, 1800.1), (1800.2, 200, 1800.3)], [0.1, pytest.approx(0.3)]),
    # a request the capture missed, or one left unanswered: not timed
    ([(0.0, 401, 0.1), (0.2, None, None, False), (0.4, 200, 0.5)], [0.1]),
    ([(0.0, None, None), (40.0, 200, 40.5)], [0.5]),
    # a failure with no follow-up is no registration
    ([(0.0, 403, 0.1)], []),
])
def test_registration_request_delay_spans_challenges_and_recoveries(chain, delays):
    from sipcodes.stats._tally import _registration_delays

    found = _registration_delays([_register(*step) for step in chain])
    assert found == [pytest.approx(d) if isinstance(d, float) else d for d in delays]


@pytest.mark.parametrize("method, responses, waited, expected", [
    ("INVITE", [], 32.0, True),       # Timer B: no response at all
    ("INVITE", [], 31.9, False),
    ("INVITE", [100], 60.0, False),   # a provisional response stops Timer B
    ("REGISTER", [100], 32.0, True),  # Timer F runs on after a provisional response
    ("OPTIONS", [], 31.0, False),
    ("ACK", [], 60.0, False),         # never answered
])
def test_a_request_times_out_after_timer_b_or_f(method, responses, waited, expected):
    from sipcodes.calls import Transaction, timed_out

    t = Transaction("b", 1, method)
    t.has_request, t.request_time, t.responses = True, 100.0, list(responses)
    assert timed_out(t, 100.0 + waited) is expected
    t.final_status = 408
    assert timed_out(t, 100.0 + waited) is False


@pytest.mark.parametrize("lang, ser, rrd", [("en", "25.00%", "0.265 ms"), ("de", "25,00%", "0,265 ms"),
                                            ("fr", "25,00%", "0,265\u00a0ms")])
def test_the_text_report_writes_numbers_the_way_its_language_does(lang, ser, rrd):
    from sipcodes.render.stats import render_stats_text

    text = render_stats_text(sipcodes.stats(MIX, workers=1), lang)
    assert f": {ser} (5 / 20;" in text.replace("\u00a0:", ":").replace("\u202f;", ";")
    assert rrd in text
