#!/usr/bin/env python3
"""Validate the archivar relevance development set against the corpus.

Usage:
    python3 bench/relevance/check.py [CORPORA_DIR]

CORPORA_DIR is the folder that holds `seed/` and `gnad/`. Without it, the
checker uses `../shared/corpora` relative to the repository root (the root is
two levels above this script, which lives in bench/relevance/).

Checks:
  * both TSV files have the expected header and the right number of columns;
  * query ids are unique, look like q01, q02, ...; every query has a
    non-empty text, a known kind and a note;
  * every query id in dev-qrels.tsv is defined in dev-queries.tsv, and every
    query has judgements;
  * every passage is written `PATH#N`, PATH relative to CORPORA_DIR, and the
    file exists; N is a body paragraph of that file (house format rules, see
    below); gnad articles are one paragraph, so only `#1` is valid there
    (other files, such as the licence note gnad/SOURCE.md, which pooled
    search results can contain, are counted under the house-format rules);
  * grades are integers 0..3; no (query, passage) pair is judged twice;
  * every query has at least one passage with grade >= 2.

Paragraph rules (house format, as in the archivar README): paragraphs are
separated by blank lines; an optional leading `date YYYY-MM[-DD]` marker is
not text; a block that is a single short line without final punctuation is a
subheading (or the title), not a paragraph. Body paragraphs count from 1.

Exit code 0 when everything is valid, 1 when problems were found, 2 when the
corpora folder or a TSV file is missing.

Standard library only.
"""

import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_CORPORA = os.path.join(REPO_ROOT, "..", "shared", "corpora")

QUERIES_FILE = os.path.join(HERE, "dev-queries.tsv")
QRELS_FILE = os.path.join(HERE, "dev-qrels.tsv")

KINDS = {"topic", "person", "place", "compound", "variant", "typo", "phrase"}
QUERY_HEADER = ["id", "query", "kind", "note"]
QRELS_HEADER = ["query_id", "passage", "grade"]

DATE_MARKER = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?(?:\s+|$)")
# A subheading is a single short line that does not end like a sentence.
SUBHEADING_MAX_CHARS = 100
SENTENCE_END = tuple(".!?:;…\"'“”„«»)]")


def read_text(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def body_paragraphs(text):
    """Return the body paragraphs of a house-format text (subheadings removed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = DATE_MARKER.sub("", text, count=1)
    blocks = re.split(r"\n\s*\n", text)
    paragraphs = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if (
            len(lines) == 1
            and len(lines[0]) <= SUBHEADING_MAX_CHARS
            and not lines[0].endswith(SENTENCE_END)
        ):
            continue  # title or subheading
        paragraphs.append(" ".join(lines))
    return paragraphs


def read_tsv(path, header, problems):
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        problems.append(f"{os.path.basename(path)}: file is empty")
        return rows
    got = lines[0].split("\t")
    if got != header:
        problems.append(
            f"{os.path.basename(path)}: header is {got!r}, expected {header!r}"
        )
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            problems.append(f"{os.path.basename(path)}:{n}: empty line")
            continue
        cols = line.split("\t")
        if len(cols) != len(header):
            problems.append(
                f"{os.path.basename(path)}:{n}: {len(cols)} columns, expected {len(header)}"
            )
            continue
        rows.append((n, cols))
    return rows


class PassageRefs:
    """Checks passage references (PATH#N, PATH relative to the corpora folder)."""

    def __init__(self, corpora):
        self.corpora = corpora
        self.paragraphs = {}

    def problem(self, passage):
        """What is wrong with the reference `passage`, or None."""
        m = re.fullmatch(r"([^#]+)#(\d+)", passage)
        if not m:
            return f"passage {passage!r} is not PATH#N"
        rel, num = m.group(1), int(m.group(2))
        if rel.startswith("/") or ".." in rel.split("/") or "\\" in rel:
            return f"path {rel!r} must be relative to the corpora folder"
        path = os.path.join(self.corpora, *rel.split("/"))
        if not os.path.isfile(path):
            return f"file not found: {rel}"
        if rel not in self.paragraphs:
            self.paragraphs[rel] = len(body_paragraphs(read_text(path)))
        count = self.paragraphs[rel]
        if rel.startswith("gnad/") and rel.endswith(".txt") and num != 1:
            return f"{passage}: gnad articles have one paragraph, use #1"
        if not 1 <= num <= count:
            return f"{passage}: paragraph out of range (file has {count})"
        return None


def read_qrels(path, name, queries, passage_problem, problems):
    """Reads graded judgements (query id, passage, grade 0-3) of `queries` from `path`.

    `passage_problem(passage)` says what is wrong with a passage reference, or None. Every
    query needs a judgement and one passage of grade 2 or more. Returns the judgements by query
    and the count of each grade; what is wrong goes to `problems`.
    """
    judged = defaultdict(dict)
    grades = Counter()
    for n, (qid, passage, grade) in read_tsv(path, QRELS_HEADER, problems):
        where = f"{name}:{n}"
        if qid not in queries:
            problems.append(f"{where}: query id {qid} is not among the queries")
        if not re.fullmatch(r"[0-3]", grade):
            problems.append(f"{where}: grade {grade!r} is not 0, 1, 2 or 3")
            continue
        bad = passage_problem(passage)
        if bad:
            problems.append(f"{where}: {bad}")
            continue
        if passage in judged[qid]:
            problems.append(f"{where}: {qid} judges {passage} twice")
        judged[qid][passage] = int(grade)
        grades[int(grade)] += 1
    for qid in queries:
        if not judged.get(qid):
            problems.append(f"{qid}: no judgements")
        elif max(judged[qid].values()) < 2:
            problems.append(f"{qid}: no passage with grade >= 2")
    return judged, grades


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__)
        return 0 if len(argv) == 2 else 2
    corpora = os.path.abspath(argv[1]) if len(argv) == 2 else os.path.normpath(DEFAULT_CORPORA)
    if not os.path.isdir(corpora):
        print(
            f"error: corpora folder not found: {corpora}\n"
            "       (expected a folder holding seed/ and gnad/; pass its path as the "
            "first argument, default is ../shared/corpora relative to the repository root)",
            file=sys.stderr,
        )
        return 2
    for path in (QUERIES_FILE, QRELS_FILE):
        if not os.path.isfile(path):
            print(f"error: missing file {path}", file=sys.stderr)
            return 2

    problems = []

    # --- queries -----------------------------------------------------------
    queries = {}
    kinds = Counter()
    for n, (qid, text, kind, note) in read_tsv(QUERIES_FILE, QUERY_HEADER, problems):
        where = f"dev-queries.tsv:{n}"
        if not re.fullmatch(r"q\d{2,}", qid):
            problems.append(f"{where}: id {qid!r} does not look like q01")
        if qid in queries:
            problems.append(f"{where}: duplicate id {qid}")
        if not text.strip():
            problems.append(f"{where}: empty query")
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r} (one of {sorted(KINDS)})")
        if not note.strip():
            problems.append(f"{where}: empty note")
        queries[qid] = text
        kinds[kind] += 1
    texts = Counter(t.strip().lower() for t in queries.values())
    for t, c in texts.items():
        if c > 1:
            problems.append(f"dev-queries.tsv: query {t!r} appears {c} times")

    # --- qrels -------------------------------------------------------------
    judged, grades = read_qrels(
        QRELS_FILE, "dev-qrels.tsv", queries, PassageRefs(corpora).problem, problems
    )

    # --- report ------------------------------------------------------------
    n_judgements = sum(grades.values())
    print(f"corpora: {corpora}")
    print(f"queries: {len(queries)}  (" + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) + ")")
    print(f"judgements: {n_judgements}  (" + ", ".join(f"grade {g}: {grades[g]}" for g in range(4)) + ")")
    print(f"distinct passages judged: {len({p for d in judged.values() for p in d})}")
    return report_problems(problems)


def report_problems(problems):
    """Prints the problems found, or OK; the exit code: 1 with problems, else 0."""
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
