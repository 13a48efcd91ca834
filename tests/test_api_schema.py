"""Schemathesis against the OpenAPI schema of a real `sipcodes serve`: every check, every phase, so the schema
and the answers agree for generated input (status codes, content types, response shapes, headers)."""

import subprocess
import sys

from _server import running


def test_the_api_keeps_the_promises_of_its_schema(tmp_path):
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p)]) as (base, _port, _proc):
        proc = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/openapi.json", "--checks", "all",
             "--max-examples", "60", "--seed", "20261203", "--request-timeout", "10", "--no-color"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report[-6000:]
    assert "3 selected / 3 total" in report and " passed" in report and "failed" not in report.lower(), report[-3000:]
