use super::*;
use crate::devices::{Device, Memo, classify};
use crate::text::{Analysis, Scratch, analyze_into, normalize_key};

/// Analyse `text` as `langs` read it.
fn analysis(text: &str, langs: &[Lang]) -> (Analysis, Language) {
    let language = Language::new(langs);
    let mut out = Analysis::default();
    analyze_into(text, &mut out, &mut Scratch::default(), &language);
    (out, language)
}

/// The negated flag of each word, as (word, negated) for the words in `of`.
fn negated(text: &str, langs: &[Lang], of: &str) -> bool {
    let (a, _) = analysis(text, langs);
    let i = a
        .tokens
        .iter()
        .position(|t| &text[t.start as usize..t.end as usize] == of)
        .unwrap_or_else(|| panic!("{of} not in {text}"));
    a.is_negated(i)
}

/// The device of each quotation in `text`.
fn devices(text: &str, langs: &[Lang]) -> Vec<Option<Device>> {
    let (a, language) = analysis(text, langs);
    let mut memo = Memo::default();
    a.quotations
        .iter()
        .map(|q| classify(&a, text, q, &language, false, &mut memo).ok())
        .collect()
}

#[test]
fn every_listed_word_is_a_match_key_as_written() {
    for lang in Lang::ALL {
        let w = lang.words();
        for list in [
            w.negators,
            w.not_negating,
            w.clause_openers,
            w.definite_determiners,
            w.scope_bridges,
            w.reporting,
            w.complementizers,
            w.distancers,
            w.mentions,
            w.openers,
        ] {
            for word in list {
                assert_eq!(normalize_key(word, false), *word, "{lang:?}: {word}");
                assert!(
                    !word.is_empty() && !word.contains(' '),
                    "{lang:?}: {word:?}"
                );
            }
        }
    }
}

#[test]
fn word_sets_find_their_words_and_no_others() {
    let set = WordSet::new([&["nicht", "никогда", "a"][..], &["nicht"][..]].into_iter());
    assert_eq!(set.words, ["a", "nicht", "никогда"]);
    for w in ["nicht", "никогда", "a"] {
        assert!(set.contains(w), "{w}");
    }
    // Same first byte and length as a listed word, or a prefix of one, or nothing.
    for w in ["nacht", "nich", "nichts", "никто", "b", "", "A"] {
        assert!(!set.contains(w), "{w}");
    }
    // A word of 31 bytes or more shares the last bit of the table.
    let long = "x".repeat(40);
    let set = WordSet::new([&[Box::leak(long.clone().into_boxed_str()) as &str][..]].into_iter());
    assert!(set.contains(&long));
    assert!(!set.contains(&"x".repeat(35)));
}

#[test]
fn languages_are_sorted_and_named_by_code() {
    let l = Language::new(&[Lang::De, Lang::En, Lang::De]);
    assert_eq!(l.langs(), [Lang::En, Lang::De]);
    assert_eq!(l.codes(), "en,de");
    assert_eq!(Language::new(&[]).codes(), "en");
    assert_eq!(Language::default().codes(), "en");
}

#[test]
fn each_language_negates_with_its_own_words() {
    use Lang::*;
    let cases: &[(Lang, &str, &str)] = &[
        (De, "Sie sind keine Terroristen.", "Terroristen"),
        (De, "Das ist nicht das Regime.", "Regime"),
        (Fr, "Ce ne sont pas des terroristes.", "terroristes"),
        (Fr, "Il n'y a aucun terroriste ici.", "terroriste"),
        (Es, "No son terroristas.", "terroristas"),
        (Es, "Nunca fue un régimen.", "régimen"),
        (It, "Non sono terroristi.", "terroristi"),
        (Pt, "Não são terroristas.", "terroristas"),
        (Nl, "Het zijn geen terroristen.", "terroristen"),
        (Ru, "Они не террористы.", "террористы"),
        (Ar, "هم ليسوا إرهابيين.", "إرهابيين"),
        (He, "הם לא מחבלים.", "מחבלים"),
    ];
    for &(lang, text, word) in cases {
        assert!(negated(text, &[lang], word), "{lang:?}: {text}");
        // English does not know these negators (Spanish `no` aside, which is English too).
        if lang != Es || !text.starts_with("No ") {
            assert!(!negated(text, &[En], word), "en: {text}");
        }
    }
    // The languages replace English's words: German `Not` ("need") negates nothing.
    assert!(negated("Not terrorists.", &[En], "terrorists"));
    assert!(!negated("Not Terroristen.", &[De], "Terroristen"));
    assert!(!negated("They don't see terrorists.", &[De], "terrorists"));
    // Two languages together know both.
    assert!(negated("Not terrorists.", &[De, En], "terrorists"));
    assert!(negated("keine Terroristen.", &[De, En], "Terroristen"));
}

#[test]
fn each_language_knows_the_idioms_in_which_its_negator_affirms() {
    use Lang::*;
    // (language, text, the word a match would be): negated by the negator alone, and no
    // longer once the word after the negator makes an idiom that affirms.
    let cases: &[(Lang, &str, &str, &str)] = &[
        (
            En,
            "They are not terrorists.",
            "They are not only terrorists.",
            "terrorists",
        ),
        (
            En,
            "It is not a regime.",
            "It is not just a regime.",
            "regime",
        ),
        (
            En,
            "It isn't a regime.",
            "It isn't merely a regime.",
            "regime",
        ),
        (
            En,
            "There is no regime.",
            "There is no doubt the regime fell.",
            "regime",
        ),
        (
            En,
            "They are nothing to terrorists.",
            "They are nothing but terrorists.",
            "terrorists",
        ),
        (
            En,
            "Not the militants.",
            "Not least the militants.",
            "militants",
        ),
        (
            En,
            "Without the militants.",
            "Without doubt the militants.",
            "militants",
        ),
        (
            De,
            "Sie sind nicht Terroristen.",
            "Sie sind nicht nur Terroristen.",
            "Terroristen",
        ),
        (
            De,
            "Es gibt kein Regime.",
            "Kein Zweifel, das Regime.",
            "Regime",
        ),
        (
            De,
            "Nicht das Regime.",
            "Nicht zuletzt das Regime.",
            "Regime",
        ),
        (
            Nl,
            "Het zijn niet terroristen.",
            "Het zijn niet alleen terroristen.",
            "terroristen",
        ),
        (
            Fr,
            "Ce ne sont pas des terroristes.",
            "Non seulement des terroristes.",
            "terroristes",
        ),
        (Fr, "Sans le régime.", "Sans doute le régime.", "régime"),
        (
            Es,
            "No son terroristas.",
            "No solo son terroristas.",
            "terroristas",
        ),
        (Es, "Sin el régimen.", "Sin duda el régimen.", "régimen"),
        (Es, "No el régimen.", "No obstante el régimen.", "régimen"),
        (
            It,
            "Non sono terroristi.",
            "Non solo sono terroristi.",
            "terroristi",
        ),
        (It, "Senza il regime.", "Senza dubbio il regime.", "regime"),
        (
            Pt,
            "Não são terroristas.",
            "Não só são terroristas.",
            "terroristas",
        ),
        (Pt, "Sem o regime.", "Sem dúvida o regime.", "regime"),
        (
            Ru,
            "Они не террористы.",
            "Они не только террористы.",
            "террористы",
        ),
        (
            Ru,
            "Без войны режим пал.",
            "Без сомнения режим пал.",
            "режим",
        ),
        (Ar, "ليس إرهابيين.", "ليس فقط إرهابيين.", "إرهابيين"),
        (He, "לא מחבלים.", "לא רק מחבלים.", "מחבלים"),
    ];
    for &(lang, negating, affirming, word) in cases {
        assert!(negated(negating, &[lang], word), "{lang:?}: {negating}");
        assert!(!negated(affirming, &[lang], word), "{lang:?}: {affirming}");
    }
    // Only right after the negator, in its clause and voice: a word between, a comma or a
    // quotation mark, and the negator negates as before.
    assert!(negated("not the only terrorists", &[En], "terrorists"));
    for text in [
        "not, only terrorists",
        "not \"only\" terrorists",
        "not. Only terrorists",
    ] {
        let (a, _) = analysis(text, &[En]);
        assert!(a.tokens[0].negator, "{text}");
    }
    let (a, _) = analysis("not only terrorists", &[En]);
    assert!(!a.tokens[0].negator);
    // `not even`, `no longer`, `no more` still negate.
    assert!(negated("not even terrorists", &[En], "terrorists"));
    assert!(negated("no longer terrorists", &[En], "terrorists"));
    assert!(negated("no more terrorists", &[En], "terrorists"));
    // Each language's idioms are its own: English `only` does not undo German `nicht`.
    assert!(negated("Nicht only Terroristen.", &[De], "Terroristen"));
    assert!(!negated(
        "Nicht only Terroristen.",
        &[De, En],
        "Terroristen"
    ));
}

#[test]
fn a_negators_window_ends_before_a_word_that_opens_a_clause() {
    use Lang::*;
    // (negated, not negated): the same words, with a clause opener between.
    let cases: &[(&str, &str, &str)] = &[
        (
            "did not know militants",
            "did not know that militants",
            "militants",
        ),
        ("not the terrorists", "not what terrorists", "terrorists"),
        ("no sign militants", "no sign when militants", "militants"),
        ("never said regime", "never asked whether regime", "regime"),
        ("no more thugs", "no more than thugs", "thugs"),
        (
            "isn't clear militants",
            "isn't clear who militants",
            "militants",
        ),
    ];
    for &(negating, opened, word) in cases {
        assert!(negated(negating, &[En], word), "{negating}");
        assert!(!negated(opened, &[En], word), "{opened}");
    }
    // An opener that begins the match, three words after the negator, ends the window too.
    assert!(!negated("doing nothing amounts to what", &[En], "what"));
    assert!(negated("doing nothing amounts to so", &[En], "so"));
    // The opener's own clause can be negated.
    assert!(negated(
        "knew that militants did not attack",
        &[En],
        "attack"
    ));
    // English's openers are English's: under German alone `that` is a word like any other.
    assert!(negated("nicht that Terroristen", &[De], "Terroristen"));
}

#[test]
fn a_definite_description_after_a_negated_verb_is_not_negated() {
    use Lang::*;
    // (negated, not negated): the same words, with a verb or preposition before the article.
    let cases: &[(&str, &str, &str)] = &[
        ("did not harm voters", "did not harm the voters", "voters"),
        ("not the regime", "not for the regime", "regime"),
        ("none militants", "none of the militants", "militants"),
        ("didn't pay taxes", "didn't pay their taxes", "taxes"),
        (
            "never recognise annexation",
            "never recognise this annexation",
            "annexation",
        ),
    ];
    for &(negating, described, word) in cases {
        assert!(negated(negating, &[En], word), "{negating}");
        assert!(!negated(described, &[En], word), "{described}");
    }
    // A description that begins the match ends the window too.
    assert!(!negated("did not back the regime", &[En], "the"));
    assert!(negated("did not back a regime", &[En], "a"));
    // Copulas, `have` and adverbs of degree keep the description in the negation's scope, and
    // so does any run of them; one word that is none ends it.
    for text in [
        "will not be the terrorists",
        "may not have the terrorists",
        "won't get their terrorists",
        "is not really the terrorists",
        "has never been the terrorists",
    ] {
        assert!(negated(text, &[En], "terrorists"), "{text}");
    }
    assert!(negated("not even really the", &[En], "the"));
    assert!(!negated("not even blame the", &[En], "the"));
    // `her` is also an object (`did not give her support`) and is no determiner here.
    assert!(negated("did not give her support", &[En], "support"));
    // A later negator opens a window of its own.
    assert!(negated("did not say the army never fired", &[En], "fired"));
    // English's determiners are English's.
    assert!(negated("nicht sagen the Terroristen", &[De], "Terroristen"));
}

#[test]
fn no_word_is_both_a_negator_and_one_that_undoes_or_ends_a_negation() {
    for lang in Lang::ALL {
        let w = lang.words();
        for word in w
            .not_negating
            .iter()
            .chain(w.clause_openers)
            .chain(w.definite_determiners)
            .chain(w.scope_bridges)
        {
            assert!(!w.negators.contains(word), "{lang:?}: {word}");
        }
    }
}

#[test]
fn each_language_knows_its_reporting_verbs() {
    use Lang::*;
    let s = Some(Device::ScareQuote);
    let d = Some(Device::Distancing);
    // A one-word quotation followed by a comma and a reporting verb is speech.
    let cases: &[(Lang, &str)] = &[
        (De, "Er kam. „Nie“, sagte er dann."),
        (Fr, "Il est venu. « Jamais », dit-il ensuite."),
        (Es, "Vino. «Nunca», dijo después."),
        (It, "È venuto. «Mai», disse poi."),
        (Pt, "Veio. «Nunca», disse depois."),
        (Nl, "Hij kwam. „Nooit”, zei hij toen."),
        (Ru, "Он пришёл. «Никогда», сказал он."),
        (Ar, "جاء. «أبدا»، وقال بعدها."),
        (He, "הוא בא. \"לעולם\", אמר אחר כך."),
    ];
    for &(lang, text) in cases {
        assert_eq!(devices(text, &[lang]), [None], "{lang:?}: {text}");
        assert_eq!(devices(text, &[En]), [s], "en: {text}");
    }
    // A reporting verb and its complementiser before the quotation.
    let text = "Er sagte, dass „Frieden“ nahe sei.";
    assert_eq!(devices("Er sagte dass „Frieden“ nahe sei.", &[De]), [None]);
    assert_eq!(devices(text, &[De]), [None]);
    // A distancer right before it.
    assert_eq!(
        devices("die sogenannte „Friedensinitiative“ der Regierung", &[De]),
        [d]
    );
    assert_eq!(devices("la soi-disant « trêve » tient", &[Fr]), [d]);
    assert_eq!(devices("так называемое «перемирие» длится", &[Ru]), [d]);
    assert_eq!(devices("la soi-disant « trêve » tient", &[En]), [s]);
}

#[test]
fn each_language_knows_its_nouns_that_mention_words() {
    use Lang::*;
    // A noun naming the quotation as a word, right before it: a mention, not a scare quote.
    let cases: &[(Lang, &str)] = &[
        (En, "The word \"reform\" is everywhere."),
        (De, "Das Wort „Reform“ ist überall."),
        (Fr, "Le mot « réforme » est partout."),
        (Es, "La palabra «reforma» está en todas partes."),
        (It, "La parola «riforma» è ovunque."),
        (Pt, "A palavra «reforma» está em toda parte."),
        (Nl, "Het woord „hervorming” is overal."),
        (Ru, "Слово «реформа» звучит везде."),
        (Ar, "كلمة «الإصلاح» في كل مكان."),
        (He, "המילה \"רפורמה\" נמצאת בכל מקום."),
    ];
    no_scare_quote_but_in_english(cases);
}

/// Each text's one quotation is no device in its own language, and a scare quote when read as
/// English (which does not know the other languages' word before it).
fn no_scare_quote_but_in_english(cases: &[(Lang, &str)]) {
    for &(lang, text) in cases {
        assert_eq!(devices(text, &[lang]), [None], "{lang:?}: {text}");
        if lang != Lang::En {
            assert_eq!(
                devices(text, &[Lang::En]),
                [Some(Device::ScareQuote)],
                "en: {text}"
            );
        }
    }
}

#[test]
fn each_language_knows_its_nouns_of_works() {
    use Lang::*;
    // A noun of a work right before a quotation names its title: no scare quote.
    let cases: &[(Lang, &str)] = &[
        (En, "They saw the film \"reform\" twice."),
        (De, "Sie lasen das Buch „Reform“ zweimal."),
        (Fr, "Ils ont lu le livre « réforme » deux fois."),
        (Es, "Vieron la película «reforma» dos veces."),
        (It, "Hanno letto il libro «riforma» due volte."),
        (Pt, "Eles viram o filme «reforma» duas vezes."),
        (Nl, "Ze lazen het boek „hervorming” twee keer."),
        (Ru, "Они дважды смотрели фильм «реформа» вместе."),
        (Ar, "شاهدوا فيلم «الإصلاح» مرتين."),
        (He, "הם ראו את הסרט \"רפורמה\" פעמיים."),
    ];
    no_scare_quote_but_in_english(cases);
}

#[test]
fn each_language_opens_sentences_after_abbreviations() {
    use Lang::*;
    // `bzw.` before a German article ends a sentence under German only.
    let text = "Es kommt bzw. Die Lage ist ernst.";
    let (de, _) = analysis(text, &[De]);
    let (en, _) = analysis(text, &[En]);
    assert_eq!(de.sentences.len(), 2);
    assert_eq!(en.sentences.len(), 1);
    let text = "Es kommt bzw. Regierung ist ernst.";
    assert_eq!(analysis(text, &[De]).0.sentences.len(), 1);
}
