//! Table tests of person detection: what it finds in sentences of German news, and what not.

use super::*;

fn persons(text: &str) -> Vec<(String, String)> {
    detect(&[text])
        .into_iter()
        .flatten()
        .map(|mention| (text[mention.span].to_string(), mention.person))
        .collect()
}

fn pair(text: &str, person: &str) -> (String, String) {
    (text.to_string(), person.to_string())
}

#[test]
fn full_names_roles_and_short_mentions() {
    let table: &[(&str, &[(&str, &str)])] = &[
        (
            "Russlands Außenminister Sergej Lawrow sagte in Genf, Lawrow erwarte eine Antwort.",
            &[
                ("Sergej Lawrow", "Sergej Lawrow"),
                ("Lawrow", "Sergej Lawrow"),
            ],
        ),
        (
            "Zugleich sagte US-Außenminister Anthony Blinken, Blinken sehe die Gefahr.",
            &[
                ("Anthony Blinken", "Anthony Blinken"),
                ("Blinken", "Anthony Blinken"),
            ],
        ),
        (
            "Ein Treffen zwischen Joe Biden und Wladimir Putin.",
            &[
                ("Joe Biden", "Joe Biden"),
                ("Wladimir Putin", "Wladimir Putin"),
            ],
        ),
        (
            "Das sagte Kanzlerin Merkel am Montag.",
            &[("Merkel", "Merkel")],
        ),
        (
            "Kommissionschefin Ursula von der Leyen reiste ab.",
            &[("Ursula von der Leyen", "Ursula von der Leyen")],
        ),
        (
            "Innenministerin Johanna Mikl-Leitner und Hans-Peter Doskozil.",
            &[
                ("Johanna Mikl-Leitner", "Johanna Mikl-Leitner"),
                ("Hans-Peter Doskozil", "Hans-Peter Doskozil"),
            ],
        ),
        (
            "Präsident Recep Tayyip Erdoğan und Donald J. Trump.",
            &[
                ("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"),
                ("Donald J. Trump", "Donald J. Trump"),
            ],
        ),
        (
            "Angela Merkels Politik, sagte Angela Merkel, und Merkels Satz.",
            &[
                ("Angela Merkels", "Angela Merkel"),
                ("Angela Merkel", "Angela Merkel"),
                ("Merkels", "Angela Merkel"),
            ],
        ),
    ];
    for (text, expected) in table {
        let expected: Vec<(String, String)> = expected.iter().map(|(t, p)| pair(t, p)).collect();
        assert_eq!(persons(text), expected, "in {text:?}");
    }
}

#[test]
fn structure_of_german_news() {
    let table: &[(&str, &[(&str, &str)])] = &[
        (
            "Rapid: Strebinger – Pavelic, Sonnleitner, Dibon; Schwab/Grahovac – M. Hofmann",
            &[
                ("Strebinger", "Strebinger"),
                ("Pavelic", "Pavelic"),
                ("Sonnleitner", "Sonnleitner"),
                ("Dibon", "Dibon"),
                ("Schwab", "Schwab"),
                ("Grahovac", "Grahovac"),
                ("M. Hofmann", "M. Hofmann"),
            ],
        ),
        (
            "Es fehlen: Lykogiannis (Muskelverletzung), Rosenberger (Kreuzbandriss), \
             Schnaderbeck, Gratzei (Trainingsrückstand)",
            &[
                ("Lykogiannis", "Lykogiannis"),
                ("Rosenberger", "Rosenberger"),
                ("Schnaderbeck", "Schnaderbeck"),
                ("Gratzei", "Gratzei"),
            ],
        ),
        (
            "Hans, Karl, Hannes und Max sind zwischen 27 und 46 Jahre alt.",
            &[
                ("Hans", "Hans"),
                ("Karl", "Karl"),
                ("Hannes", "Hannes"),
                ("Max", "Max"),
            ],
        ),
        (
            "Ein Fall für Rico (Anton Petzold) und Tanja (Karoline Herfurth).",
            &[
                ("Rico", "Rico"),
                ("Anton Petzold", "Anton Petzold"),
                ("Tanja", "Tanja"),
                ("Karoline Herfurth", "Karoline Herfurth"),
            ],
        ),
        (
            "Wenn Abe Lucas lehrt, zweifelt Abe an allem, und Abes Kollegin lacht.",
            &[
                ("Abe Lucas", "Abe Lucas"),
                ("Abe", "Abe Lucas"),
                ("Abes", "Abe Lucas"),
            ],
        ),
        (
            "Husam M. wurde verhaftet. Dann rauchte M. eine Zigarette, M.s Freund wartete.",
            &[
                ("Husam M.", "Husam M."),
                ("M.", "Husam M."),
                ("M.s", "Husam M."),
            ],
        ),
        (
            "König Felipe VI. empfing Staatschefin Cristina Fernandez de Kirchner.",
            &[
                ("Felipe VI.", "Felipe VI."),
                (
                    "Cristina Fernandez de Kirchner",
                    "Cristina Fernandez de Kirchner",
                ),
            ],
        ),
        (
            "Umweltminister Stefan Wenzel (Grüne) sagte Kristina Mena, Professorin in Texas.",
            &[
                ("Stefan Wenzel", "Stefan Wenzel"),
                ("Kristina Mena", "Kristina Mena"),
            ],
        ),
        (
            "Die Ehefrau Ensaf Haidar bat den neuen Königs Salman und Regisseur Woody Allen.",
            &[
                ("Ensaf Haidar", "Ensaf Haidar"),
                ("Salman", "Salman"),
                ("Woody Allen", "Woody Allen"),
            ],
        ),
        (
            "Auf den Spuren des Propheten Mohammed traf er seinen Freund Raschid.",
            &[("Mohammed", "Mohammed"), ("Raschid", "Raschid")],
        ),
        (
            "Das sagte Ursula Siebert von der Universität Wien.",
            &[("Ursula Siebert", "Ursula Siebert")],
        ),
    ];
    for (text, expected) in table {
        let expected: Vec<(String, String)> = expected.iter().map(|(t, p)| pair(t, p)).collect();
        assert_eq!(persons(text), expected, "in {text:?}");
    }
}

#[test]
fn places_organisations_and_nouns_are_not_persons() {
    for text in [
        "Russland sieht sich von der Nato bedroht.",
        "Die Ukraine und Georgien hätten ein Anrecht auf Sicherheit.",
        "Der Außenminister traf in Genf ein.",
        "Das Bündnis der Nato-Staaten und die OSZE.",
        "US-Präsident der USA, Präsident Russlands.",
        "Am Montag im Mai sagte die Regierung nichts.",
        "Die ÖVP und die SPÖ in Wien.",
        "Zutaten: Mehl, Zucker, Eier, Butter und Salz.",
        "Stationen: Wien, Graz, Linz, Salzburg, Innsbruck.",
        "Kampfsportarten: Boxen, Judo, Ringen, Karate.",
        "Im Juni, Juli und August regnet es in Santa Cruz.",
        "Er schickt zum vierten Mal Grüße aus Wien.",
        "Dann sagte der Grazer Anwalt Guid Held aus.",
    ] {
        assert_eq!(persons(text), [], "in {text:?}");
    }
}

/// Rows for the faults found on GermEval 2014 (issue #16).
#[test]
fn names_ending_in_s_colons_and_sentence_ends() {
    let table: &[(&str, &[(&str, &str)])] = &[
        (
            "Der Gitarrist Alan Holmes sagte, Chris Barnes spiele Bass.",
            &[
                ("Alan Holmes", "Alan Holmes"),
                ("Chris Barnes", "Chris Barnes"),
            ],
        ),
        (
            "Dann sprach Thomas Andrews. Andrews lachte.",
            &[
                ("Thomas Andrews", "Thomas Andrews"),
                ("Andrews", "Thomas Andrews"),
            ],
        ),
        (
            "Claudia B.: Wir wohnen seit zehn Jahren hier.",
            &[("Claudia B.", "Claudia B.")],
        ),
        (
            "Das sagte Thomas M. Der Vorstand schwieg.",
            &[("Thomas M.", "Thomas M.")],
        ),
        (
            "Kanzlerin Merkel sprach lange. Merkels Politik blieb dieselbe.",
            &[("Merkel", "Merkel"), ("Merkels", "Merkel")],
        ),
        (
            "Das Interview führte Claudia B.: Wir wohnen seit zehn Jahren hier.",
            &[("Claudia B.", "Claudia B.")],
        ),
        (
            "Zuletzt sprach Anna Schmidt. Berlin blieb ruhig.",
            &[("Anna Schmidt", "Anna Schmidt")],
        ),
        (
            "Das sagte Peter Müller Am Montag in Wien.",
            &[("Peter Müller", "Peter Müller")],
        ),
        (
            "Den Sieg in Wien Michael Häupl zuzuschreiben, wäre falsch.",
            &[("Michael Häupl", "Michael Häupl")],
        ),
        (
            "Bild: Angry Young Men Ein Bericht über Jason Hall folgt.",
            &[("Jason Hall", "Jason Hall")],
        ),
    ];
    for (text, expected) in table {
        let expected: Vec<(String, String)> = expected.iter().map(|(t, p)| pair(t, p)).collect();
        assert_eq!(persons(text), expected, "in {text:?}");
    }
}

#[test]
fn institutions_companies_streets_works_and_clubs_named_after_people() {
    for text in [
        "Sie besuchten die Burg Wittelsbach und das Hotel Sacher.",
        "Die Carl Zeiss AG und die Robert Bosch GmbH legten zu.",
        "Der FC Carl Zeiss Jena verlor in Halle.",
        "Carl Zeiss Jena verlor das Derby.",
        "Sie wohnt in der Ben Jehudastraße in Tel Aviv.",
        "Sie wohnt in der Ben-Jehuda-Straße in Tel Aviv.",
        "Der Film „Do Us Part“ lief im Kino.",
        "In San Remo und im Carl-Zeiss-Stadion war es kalt.",
        "Der Film „Till Death Do Us Part“ lief im Kino.",
        "Das Konzert im Konrad Adenauer Haus fiel aus.",
        "Sie lernte am Lee Strasberg Theatre in New York.",
        "Er besuchte die Lindsey School in Leeds.",
        "Die Aktie von Jet Airways fiel, auch Sun Microsystems verlor.",
        "Der Orkan Kyrill zog über das Land.",
        "Die Chicago Bulls gewannen gegen die Detroit Red Wings.",
        "Die Häfen von Corpus Christi sind geschlossen.",
        "Die Strände sind Lido di Spina und Isola di Arabella.",
        "Die Weinstraße führt durch das Valle de Curicó.",
    ] {
        assert_eq!(persons(text), [], "in {text:?}");
    }
}

#[test]
fn the_shipped_model_can_be_read() {
    let model = Model::from_bytes(include_bytes!("../../../data/people/model.bin"));
    assert!(model.is_ok_and(|model| model.has_weights()));
}

#[test]
fn the_seed_article_names_four_people() {
    let seed = include_str!("../../../corpus/seed/2022-01-genf-blinken-lawrow.txt");
    let paragraphs: Vec<&str> = seed.split("\n\n").collect();
    let mut people: Vec<String> = detect(&paragraphs)
        .into_iter()
        .flatten()
        .map(|mention| mention.person)
        .collect();
    people.sort();
    people.dedup();
    assert_eq!(
        people,
        [
            "Anthony Blinken",
            "Joe Biden",
            "Sergej Lawrow",
            "Wladimir Putin"
        ]
    );
}
