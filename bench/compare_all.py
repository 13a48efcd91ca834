"""Time and peak memory to build every comparison in every format (text, markdown, json, html) in one process.

Beside it, the same loop over a trivial formatter gives the interpreter's own floor for that many calls.
Usage: python bench/compare_all.py
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import resource
import time
import tracemalloc


def main() -> None:
    t0 = time.perf_counter()
    import sipcodes
    from sipcodes.comparison import compare
    from sipcodes.render.html import render_comparison_html
    from sipcodes.render.layout import comparison_layout
    from sipcodes.render.markdown import render_blocks as to_markdown
    from sipcodes.render.text import render_blocks as to_text

    codes = sipcodes.codes()
    pairs = list(itertools.combinations(codes, 2))
    t_import = time.perf_counter() - t0

    def build_all() -> int:
        size = 0
        for a, b in pairs:
            c = compare(a, b)
            blocks = comparison_layout(c)
            for out in (to_text(blocks), to_markdown(blocks), json.dumps(c.to_dict(), ensure_ascii=False),
                        render_comparison_html(c)):
                size += len(out)
        return size

    t1 = time.perf_counter()
    total_bytes = build_all()
    elapsed = time.perf_counter() - t1
    # memory in a second pass: tracing slows Python down several times, so it is not timed
    tracemalloc.start()
    build_all()
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # baseline: the same number of iterations formatting a constant string, in the same process
    t2 = time.perf_counter()
    for a, b in pairs:
        for _ in range(4):
            total_bytes += len(f"{a} vs {b}")
    floor = time.perf_counter() - t2

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d')}")
    print(f"codes: {len(codes)}   pairs: {len(pairs)}   renderings: {len(pairs) * 4}   output: {total_bytes / 1e6:.1f} MB")
    print(f"imports:                      {t_import * 1000:8.1f} ms")
    print(f"all pairs × 4 formats:        {elapsed:8.2f} s   ({elapsed / len(pairs) * 1000:.2f} ms per pair)")
    print(f"baseline loop (no rendering): {floor * 1000:8.2f} ms")
    print(f"peak traced Python memory:    {peak_traced / 1e6:8.1f} MB (second, untimed pass)   "
          f"process max RSS {rss_mb:.0f} MB")
    print(f"target: under 5 s — {'met' if elapsed < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
