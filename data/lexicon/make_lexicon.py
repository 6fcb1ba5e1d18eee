#!/usr/bin/env python3
"""Writes de-words.tsv.gz: German words with their frequency, for compound splitting.

Sources, both under Creative Commons Attribution-ShareAlike 4.0
(https://creativecommons.org/licenses/by-sa/4.0/); the derived list is shared under the same
licence:
- word frequencies: wordfreq 3.1.1 (Robyn Speer et al., https://github.com/rspeer/wordfreq), its
  German "large" list, built from Wikipedia, subtitles (OpenSubtitles, SUBTLEX), news
  (NewsCrawl), books (Google Books Ngrams), web text (OSCAR) and social media;
- which words are forms of a common noun: german-nouns 1.2.5 (https://github.com/gambolputty/german-nouns),
  about 100,000 German nouns with their case forms, compiled from the German Wiktionary.

Kept: lower-case words of letters only (a-z, ä, ö, ü, ß), 2 to 40 letters, with a Zipf frequency
of at least 2.0 (about once in 100 million words). Each line: word, TAB, Zipf frequency times 100
(an integer; Zipf = log10 of occurrences per billion words), TAB, `N` if the word is a case form
of a noun, else empty.

Usage: pip install wordfreq msgpack german-nouns && python3 data/lexicon/make_lexicon.py
"""
import gzip
import os
import re
import sys

import csv

import german_nouns
import msgpack
import wordfreq

MIN_ZIPF = 2.0
WORD = re.compile(r"^[a-zäöüß]{2,40}$")


def noun_forms() -> set:
    """Lower-cased case forms of the common nouns in german-nouns: no names (given names,
    surnames, places, other proper names), affixes, bound lexemes or abbreviations."""
    path = os.path.join(list(german_nouns.__path__)[0], "nouns.csv")
    forms = set()
    with open(path, newline="", encoding="utf-8") as table:
        rows = csv.reader(table)
        header = next(rows)
        pos = header.index("pos")
        cases = [
            i for i, name in enumerate(header)
            if name.split(" ")[0] in ("nominativ", "genitiv", "dativ", "akkusativ")
        ]
        for row in rows:
            kind = row[pos]
            excluded = (
                "Affix", "Gebundenes", "Abkürzung", "Vorname", "Nachname", "Toponym",
                "Eigenname", "Straßenname", "Buchstabe", "Symbol",
            )
            if "Substantiv" not in kind or any(bad in kind for bad in excluded):
                continue
            forms.update(row[i].lower() for i in cases if i < len(row) and row[i])
    return forms


def main() -> None:
    nouns = noun_forms()
    data_dir = os.path.join(os.path.dirname(wordfreq.__file__), "data")
    with gzip.open(os.path.join(data_dir, "large_de.msgpack.gz")) as packed:
        bins = msgpack.unpackb(packed.read(), raw=False)
    header, bins = bins[0], bins[1:]
    assert header.get("format") == "cB", header
    rows = []
    for centibels, words in enumerate(bins):
        zipf = 9.0 - centibels / 100.0
        if zipf < MIN_ZIPF:
            break
        rows.extend(
            (word, round(zipf * 100), "N" if word in nouns else "")
            for word in words
            if WORD.match(word)
        )
    rows.sort()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "de-words.tsv.gz")
    # mtime=0 keeps the file byte-identical across runs.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
        zipped.write(
            b"# German word frequencies (wordfreq 3.1.1) and noun forms (german-nouns 1.2.5),"
            b" CC BY-SA 4.0; see make_lexicon.py\n"
        )
        for word, zipf100, noun in rows:
            zipped.write(f"{word}\t{zipf100}\t{noun}\n".encode())
    print(f"{len(rows)} words -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
