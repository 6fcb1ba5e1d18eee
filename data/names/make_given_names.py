#!/usr/bin/env python3
"""Writes given-names.txt: the given names archivar's person detector knows.

Source: nam_dict.txt, "List of first names and gender", (c) 2007-2008 Jörg MICHAEL, as shipped
in the PyPI package gender-guesser 0.4.0. It is subject to the GNU Free Documentation License,
Version 1.2 or any later version (no Invariant Sections, no Front-Cover Texts, no Back-Cover
Texts), so given-names.txt, derived from it, is released under the same licence. About 45,000
names used in Germany and some 50 other countries, transliterations included.

Each name with accents is also listed without them (`Francois` beside `François`), as news
often writes it. A short supplement below adds transliterations that news writes but the
dictionary lacks (written by the archivar developers, same licence as the output).

Usage: pip install gender-guesser && python3 data/names/make_given_names.py
"""
import os
import unicodedata

import gender_guesser

from word_list import write_list
SUPPLEMENT = [
    # German transliterations of Ukrainian, Russian and Arabic names.
    "Wolodymyr", "Baschar", "Olexij", "Oleksij", "Jewgenij", "Jewgeni", "Witali", "Witalij",
    "Dmytro", "Mykola", "Petro", "Anatolij", "Juri", "Jurij", "Waleri", "Walerij", "Schamil",
    "Ramsan", "Achmat", "Mahmud", "Hassan", "Scheich", "Abdel", "Abdul", "Mohammed", "Muhammad",
    "Tayyip", "Kim", "Xi", "Li",
]


def without_accents(name: str) -> str:
    """The name with combining marks removed (`François` -> `Francois`); ß, ø, ł stay."""
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def main() -> None:
    path = os.path.join(list(gender_guesser.__path__)[0], "data", "nam_dict.txt")
    names = set()
    with open(path, encoding="utf-8", errors="replace") as table:
        for line in table:
            if line.startswith("#") or line.startswith("="):
                continue
            # Columns: gender code (0-1), name (3-28), frequencies by country.
            name = line[3:29].strip().replace("+", "-")
            if len(name) >= 2 and name[0].isupper() and "\ufffd" not in name:
                names.add(name)
    names.update(SUPPLEMENT)
    # News often drops accents: `Francois`, `Joaquin`, `Jose` as well as `François`, `Joaquín`.
    names.update([without_accents(name) for name in names])
    write_list("given-names.txt", [
        "Given names for archivar's person detector, one per line.",
        "Derived from nam_dict.txt (c) 2007-2008 Jörg MICHAEL (in gender-guesser 0.4.0),",
        "GNU Free Documentation License 1.2 or later; this list is under the same licence.",
        "Made by make_given_names.py.",
    ], names)


if __name__ == "__main__":
    main()
