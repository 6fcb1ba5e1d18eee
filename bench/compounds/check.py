#!/usr/bin/env python3
"""Validate bench/compounds/words.tsv against the text corpus.

Usage:  python3 bench/compounds/check.py [CORPORA_DIR]

CORPORA_DIR defaults to ../shared/corpora relative to the repository root
(this script lives in bench/compounds/, so the repo root is two levels up).

Checks:
  * the header is exactly  word<TAB>label<TAB>segments<TAB>note
  * every row has four fields; word and segments are not empty
  * label is one of compound, simple, ambiguous
  * a word contains no hyphen, no space and no digit
  * no word occurs twice (compared case-insensitively)
  * segments with the '|' removed equal the lower-cased word; no empty part
  * compound and ambiguous rows have at least two parts; simple rows exactly one
  * every word occurs in the corpus as a standalone token, with the same
    capitalisation. A token is a maximal run of word characters and hyphens,
    so a word found only inside a hyphenated form (Nato-Osterweiterung,
    Bundes- und ...) does not count.
Prints counts per label and the number of parts per compound.
Exit code 0 if all checks pass, 1 on a data error, 2 if the corpus is missing.
Standard library only.
"""
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WORDS = os.path.join(HERE, "words.tsv")
HEADER = ["word", "label", "segments", "note"]
LABELS = ("compound", "simple", "ambiguous")
TOKEN = re.compile(r"[\w-]+")
BAD_WORD = re.compile(r"[-\s\d_|]")


def corpus_tokens(corpora):
    """Return a Counter of tokens over all *.txt files below corpora."""
    tokens = collections.Counter()
    n_files = 0
    for dirpath, dirnames, filenames in os.walk(corpora):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                tokens.update(TOKEN.findall(fh.read()))
            n_files += 1
    return tokens, n_files


def main(argv):
    corpora = argv[1] if len(argv) > 1 else os.path.join(REPO, "..", "shared", "corpora")
    corpora = os.path.normpath(corpora)
    if not os.path.isdir(corpora):
        print(f"ERROR: corpora folder not found: {corpora}\n"
              f"Pass it as an argument: python3 {os.path.relpath(__file__)} PATH/TO/corpora",
              file=sys.stderr)
        return 2
    tokens, n_files = corpus_tokens(corpora)
    if n_files == 0:
        print(f"ERROR: no .txt files found below {corpora}", file=sys.stderr)
        return 2

    errors = []
    labels = collections.Counter()
    parts = collections.Counter()
    seen = {}
    rows = 0
    with open(WORDS, encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        errors.append(f"line 1: header must be {'<TAB>'.join(HEADER)!r}")
        lines = lines[1:] if lines else []
    else:
        lines = lines[1:]
    for lineno, line in enumerate(lines, 2):
        if line.endswith("\r"):
            errors.append(f"line {lineno}: CRLF line ending")
            line = line[:-1]
        fields = line.split("\t")
        if len(fields) != 4:
            errors.append(f"line {lineno}: expected 4 tab-separated fields, got {len(fields)}")
            continue
        word, label, segments, note = fields
        rows += 1
        where = f"line {lineno} ({word!r})"
        if not word or word != word.strip():
            errors.append(f"{where}: empty word or surrounding whitespace")
            continue
        if BAD_WORD.search(word):
            errors.append(f"{where}: word must be a single word without hyphen, space or digit")
        if label not in LABELS:
            errors.append(f"{where}: unknown label {label!r}")
        else:
            labels[label] += 1
        key = word.lower()
        if key in seen:
            errors.append(f"{where}: duplicate of line {seen[key]}")
        else:
            seen[key] = lineno
        segs = segments.split("|")
        if any(s == "" for s in segs):
            errors.append(f"{where}: empty part in segments {segments!r}")
        if segments.replace("|", "") != word.lower():
            errors.append(f"{where}: segments {segments!r} do not join to {word.lower()!r}")
        if label == "simple" and len(segs) != 1:
            errors.append(f"{where}: simple word must have a single segment")
        if label in ("compound", "ambiguous") and len(segs) < 2:
            errors.append(f"{where}: {label} needs at least two segments")
        if label == "compound":
            parts[len(segs)] += 1
        if tokens[word] == 0:
            errors.append(f"{where}: does not occur as a standalone token in {corpora}")

    for e in errors:
        print("ERROR:", e)
    print(f"corpus: {n_files} files, {len(tokens)} distinct tokens")
    print(f"rows: {rows}")
    for label in LABELS:
        print(f"  {label:10s} {labels[label]}")
    print("compound parts: " + ", ".join(f"{k} parts: {parts[k]}" for k in sorted(parts)))
    if errors:
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
