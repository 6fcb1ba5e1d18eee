#!/usr/bin/env python3
"""Writes not-persons.txt: capitalised names that are places or organisations, never persons.

Sources:
- country names and the names of countries' subdivisions (states, provinces, regions) in
  German, from the ISO 3166-1 and 3166-2 data and German translations shipped in the PyPI package
  pycountry 26.2.16 (Debian's iso-codes), licence LGPL-2.1; the derived list is under the same
  licence;
- a supplement of cities, organisations, parties and institutions frequent in German-language
  news, and short common forms of country names, written by the archivar developers.

A given name after a saint's title in a multi-word place name (given-names.txt, so run
make_given_names.py first) is left out: `Saint Peter` is no reason to take `Peter` for a place.
Multi-word names are also listed whole (`Santa Cruz`), for the detector to compare full names.

Usage: pip install pycountry && python3 data/names/make_places.py
"""
import gettext
import json
import os

import pycountry

from word_list import write_list
SUPPLEMENT = """
USA Amerika Russland Deutschland Österreich Schweiz Großbritannien England Schottland Irland
Frankreich Italien Spanien Griechenland Türkei Ukraine Polen Ungarn Tschechien Slowakei
Slowenien Kroatien Serbien Bosnien Kosovo Mazedonien Albanien Rumänien Bulgarien Moldau
Weißrussland Belarus Litauen Lettland Estland Finnland Schweden Norwegen Dänemark Island
Holland Niederlande Belgien Luxemburg Portugal China Japan Korea Nordkorea Südkorea Indien
Pakistan Afghanistan Iran Irak Syrien Libanon Israel Palästina Jordanien Ägypten Libyen
Tunesien Algerien Marokko Saudi-Arabien Jemen Katar Kuwait Brasilien Argentinien Mexiko
Kanada Kuba Venezuela Kolumbien Chile Peru Australien Afrika Asien Europa Nahost Balkan
Westen Osten Norden Süden Georgien Armenien Aserbaidschan Kasachstan Tibet Taiwan Krim Donbass
Wien Graz Linz Salzburg Innsbruck Klagenfurt Bregenz Eisenstadt Villach Wels Steyr Leoben
Jena Erfurt Weimar Gotha Magdeburg Rostock Kiel Lübeck Bremen Dortmund Bochum Duisburg Nürnberg Augsburg Regensburg Freiburg Mainz Wiesbaden Kassel Aachen Bielefeld Chemnitz Potsdam Saarbrücken Karlsruhe Mannheim Heidelberg Würzburg
Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Dresden Leipzig Hannover Bonn
Zürich Genf Bern Basel Lausanne Brüssel Paris London Rom Mailand Madrid Barcelona Lissabon
Athen Ankara Istanbul Moskau Kiew Minsk Warschau Prag Budapest Bratislava Pressburg Ljubljana
Zagreb Belgrad Sarajevo Bukarest Sofia Skopje Tirana Vilnius Riga Tallinn Helsinki Stockholm
Oslo Kopenhagen Amsterdam Den Haag Luxemburg Straßburg Washington New York Chicago Boston
Los Angeles San Francisco Peking Shanghai Tokio Delhi Teheran Bagdad Damaskus Aleppo Beirut
Jerusalem Tel Aviv Gaza Kairo Tripolis Tunis Doha Riad Kabul Islamabad Brasilia Havanna
Idomeni Lampedusa Lesbos Spielfeld Traiskirchen Nickelsdorf Passau Calais Davos Sotschi Rio
Tirol Vorarlberg Kärnten Steiermark Burgenland Niederösterreich Oberösterreich Bayern Sachsen
Hessen Brandenburg Thüringen Katalonien Schottland Flandern Sibirien Kalifornien Texas Florida
Nato EU UNO UN OSZE IWF EZB WHO Uno Europarat Kreml Pentagon Vatikan Bundestag Bundesrat
Nationalrat Parlament Regierung Kommission Rat Gericht Verfassungsgerichtshof Weißes Haus
ÖVP SPÖ FPÖ Neos Grüne Grünen CDU CSU SPD FDP AfD Linke Republikaner Demokraten Labour Tories
ORF ZDF ARD BBC CNN APA Reuters AFP dpa Standard Kurier Presse Krone Profil Spiegel Twitter
Facebook Google Apple Microsoft Amazon Netflix Samsung Volkswagen VW Siemens Audi BMW Mercedes
Daimler Porsche Opel Toyota Uber Airbnb Youtube Instagram Wikipedia Android iPhone Windows
Rapid Austria Sturm Salzburg Bayern Juventus Barcelona Real Chelsea Arsenal Liverpool Dortmund
Fifa Uefa IOC ÖFB DFB Bundesliga Champions League Olympia Islamischer Staat IS Taliban Hamas
Hisbollah al-Kaida Caritas Diakonie Amnesty
Donau Mur Inn Enns Drau Salzach Traun Rhein Elbe Main Oder Neiße Themse Seine Wolga Dnipro
Bodensee Alpen Karpaten
Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Jänner Februar März April Mai
Juni Juli August September Oktober November Dezember Ostern Weihnachten Pfingsten Gott Jesus
"""


# Titles of saints in place names (`Saint Peter`, `San José`, `São Paulo`).
SAINTS = {
    "Saint", "Sainte", "Sankt", "St.", "San", "Santa", "Santo", "São", "Sint", "Sveti", "Sveta",
}


def given_names() -> set:
    """The names of given-names.txt (made by make_given_names.py)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "given-names.txt")
    with open(path, encoding="utf-8") as listing:
        return {line.strip() for line in listing if line.strip() and not line.startswith("#")}


def main() -> None:
    base = list(pycountry.__path__)[0]
    german = {
        domain: gettext.translation(domain, localedir=os.path.join(base, "locales"), languages=["de"])
        for domain in ("iso3166-1", "iso3166-2")
    }
    names = set()
    with open(os.path.join(base, "databases", "iso3166-1.json"), encoding="utf-8") as data:
        for country in json.load(data)["3166-1"]:
            for key in ("name", "common_name", "official_name"):
                if key in country:
                    names.add(german["iso3166-1"].gettext(country[key]))
    with open(os.path.join(base, "databases", "iso3166-2.json"), encoding="utf-8") as data:
        for region in json.load(data)["3166-2"]:
            names.add(german["iso3166-2"].gettext(region["name"]))
    # One word per line, the detector compares single capitalised words: multi-word names are
    # kept by their words that are capitalised and longer than two letters, except a given name
    # after a saint's title (`Saint Peter`, `San José` make no place of `Peter` or `José`), and
    # as a whole, to tell `Santa Cruz` from a person.
    names.update(SUPPLEMENT.split())
    given = given_names()
    words = set()
    for name in names:
        parts = name.replace(",", " ").replace("(", " ").replace(")", " ").split()
        for before, word in zip([""] + parts, parts):
            if word[:1].isupper() and len(word) > 2:
                if not (before in SAINTS and word in given):
                    words.add(word)
        if len(parts) > 1 and all(part[:1].isupper() for part in parts):
            words.add(" ".join(parts))
    write_list("not-persons.txt", [
        "Capitalised words and multi-word names of places or organisations, never",
        "persons; one per line.",
        "Countries and regions in German from pycountry 26.2.16 (iso-codes), LGPL-2.1;",
        "cities and organisations added by the archivar developers. Made by make_places.py.",
    ], words)


if __name__ == "__main__":
    main()
