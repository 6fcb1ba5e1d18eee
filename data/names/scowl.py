"""Reading SCOWL's dictionaries (Debian's wamerican packages) for archivar's word lists, and
the notice SCOWL's licence asks every copy of them to carry. Shared by make_english_proper.py
and make_english_words.py."""

# SCOWL's copyright and permission notice, as its licence asks to keep it with every copy.
NOTICE = [
    "Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute",
    "and sell these word lists, the associated scripts, the output created from the",
    "scripts, and its documentation for any purpose is hereby granted without fee,",
    "provided that the above copyright notice appears in all copies and that both that",
    "copyright notice and this permission notice appear in supporting documentation.",
    "Kevin Atkinson makes no representations about the suitability of this array for any",
    'purpose. It is provided "as is" without express or implied warranty.',
]


def dictionary_words(path: str, keep) -> set:
    """The words of the dictionary at `path`, one a line, for which `keep(word)` holds."""
    with open(path, encoding="utf-8") as dictionary:
        return {word for word in (line.strip() for line in dictionary) if keep(word)}
