"""Running `tally_input` over many inputs: in this process, in local worker processes (concurrent.futures), or on a
Dask cluster (`distributed`, an optional dependency). Every way gives the same merged tally for the same inputs."""

from __future__ import annotations

import os
from collections.abc import Callable

from ._tally import Tally, merge, tally_input

Progress = Callable[[int, int], None]


def _safe_tally(part: str | tuple[str, int, int]) -> Tally:
    """`tally_input`, with any unexpected failure turned into an error entry for that input instead of stopping
    the whole run."""
    try:
        return tally_input(part)
    except Exception as error:  # noqa: BLE001 - one bad input must not lose the others' counts
        tally = Tally()
        path = part[0] if isinstance(part, tuple) else part
        message = f"could not be counted: {type(error).__name__}: {error}"
        tally.errors.append({"input": path, "error": message})
        tally.inputs.append({"input": path, "range": list(part[1:]) if isinstance(part, tuple) else None,
                             "format": "", "packets": 0, "messages": 0, "skipped": 0, "damaged": 0,
                             "error": message})
        return tally


def run_local(paths: list, workers: int | None, progress: Progress | None = None) -> Tally:
    """Count `paths` with `workers` processes (default: the CPU count; 1 counts in this process)."""
    if workers is None:
        workers = os.cpu_count() or 1
    workers = max(1, min(workers, len(paths) or 1))
    results: list[Tally | None] = [None] * len(paths)
    done = 0
    if workers == 1:
        for i, path in enumerate(paths):
            results[i] = _safe_tally(path)
            done += 1
            if progress:
                progress(done, len(paths))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # fork where there is one: the workers start at once with the catalog already loaded, and the `sipcodes`
        # script, which is no importable module, need not be imported again by each worker
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_safe_tally, path): i for i, path in enumerate(paths)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                done += 1
                if progress:
                    progress(done, len(paths))
    return merge([r for r in results if r is not None])


def run_dask(paths: list, scheduler: object, progress: Progress | None = None) -> Tally:
    """Count `paths` on a Dask cluster: `scheduler` is its address (``tcp://host:8786``) or a
    `distributed.Client`. One task per input; the inputs must be readable by the workers under the same names
    (a shared filesystem, or URLs fsspec can open)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise RuntimeError("a Dask scheduler needs the distributed package (pip install 'sipcodes[distributed]')") \
            from None
    own = not isinstance(scheduler, Client)
    client = Client(scheduler, set_as_default=False) if own else scheduler
    try:
        # pure=False: the same path read again (a file that grew) must be counted again, not served from cache
        futures = client.map(_safe_tally, paths, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[Tally | None] = [None] * len(paths)
        done = 0
        for future in as_completed(futures):
            results[index[future.key]] = future.result()
            done += 1
            if progress:
                progress(done, len(paths))
    finally:
        if own:
            client.close()
    return merge([r for r in results if r is not None])
