#!/usr/bin/env python3
"""Validate bench/people/mentions.jsonl against the text corpus.

Usage:  python3 bench/people/check.py [CORPORA_DIR]

CORPORA_DIR defaults to ../shared/corpora relative to the repository root
(this script lives in bench/people/, so the repo root is two levels up).
Checks: every labelled file exists; start/end are character offsets (Python
str indices into the UTF-8 decoded file) that give exactly `text`; mentions
do not overlap each other; no mention overlaps a negative; every mention has
a non-empty `person`; flags are known. Prints counts. Exit code 1 on error.
Standard library only.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MENTIONS = os.path.join(HERE, "mentions.jsonl")
KNOWN_FLAGS = {"genitive", "fictional", "initial"}


def main(argv):
    corpora = argv[1] if len(argv) > 1 else os.path.join(REPO, "..", "shared", "corpora")
    corpora = os.path.normpath(corpora)
    if not os.path.isdir(corpora):
        print(f"ERROR: corpora folder not found: {corpora}\n"
              f"Pass it as an argument: python3 {os.path.relpath(__file__)} PATH/TO/corpora",
              file=sys.stderr)
        return 2
    errors = []
    n_art = n_ment = n_neg = 0
    persons = set()            # (path, person) pairs
    distinct = set()           # canonical names over the whole set
    per_section = collections.defaultdict(lambda: [0, 0, 0])  # articles, mentions, negatives
    flags = collections.Counter()
    single_token = 0
    no_person_articles = 0
    seen_paths = set()

    with open(MENTIONS, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {lineno}: invalid JSON: {e}")
                continue
            path = obj.get("path")
            where = f"line {lineno} ({path})"
            if not path:
                errors.append(f"{where}: missing path")
                continue
            if path in seen_paths:
                errors.append(f"{where}: duplicate path")
            seen_paths.add(path)
            full = os.path.join(corpora, path)
            if not os.path.isfile(full):
                errors.append(f"{where}: file does not exist: {full}")
                continue
            with open(full, encoding="utf-8") as tf:
                text = tf.read()
            mentions = obj.get("mentions", [])
            negatives = obj.get("negatives", [])
            n_art += 1
            section = path.split("/")[1] if path.startswith("gnad/") else path.split("/")[0]
            per_section[section][0] += 1
            per_section[section][1] += len(mentions)
            per_section[section][2] += len(negatives)
            if not mentions:
                no_person_articles += 1

            def span_ok(kind, i, sp):
                s, e, t = sp.get("start"), sp.get("end"), sp.get("text")
                if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                    errors.append(f"{where}: {kind} #{i}: bad offsets {s}-{e}")
                    return False
                if text[s:e] != t:
                    errors.append(f"{where}: {kind} #{i}: text[{s}:{e}]={text[s:e]!r} != {t!r}")
                    return False
                return True

            ok_m = []
            for i, m in enumerate(mentions):
                if span_ok("mention", i, m):
                    ok_m.append(m)
                if not str(m.get("person", "")).strip():
                    errors.append(f"{where}: mention #{i} {m.get('text')!r}: empty person")
                for f in m.get("flags", []):
                    if f not in KNOWN_FLAGS:
                        errors.append(f"{where}: mention #{i}: unknown flag {f!r}")
                    flags[f] += 1
                if " " not in m.get("text", ""):
                    single_token += 1
                persons.add((path, m.get("person")))
                distinct.add(m.get("person"))
            ok_n = [n for i, n in enumerate(negatives) if span_ok("negative", i, n)]

            ms = sorted(ok_m, key=lambda m: m["start"])
            for a, b in zip(ms, ms[1:]):
                if b["start"] < a["end"]:
                    errors.append(f"{where}: overlapping mentions {a['text']!r}@{a['start']} / {b['text']!r}@{b['start']}")
            for m in ok_m:
                for n in ok_n:
                    if m["start"] < n["end"] and n["start"] < m["end"]:
                        errors.append(f"{where}: mention {m['text']!r}@{m['start']} overlaps negative {n['text']!r}@{n['start']}")
            n_ment += len(mentions)
            n_neg += len(negatives)

    print(f"corpora:            {corpora}")
    print(f"articles:           {n_art} ({no_person_articles} without any person)")
    print(f"mentions:           {n_ment} (single-token: {single_token})")
    print(f"article-persons:    {len(persons)}  (distinct canonical names overall: {len(distinct)})")
    print(f"negatives:          {n_neg}")
    print("flags:              " + ", ".join(f"{k}={v}" for k, v in sorted(flags.items())))
    print("per section:        articles / mentions / negatives")
    for sec in sorted(per_section):
        a, m, n = per_section[sec]
        print(f"  {sec:14s} {a:4d} {m:6d} {n:6d}")
    if errors:
        print(f"\n{len(errors)} ERROR(S):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
