"""/explain and POST /api/v1/explain against a real `sipcodes serve` process: uploads, pasted text, size limits,
bad input, the JSON contract, and nothing of an upload in the server's logs."""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import socket
import uuid

import pytest

from _server import get, raw, read_response, running
from _traces import busy_call

CAPTURES = os.path.join(os.path.dirname(__file__), "data", "captures")
SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")
MARKER = "leak-check-" + uuid.uuid4().hex  # a Call-ID the server must never write to its logs


@pytest.fixture(scope="module")
def server():
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p)]) as (_base, port, proc):
        yield port, proc


def multipart(fields: dict[str, tuple[str | None, bytes]]) -> tuple[str, bytes]:
    """(content type, body) of a form: name → (file name or None for a plain field, bytes)."""
    boundary = "----sipcodes" + uuid.uuid4().hex
    parts = []
    for name, (filename, data) in fields.items():
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if filename:
            head += "Content-Type: application/octet-stream\r\n"
        parts.append(head.encode() + b"\r\n" + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def post(port, target, body: bytes, content_type: str):
    return get(port, target, method="POST", headers={"Content-Type": content_type}, body=body)


def form(port, target="/explain", **fields):
    content_type, body = multipart(fields)
    return post(port, target, body, content_type)


def text(response) -> str:
    return html_lib.unescape(response.body.decode("utf-8"))


def error_line(response) -> str:
    match = re.search(r'<p class="error" role="alert">(.*?)</p>', response.body.decode("utf-8"))
    assert match, response.body[:500]
    return html_lib.unescape(match.group(1))


def test_the_page_has_the_form_in_every_language(server):
    port, _ = server
    for path, lang in (("/explain", "en"), ("/fr/explain", "fr"), ("/de/explain", "de"), ("/es/explain", "es")):
        r = get(port, path)
        assert r.status == 200 and f'<html lang="{lang}">' in text(r), path
        page = text(r)
        assert f'action="{path}" method="post" enctype="multipart/form-data"' in page
        assert '<textarea id="explain-text" name="text"' in page and 'name="file" type="file"' in page
        assert f'href="{path}"' in page  # the navigation links to it
    assert "10 Mio" in text(get(port, "/fr/explain")) and "10 MiB" in text(get(port, "/explain"))


def test_page_in_french_has_no_english_sentence(server):
    from test_i18n import english_sentences, visible_text

    port, _ = server
    assert english_sentences(visible_text(get(port, "/fr/explain").body.decode())) == []
    r = form(port, "/fr/explain", file=("busy.pcap", busy_call()))
    leaks = english_sentences(visible_text(r.body.decode()))
    # the catalog's explanation of 486 is French too; only the capture's own text (addresses, start lines) is not
    assert leaks == [], leaks


def test_uploading_a_capture_shows_the_ladder_and_the_finding(server):
    port, _ = server
    r = form(port, "/explain", file=("busy.pcap", busy_call(call_id=MARKER)))
    assert r.status == 200 and r.headers["cache-control"] == "no-store"
    for name in SECURITY:
        assert name in r.headers
    page = text(r)
    assert page.count('<svg role="img"') == 1
    assert len(re.findall(r'<g class="msg', page)) == 5
    assert re.search(r'<h4><a href="/sip/486-busy-here"><span class="code">486</span> Busy Here</a></h4>', page)
    assert MARKER in page and "Explain another trace" in page


def test_a_capture_from_the_test_data_with_and_without_the_calls_that_went_well(server):
    port, _ = server
    with open(os.path.join(CAPTURES, "udp4.pcapng"), "rb") as fh:
        data = fh.read()
    quiet = form(port, "/explain", file=("udp4.pcapng", data))
    assert quiet.status == 200
    assert "Every call in this trace went well" in text(quiet) and "<svg" not in text(quiet)
    everything = form(port, "/explain", file=("udp4.pcapng", data), all=(None, b"1"))
    assert everything.status == 200 and text(everything).count('<svg role="img"') == 2
    assert len(re.findall(r'<g class="msg', text(everything))) == 12
    assert "checked" in text(everything)  # the checkbox stays ticked under the report


def test_pasted_text_is_what_gets_explained(server):
    port, _ = server
    pasted = ("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-9\r\n"
              "Call-ID: pasted@x\r\nCSeq: 1 INVITE\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:bob@example.com>\r\n"
              "Content-Length: 0\r\n\r\nSIP/2.0 603 Decline\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-9\r\n"
              "Call-ID: pasted@x\r\nCSeq: 1 INVITE\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:bob@example.com>;tag=2"
              "\r\nContent-Length: 0\r\n\r\n")
    r = form(port, "/explain", text=(None, pasted.encode()))
    if r.status == 200:  # text logs are read
        assert "603" in text(r) and "pasted@x" in text(r)
    else:  # text reaching the reader that finds no SIP in it: the reader's own one-line error, in a 422
        assert r.status == 422 and error_line(r).startswith("This input cannot be explained: no SIP message found")
    # a chosen file wins over the pasted text
    both = form(port, "/explain", text=(None, pasted.encode()), file=("busy.pcap", busy_call()))
    assert both.status == 200 and "486" in text(both) and "pasted@x" not in text(both)


def test_empty_and_garbage_input_are_422_in_the_page_language(server):
    port, _ = server
    r = form(port, "/explain", text=(None, b"   "), file=("empty.pcap", b""))
    assert r.status == 422 and error_line(r).startswith("Paste SIP messages or a log")
    r = form(port, "/fr/explain", file=("junk.bin", os.urandom(3000).replace(b"\n", b"\x00")))
    assert r.status == 422 and error_line(r).startswith("Cette entrée ne peut pas être expliquée\u00a0:")
    r = form(port, "/de/explain", text=(None, b""))
    assert r.status == 422 and error_line(r).startswith("Fügen Sie SIP-Nachrichten")
    r = post(port, "/es/explain", b"just words", "text/plain")
    assert r.status == 422 and error_line(r) == "Esta petición no es el formulario de esta página; envíe la traza " \
                                                 "desde el formulario."
    r = post(port, "/explain", b"--x\r\nbroken", "multipart/form-data; boundary=x")
    assert r.status == 422
    for response in (r,):
        assert response.headers["cache-control"] == "no-store"


def test_uploads_past_the_64_kib_cap_are_accepted_here_only(server):
    port, _ = server
    padding = b"not sip\n" * 40_000  # 320 kB: over the site's general cap, under this page's
    r = form(port, "/explain", text=(None, padding))
    assert r.status == 422, r.status
    assert get(port, "/search", method="POST", body=padding).status == 413


def _headers_only(port, target, length, content_type="application/octet-stream"):
    """A request announcing a body of `length` bytes and sending none of it: refused on its headers alone."""
    request = (f"POST {target} HTTP/1.1\r\nHost: a\r\nContent-Type: {content_type}\r\n"
               f"Content-Length: {length}\r\n\r\n").encode()
    return raw(port, request)


def test_too_large_is_413_with_one_clear_line(server):
    port, _ = server
    limit = 10 * 1024 * 1024
    r = _headers_only(port, "/explain", limit + 1, "multipart/form-data; boundary=x")
    assert r.status == 413 and r.body.decode().count("\n") == 1
    assert r.body.decode().startswith("The input is larger than 10 MiB")
    for name in SECURITY:
        assert name in r.headers
    r = _headers_only(port, "/fr/explain", limit + 1, "multipart/form-data; boundary=x")
    assert r.status == 413 and r.body.decode().startswith("L'entrée dépasse 10 Mio")
    r = _headers_only(port, "/api/v1/explain?lang=de", limit + 1)
    assert r.status == 413 and r.headers["content-type"] == "application/json"
    error = json.loads(r.body)["error"]
    assert error["type"] == "too_large" and error["message"].startswith("Die Eingabe ist größer als 10 MiB")


def test_too_large_while_streaming_chunked(server):
    port, _ = server
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(b"POST /api/v1/explain HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * (1024 * 1024)
        try:
            for _ in range(12):
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        except OSError:
            pass  # refused while sending
        r = read_response(sock)
    assert r is not None and r.status == 413


def test_other_methods_on_the_page(server):
    port, _ = server
    for method in ("PUT", "DELETE", "PATCH"):
        r = get(port, "/explain", method=method)
        assert r.status == 405 and r.headers["allow"] == "GET, HEAD, POST"
    assert get(port, "/explain", method="HEAD").status == 200


CONTRACT_CALL = {"call_id", "from", "to", "method", "outcome", "outcome_label", "final", "messages", "findings"}


def test_api_answers_the_json_contract(server):
    port, _ = server
    r = post(port, "/api/v1/explain?lang=fr", busy_call(), "application/octet-stream")
    assert r.status == 200 and r.headers["content-type"] == "application/json"
    assert r.headers["cache-control"] == "no-store"
    report = json.loads(r.body)
    assert {"lang", "messages", "skipped", "warnings", "calls"} <= set(report)
    assert report["lang"] == "fr" and report["messages"] == 5 and isinstance(report["warnings"], list)
    call = report["calls"][0]
    assert set(call) == CONTRACT_CALL
    assert call["outcome"] == "busy" and call["outcome_label"] == "occupé"
    assert call["final"] == {"code": 486, "reason": "Busy Here"}
    assert [m["retransmission"] for m in call["messages"]] == [False, True, False, False, False]
    assert all(set(m) == {"time", "src", "dst", "summary", "retransmission"} for m in call["messages"])
    finding = call["findings"][0]
    assert set(finding) == {"code", "reason", "explanation", "evidence", "next_steps"} and finding["code"] == 486
    # the same report the library gives
    import sipcodes

    assert report == json.loads(json.dumps(sipcodes.explain(busy_call(), lang="fr").to_dict()))
    from sipcodes.web.api import ExplainReport

    ExplainReport.model_validate(report)


def test_api_text_body_and_all_calls(server):
    port, _ = server
    with open(os.path.join(CAPTURES, "udp4.pcap"), "rb") as fh:
        data = fh.read()
    shown = json.loads(post(port, "/api/v1/explain", data, "application/octet-stream").body)
    assert shown["calls"] == [] and shown["total_calls"] == 2
    every = json.loads(post(port, "/api/v1/explain?all=true", data, "application/octet-stream").body)
    assert [c["outcome"] for c in every["calls"]] == ["answered", "answered"]


def test_api_errors_use_the_error_shape(server):
    port, _ = server
    for body, kind in ((b"", "no_input"), (b"\x00\x01\x02 garbage", "unreadable_input"),
                       (b"hello, not SIP\n", "unreadable_input")):
        r = post(port, "/api/v1/explain?lang=es", body, "text/plain") if body else \
            get(port, "/api/v1/explain?lang=es", method="POST")
        assert r.status == 422, (body, r.status)
        error = json.loads(r.body)["error"]
        assert set(error) == {"type", "message", "suggestions"} and error["type"] == kind
        assert "\n" not in error["message"]
    assert json.loads(post(port, "/api/v1/explain?lang=es", b"", "text/plain").body)["error"]["message"] \
        .startswith("El cuerpo de la petición está vacío")
    r = post(port, "/api/v1/explain?lang=xx", busy_call(), "application/octet-stream")
    assert r.status == 404 and json.loads(r.body)["error"]["type"] == "unknown_language"
    for method in ("GET", "PUT", "DELETE"):
        r = get(port, "/api/v1/explain", method=method)
        assert r.status == 405 and r.headers["allow"] == "POST", method
        assert json.loads(r.body)["error"]["type"] == "method_not_allowed"


def test_the_api_is_in_the_openapi_schema(server):
    port, _ = server
    schema = json.loads(get(port, "/api/openapi.json").body)
    operation = schema["paths"]["/api/v1/explain"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/octet-stream", "text/plain"}
    assert {"200", "404", "413", "422", "503"} <= set(operation["responses"])
    assert "get" not in schema["paths"]["/api/v1/explain"]


def test_nothing_of_an_upload_reaches_the_logs():
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p)]) as (_base, port, proc):
        assert form(port, "/explain", file=("busy.pcap", busy_call(call_id=MARKER))).status == 200
        assert post(port, "/api/v1/explain", busy_call(call_id=MARKER), "text/plain").status == 200
        assert post(port, "/api/v1/explain", MARKER.encode() * 10, "text/plain").status == 422
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert MARKER.encode() not in stderr


def test_busy_and_stuck_explaining_are_503_with_one_line():
    """In process: no free upload slot, then a render process that gave up on the trace."""
    from fastapi.testclient import TestClient

    from sipcodes.web.app import create_app
    from sipcodes.web.render import RenderFailed

    app = create_app()
    client = TestClient(app)
    app.free_upload_slots = 0
    r = client.post("/fr/explain", files={"file": ("busy.pcap", busy_call())})
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert r.text == "Trop de traces sont en cours d'explication\u202f; réessayez dans quelques secondes.\n"
    r = client.post("/api/v1/explain", content=busy_call())
    assert r.status_code == 503 and r.json()["error"]["type"] == "busy"
    app.free_upload_slots = 3

    async def gives_up(*args, **kwargs):
        raise RenderFailed("explain")

    app.renderer.run = gives_up
    r = client.post("/explain", files={"file": ("busy.pcap", busy_call())})
    assert r.status_code == 503 and r.text.startswith("Explaining this input took too long")
    assert app.free_upload_slots == 3  # every slot given back
