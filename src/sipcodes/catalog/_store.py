"""The compiled catalog: every entry exactly as the loader validated it, written when the package is built.

Parsing TOML costs more than the rest of `sipcodes show 486` put together, so the build stores each entry, in each
language, in one file (`data/catalog.marshal`) that the catalog reads one entry at a time. It is a cache of the
loader, never a second parser: `write_store` runs the loader and saves its output field by field (any field an
entry gains is stored with it), noting every data file the loader read for that entry with its fingerprint. An
entry is taken from the store only while those files, the list of codes and the catalog's own code are unchanged;
otherwise the catalog reads the data files as if there were no store, so an edited source checkout is never shown
stale data.

Layout: 8 bytes giving the length of the index, the index (marshal), then one marshal record per entry: the
files it was built from with their fingerprints, and the entry.
"""

from __future__ import annotations

import marshal
import os
import sys

from .._fingerprint import file_fingerprint
from ._load import DATA_DIR, SOURCE_LANG
from ._record import Record

STORE_FILE = "catalog.marshal"
FORMAT = 1
_MARSHAL_VERSION = 4  # readable by every Python the package supports, whichever one built it
_RECORD_TAG = "\0record"  # marks an encoded Record; prose never contains NUL
CATALOG_CODE_DIR = os.path.dirname(__file__)


def code_fingerprint(code_dir: str = CATALOG_CODE_DIR) -> tuple:
    """Fingerprints of the catalog's own modules: a change to the loader or its schema invalidates the store."""
    names = sorted(name for name in os.listdir(code_dir) if name.endswith(".py"))
    return tuple((name, file_fingerprint(os.path.join(code_dir, name))) for name in names)


def _encode(value: object) -> object:
    if isinstance(value, Record):
        cls = type(value)
        return (_RECORD_TAG, f"{cls.__module__}:{cls.__qualname__}", tuple(_encode(v) for v in value._values()))
    if isinstance(value, tuple):
        return tuple(_encode(v) for v in value)
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the compiled catalog")


def _decode(value: object) -> object:
    if isinstance(value, tuple):
        if len(value) == 3 and value[0] == _RECORD_TAG:
            module, _, name = value[1].partition(":")
            cls = getattr(sys.modules[module] if module in sys.modules else __import__(module, fromlist=[name]),
                          name)
            if not (isinstance(cls, type) and issubclass(cls, Record)):
                raise TypeError(f"{value[1]} is not a catalog record")
            return cls(*(_decode(v) for v in value[2]))
        return tuple(_decode(v) for v in value)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


def write_store(path: str | None = None) -> int:
    """Run the loader over every code in every language and write what it returns; return the entry count."""
    import tomllib

    from . import _cache, _source_entry, codes, languages
    from ._translations import translation_file

    data_dir = DATA_DIR
    read: set[str] = set()
    real_load = tomllib.load

    def recording_load(fh, **kwargs):
        read.add(os.path.abspath(fh.name))
        return real_load(fh, **kwargs)

    def dependencies(paths: set[str]) -> tuple:
        rel = sorted(os.path.relpath(p, data_dir).replace(os.sep, "/") for p in paths)
        return tuple((name, file_fingerprint(os.path.join(data_dir, name))) for name in rel)

    records: dict[tuple[int, str], object] = {}
    deps: dict[tuple[int, str], tuple] = {}
    reasons: dict[int, tuple] = {}
    tomllib.load = recording_load
    try:
        for lang in languages():
            for code in codes():
                read.clear()
                _cache.clear()  # so that the loader reads every file this entry depends on
                entry = _source_entry(code, lang)
                used = set(read)
                if lang != SOURCE_LANG:
                    # where its translation is or would be: one added there later must invalidate this entry too
                    used.add(os.path.abspath(translation_file("codes", lang, str(code))))
                records[code, lang] = _encode(entry)
                deps[code, lang] = dependencies(used)
                if lang == SOURCE_LANG:
                    reasons[code] = (entry.reason, deps[code, lang])
    finally:
        tomllib.load = real_load

    blobs = []
    offsets = {}
    position = 0
    for key, blob in records.items():
        blob = marshal.dumps((deps[key], blob), _MARSHAL_VERSION)
        offsets[key] = (position, len(blob))
        blobs.append(blob)
        position += len(blob)
    index = marshal.dumps({
        "format": FORMAT, "code": code_fingerprint(), "codes": codes(), "reasons": reasons, "records": offsets,
    }, _MARSHAL_VERSION)
    path = path or os.path.join(data_dir, STORE_FILE)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(len(index).to_bytes(8, "little"))
        fh.write(index)
        for blob in blobs:
            fh.write(blob)
    os.replace(tmp, path)
    return len(records)


class Store:
    """An opened store; `entry` and `reason` answer None whenever the sources have changed since it was built."""

    def __init__(self, path: str, index: dict, start: int):
        self.path = path
        self._index = index
        self._start = start

    @classmethod
    def open(cls, known_codes: tuple[int, ...], path: str | None = None) -> Store | None:
        """The store beside the data, or None when there is none or it no longer matches the catalog's code."""
        path = path or os.path.join(DATA_DIR, STORE_FILE)
        try:
            with open(path, "rb") as fh:
                size = int.from_bytes(fh.read(8), "little")
                index = marshal.loads(fh.read(size))
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if not isinstance(index, dict) or index.get("format") != FORMAT or index.get("codes") != known_codes:
            return None
        if index.get("code") != code_fingerprint():
            return None
        return cls(path, index, 8 + size)

    def _current(self, deps: tuple) -> bool:
        try:
            return all(file_fingerprint(os.path.join(DATA_DIR, name)) == recorded for name, recorded in deps)
        except OSError:
            return False

    def entry(self, code: int, lang: str):
        """The stored entry for (code, lang) if its sources are unchanged, else None."""
        found = self._index["records"].get((code, lang))
        if found is None:
            return None
        offset, length = found
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self._start + offset)
                deps, encoded = marshal.loads(fh.read(length))
            return _decode(encoded) if self._current(deps) else None
        except Exception:  # a damaged or incompatible record: the data files are still there to read
            return None

    def reason(self, code: int) -> str | None:
        found = self._index["reasons"].get(code)
        if found is None or not self._current(found[1]):
            return None
        return found[0]

