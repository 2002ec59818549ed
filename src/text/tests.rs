//! Tests of the whole text pipeline on small hand-written texts.

use super::*;

fn words_where(text: &str, pred: impl Fn(&Token) -> bool) -> Vec<String> {
    let a = analyze(text);
    a.tokens
        .iter()
        .filter(|t| pred(t))
        .map(|t| text[t.start as usize..t.end as usize].to_string())
        .collect()
}

fn quoted(text: &str) -> Vec<String> {
    words_where(text, |t| t.quoted)
}

fn sentences(text: &str) -> Vec<String> {
    let a = analyze(text);
    a.sentences
        .iter()
        .map(|s| {
            let first = &a.tokens[s.first_token as usize];
            let last = &a.tokens[s.end_token as usize - 1];
            text[first.start as usize..last.end as usize].to_string()
        })
        .collect()
}

fn negated(text: &str) -> Vec<String> {
    let a = analyze(text);
    (0..a.tokens.len())
        .filter(|&i| a.is_negated(i))
        .map(|i| text[a.tokens[i].start as usize..a.tokens[i].end as usize].to_string())
        .collect()
}

#[test]
fn keys_fold_and_lowercase() {
    let a = analyze("Iran\u{2019}s ANTI\u{2010}Israel Caf\u{0065}\u{0301}");
    let keys: Vec<&str> = a.tokens.iter().map(|t| a.key(t.key)).collect();
    assert_eq!(keys, ["iran's", "anti-israel", "caf\u{e9}"]);
    assert_eq!(a.stem(a.tokens[0].key), Some("iran"));
    assert_eq!(a.key(a.tokens[1].cased), "ANTI-Israel");
    let parts: Vec<&str> = a
        .parts_of(&a.tokens[1])
        .iter()
        .map(|p| a.key(p.key))
        .collect();
    assert_eq!(parts, ["anti", "israel"]);
}

fn keys(text: &str) -> Vec<String> {
    let a = analyze(text);
    a.tokens.iter().map(|t| a.key(t.key).to_string()).collect()
}

#[test]
fn invisible_format_characters_stay_inside_words_and_out_of_keys() {
    // A soft hyphen, the zero-width joiners, the word joiner and a bidi mark inside a word.
    assert_eq!(
        keys(
            "Die Terror\u{AD}isten, Regie\u{2060}rung, \u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645} a\u{200F}b"
        ),
        [
            "die",
            "terroristen",
            "regierung",
            "\u{645}\u{6CC}\u{62E}\u{648}\u{627}\u{647}\u{645}",
            "ab"
        ]
    );
    // The word's span keeps them: reports show the text as written.
    assert_eq!(
        words_where("Terror\u{AD}isten", |_| true),
        ["Terror\u{AD}isten"]
    );
    // The zero-width space separates words (UAX #29), and a soft hyphen at a word's edge is
    // not part of it.
    assert_eq!(keys("Regie\u{200B}rung"), ["regie", "rung"]);
    assert_eq!(keys("\u{AD}Terror\u{AD} isten"), ["terror", "isten"]);
    assert_eq!(normalize_key("Terror\u{AD}isten", true), "Terroristen");
}

#[test]
fn hebrew_acronyms_are_one_word_and_no_quotation() {
    let text = "\u{5D3}\u{5D5}\u{5D1}\u{5E8} \u{5E6}\u{5D4}\"\u{5DC} \u{5D0}\u{5DE}\u{5E8}. \u{5D0}\u{5E8}\u{5D4}\u{5F4}\u{5D1} \u{5D2}\u{5D9}\u{5E0}\u{5EA}\u{5D4}.";
    assert_eq!(
        keys(text),
        [
            "\u{5D3}\u{5D5}\u{5D1}\u{5E8}",
            "\u{5E6}\u{5D4}\"\u{5DC}",
            "\u{5D0}\u{5DE}\u{5E8}",
            "\u{5D0}\u{5E8}\u{5D4}\"\u{5D1}",
            "\u{5D2}\u{5D9}\u{5E0}\u{5EA}\u{5D4}",
        ]
    );
    assert!(analyze(text).quotations.is_empty());
    // Between Latin letters, or after a Hebrew word, `"` is a quotation mark as before.
    assert_eq!(quoted("He said \"no\" twice."), ["no"]);
    assert_eq!(keys("a\"b"), ["a", "b"]);
    assert_eq!(
        quoted("\u{5E9}\u{5E7}\u{5E8} \"\u{5DC}\u{5D0}\" \u{5D0}\u{5DE}\u{5E8}"),
        ["\u{5DC}\u{5D0}"]
    );
}

#[test]
fn straight_and_curly_double_quotes() {
    assert_eq!(
        quoted("He said \"we will win\" today."),
        ["we", "will", "win"]
    );
    assert_eq!(
        quoted("He said \u{201C}we will win\u{201D} today."),
        ["we", "will", "win"]
    );
    // Mixed marks, as scraped text has them.
    assert_eq!(
        quoted("\"One way,\u{201D} continued Smith."),
        ["One", "way"]
    );
}

#[test]
fn guillemets_and_single_curly_quotes() {
    assert_eq!(
        quoted("They call it \u{AB}liberation\u{BB} now."),
        ["liberation"]
    );
    assert_eq!(
        quoted("the \u{2018}peace plan\u{2019} failed"),
        ["peace", "plan"]
    );
    // ‘ before a digit, or with no closer in the paragraph, is an apostrophe; so is ’ after a
    // plural when no single quotation is open.
    assert!(quoted("back in the \u{2018}90s the militants\u{2019} homes").is_empty());
    assert!(quoted("rock \u{2018}n roll forever").is_empty());
    assert!(quoted("the militants\u{2019} homes").is_empty());
}

#[test]
fn apostrophes_inside_a_single_quotation_do_not_close_it() {
    // A plural possessive inside the quotation, with the quotation's closer still to come.
    let text =
        "\u{2018}The militants\u{2019} homes were used by terrorists,\u{2019} the minister said.";
    assert_eq!(
        quoted(text),
        [
            "The",
            "militants",
            "homes",
            "were",
            "used",
            "by",
            "terrorists"
        ]
    );
    // An elision after a space (`’90s`) is no closer.
    let text = "\u{2018}Back in the \u{2019}90s the terrorists came,\u{2019} she said.";
    assert_eq!(
        quoted(text),
        ["Back", "in", "the", "90s", "the", "terrorists", "came"]
    );
    // With no other closer ahead, the `s’` closes the quotation (a scare quote on a plural).
    assert_eq!(
        quoted("the \u{2018}freedom fighters\u{2019} said so"),
        ["freedom", "fighters"]
    );
}

#[test]
fn guillemets_point_either_way_round() {
    // French and German order, with and without the spaces French puts inside.
    assert_eq!(
        quoted("Il parle de \u{AB}\u{202F}terroristes\u{202F}\u{BB}, dit-il."),
        ["terroristes"]
    );
    assert_eq!(
        quoted(
            "Er nannte sie \u{BB}Terroristen\u{AB}, die Regierung sprach von \u{BB}Extremisten\u{AB}."
        ),
        ["Terroristen", "Extremisten"]
    );
    // Single guillemets inside double ones, either way round.
    let a = analyze("\u{BB}Er sagte \u{203A}nein\u{2039} und ging\u{AB}, hie\u{DF} es.");
    assert_eq!(a.quotations.len(), 2);
    assert_eq!((a.quotations[0].depth, a.quotations[1].depth), (0, 1));
    assert!(a.quotations.iter().all(|q| q.closed));
    assert_eq!(
        quoted("\u{AB} Il a dit \u{2039} non \u{203A} puis \u{BB} voil\u{E0}."),
        ["Il", "a", "dit", "non", "puis"]
    );
    // Swedish and Finnish use one mark on both sides: after a word, it closes.
    assert_eq!(quoted("\u{BB}Nej\u{BB} sa han."), ["Nej"]);
    // A right-pointing mark not before a letter, or one after a word, opens nothing: the
    // breadcrumb of a scraped page, a stray closer.
    assert!(quoted("Home \u{BB} Politics \u{BB} Europe").is_empty());
    assert!(quoted("the end\u{BB} of it").is_empty());
    assert!(quoted("the end\u{AB} of it").is_empty());
}

#[test]
fn german_low_single_quotes() {
    assert_eq!(
        quoted(
            "Er sagte: \u{201E}Sie riefen \u{201A}Wir handeln.\u{2018} und gingen.\u{201C} Dann nichts."
        ),
        ["Sie", "riefen", "Wir", "handeln", "und", "gingen"]
    );
    let a = analyze("Sie nannten es \u{201A}Befreiung\u{2018}, nicht Besetzung.");
    assert_eq!(a.quotations.len(), 1);
    assert!(a.quotations[0].closed);
    assert_eq!(
        quoted("Sie nannten es \u{201A}Befreiung\u{2019} heute."),
        ["Befreiung"]
    );
    // With no closer in the paragraph, `‚` is no quotation mark.
    assert!(quoted("ein \u{201A}Befreiung und mehr").is_empty());
    // English single quotes are as before.
    assert_eq!(
        quoted("the \u{2018}peace plan\u{2019} and \u{2018}war\u{2019}"),
        ["peace", "plan", "war"]
    );
}

#[test]
fn open_quote_ends_at_paragraph_end() {
    let text = "He said: \"We will stay\n\nand fight.\" Then more.";
    // Blank-line paragraphs: the quote opened in paragraph 1 ends there; the closing mark in
    // paragraph 2 has nothing to close and is a stray.
    assert_eq!(quoted(text), ["We", "will", "stay"]);
    let a = analyze(text);
    assert_eq!(a.quotations.len(), 1);
    assert!(!a.quotations[0].closed);
    assert_eq!(a.paragraphs, 2);
}

#[test]
fn nested_quotes() {
    let text = "\u{201C}They told us \u{2018}leave now\u{2019} and we did,\u{201D} she said.";
    assert_eq!(
        quoted(text),
        ["They", "told", "us", "leave", "now", "and", "we", "did"]
    );
    let a = analyze(text);
    assert_eq!(a.quotations.len(), 2);
    assert_eq!(a.quotations[1].depth, 1);
}

#[test]
fn line_mode_paragraphs_when_no_blank_lines() {
    let a = analyze("One line\nTwo line\nThree");
    assert_eq!(a.paragraphs, 3);
    let a = analyze("Wrapped line\nstill same.\n\nNew para");
    assert_eq!(a.paragraphs, 2);
}

#[test]
fn blank_lines_before_the_first_or_after_the_last_line_separate_nothing() {
    // A scraper's trailing or leading blank lines leave one paragraph per line.
    for text in [
        "One line\nTwo line\nThree\n\n",
        "\n\nOne line\nTwo line\nThree",
        "\r\n \r\nOne line\r\nTwo line\r\nThree\r\n\u{A0}\r\n",
    ] {
        assert_eq!(analyze(text).paragraphs, 3, "{text:?}");
    }
    // A line of any white space between two lines of text is blank.
    for blank in [" ", "\t", "\u{A0}", "\u{3000}", "\r"] {
        let text = format!("Wrapped line\nstill same.\n{blank}\nNew para");
        assert_eq!(analyze(&text).paragraphs, 2, "{text:?}");
    }
}

#[test]
fn sentence_splitting_news_text() {
    assert_eq!(
        sentences(
            "Mr. Smith met Dr. Jones in the U.S. Senate on Jan. 5. Growth was 3.5 percent. \
             John F. Kennedy spoke. \"Is it over?\" he asked. It was."
        ),
        [
            "Mr. Smith met Dr. Jones in the U.S. Senate on Jan. 5",
            "Growth was 3.5 percent",
            "John F. Kennedy spoke",
            "Is it over?\" he asked",
            "It was"
        ]
    );
}

#[test]
fn negation_window() {
    assert_eq!(
        negated("They did not call him a terrorist."),
        ["call", "him", "a"]
    );
    assert_eq!(negated("He isn't a terrorist"), ["a", "terrorist"]);
    // A comma breaks the scope.
    assert!(negated("No, terrorists came").is_empty());
    // Voice: a negator in the quote does not reach the narrator's words.
    assert_eq!(
        negated("\u{201C}We are not afraid,\u{201D} she added."),
        ["afraid"]
    );
    // Four words away is out of the window.
    assert_eq!(
        negated("never once in all those years"),
        ["once", "in", "all"]
    );
    // Sentence boundary.
    assert!(negated("It was not. Terror followed.").is_empty());
}

#[test]
fn a_dash_between_clauses_ends_the_negation_window() {
    // Em dash (spaced or not), a horizontal bar, `--`, a spaced en dash or hyphen.
    for text in [
        "not there \u{2014} terror",
        "not there\u{2014}terror",
        "not there \u{2015} terror",
        "not there -- terror",
        "not there--terror",
        "not there \u{2013} terror",
        "not there - terror",
    ] {
        assert_eq!(negated(text), ["there"], "{text:?}");
    }
    // An en dash between two words joins a pair or a range: the window goes on.
    assert_eq!(
        negated("no Israel\u{2013}Gaza truce"),
        ["Israel", "Gaza", "truce"]
    );
    // A hyphen inside a word is part of it.
    assert_eq!(negated("no cease-fire deal"), ["cease-fire", "deal"]);
    // The cost: a negation that goes on past a parenthetical between dashes is cut there too
    // (on allsides about 2 of 15 such dashes; README *Negation*).
    assert!(negated("Nothing \u{2014} and I mean nothing \u{2014} unites them").is_empty());
}

#[test]
fn joined_only_across_white_space() {
    let a = analyze("terror group, terror\ngroup\n\nEnd");
    let joined: Vec<bool> = a.tokens.iter().map(|t| t.joined).collect();
    assert_eq!(joined, [false, true, false, true, false]);
}

#[test]
fn single_token_check() {
    assert!(is_single_token("pro-life"));
    assert!(is_single_token("U.S."));
    assert!(is_single_token("don't"));
    assert!(!is_single_token("two words"));
    assert!(!is_single_token("$$"));
    assert!(!is_single_token("protesters'"));
}

#[test]
fn offsets_are_char_boundaries_on_wild_text() {
    let text = "\u{FEFF}\u{202E}abc\u{200B}d\u{e9}f \u{201C}\u{2018}x\u{2019}\u{201D} \u{1F600}-a \u{0301}b";
    let a = analyze(text);
    for t in &a.tokens {
        assert!(text.is_char_boundary(t.start as usize) && text.is_char_boundary(t.end as usize));
    }
}

proptest::proptest! {
    /// Both keys of every word are [`normalize_key`]'s, whichever path [`push_keys`] takes:
    /// ASCII, ASCII with characters that fold to ASCII, or full normalisation (accents,
    /// combining marks, full-width and other letters).
    #[test]
    fn keys_are_the_normalised_words(
        words in proptest::collection::vec(
            "([a-zA-Z'\\-]|[\u{2018}\u{2019}\u{201a}\u{201b}\u{2bc}\u{2032}\u{ff07}\u{201c}\u{201d}\u{2010}\u{2011}\u{2013}\u{2014}\u{2212}\u{fe63}\u{ff0d}]|[\u{e9}\u{c9}\u{301}\u{308}\u{130}\u{df}\u{ff21}\u{3a3}\u{1f600}]){1,8}",
            1..4,
        )
    ) {
        // As in `analyze_into`, each word stands in `keys` before its keys are pushed.
        let mut keys = String::from("x");
        for word in &words {
            let at = keys.len();
            keys.push_str(word);
            let (lower, cased) = push_keys(&mut keys, word, at);
            let key = |span: KeySpan| keys[span.start as usize..span.end as usize].to_string();
            proptest::prop_assert_eq!(key(lower), normalize_key(word, false));
            proptest::prop_assert_eq!(key(cased), normalize_key(word, true));
        }
    }
}

proptest::proptest! {
    /// In a whole analysis, every token's and every part's keys are those of its own text,
    /// wherever the keys are kept (in the copy of the text, or pushed after it).
    #[test]
    fn analysed_keys_are_the_normalised_words_of_the_text(
        text in "([a-zA-Z]{1,6}|[A-Z][a-z]{0,4}-[a-zA-Z]{1,5}|caf\u{e9}|don\u{2019}t|\u{201c}|, |\\. |\n){1,30}",
    ) {
        let a = analyze(&text);
        for t in &a.tokens {
            let word = &text[t.start as usize..t.end as usize];
            proptest::prop_assert_eq!(a.key(t.key), normalize_key(word, false));
            proptest::prop_assert_eq!(a.key(t.cased), normalize_key(word, true));
        }
        for p in &a.parts {
            let word = &text[p.start as usize..p.end as usize];
            proptest::prop_assert_eq!(a.key(p.key), normalize_key(word, false));
            proptest::prop_assert_eq!(a.key(p.cased), normalize_key(word, true));
        }
    }
}

#[test]
fn ascii_and_capitals_agree_with_a_byte_loop_everywhere() {
    // Every byte value at every place of words of 1 to 19 bytes, with the word at the end of
    // the buffer (the short load) and with other bytes after it (which must not count).
    let definition = |w: &[u8]| (w.is_ascii(), w.iter().any(u8::is_ascii_uppercase));
    for len in 1..20 {
        for place in 0..len {
            for b in 0..=255u8 {
                let mut word = vec![b'a'; len];
                word[place] = b;
                for after in [&b""[..], b"\xffZZZZZZZZ"] {
                    let mut bytes = b"x ".to_vec();
                    bytes.extend_from_slice(&word);
                    bytes.extend_from_slice(after);
                    assert_eq!(
                        ascii_and_capitals(&bytes, 2, len),
                        definition(&word),
                        "{word:?} then {after:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn negators_are_the_listed_words_and_nt_words() {
    for w in [
        "cannot", "hardly", "neither", "never", "no", "nobody", "none", "nor", "not", "nothing",
        "without", "don't", "won't", "isn't", "can't",
    ] {
        assert!(Language::english().is_negator(w), "{w}");
    }
    for w in [
        "", "n", "can", "hard", "nation", "notice", "nowhere", "with", "want", "t", "n't'", "abc",
        // The first byte and length of a negator, but another word.
        "nu", "nut", "nose", "newer", "cannon", "hourly", "nobodys", "nothin", "witness",
        "nothings", "Not",
    ] {
        assert!(!Language::english().is_negator(w), "{w}");
    }
}

proptest::proptest! {
    /// `negation` (explain's account) says `Negated` exactly where `is_negated` (the counts'
    /// rule) says so, over texts dense with negators, idioms, openers, articles, bridges,
    /// marks, dashes, numerals and sentence ends.
    #[test]
    fn the_explained_negation_agrees_with_the_counted_one(
        text in "((not|no|never|didn't|nothing|without|only|just|doubt|that|who|the|their|be|really|have|attack|regime|militants|No\\.|2|\"|, |; |: | -- | — |–|\\. |\n\n) ){1,24}",
    ) {
        let a = analyze(&text);
        let language = Language::english();
        for i in 0..a.tokens.len() {
            let explained = a.negation(i, &text, language);
            proptest::prop_assert_eq!(
                matches!(explained, Some(Negation::Negated { .. })),
                a.is_negated(i),
                "token {} of {:?}: {:?}",
                i,
                text,
                explained
            );
        }
    }
}

#[test]
fn negation_names_the_negator_or_what_stopped_it() {
    let language = Language::english();
    let explain = |text: &str, word: &str| {
        let a = analyze(text);
        let i = a
            .tokens
            .iter()
            .position(|t| &text[t.start as usize..t.end as usize] == word)
            .unwrap();
        a.negation(i, text, language).map(|n| n.describe(&a, text))
    };
    let said = |s: &str| Some(s.to_string());
    assert_eq!(
        explain("did not attack", "attack"),
        said("negated by `not`")
    );
    assert_eq!(explain("they attack", "attack"), None);
    assert_eq!(
        explain("not only terrorists", "terrorists"),
        said("not negated: `not only` affirms what follows")
    );
    assert_eq!(
        explain("the No. 2 regime", "regime"),
        said("not negated: `No` abbreviates number")
    );
    assert_eq!(
        explain("did not harm the public", "public"),
        said(
            "not negated: `not` is before it, but `the` begins a definite description after a \
             verb or preposition"
        )
    );
    assert_eq!(
        explain("did not know that militants", "militants"),
        said("not negated: `not` is before it, but `that` opens a clause")
    );
    assert_eq!(
        explain("not afraid, militants", "militants"),
        said("not negated: `not` is before it, but a `,` stands between")
    );
    assert_eq!(
        explain("not — militants", "militants"),
        said("not negated: `not` is before it, but a dash stands between")
    );
    assert_eq!(
        explain("It is not. Militants", "Militants"),
        said("not negated: `not` is before it, but a sentence ends between")
    );
    assert_eq!(
        explain("He did not \"militants", "militants"),
        said("not negated: `not` is before it, but a quotation mark stands between")
    );
}
