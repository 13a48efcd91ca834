"""The `sipcodes` command line: output formats, colour rules, and one-line errors with exit status 2."""

import json
import os
import pty
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sipcodes.cli import main


def run(capsys, *argv):
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_show_text(capsys):
    status, out, err = run(capsys, "show", "486")
    assert status == 0 and err == ""
    assert out.startswith("486 Busy Here\n")
    for heading in ("What it means", "When you see it", "Likely causes", "How to fix", "Facts", "References"):
        assert f"\n{heading}\n" in out
    assert "RFC 3261 §21.4.24" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_show_json_438(capsys):
    status, out, _ = run(capsys, "show", "438", "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert data["code"] == 438 and data["reason"] == "Invalid Identity Header" and data["class"] == "4xx"
    assert data["final"] is True and data["status"] == "current" and data["lang"] == "en"
    assert {"rfc": 8224, "section": data["references"][0]["section"]} in [
        {"rfc": r["rfc"], "section": r["section"]} for r in data["references"]]
    for key in ("summary", "description", "when_you_see_it", "causes", "how_to_fix", "headers", "related"):
        assert key in data


def test_show_markdown(capsys):
    status, out, _ = run(capsys, "show", "183", "-f", "markdown")
    assert status == 0 and out.startswith("# SIP 183 Session Progress\n")
    assert "## How to fix" in out and "](https://www.rfc-editor.org/rfc/rfc3261#section-" in out


@pytest.mark.parametrize("argv,fragment", [
    (("show", "999"), "100 to 699"),
    (("show", "abc"), "three-digit"),
    (("show", "499"), "nearest 4xx"),
    (("show", "486", "--format", "xml"), "invalid choice: 'xml'"),
    (("show", "486", "--lang", "xx"), "unknown language 'xx'"),
    (("show",), "arguments are required: CODE"),
    (("list", "--class", "9xx"), "use one of 1xx"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("search",), "arguments are required: WORDS"),
])
def test_errors_are_one_line_exit_2(capsys, argv, fragment):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sipcodes: error: ")
    assert fragment in err


def test_list_json_by_class(capsys):
    status, out, _ = run(capsys, "list", "--class", "4xx", "--format", "json")
    rows = json.loads(out)
    assert status == 0 and rows and all(r["class"] == "4xx" for r in rows)
    assert {"code", "reason", "class", "status"} <= set(rows[0])
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)


def test_list_text(capsys):
    status, out, _ = run(capsys, "list")
    assert status == 0 and len(out.splitlines()) == 78  # a header and 77 codes
    assert out.splitlines()[0].split() == ["Code", "Reason", "phrase", "Class", "Status"]
    assert any(line.startswith("409 ") and line.rstrip().endswith("historic") for line in out.splitlines())


def test_search(capsys):
    status, out, _ = run(capsys, "search", "identity")
    assert status == 0 and "438  Invalid Identity Header" in out


def test_search_without_hits(capsys):
    status, out, err = run(capsys, "search", "zzzyqx")
    assert status == 1 and out == "" and "zzzyqx" in err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12))
def test_show_never_raises(capsys, code):
    if code.startswith("-"):
        code = "x" + code
    status, out, err = run(capsys, "show", code)
    assert status in (0, 2)
    if status == 2:
        assert err.startswith("sipcodes: error: ") and err.count("\n") == 1 and "Traceback" not in err


def _script_env():
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return env


def test_real_process_exit_status_and_stderr():
    proc = subprocess.run([sys.executable, "-m", "sipcodes", "show", "999"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr


def test_colour_on_a_terminal_and_not_with_no_color():
    def on_tty(env):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(sys.executable, [sys.executable, "-m", "sipcodes", "show", "486"], env)
        chunks = []
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
        return b"".join(chunks).decode()

    assert "\x1b[" in on_tty(_script_env())
    assert "\x1b[" not in on_tty({**_script_env(), "NO_COLOR": "1"})


def test_search_json_without_hits_exits_1_like_text(capsys):
    status, out, err = run(capsys, "search", "zzzyqx", "--format", "json")
    assert status == 1 and json.loads(out) == [] and "zzzyqx" in err
    status, out, _ = run(capsys, "search", "identity", "--format", "json")
    items = json.loads(out)
    assert status == 0 and 438 in [item["code"] for item in items if item["kind"] == "code"]
    status, out, _ = run(capsys, "search", "no", "circuit", "--format", "json")
    items = json.loads(out)
    assert status == 0 and any(item["kind"] == "cause" and item["cause"] == 34 for item in items)


@pytest.mark.parametrize("argv", [["show", "9" * 5000], ["compare", "486", "4" * 4400],
                                  ["show", "x" * 100000]])
def test_huge_arguments_are_one_line_errors(argv):
    proc = subprocess.run([sys.executable, "-m", "sipcodes", *argv], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr) < 300
