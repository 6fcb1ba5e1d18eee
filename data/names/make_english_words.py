#!/usr/bin/env python3
"""Writes english-words.txt: the lower-case words of an English spelling dictionary. Written
with a capital in German text they are mostly English titles, brands and names of things
(`Night Fever`, `Privacy Shield`, `Dime Novels`): one fact of archivar's person labeller, which
weighs it against the name lists (a listed given name or surname, `Brown`, `King`, is not
marked) and the context.

Source: SCOWL (Spell Checker Oriented Word Lists), Copyright 2000-2011 by Kevin Atkinson, as
shipped in the Debian package wamerican 2020.12.07-2 (file usr/share/dict/american-english).
Its licence (debian/copyright of the package):

  Permission to use, copy, modify, distribute and sell these word lists, the associated
  scripts, the output created from the scripts, and its documentation for any purpose is
  hereby granted without fee, provided that the above copyright notice appears in all copies
  and that both that copyright notice and this permission notice appear in supporting
  documentation. Kevin Atkinson makes no representations about the suitability of this array
  for any purpose. It is provided "as is" without express or implied warranty.

Only words of two or more lower-case letters are kept, without possessives (`dog's`).

Usage: apt-get download wamerican && dpkg-deb -x wamerican_*.deb DIR, then
  python3 data/names/make_english_words.py DIR/usr/share/dict/american-english
"""
import sys

from scowl import NOTICE, dictionary_words
from word_list import write_list


def lower_case(word: str) -> bool:
    """Two or more lower-case ASCII letters: no possessive, no name."""
    return len(word) >= 2 and word.isalpha() and word.islower() and word.isascii()


def main(path: str) -> None:
    write_list("english-words.txt", [
        "Lower-case words of SCOWL's American English dictionary (wamerican 2020.12.07-2,",
        "Debian). Made by make_english_words.py.",
    ] + NOTICE, dictionary_words(path, lower_case))


if __name__ == "__main__":
    main(sys.argv[1])
