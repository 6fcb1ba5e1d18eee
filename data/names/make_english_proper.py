#!/usr/bin/env python3
"""Writes english-proper.txt: the capitalised words of an English spelling dictionary, most of
them names of people (`Goethe`, `Heidegger`, `Mozart`, `Stalin`), places and peoples: one
feature of archivar's person labeller, which weighs it against the place lists and the context
(it is no verdict: `Houston`, `Europa` are listed as well).

Source: SCOWL (Spell Checker Oriented Word Lists), Copyright 2000-2011 by Kevin Atkinson, as
shipped in the Debian package wamerican-large 2020.12.07-2 (file
usr/share/dict/american-english-large). Its licence (debian/copyright of the package):

  Permission to use, copy, modify, distribute and sell these word lists, the associated
  scripts, the output created from the scripts, and its documentation for any purpose is
  hereby granted without fee, provided that the above copyright notice appears in all copies
  and that both that copyright notice and this permission notice appear in supporting
  documentation. Kevin Atkinson makes no representations about the suitability of this array
  for any purpose. It is provided "as is" without express or implied warranty.

(SCOWL includes parts of further lists, among them WordNet 1.6, (c) Princeton University,
under a similar permissive licence; the package's copyright file names them all.)

Only capitalised words of letters and hyphens are kept, without possessives (`Goethe's`).

Usage: apt-get download wamerican-large && dpkg-deb -x wamerican-large_*.deb DIR, then
  python3 data/names/make_english_proper.py DIR/usr/share/dict/american-english-large
"""
import sys

from scowl import NOTICE, dictionary_words
from word_list import write_list


def proper(word: str) -> bool:
    """A capitalised word of letters and hyphens, no abbreviation."""
    return (
        len(word) >= 2
        and word[0].isupper()
        and any(c.islower() for c in word)
        and all(c.isalpha() or c == "-" for c in word)
    )


def main(path: str) -> None:
    write_list("english-proper.txt", [
        "Capitalised words of SCOWL's American English dictionary (wamerican-large, Debian):",
        "names of people, places, peoples. Made by make_english_proper.py.",
    ] + NOTICE, dictionary_words(path, proper))


if __name__ == "__main__":
    main(sys.argv[1])
