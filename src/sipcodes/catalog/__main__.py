"""`python -m sipcodes.catalog [CODE ...]`: validate data files and print one line per problem."""

import sys

from ..errors import SipcodesError
from . import codes, get


def main(argv: list[str]) -> int:
    targets = [int(a) for a in argv] if argv else list(codes())
    problems = 0
    for code in targets:
        try:
            get(code)
        except SipcodesError as exc:
            problems += 1
            print(exc, file=sys.stderr)
    print(f"{len(targets) - problems} valid, {problems} invalid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
