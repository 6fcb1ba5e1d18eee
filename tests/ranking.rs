//! Each ranking preference, on a small fixture built for it.

mod common;

use common::{fixture, highlighted, index_fixture, result_files, search_json};

#[test]
fn passages_with_all_query_words_rank_above_passages_with_some() {
    // Plain BM25 would prefer `einer`: its one word is frequent there. The two words are worth
    // the same here (each in two of five passages). Before issue 15 `Schaf` stood in four of
    // them: ranked by what words are worth, a passage missing so common a word may well win
    // on the rarer one, which is what this preference must not forbid.
    let corpus = fixture(&[
        ("news/beide.txt", "Im Herbst riss ein Wolf am Rande des kleinen Dorfes in einer nebligen Nacht ein Schaf von der Weide des Bauern, der lange nach ihm suchte und es schließlich am Waldrand fand.\n"),
        ("news/einer.txt", "Wolf! Wolf! Wolf! Wolf!\n"),
        ("other/stall1.txt", "Ein Schaf im Stall.\n"),
        ("other/stall2.txt", "Ein Pferd im Stall.\n"),
        ("other/stall3.txt", "Ein Pferd im Stall.\n"),
    ]);
    let index = index_fixture(&corpus);
    let results = search_json(&index, "Wolf Schaf", &[]);
    assert_eq!(result_files(&results)[..2], ["beide.txt", "einer.txt"]);
}

#[test]
fn words_as_a_phrase_or_close_together_rank_above_scattered_words() {
    let filler =
        "Dann sprachen sie lange über Haushalt, Steuern, Schulen, Straßen und Brücken. ".repeat(3);
    let corpus = fixture(&[
        ("news/verstreut.txt", &format!("Grüne Politiker trafen sich. {filler}Zuletzt ging es um die Wiese, die Wiese am Fluss.\n")),
        ("news/nah.txt", &format!("Hinter dem Rathaus liegt eine Wiese, eine sehr grüne, die im Sommer blüht. {filler}\n")),
        ("news/phrase.txt", &format!("Die grüne Wiese hinter dem Rathaus bleibt. {filler}\n")),
    ]);
    let index = index_fixture(&corpus);
    let results = search_json(&index, "grüne Wiese", &[]);
    assert_eq!(
        result_files(&results),
        ["phrase.txt", "nah.txt", "verstreut.txt"]
    );
}

#[test]
fn an_exact_word_form_ranks_above_a_stem_only_match() {
    let corpus = fixture(&[
        ("news/stamm.txt", "Das Bündnis, das Bündnis.\n"),
        ("news/genau.txt", "Über die Zukunft des Bündnisses wurde in Brüssel nach langen Beratungen der Minister noch nicht entschieden.\n"),
    ]);
    let index = index_fixture(&corpus);
    let results = search_json(&index, "Bündnisses", &[]);
    assert_eq!(result_files(&results), ["genau.txt", "stamm.txt"]);
    assert_eq!(highlighted(&results["results"][1]), ["Bündnis", "Bündnis"]);
}

#[test]
fn a_title_match_lifts_the_articles_passages() {
    let body = "Die Regierung berät am Dienstag über die Reform und ihre Kosten.";
    let corpus = fixture(&[
        (
            "news/a-wetter.txt",
            &format!("Wetter am Wochenende\n\n{body}\n"),
        ),
        (
            "news/b-rente.txt",
            &format!("Streit um die Reform\n\n{body}\n"),
        ),
    ]);
    let index = index_fixture(&corpus);
    // One body under two titles is one story: both versions shown, to compare them.
    let results = search_json(&index, "Reform", &["--all-versions"]);
    assert_eq!(result_files(&results), ["b-rente.txt", "a-wetter.txt"]);
    assert_eq!(results["results"][0]["title"], "Streit um die Reform");
}

#[test]
fn one_article_cannot_fill_the_page() {
    let long = "Am Hafen legte ein Schiff an.\n\nDer Hafen wurde erweitert.\n\nIm Hafen lagen Boote.\n\nDer Hafen ist alt.\n";
    let corpus = fixture(&[
        ("news/lang.txt", long),
        (
            "news/kurz.txt",
            "Ein Bericht über den Hafen von Triest, der im Sommer viele Besucher hat.\n",
        ),
    ]);
    let index = index_fixture(&corpus);
    let count = |extra: &[&str]| {
        search_json(&index, "Hafen", extra)["results"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&[]), 3);
    assert_eq!(count(&["--per-article", "1"]), 2);
    assert_eq!(count(&["--per-article", "3"]), 4);
    let results = search_json(
        &index,
        "Hafen",
        &["--per-article", "1", "--limit", "1", "--offset", "1"],
    );
    assert_eq!(results["results"].as_array().unwrap().len(), 1);
}

#[test]
fn required_and_excluded_words_filter_the_results() {
    let corpus = fixture(&[
        ("news/beide.txt", "Ein Wolf und ein Schaf.\n"),
        ("news/wolf.txt", "Ein Wolf im Wald.\n"),
        ("news/schaf.txt", "Ein Schaf im Stall.\n"),
    ]);
    let index = index_fixture(&corpus);
    let files = |query: &str| {
        let mut files = result_files(&search_json(&index, query, &[]));
        files.sort();
        files
    };
    assert_eq!(files("Wolf -Schaf"), ["wolf.txt"]);
    assert_eq!(files("+Wolf Schaf"), ["beide.txt", "wolf.txt"]);
    assert_eq!(files("Wolf AND Schaf"), ["beide.txt"]);
    assert_eq!(
        files("Wolf OR Schaf"),
        ["beide.txt", "schaf.txt", "wolf.txt"]
    );
    assert_eq!(files("Schaf NOT Wolf"), ["schaf.txt"]);
    assert_eq!(files("\"Wolf und ein Schaf\""), ["beide.txt"]);
}

#[test]
fn hyphenated_words_are_found_whole_and_by_their_parts() {
    let corpus = fixture(&[
        (
            "news/blinken.txt",
            "Zugleich sagte US-Außenminister Anthony Blinken, es gebe keine Verhandlungen.\n",
        ),
        (
            "news/andere.txt",
            "Die Außenpolitik der USA bleibt umstritten.\n",
        ),
    ]);
    let index = index_fixture(&corpus);
    for query in [
        "Außenminister",
        "Aussenminister",
        "US-Außenminister",
        "US Außenminister",
        "us-aussenminister",
    ] {
        let results = search_json(&index, query, &[]);
        assert_eq!(result_files(&results)[0], "blinken.txt", "query {query}");
    }
    let results = search_json(&index, "US-Außenminister", &[]);
    assert_eq!(highlighted(&results["results"][0]), ["US-Außenminister"]);
}

#[test]
fn a_hyphenated_compound_finds_its_words_apart_and_a_double_name_does_not() {
    let corpus = fixture(&[
        (
            "news/bindestrich.txt",
            "Die Krim-Führung sprach von Sabotage an der Leitung.\n",
        ),
        (
            "news/getrennt.txt",
            "Die Führung der Krim meldete am Montag Probleme mit dem Strom.\n",
        ),
        ("news/krim.txt", "Auf der Krim fiel der Strom aus.\n"),
        (
            "news/name.txt",
            "Innenministerin Mikl-Leitner besuchte die Grenze.\n",
        ),
        (
            "news/namen.txt",
            "Herr Leitner traf Frau Mikl in Wien, um über die Grenze zu reden.\n",
        ),
    ]);
    let index = index_fixture(&corpus);
    // Written with a hyphen first, then apart, then one of its words alone.
    let results = search_json(&index, "Krim-Führung", &[]);
    assert_eq!(
        result_files(&results),
        ["bindestrich.txt", "getrennt.txt", "krim.txt"]
    );
    // `Leitner` is no common noun: the double name is one name, not two words.
    let results = search_json(&index, "Mikl-Leitner", &[]);
    assert_eq!(result_files(&results), ["name.txt"]);
}

#[test]
fn folded_spellings_meet() {
    let corpus = fixture(&[(
        "news/amt.txt",
        "Das Ministerium für Äußere Angelegenheiten und die Straße.\n",
    )]);
    let index = index_fixture(&corpus);
    for query in ["Aeussere", "äussere", "ÄUSSERE", "Strasse"] {
        let results = search_json(&index, query, &[]);
        assert_eq!(result_files(&results), ["amt.txt"], "query {query}");
    }
}
