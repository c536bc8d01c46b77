#!/usr/bin/env python3
"""Issue 19's rule for the trainer: no function in runtime/train longer than
60 lines (signature to closing brace). Functions are found as clang-format
lays them out: a definition starts at column 0 (a free function or a member
defined out of line), its body ends at the first line that is a closing
brace at column 0.

usage: check-function-length.py SOURCE_DIR [--max N]
Exit status: 0 all within the limit, 1 a longer function (each printed).
"""
import glob
import os
import re
import sys

NOT_A_FUNCTION = re.compile(r"(//|#|namespace|}|using|struct|class|enum|template|"
                            r"static const|const |constexpr|typedef|extern)")


def long_functions(path, limit):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line and not line[0].isspace() and not NOT_A_FUNCTION.match(line):
            j = i  # the signature may span lines; it ends at '{' or ';'
            while j < len(lines) and not lines[j].rstrip().endswith(("{", ";")):
                j += 1
            if j < len(lines) and lines[j].rstrip().endswith("{"):
                k = j + 1
                while k < len(lines) and not lines[k].startswith("}"):
                    k += 1
                if k - i + 1 > limit:
                    yield i + 1, k - i + 1, line.strip()
                i = k
        i += 1


def main():
    args = sys.argv[1:]
    limit = 60
    if "--max" in args:
        at = args.index("--max")
        limit = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(args[0], "runtime/train/lib/*.cpp")))
    bad = 0
    for path in files:
        for line, n, text in long_functions(path, limit):
            print(f"{os.path.relpath(path, args[0])}:{line}: {n} lines (> {limit}): {text}")
            bad += 1
    if bad:
        return 1
    print(f"{len(files)} files of runtime/train: every function within {limit} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
