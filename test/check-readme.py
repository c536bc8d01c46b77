#!/usr/bin/env python3
"""README.md is the map of the tree: this check keeps it complete.

    check-readme.py SOURCE_DIR

Fails (exit 1, one line per problem) when
  - a top-level directory tracked by git is not named in the first column of
    the README's "## Layout" block (e.g. `dialects/ofex`, `tools/`, `.ci/`);
  - a docs/*.md file is not linked from the README (`[...](docs/NAME.md)`);
  - a relative link of the README points at a file that does not exist.
Without git (an exported tree) the top-level directories are the source
directory's, less the ignored build*/ and runs/ and hidden ones but .ci.
Run by ctest as `readme-layout`.
"""
import os
import re
import subprocess
import sys


def tracked_top_dirs(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True,
                             capture_output=True).stdout.decode()
        names = {f.split("/", 1)[0] for f in out.split("\0") if "/" in f}
        if names:
            return names
    except (OSError, subprocess.CalledProcessError):
        pass
    return {d for d in os.listdir(root)
            if os.path.isdir(os.path.join(root, d))
            and not d.startswith("build") and d != "runs"
            and (not d.startswith(".") or d == ".ci")}


def layout_block(readme):
    """The lines of the first code block after the "## Layout" heading."""
    section = re.search(r"^## Layout\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if not section:
        return None
    block = re.search(r"^```[^\n]*\n(.*?)^```", section.group(1), re.M | re.S)
    return block.group(1).splitlines() if block else None


def layout_names(lines):
    """Top-level names in the block's first column: `a/b, c/` -> {a, c}."""
    names = set()
    for line in lines:
        if not line or line[0].isspace():
            continue  # a continuation of the description column
        first = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        for entry in first.split(","):
            entry = entry.strip()
            if entry:
                names.add(entry.split("/", 1)[0])
    return names


def main():
    if len(sys.argv) != 2:
        print("usage: check-readme.py SOURCE_DIR", file=sys.stderr)
        return 2
    root = sys.argv[1]
    readme_path = os.path.join(root, "README.md")
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    problems = []

    lines = layout_block(readme)
    if lines is None:
        problems.append("README.md: no '## Layout' section with a code block")
    else:
        named = layout_names(lines)
        for d in sorted(tracked_top_dirs(root)):
            if d not in named:
                problems.append(f"README.md: the top-level directory '{d}/' is "
                                "not named in the Layout section")

    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    targets = {link.split("#", 1)[0] for link in links
               if not re.match(r"[a-z]+:", link)}
    docs = os.path.join(root, "docs")
    for name in sorted(os.listdir(docs)):
        if name.endswith(".md") and f"docs/{name}" not in targets:
            problems.append(f"README.md: docs/{name} is not linked "
                            f"(add [docs/{name}](docs/{name}))")
    for target in sorted(targets):
        if target and not os.path.exists(os.path.join(root, target)):
            problems.append(f"README.md: the link '{target}' points at nothing")

    for p in problems:
        print(p)
    if not problems:
        print(f"README.md names every top-level directory and links every "
              f"docs/*.md ({len(targets)} link targets exist)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
