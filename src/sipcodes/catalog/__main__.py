"""`python -m sipcodes.catalog [--data-dir DIR]`: check every data file; one line per problem, exit 1 if any.

`python -m sipcodes.catalog --compile [PATH]` writes the compiled store instead (the build does this; see `_store`).
"""

from __future__ import annotations

import argparse
import os
import sys

from ._check import check_catalog
from ._load import DATA_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sipcodes.catalog",
        description="Check every catalog data file (codes, pair notes, glossary terms and their translations) "
                    "against the schema; print one line per problem, naming the file and the field.")
    # argparse would print the usage block; one line says what is wrong
    parser.error = lambda message: parser.exit(2, f"{parser.prog}: error: {message}\n")  # type: ignore[method-assign]
    parser.add_argument("--data-dir", default=DATA_DIR, metavar="DIR",
                        help="the data folder to check (default: the package's own)")
    parser.add_argument("--compile", nargs="?", const="", metavar="PATH",
                        help="write the compiled catalog store (to PATH, default: the package's) instead of checking")
    args = parser.parse_args(argv)
    if args.compile is not None:
        from ._store import write_store

        print(f"compiled {write_store(*([args.compile] if args.compile else []))} entries")
        return 0
    if not os.path.isdir(args.data_dir):
        parser.exit(2, f"{parser.prog}: error: {args.data_dir} is not a directory\n")
    files, problems = check_catalog(args.data_dir)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} files checked",
              file=sys.stderr)
        return 1
    print(f"{files} files checked, no problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
