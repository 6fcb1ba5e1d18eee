#!/usr/bin/env python3
"""Writes surnames.txt: surnames that archivar's person labeller knows (one feature of many).

Sources, both under the MIT licence (so surnames.txt is MIT as well):
- the last names of every Latin-script locale of Faker 40.63.0 (PyPI `faker`,
  faker/providers/person/*/__init__.py; German, Austrian, Swiss, English, Irish, French,
  Italian, Spanish, Dutch, Slavic, Nordic ... names, about 21,000);
- the 1990 US Census surname list (public domain data of the US Census Bureau) as shipped in
  PyPI `names` 0.3.0 (names/dist.all.last), its first 30,000 by frequency, which covers
  surnames of many origins as written in English (`Mc`/`Mac`/`O'` restored to their capitals).

Usage: pip download --no-deps faker==40.63.0 names==0.3.0, unpack both, then
  python3 data/names/make_surnames.py FAKER_DIR NAMES_DIR
"""
import importlib
import os
import pkgutil
import sys

from word_list import write_list
CENSUS_LIMIT = 30000


def census_case(name: str) -> str:
    name = name.capitalize()
    for prefix in ("Mc", "Mac", "O'"):
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            name = prefix + name[len(prefix)].upper() + name[len(prefix) + 1:]
    return name


def main(faker_dir: str, names_dir: str) -> None:
    sys.path.insert(0, faker_dir)
    import faker.providers.person as person

    surnames = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module("faker.providers.person." + module.name).Provider
        last = getattr(provider, "last_names", ())
        for name in (last.keys() if isinstance(last, dict) else last):
            if all(ord(c) < 0x250 or c in "-' " for c in name) and " " not in name:
                surnames.add(name)
    with open(os.path.join(names_dir, "names", "dist.all.last"), encoding="ascii") as census:
        for number, line in enumerate(census):
            if number >= CENSUS_LIMIT:
                break
            surnames.add(census_case(line.split()[0]))
    write_list("surnames.txt", [
        "Surnames, one per line. Made by make_surnames.py from Faker 40.63.0 (MIT) and the",
        "1990 US Census surname list as shipped in PyPI names 0.3.0 (MIT; the data is public",
        "domain). Licence: MIT.",
    ], surnames)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
