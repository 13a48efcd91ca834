"""The explanation of a trace as one self-contained HTML page: structure, the SVG ladder, escaping, languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import sipcodes
from sipcodes.render import explain_html
from sipcodes.render.explain_html import reference_url, render_report_html

from _traces import busy_call

T0 = 1764758400.25


def message(offset, src, dst, summary, retransmission=False):
    return {"time": None if offset is None else T0 + offset, "src": src, "dst": dst, "summary": summary,
            "retransmission": retransmission}


A, B, C = "10.0.0.1:5060", "10.0.0.2:5060", "[2001:db8::7]:5080"


def busy_report(lang="en", **changes):
    call = {
        "call_id": "c1@example.com", "from": "sip:alice@example.com", "to": "sip:bob@example.com",
        "method": "INVITE", "outcome": "busy", "outcome_label": "busy", "final": {"code": 486, "reason": "Busy Here"},
        "messages": [
            message(0, A, B, "INVITE sip:bob@example.com"),
            message(0.5, A, B, "INVITE sip:bob@example.com", retransmission=True),
            message(0.51, B, A, "100 Trying"),
            message(0.6, B, C, "INVITE sip:bob@10.0.0.3"),
            message(0.9, C, B, "180 Ringing"),
            message(1.6, C, B, "486 Busy Here"),
            message(1.7, B, A, "486 Busy Here"),
            message(1.8, A, B, "ACK sip:bob@example.com"),
        ],
        "findings": [{"code": 486, "reason": "Busy Here", "explanation": "The phone that was reached is busy.",
                      "evidence": [{"header": "Retry-After", "value": "300", "meaning": "Try again in 300 s.",
                                    "reference": "RFC 3261 §20.33"}],
                      "next_steps": ["Retry after the time Retry-After gives.", "Try another destination."]}],
    }
    call.update(changes)
    return {"lang": lang, "messages": len(call["messages"]), "skipped": 2, "warnings": [], "total_calls": 3,
            "outcomes": {"busy": 1, "answered": 2}, "calls": [call]}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each element whose class is asked for."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, cls=None):
        return [a for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split())]


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def arrows(html: str) -> list[str]:
    """The class attribute of each message arrow in the ladder, in order."""
    svg = html[html.index("<svg"):html.index("</svg>")]
    return re.findall(r'<g class="(msg[^"]*)"', svg)


def test_one_page_with_summary_call_ladder_findings_and_next_steps():
    html = render_report_html(busy_report(), "en")
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    tags = parse(html)
    assert len(tags.find("section", "call")) == 1
    assert "SIP messages: 8 · calls: 3, shown: 1 · packets or lines skipped as not SIP: 2" in html
    outcomes = re.search(r'<p class="outcomes">(.*?)</p>', html).group(1)
    assert outcomes.index("answered") < outcomes.index("busy")  # most frequent first, labels of the vocabulary
    assert "sip:alice@example.com → sip:bob@example.com" in html
    assert '<span class="code">486</span> Busy Here' in html
    assert "The phone that was reached is busy." in html
    evidence = html[html.index('<table class="evidence">'):]
    evidence = evidence[:evidence.index("</table>")]
    assert ["Retry-After", "300", "Try again in 300 s."] == re.findall(r"<td>(?:<code>)?([^<]+)", evidence)[:3]
    assert '<a href="https://www.rfc-editor.org/rfc/rfc3261#section-20.33">RFC 3261 §20.33</a>' in evidence
    steps = html[html.index('<ol class="next-steps">'):]
    assert steps.index("Retry after") < steps.index("Try another destination")
    assert "started Dec 3, 2025, 10:40:00" in html


def test_one_arrow_per_message_one_lane_per_address_in_order_of_first_appearance():
    report = busy_report()
    html = render_report_html(report, "en")
    assert len(arrows(html)) == len(report["calls"][0]["messages"]) == 8
    lanes = re.findall(r'<g class="lane"><text x="([0-9.]+)"[^>]*>(?:<title>([^<]*)</title>)?([^<]*)</text>', html)
    assert [title or label for _x, title, label in lanes] == [A, B, C]
    xs = [float(x) for x, _t, _l in lanes]
    assert xs == sorted(xs) and len(set(xs)) == 3
    # the first arrow goes from the first lane to the second, the third back; each has its head at the receiver
    first, third = re.findall(r'<line x1="([0-9.]+)" y1="[0-9.]+" x2="([0-9.]+)"', html[html.index('<g class="msg'):])[0:3:2]
    assert (float(first[0]), float(first[1])) == (xs[0], xs[1])
    assert (float(third[0]), float(third[1])) == (xs[1], xs[0])
    offsets = re.findall(r'<text class="time"[^>]*>([^<]+)</text>', html)
    assert offsets[:3] == ["+0.000\u00a0s", "+0.500\u00a0s", "+0.510\u00a0s"]


def test_retransmissions_are_dashed_and_final_errors_highlighted():
    html = render_report_html(busy_report(), "en")
    classes = arrows(html)
    assert [("retransmission" in c) for c in classes] == [False, True, False, False, False, False, False, False]
    assert [("failure" in c) for c in classes] == [False, False, False, False, False, True, True, False]
    css = html[html.index("<style>"):html.index("</style>")]
    dashed = re.search(r"\.ladder \.msg\.retransmission line[^{]*\{([^}]*)\}", css).group(1)
    assert "stroke-dasharray" in dashed and "var(--muted)" in dashed
    failure = re.search(r"\.ladder \.msg\.failure line[^{]*\{([^}]*)\}", css).group(1)
    assert "var(--bad)" in failure and "stroke-width: 3" in failure
    assert "(retransmission)" in html  # said in words too, not only drawn


def test_the_ladder_is_accessible_and_follows_the_colour_scheme():
    html = render_report_html(busy_report(), "en")
    svg = parse(html).find("svg")[0]
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert re.search(rf'<title id="{title_id}">Ladder diagram of 8 messages between 3 addresses</title>', html)
    assert f'<desc id="{desc_id}">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert 'style="' not in html  # colours come from the stylesheet's variables (and the site's CSP forbids it)
    # the full text of each message is in its tooltip, also when the label is shortened
    assert "<title>2. +0.500\u00a0s 10.0.0.1:5060 → 10.0.0.2:5060: INVITE sip:bob@example.com (retransmission)" \
        "</title>" in html
    assert '<table class="messages">' in html  # the same messages as a table, for reading without the drawing


@pytest.mark.parametrize("endpoints", [2, 3, 5, 8])
def test_labels_fit_between_lanes_for_two_to_eight_endpoints(endpoints):
    addresses = [f"[2001:db8:{i:x}::1234:5678]:{5060 + i}" for i in range(endpoints)]
    messages = [message(i * 0.1, addresses[i % endpoints], addresses[(i + 1) % endpoints],
                        f"SIP/2.0-style summary number {i} with a long Request-URI sip:someone@example.com")
                for i in range(3 * endpoints)]
    ladder = explain_html.ladder(messages, "en")
    assert len(ladder.lanes) == endpoints and len(ladder.arrows) == len(messages)
    gap = ladder.lanes[1].x - ladder.lanes[0].x
    assert gap >= 120
    for lane in ladder.lanes:
        assert len(lane.label) * explain_html.CHAR <= gap - 8, lane.label
    for arrow in ladder.arrows:
        assert len(arrow.label) * explain_html.CHAR <= abs(arrow.x2 - arrow.x1) - 8, arrow.label
        # shortened with an ellipsis between neighbouring lanes; whole when the arrow spans the diagram
        assert arrow.label == arrow.summary or (arrow.label.endswith("…")
                                                and arrow.summary.startswith(arrow.label[:-1]))
    assert any(a.label != a.summary for a in ladder.arrows)
    assert ladder.width == pytest.approx(ladder.lanes[-1].x + gap / 2)


def test_long_calls_draw_the_first_messages_and_say_how_many_were_left_out():
    many = [message(i * 0.01, A, B, f"OPTIONS sip:{i}@example.com") for i in range(350)]
    html = render_report_html(busy_report(messages=many), "en")
    assert len(arrows(html)) == explain_html.MAX_DRAWN_MESSAGES == 300
    assert "The diagram shows the first 300 of the 350 messages of this call." in html


def test_messages_without_timestamps_are_numbered_and_a_message_to_itself_loops():
    report = busy_report(messages=[message(None, A, B, "INVITE sip:b@example.com"),
                                   message(None, B, B, "OPTIONS sip:b@example.com"),
                                   message(None, B, A, "603 Decline")])
    html = render_report_html(report, "en")
    assert re.findall(r'<text class="time"[^>]*>([^<]+)</text>', html) == ["#1", "#2", "#3"]
    assert "started" not in html
    assert len(re.findall(r'<path d="M', html)) == 1  # the loop of the message B sends itself
    assert len(arrows(html)) == 3


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_everything_from_the_trace_is_escaped():
    call_changes = {
        "call_id": HOSTILE, "from": HOSTILE, "to": "sip:" + HOSTILE, "method": HOSTILE, "outcome_label": HOSTILE,
        "final": {"code": 486, "reason": HOSTILE},
        "messages": [message(0, HOSTILE, B, "INVITE " + HOSTILE), message(1, B, HOSTILE, "486 " + HOSTILE)],
        "findings": [{"code": 486, "reason": HOSTILE, "explanation": HOSTILE,
                      "evidence": [{"header": HOSTILE, "value": HOSTILE, "meaning": HOSTILE, "reference": HOSTILE}],
                      "next_steps": [HOSTILE]}],
    }
    report = busy_report(**call_changes)
    report["warnings"] = [HOSTILE]
    html = render_report_html(report, "en", base_url="")
    assert "<script" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    tags = parse(html)
    assert not tags.find("script") and not tags.find("img")


def test_no_external_resource_and_no_script():
    html = render_report_html(busy_report(), "en", base_url="https://sip.example")
    tags = parse(html)
    assert not tags.find("script") and not tags.find("link") and not tags.find("img") and not tags.find("iframe")
    assert not any("src" in attrs for _tag, attrs in tags.tags)
    assert "url(" not in html and "@import" not in html and "xmlns" not in html
    links = [attrs["href"] for tag, attrs in tags.tags if "href" in attrs]
    assert links and all(href.startswith(("https://www.rfc-editor.org/rfc/", "https://sip.example/sip/"))
                         for href in links)


def test_code_pages_are_linked_only_when_a_base_url_is_given():
    plain = render_report_html(busy_report(), "fr")
    assert "/sip/486-busy-here" not in plain
    relative = render_report_html(busy_report(), "fr", base_url="")
    assert relative.count('href="/fr/sip/486-busy-here"') == 2  # the final response and the finding's heading
    absolute = render_report_html(busy_report(), "en", base_url="https://sip.example/")
    assert absolute.count('href="https://sip.example/sip/486-busy-here"') == 2
    unknown = busy_report(final={"code": 499, "reason": "Whatever"})
    assert 'href="/sip/499' not in render_report_html(unknown, "en", base_url="")


@pytest.mark.parametrize("lang, words", [
    ("fr", ["Constats", "Prochaines étapes", "Champ d'en-tête", "Diagramme en échelle de 8 messages"]),
    ("es", ["Hallazgos", "Próximos pasos", "Cabecera", "Diagrama de escalera de 8 mensajes"]),
    ("de", ["Befunde", "Nächste Schritte", "Header-Feld", "Ablaufdiagramm von 8 Nachrichten"]),
])
def test_interface_strings_are_translated(lang, words):
    import html as html_lib

    html = html_lib.unescape(render_report_html(busy_report(lang), lang))
    assert f'<html lang="{lang}">' in html
    for word in words:
        assert word in html, word
    for english in ("Explained SIP trace", "Findings", "Next steps", "Header field", "What it tells",
                    "The messages as a table", "Ladder diagram of"):
        assert english not in html, english
    if lang == "fr":
        assert "+0,500\u00a0s" in html  # decimal comma


def test_french_typography_in_the_report():
    html = render_report_html(busy_report("fr"), "fr")
    text = re.sub(r"<[^>]+>", "", html[html.index("<body"):])
    for mark in ";!?":
        for match in re.finditer(re.escape(mark), text):
            before = text[match.start() - 1]
            assert before in "\u202f" or not before.isalpha(), text[match.start() - 30:match.end()]


def test_reference_links():
    assert reference_url("RFC 3261 §20.33") == "https://www.rfc-editor.org/rfc/rfc3261#section-20.33"
    assert reference_url("RFC 3261 §A") == "https://www.rfc-editor.org/rfc/rfc3261#appendix-A"
    assert reference_url("RFC 8224") == "https://www.rfc-editor.org/rfc/rfc8224"
    assert reference_url("ITU-T Q.850") is None
    assert reference_url('RFC 3261 §1"><script>') is None


def test_empty_reports_say_why_nothing_is_shown():
    report = busy_report()
    report.update(calls=[], outcomes={"answered": 3})
    assert "Every call in this trace went well: none needs explaining." in render_report_html(report, "en")
    report.update(total_calls=0, outcomes={})
    assert "No call was found in this input." in render_report_html(report, "en")


def test_the_report_of_a_real_capture():
    report = sipcodes.explain(busy_call(), lang="de").to_dict()
    html = render_report_html(report, report["lang"])
    assert len(arrows(html)) == len(report["calls"][0]["messages"]) == 5
    assert "retransmission" in arrows(html)[1] and "failure" in arrows(html)[3]
    assert '<span class="code">486</span> Busy Here' in html
    assert report["calls"][0]["findings"][0]["explanation"] in html.replace("&#39;", "'")
