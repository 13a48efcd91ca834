"""JSON output: the documented contract of entries and of the code list."""

from __future__ import annotations

import json

from .. import catalog


def render_json(entry: catalog.Entry) -> str:
    return json.dumps(entry.to_dict(), ensure_ascii=False, indent=2) + "\n"


def list_item(entry: catalog.Entry) -> dict:
    return {"code": entry.code, "reason": entry.reason, "class": entry.klass, "status": entry.status,
            "final": entry.final, "summary": entry.summary}


def render_list_json(entries: list[catalog.Entry]) -> str:
    return json.dumps([list_item(e) for e in entries], ensure_ascii=False, indent=2) + "\n"
