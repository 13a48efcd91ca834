"""Schemathesis against the OpenAPI schema of a real `sipcodes serve`: every check, every phase, so the schema
and the answers agree for generated input (status codes, content types, response shapes, headers)."""

import subprocess
import sys

from _server import running


# Any bytes fit the explain operation's body schema, but only a capture or a SIP log can be explained: there, and
# only there, a schema-valid request may be declined with 422 (beside the 404 of an unknown language).
CONFIG = """
[[operations]]
include-path = "/api/v1/explain"
checks.positive_data_acceptance.expected-statuses = ["200", "404", "422"]
"""


def test_the_api_keeps_the_promises_of_its_schema(tmp_path):
    (tmp_path / "schemathesis.toml").write_text(CONFIG)
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p)]) as (base, _port, _proc):
        proc = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/openapi.json", "--checks", "all",
             "--max-examples", "60", "--seed", "20261203", "--request-timeout", "10", "--no-color"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report[-6000:]
    assert "8 selected / 8 total" in report and " passed" in report and "failed" not in report.lower(), report[-3000:]
