"""Writes a word list of archivar's data: a header of comment lines, then one entry per line,
sorted. Shared by the make_*.py scripts of this folder."""

import os


def write_list(file_name, header, entries):
    """Writes `entries` sorted, one per line, under the comment lines `header` (without
    their `# `), to `file_name` beside this script; prints where and how many."""
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), file_name)
    with open(out, "w", encoding="utf-8") as listing:
        for line in header:
            listing.write(f"# {line}\n")
        for entry in sorted(entries):
            listing.write(entry + "\n")
    print(f"{len(entries)} entries -> {out}")
