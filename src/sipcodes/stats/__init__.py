"""Call statistics over many captures and logs: responses by code and method, calls by outcome, per peer and per
hour, retransmissions, and the RFC 6076 §4 session metrics, each code placed by its catalog facts.

    >>> import sipcodes
    >>> result = sipcodes.stats(["day1/", "day2.pcap"], workers=2)
    >>> result.to_dict()["calls"]["outcomes"], [(m.name, m.value) for m in result.metrics]
    >>> result.errors      # inputs that could not be read: [{"input": ..., "error": ...}]

Each input is read and counted on its own (in worker processes, or on a Dask cluster with `scheduler=`), and the
counts are added up, so the result is the same however the work was spread. `sipcodes.stats` is this module made
callable, like `sipcodes.explain`.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Iterable

from ..errors import SipcodesError
from ._ranges import SPLIT_BYTES
from ._model import DIMENSIONS, SCHEMA_VERSION, VARIANTS, Metric, Statistics, metrics
from ._tally import Tally, expand, merge, tally_input

__all__ = ["DIMENSIONS", "Metric", "NoInput", "SCHEMA_VERSION", "Statistics", "Tally", "VARIANTS", "expand", "merge",
           "metrics", "stats", "tally_input"]


class NoInput(SipcodesError, ValueError):
    """No input file was given, or the directories given hold none."""


def stats(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, by: str = "code",
          workers: int | None = None, scheduler: object = None, variants: Iterable[str] = (),
          progress: Callable[[int, int], None] | None = None, split_bytes: int | None = SPLIT_BYTES) -> Statistics:
    """Count the calls in `paths` (files of any format `explain` reads, and directories, read recursively).

    `workers` local processes count the files (default: the CPU count; 1 counts in this process); with
    `scheduler` (a Dask scheduler address such as ``"tcp://host:8786"`` or a `distributed.Client`) the files are
    counted on that cluster instead, where they must be readable under the same names. `by` chooses the table
    `rows()` gives (`code`, `outcome`, `peer`, `hour`); `variants` adds practice variants of the metrics
    (`VARIANTS`). A local classic pcap file larger than `split_bytes` is counted in byte ranges of that size, as
    separate tasks (None: never split); calls cut by a range or file boundary are joined when the counts are
    merged. `progress(done, total)` is called as tasks finish. Inputs that cannot be read are listed in
    `.errors` and skipped; raises `NoInput` when there is no input at all, ValueError for a bad option.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"by must be one of {', '.join(DIMENSIONS)}, not {by!r}")
    variants = tuple(dict.fromkeys(variants))
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise ValueError(f"unknown variant {unknown[0]!r}; valid: {', '.join(VARIANTS)}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = expand([os.fspath(p) for p in paths])
    if not files:
        raise NoInput("no input files found")
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    from ._ranges import plan
    from ._run import run_dask, run_local

    parts = [part for path in files for part in plan(path, split_bytes)]
    if scheduler is not None:
        tally = run_dask(parts, scheduler, progress)
    else:
        tally = run_local(parts, workers, progress)
    _no_sip_in_ranges(tally)
    return Statistics(tally, by=by, variants=variants)


def _no_sip_in_ranges(tally: Tally) -> None:
    """A file counted in byte ranges that held no SIP message in any range is an input error, like a whole file."""
    seen: dict[str, list[int]] = {}
    for one in tally.inputs:
        if one.get("range") is not None and one["error"] is None:
            counts = seen.setdefault(one["input"], [0, 0])
            counts[0] += one["messages"]
            counts[1] += one["packets"]
    for path, (messages, packets) in seen.items():
        if messages == 0:
            tally.errors.append({"input": path, "error": f"no SIP message found ({packets} records read)"})


class _CallableModule(types.ModuleType):
    """`sipcodes.stats(...)` calls `stats`; attribute access works as for any module."""

    def __call__(self, paths, **options: object) -> Statistics:
        return stats(paths, **options)


sys.modules[__name__].__class__ = _CallableModule
