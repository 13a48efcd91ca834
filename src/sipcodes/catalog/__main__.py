"""`python -m sipcodes.catalog [CODE ...]`: validate data files and print one line per problem.

`python -m sipcodes.catalog --compile [PATH]` writes the compiled store (the build does this; see `_store`).
"""

import sys

from ..errors import SipcodesError
from . import _source_entry, codes


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compile"]:
        from ._store import write_store

        count = write_store(*argv[1:2])
        print(f"compiled {count} entries")
        return 0
    targets = [int(a) for a in argv] if argv else list(codes())
    problems = 0
    for code in targets:
        try:
            _source_entry(code, "en")  # the data files themselves, not the compiled store
        except SipcodesError as exc:
            problems += 1
            print(exc, file=sys.stderr)
    print(f"{len(targets) - problems} valid, {problems} invalid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
