"""Renders `sipcodes stats` results: a readable text report in the chosen language (with bar charts), CSV and
Parquet tables. The JSON form is `Statistics.to_dict()` as it is."""

from __future__ import annotations

import csv
import io

_BAR = "█"
#: how many failure codes the text report explains
TOP_FAILURES = 10


def _bar(n: int, largest: int, width: int) -> str:
    if not largest or not n:
        return ""
    return _BAR * max(1, round(width * n / largest))


def render_stats_text(result, lang: str = "en", *, width: int = 100, color: bool = False) -> str:
    """The report: inputs and what was skipped, calls by outcome, the most frequent failure codes with their
    one-line summaries and a call to explain, a bar chart of response codes, the table `result.by` asks for, and
    the metrics with their definitions."""
    from .. import catalog
    from ..catalog import _vocab
    from babel.numbers import format_decimal

    from ..i18n import translator

    _ = translator(lang)

    def num(value: float, places: int | None = None) -> str:
        """A number written the way `lang` writes it (1,234.5 · 1 234,5 · 1.234,5)."""
        if places is None:
            return format_decimal(value, locale=lang)
        return format_decimal(value, format="#,##0." + "0" * places, locale=lang)

    data = result.to_dict()
    out: list[str] = []
    bar_width = max(10, min(40, width - 50))

    def heading(text: str) -> None:
        out.append("")
        out.append(f"\x1b[1m{text}\x1b[0m" if color else text)

    counted = result.counted_inputs
    time_range = ""
    if data["time"]["first"]:
        time_range = ", " + _("from %(first)s to %(last)s") % data["time"]
    out.append(_("inputs counted: %(inputs)s (skipped: %(skipped)s); records: %(packets)s; SIP messages: "
                 "%(messages)s; calls: %(calls)s") % {"inputs": num(counted), "skipped": num(len(data["errors"])),
                                       "packets": num(data["packets"]), "messages": num(data["messages"]),
                                       "calls": num(data["calls"]["total"])} + time_range)

    outcomes = data["calls"]["outcomes"]
    if outcomes:
        heading(_("Calls by outcome"))
        total = sum(outcomes.values())
        largest = max(outcomes.values())
        labels = {o: _(_vocab.OUTCOMES[o]) if o in _vocab.OUTCOMES else o for o in outcomes}
        label_width = max(len(label) for label in labels.values())
        for outcome, n in sorted(outcomes.items(), key=lambda item: (-item[1], item[0])):
            out.append(f"  {labels[outcome]:<{label_width}}  {num(n):>10}  {num(100 * n / total, 1):>5}%  "
                       f"{_bar(n, largest, bar_width)}")

    failures = [(int(code), n) for code, n in data["calls"]["final_codes"].items() if int(code) >= 300]
    if failures:
        heading(_("Calls that ended in failure, by final response"))
        failures.sort(key=lambda item: (-item[1], item[0]))
        largest = failures[0][1]
        for code, n in failures[:TOP_FAILURES]:
            reason, summary = _code_text(catalog, code, lang)
            out.append(f"  {code} {reason:<28.28} {num(n):>10}  {_bar(n, largest, bar_width)}")
            if summary:
                out.append(f"      {summary}")
            sample = data["samples"].get(str(code))
            if sample:
                out.append("      " + _("explain one: %(command)s") % {
                    "command": f"sipcodes explain {_quote(sample['input'])} --call {_quote(sample['call_id'])}"})
        if len(failures) > TOP_FAILURES:
            out.append("  " + _("other failure codes: %(count)s") % {"count": len(failures) - TOP_FAILURES})

    responses = data["responses"]
    if responses:
        heading(_("Responses by code (retransmissions included)"))
        largest = max(responses.values())
        for code, n in responses.items():
            reason, _summary = _code_text(catalog, int(code), lang)
            out.append(f"  {code} {reason:<28.28} {num(n):>10}  {_bar(n, largest, bar_width)}")
        retrans = data["retransmissions"]
        out.append("  " + _("retransmissions: %(requests)s requests, %(responses)s responses") % {
            "requests": num(retrans["requests"]), "responses": num(retrans["responses"])})

    if result.by in ("peer", "hour"):
        table = data["peers"] if result.by == "peer" else data["hours"]
        heading(_("Calls by peer") if result.by == "peer" else _("Calls by hour (UTC)"))
        if table:
            key_width = max(len(key) for key in table)
            for key, row in table.items():
                parts = ", ".join(f"{_(_vocab.OUTCOMES.get(o, o))} {num(n)}"
                                  for o, n in sorted(row["outcomes"].items(), key=lambda item: -item[1]))
                out.append(f"  {key:<{key_width}}  {num(row['calls']):>10}  {parts}")

    heading(_("Session metrics"))
    for metric in result.metrics:
        value = _("undefined (no attempts)") if metric.value is None else f"{num(metric.value, 2)}%"
        where = f"RFC {metric.rfc} §{metric.section}" if metric.rfc else _("practice, not an RFC metric")
        out.append(f"  {metric.name:<5} " + _("%(title)s: %(value)s (%(numerator)s / %(denominator)s; %(where)s)") % {
            "title": _(metric.title), "value": value, "numerator": num(metric.numerator),
            "denominator": num(metric.denominator), "where": where})
        out.append(f"        {_(metric.definition)}")
        if metric.variant == "exclude-challenges":
            from ..stats import VARIANTS

            out.append(f"        {_(VARIANTS['exclude-challenges'])}")
    for delay in result.delays:
        if delay.count:
            value = _("mean %(mean)s ms, median %(median)s ms, 95th percentile %(p95)s ms, longest %(max)s ms") % {
                "mean": num(delay.mean, 3), "median": num(delay.median, 3), "p95": num(delay.p95, 3),
                "max": num(delay.maximum, 3)}
        else:
            value = _("none measured")
        out.append(f"  {delay.name:<5} " + _("%(title)s: %(value)s (%(count)s measured; %(where)s)") % {
            "title": _(delay.title), "value": value, "count": num(delay.count),
            "where": f"RFC {delay.rfc} §{delay.section}"})
        out.append(f"        {_(delay.definition)}")
    registrations = data["registrations"]
    if registrations:
        parts = ", ".join(f"{code} {num(n)}" for code, n in registrations.items())
        out.append("  " + _("REGISTER requests by final response: %(counts)s") % {"counts": parts})
    return "\n".join(out).lstrip("\n") + "\n"


def _code_text(catalog, code: int, lang: str) -> tuple[str, str]:
    """The reason phrase and one-line summary of `code` in `lang`, or empty strings for an unregistered code."""
    from ..errors import UnknownCode

    try:
        entry = catalog.get(code, lang)
    except UnknownCode:
        return "", ""
    return entry.reason, entry.summary


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def render_stats_csv(result, by: str | None = None) -> str:
    """The table `by` (default: the result's own) as CSV with a header row."""
    columns, rows = result.rows(by)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def write_stats_parquet(result, target, by: str | None = None) -> None:
    """The table `by` as a Parquet file (`target`: a path or binary file object); needs pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("Parquet output needs pyarrow (pip install 'sipcodes[parquet]')") from None
    columns, rows = result.rows(by)
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
    pq.write_table(table, target)

