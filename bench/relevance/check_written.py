#!/usr/bin/env python3
"""Validate the two written dev sets: questions and single-compound queries.

Usage:
    python3 bench/relevance/check_written.py [--only questions|compounds] [CORPORA_DIR]

CORPORA_DIR is the folder that holds `seed/` and `gnad/`; without it the
checker uses `../shared/corpora` relative to the repository root, like
check.py. How the sets were made: written-sets.md.

questions.tsv (`id split query passage note`):
  * header and column count; ids w001, w002, ... in order, without gaps;
    split `tune` for odd ids and `report` for even ones;
  * a non-empty query ending in `?` that contains a question word, no query
    twice, a non-empty note;
  * every passage exists: `gnad/<section>/NNNN.txt#1` (a gnad article is one
    paragraph) or `seed/...#N` with N a body paragraph of the seed article
    (paragraph rules of check.py);
  * at least 150 questions; at least 15 each for Wer, Wann, Wo, Wie viele and
    Warum; at least 120 distinct gnad articles, from all 9 sections; 5 to 10
    questions on seed paragraphs.

compound-queries.tsv (`id split query parts note`) and compound-qrels.tsv
(`query_id passage grade`):
  * headers, ids c001, c002, ... in order, split parity as above;
  * the query is one word, and it does not occur in any file under gnad/,
    not even inside a longer word or written with a hyphen between its parts
    (case-insensitive); nor does the query without a final -e, -en, -er, -n
    or -s (so `Terrorverdächtiger` would fail on a text with
    `Terrorverdächtige`);
  * parts: at least two, joined by `+`; each occurs somewhere in gnad/
    (as a word or inside another word, case-insensitive);
  * judgements: known query id, existing passage (as above), grade 0..3, no
    pair judged twice, every query judged, at least one grade >= 2 per query;
  * at least 40 queries.

Exit code 0 when both sets are valid, 1 when problems were found (listed),
2 when the corpora folder or a file is missing. Standard library only.
"""

import glob
import os
import re
import sys
from collections import Counter

from check import PassageRefs, read_qrels, read_text, read_tsv, report_problems

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_CORPORA = os.path.join(REPO_ROOT, "..", "shared", "corpora")

QUESTIONS_FILE = os.path.join(HERE, "questions.tsv")
COMPOUNDS_FILE = os.path.join(HERE, "compound-queries.tsv")
COMPOUND_QRELS_FILE = os.path.join(HERE, "compound-qrels.tsv")

QUESTIONS_HEADER = ["id", "split", "query", "passage", "note"]
COMPOUNDS_HEADER = ["id", "split", "query", "parts", "note"]
QRELS_HEADER = ["query_id", "passage", "grade"]

MIN_QUESTIONS = 150
MIN_PER_WORD = 15
REQUIRED_WORDS = ["Wer", "Wann", "Wo", "Wie viele", "Warum"]
MIN_ARTICLES = 120
GNAD_SECTIONS = {
    "etat", "inland", "international", "kultur", "panorama",
    "sport", "web", "wirtschaft", "wissenschaft",
}
SEED_RANGE = (5, 10)
MIN_COMPOUNDS = 40

# The first question word of a query decides its kind. "Wem", "Mit wem" count
# as Wer; "Wohin", "Von wo" as Wo; "Seit wann", "Bis wann" as Wann; "Wie viel",
# "Auf wie vielen" as Wie viele; "Wozu", "Womit" as Was.
QUESTION_WORD = re.compile(
    r"\b(wie\s+viele?n?|wann|warum|wieso|weshalb|wohin|woher|wozu|womit|wovon|"
    r"wo|wer|wem|wen|wessen|was|welche[rmns]?|wie|gilt|ist|sind|hat|haben)\b",
    re.IGNORECASE,
)
KIND = {
    "wann": "Wann", "warum": "Warum", "wieso": "Warum", "weshalb": "Warum",
    "wo": "Wo", "wohin": "Wo", "woher": "Wo",
    "wer": "Wer", "wem": "Wer", "wen": "Wer", "wessen": "Wer",
    "was": "Was", "wozu": "Was", "womit": "Was", "wovon": "Was",
    "wie": "Wie",
}


def question_kind(query):
    m = QUESTION_WORD.search(query)
    if not m:
        return None
    word = re.sub(r"\s+", " ", m.group(1).lower())
    if word.startswith("wie viel"):
        return "Wie viele"
    if word.startswith("welch"):
        return "Welche"
    if word in KIND:
        return KIND[word]
    return "ja/nein"


def check_ids(rows, prefix, name, problems):
    """Ids run prefix001, prefix002, ... in order; odd ids tune, even report."""
    for expected, (n, cols) in enumerate(rows, start=1):
        qid, split = cols[0], cols[1]
        where = f"{name}:{n}"
        if qid != f"{prefix}{expected:03d}":
            problems.append(f"{where}: id {qid!r}, expected {prefix}{expected:03d}")
            continue
        want = "tune" if expected % 2 == 1 else "report"
        if split != want:
            problems.append(f"{where}: {qid} has split {split!r}, expected {want!r}")


def check_questions(corpora, passages, problems):
    rows = read_tsv(QUESTIONS_FILE, QUESTIONS_HEADER, problems)
    check_ids(rows, "w", "questions.tsv", problems)
    kinds = Counter()
    sections = Counter()
    articles = set()
    seed = 0
    seen = {}
    for n, (qid, _split, query, passage, note) in rows:
        where = f"questions.tsv:{n}"
        if not query.strip().endswith("?"):
            problems.append(f"{where}: query does not end with '?'")
        kind = question_kind(query)
        if kind is None:
            problems.append(f"{where}: no question word in {query!r}")
        kinds[kind] += 1
        key = query.strip().lower()
        if key in seen:
            problems.append(f"{where}: same query as {seen[key]}")
        seen[key] = qid
        if not note.strip():
            problems.append(f"{where}: empty note")
        bad = passages.problem(passage)
        if bad:
            problems.append(f"{where}: {bad}")
            continue
        parts = passage.split("/")
        if parts[0] == "gnad" and len(parts) == 3:
            sections[parts[1]] += 1
            articles.add(passage)
        elif parts[0] == "seed":
            seed += 1
        else:
            problems.append(f"{where}: passage {passage!r} is neither a gnad article nor seed")

    if len(rows) < MIN_QUESTIONS:
        problems.append(f"questions.tsv: {len(rows)} questions, need at least {MIN_QUESTIONS}")
    for word in REQUIRED_WORDS:
        if kinds[word] < MIN_PER_WORD:
            problems.append(f"questions.tsv: {kinds[word]} {word} questions, need {MIN_PER_WORD}")
    if len(articles) < MIN_ARTICLES:
        problems.append(f"questions.tsv: {len(articles)} gnad articles, need {MIN_ARTICLES}")
    missing = GNAD_SECTIONS - set(sections)
    if missing:
        problems.append(f"questions.tsv: no question on sections {sorted(missing)}")
    if not SEED_RANGE[0] <= seed <= SEED_RANGE[1]:
        problems.append(f"questions.tsv: {seed} seed questions, need {SEED_RANGE[0]} to {SEED_RANGE[1]}")

    print(f"questions: {len(rows)} on {len(articles)} gnad articles and {seed} seed paragraphs")
    print("  by question word: " + ", ".join(f"{k} {c}" for k, c in kinds.most_common()))
    print("  by section: " + ", ".join(f"{s} {sections[s]}" for s in sorted(sections)))


def gnad_texts(corpora):
    """Lower-cased text of every file under gnad/, hyphens between letters removed."""
    texts = []
    for path in sorted(glob.glob(os.path.join(corpora, "gnad", "**", "*"), recursive=True)):
        if os.path.isfile(path):
            text = read_text(path).lower()
            texts.append(re.sub(r"(?<=\w)-(?=\w)", "", text))
    return texts


def check_compounds(corpora, passages, problems):
    rows = read_tsv(COMPOUNDS_FILE, COMPOUNDS_HEADER, problems)
    check_ids(rows, "c", "compound-queries.tsv", problems)
    texts = gnad_texts(corpora)
    queries = {}
    for n, (qid, _split, query, parts, note) in rows:
        where = f"compound-queries.tsv:{n}"
        word = query.strip()
        if not re.fullmatch(r"\w+", word):
            problems.append(f"{where}: query {query!r} is not a single word")
        else:
            stem = re.sub(r"(e|en|er|n|s)$", "", word.lower())
            for form in dict.fromkeys((word.lower(), stem)):
                if any(form in t for t in texts):
                    problems.append(f"{where}: {form!r} (from {word!r}) occurs in gnad/")
                    break
        if word.lower() in (q.lower() for q in queries.values()):
            problems.append(f"{where}: {word!r} is there twice")
        pieces = parts.split("+")
        if len(pieces) < 2 or not all(re.fullmatch(r"\w+", p) for p in pieces):
            problems.append(f"{where}: parts {parts!r} are not two or more words joined by '+'")
        else:
            for piece in pieces:
                if not any(piece.lower() in t for t in texts):
                    problems.append(f"{where}: part {piece!r} occurs nowhere in gnad/")
        if not note.strip():
            problems.append(f"{where}: empty note")
        queries[qid] = word

    judged, grades = read_qrels(
        COMPOUND_QRELS_FILE, "compound-qrels.tsv", queries, passages.problem, problems
    )
    if len(rows) < MIN_COMPOUNDS:
        problems.append(f"compound-queries.tsv: {len(rows)} queries, need at least {MIN_COMPOUNDS}")

    total = sum(grades.values())
    print(f"compounds: {len(rows)} queries, {total} judgements ("
          + ", ".join(f"grade {g}: {grades[g]}" for g in range(4)) + ")")


def main(argv):
    args = argv[1:]
    only = None
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(args) >= 2 and args[0] == "--only":
        only = args[1]
        args = args[2:]
        if only not in ("questions", "compounds"):
            print(f"error: --only takes 'questions' or 'compounds', not {only!r}", file=sys.stderr)
            return 2
    if len(args) > 1:
        print(__doc__)
        return 2
    corpora = os.path.abspath(args[0]) if args else os.path.normpath(DEFAULT_CORPORA)
    if not os.path.isdir(os.path.join(corpora, "gnad")):
        print(
            f"error: corpora folder not found: {corpora}\n"
            "       (expected a folder holding seed/ and gnad/; pass its path as the "
            "last argument, default is ../shared/corpora relative to the repository root)",
            file=sys.stderr,
        )
        return 2
    wanted = []
    if only in (None, "questions"):
        wanted.append(QUESTIONS_FILE)
    if only in (None, "compounds"):
        wanted += [COMPOUNDS_FILE, COMPOUND_QRELS_FILE]
    for path in wanted:
        if not os.path.isfile(path):
            print(f"error: missing file {path}", file=sys.stderr)
            return 2

    problems = []
    passages = PassageRefs(corpora)
    print(f"corpora: {corpora}")
    if only in (None, "questions"):
        check_questions(corpora, passages, problems)
    if only in (None, "compounds"):
        check_compounds(corpora, passages, problems)
    return report_problems(problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
