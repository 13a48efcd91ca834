"""JSON output: the documented contract of entries and of the code list."""

from __future__ import annotations

import json

from .. import catalog


def entry_dict(entry: catalog.Entry) -> dict:
    """An entry's JSON with what each platform does with the code (`platforms`)."""
    data = entry.to_dict()
    data["platforms"] = {name: p.for_code(entry.code) for name, p in catalog.platforms(entry.lang).items()}
    return data


def render_json(entry: catalog.Entry) -> str:
    return json.dumps(entry_dict(entry), ensure_ascii=False, indent=2) + "\n"


def cause_dict(cause) -> dict:
    """A Q.850 cause's JSON with each platform's mapping of it (`platforms`)."""
    data = cause.to_dict()
    data["platforms"] = {name: p.for_cause(cause.cause) for name, p in catalog.platforms(cause.lang).items()
                         if p.sip_to_cause is not None or p.cause_to_sip is not None}
    return data


def render_cause_json(cause) -> str:
    return json.dumps(cause_dict(cause), ensure_ascii=False, indent=2) + "\n"


def render_warning_json(warning) -> str:
    return json.dumps(warning.to_dict(), ensure_ascii=False, indent=2) + "\n"


def list_item(entry: catalog.Entry) -> dict:
    return {"code": entry.code, "reason": entry.reason, "class": entry.klass, "status": entry.status,
            "final": entry.final, "summary": entry.summary}


def render_list_json(entries: list[catalog.Entry]) -> str:
    return json.dumps([list_item(e) for e in entries], ensure_ascii=False, indent=2) + "\n"
