use super::*;
use crate::text::analyze;

/// Each quotation's words and its device or why it is none.
fn verdicts(text: &str) -> Vec<(String, Result<Device, NotDevice>)> {
    let a = analyze(text);
    let mut memo = Memo::default();
    a.quotations
        .iter()
        .map(|q| {
            let words: Vec<&str> = a.tokens[q.first_token as usize..q.end_token as usize]
                .iter()
                .map(|t| &text[t.start as usize..t.end as usize])
                .collect();
            (
                words.join(" "),
                classify(&a, text, q, Language::english(), false, &mut memo),
            )
        })
        .collect()
}

/// Each quotation's words and its device.
fn devices(text: &str) -> Vec<(String, Option<Device>)> {
    verdicts(text)
        .into_iter()
        .map(|(words, verdict)| (words, verdict.ok()))
        .collect()
}

#[test]
fn each_quotation_that_is_no_device_says_why() {
    let why = |t: &str| -> Vec<Result<Device, NotDevice>> {
        verdicts(t).into_iter().map(|(_, v)| v).collect()
    };
    use NotDevice::*;
    for (text, expected) in [
        ("A \"sham\" vote.", vec![Ok(Device::ScareQuote)]),
        (
            "A so-called \"reform\" passed.",
            vec![Ok(Device::Distancing)],
        ),
        ("He said \"never\" twice.", vec![Err(Introduced)]),
        ("A \"good\" deal, he said.", vec![Err(Reported)]),
        ("\"Never,\" she said.", vec![Err(Attributed)]),
        ("A \"sham vote went on.", vec![Err(Open)]),
        ("\u{201C}Sham\u{201D}.", vec![Err(NoNarrator)]),
        ("A \"deal for the ages\" fell.", vec![Err(Long)]),
        ("It ended. \"Stop!\" Then nothing.", vec![Err(Sentence)]),
        ("They watched \"Meet the Press\" again.", vec![Err(Title)]),
        ("It was \"Veterans\" Day again.", vec![Err(Name)]),
        (
            "\"Nonsense,\" the mayor said of it today.",
            vec![Err(Attributed)],
        ),
        ("A <span class=\"x\">tag</span> stayed.", vec![Err(Markup)]),
        (
            "He wrote \u{201C}a \u{2018}fine\u{2019} mess\u{201D} then.",
            vec![Err(Introduced), Err(Nested)],
        ),
        (
            "\"We will never accept a sham vote,\" he said.\n\nA \"sham vote\" it was.",
            vec![Err(Long), Err(Echo)],
        ),
    ] {
        assert_eq!(why(text), expected, "{text}");
    }
}

#[test]
fn word_lists_are_sorted() {
    assert!(TITLE_SMALL_WORDS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn scare_quote_inside_a_said_that_sentence() {
    let t = "The minister said that liberation of \u{201C}Homeland\u{201D} is near.";
    assert_eq!(
        devices(t),
        [("Homeland".to_string(), Some(Device::ScareQuote))]
    );
}

#[test]
fn attributed_full_quote_is_speech() {
    let t = "\u{201C}We will never surrender to them,\u{201D} he said.";
    assert_eq!(
        devices(t),
        [("We will never surrender to them".to_string(), None)]
    );
    let t = "He said: \u{201C}Never.\u{201D}";
    assert_eq!(devices(t), [("Never".to_string(), None)]);
    let t = "Asked about it, he said \"no\" and left.";
    assert_eq!(devices(t), [("no".to_string(), None)]);
    let t = "\"Nonsense,\" the minister replied.";
    assert_eq!(devices(t), [("Nonsense".to_string(), None)]);
}

#[test]
fn partial_quote_in_a_reported_sentence_is_speech() {
    let t = "He said on Monday that the aim was to \"erase our identity\". Then he left.";
    assert_eq!(devices(t), [("erase our identity".to_string(), None)]);
    let t = "He said the police try to \"suffocate\" the clubs.";
    assert_eq!(devices(t), [("suffocate".to_string(), None)]);
    // With no reporting verb, the same kind of quotation is a scare quote.
    let t = "The \"erase our identity\" plan failed.";
    assert_eq!(
        devices(t),
        [("erase our identity".to_string(), Some(Device::ScareQuote))]
    );
    // Post-quote attribution with an added adverb.
    let t = "He acted \"on his own,\" he guiltily emphasizes, and left.";
    assert_eq!(devices(t), [("on his own".to_string(), None)]);
}

#[test]
fn titles_are_not_scare_quotes() {
    let t = "He spoke on NBC's \"Meet the Press\" on Sunday.";
    assert_eq!(devices(t), [("Meet the Press".to_string(), None)]);
}

#[test]
fn distancing_marker_then_quote() {
    let t = "The administration's so-called \u{201C}Deal of the Century\u{201D} failed.";
    assert_eq!(
        devices(t),
        [("Deal of the Century".to_string(), Some(Device::Distancing))]
    );
}

#[test]
fn short_quote_in_a_narrator_sentence_is_a_scare_quote() {
    let t = "Iran gave the group its \"unlimited\" support.";
    assert_eq!(
        devices(t),
        [("unlimited".to_string(), Some(Device::ScareQuote))]
    );
    // A verb that reports what Iran said makes the word Iran's: a partial quotation.
    let t = "Iran praised its \"unlimited\" support for the group.";
    assert_eq!(devices(t), [("unlimited".to_string(), None)]);
}

/// The kinds of partial quotation the validation samples found called scare quotes (README
/// *Scare quotes and distancing*): attributed by a verb of speech outside the first list,
/// by `according to`, or by a reporting verb after the quotation later in the sentence.
#[test]
fn partial_quotes_attributed_anywhere_in_the_sentence_are_speech() {
    for t in [
        "Trump hailed Barr for \"taking charge\" of the case.",
        "Trump promised \"severe punishment\" for whoever was to blame.",
        "According to Circa, the FBI used \"traditional methods\" on the server.",
        "They will allege an \"abuse of protocol\" in the case.",
        "He lost the money through his \"unwise\" trading, the prosecutor said in court.",
        "There can be 100 \"boards\" to answer to, says Ms Lee.",
    ] {
        let found = devices(t);
        assert_eq!(found.len(), 1, "{t}");
        assert_eq!(found[0].1, None, "{t}");
    }
    // A single capitalised word stays a contested name, whoever speaks in the sentence.
    let t = "Liberation of \"Palestine\" is near, the minister said.";
    assert_eq!(
        devices(t),
        [("Palestine".to_string(), Some(Device::ScareQuote))]
    );
}

#[test]
fn a_distancer_used_as_a_verb_reports_speech() {
    let t = "Hopkins alleged that Orman had been \"harassing\" her colleague.";
    assert_eq!(devices(t), [("harassing".to_string(), None)]);
    // As an adjective it reports nothing.
    let t = "The alleged killer fled the \"safe\" house.";
    assert_eq!(devices(t), [("safe".to_string(), Some(Device::ScareQuote))]);
}

#[test]
fn quotations_in_a_headline_are_speech_but_a_contested_name() {
    let title = |text: &str| -> Vec<Option<Device>> {
        let a = analyze(text);
        let mut memo = Memo::default();
        a.quotations
            .iter()
            .map(|q| classify(&a, text, q, Language::english(), true, &mut memo).ok())
            .collect()
    };
    let t = "Vatican clergy suffer from \u{201C}spiritual decay\u{201D} in Rome";
    assert_eq!(title(t), [None]);
    let a = analyze(t);
    let verdict = classify(
        &a,
        t,
        &a.quotations[0],
        Language::english(),
        true,
        &mut Memo::default(),
    );
    assert_eq!(verdict, Err(NotDevice::Headline));
    assert_eq!(
        devices(t),
        [("spiritual decay".to_string(), Some(Device::ScareQuote))]
    );
    let t = "Democrats haggle on contours of a \u{2018}Dreamers\u{2019} deal";
    assert_eq!(title(t), [Some(Device::ScareQuote)]);
}

#[test]
fn a_word_mentioned_as_a_word_is_no_scare_quote() {
    let t = "The word \u{201C}gerrymandering\u{201D} comes from a governor's name.";
    assert_eq!(devices(t), [("gerrymandering".to_string(), None)]);
    let t = "She has rejected the label \"democratic socialist\" for herself.";
    assert_eq!(devices(t), [("democratic socialist".to_string(), None)]);
    // A name given through `as`.
    let t = "Young immigrants, also known as \u{201C}Dreamers,\u{201D} were brought here.";
    assert_eq!(devices(t), [("Dreamers".to_string(), None)]);
    // Only right before the quotation: a word elsewhere in the sentence names nothing.
    let t = "In a word, the \"reform\" cut benefits.";
    assert_eq!(
        devices(t),
        [("reform".to_string(), Some(Device::ScareQuote))]
    );
}

#[test]
fn markup_left_in_the_text_is_no_scare_quote() {
    let t = "The page had class=\"hidden\" in it.";
    assert_eq!(devices(t), [("hidden".to_string(), None)]);
    let t = "The page had a \"hidden\" fee in it.";
    assert_eq!(
        devices(t),
        [("hidden".to_string(), Some(Device::ScareQuote))]
    );
}

#[test]
fn titles_with_numbers_are_not_scare_quotes() {
    let t = "He was on the set of \"60 Minutes\" after the show.";
    assert_eq!(devices(t), [("60 Minutes".to_string(), None)]);
    let t = "Movies like \u{201C}Taken 3\u{201D} can be made.";
    assert_eq!(devices(t), [("Taken 3".to_string(), None)]);
    // A number with a lower-case word is no title, and numbers alone are no name.
    let t = "He paid \"60 percent\" more.";
    assert_eq!(
        devices(t),
        [("60 percent".to_string(), Some(Device::ScareQuote))]
    );
    let t = "The \"24 7\" plan failed.";
    assert_eq!(devices(t), [("24 7".to_string(), Some(Device::ScareQuote))]);
}

#[test]
fn a_quotation_inside_a_name_is_part_of_the_name() {
    for t in [
        "I. Lewis \"Scooter\" Libby was chief of staff.",
        "Thomas \u{201C}Mack\u{201D} McLarty spoke next.",
        "In 1954 it was changed from Armistice to \"Veterans\" Day for all.",
        "Page told ABC News' \"Pandemic\" on Thursday.",
        "He appeared on NBC's \"Insider\" last week.",
    ] {
        let found = devices(t);
        assert_eq!(found.len(), 1, "{t}");
        assert_eq!(found[0].1, None, "{t}");
    }
    // A capitalised word on its own stays a contested name; so does one opening its sentence
    // before a capitalised word, or one followed by a comma.
    for t in [
        "The liberation of \u{201C}Kharsa\u{201D} is near.",
        "\"Moderate\" Democrats fled the room.",
        "A fix for \"Dreamers,\" Immigrants hope, is near.",
        "The \"Dreamers\" of Ohio met.",
    ] {
        let found = devices(t);
        assert_eq!(found.len(), 1, "{t}");
        assert_eq!(found[0].1, Some(Device::ScareQuote), "{t}");
    }
}

#[test]
fn a_work_named_before_its_title_is_no_scare_quote() {
    let t = "Then the song \u{201C}Selah\u{201D} opens with an organ.";
    assert_eq!(devices(t), [("Selah".to_string(), None)]);
    let t = "They watched the film \"Jaws\" again.";
    assert_eq!(devices(t), [("Jaws".to_string(), None)]);
    // Without the noun it is a contested name.
    let t = "They watched \"Jaws\" again.";
    assert_eq!(devices(t), [("Jaws".to_string(), Some(Device::ScareQuote))]);
}

#[test]
fn a_remark_or_comment_reports_its_words() {
    let t = "She regretted her \"deplorables\" remark in the end.";
    assert_eq!(devices(t), [("deplorables".to_string(), None)]);
    let t = "Critics hated Trump's comment that there were \"very fine people\" there.";
    assert_eq!(devices(t), [("very fine people".to_string(), None)]);
    let t = "She regretted her \"deplorables\" strategy in the end.";
    assert_eq!(
        devices(t),
        [("deplorables".to_string(), Some(Device::ScareQuote))]
    );
}

#[test]
fn every_form_of_a_reporting_verb_reports_its_words() {
    for t in [
        "The governor touts a \"historic\" budget to voters.",
        "Protesters were decrying the \"illegal\" war outside.",
        "He brags about his \"perfect\" call every week.",
        "The report cited \"serious\" lapses at the plant.",
        "She vows \"swift\" justice for the victims.",
    ] {
        let found = devices(t);
        assert_eq!(found.len(), 1, "{t}");
        assert_eq!(found[0].1, None, "{t}");
    }
    // Without the verb the same words are the writer's own distance; `demand` is no verb of
    // saying here (it is mostly the noun of economics).
    for t in [
        "The governor has a \"historic\" budget now.",
        "Consumer demand for \"historic\" homes rose.",
    ] {
        assert_eq!(
            devices(t),
            [("historic".to_string(), Some(Device::ScareQuote))],
            "{t}"
        );
    }
}

#[test]
fn words_echoing_a_longer_quotation_nearby_are_speech() {
    let spokesman = "\"We are sorry. It has nothing to do with the speaker's perspective,\" a \
                     spokesman said.";
    let echo = "The cancellation has everything to do with the \"speaker's perspective\" here.";
    let found = devices(&format!("{spokesman}\n\n{echo}"));
    assert_eq!(found.len(), 2);
    assert_eq!(found[1], ("speaker's perspective".to_string(), None));
    // The same sentence with the speech two paragraphs away stays a scare quote.
    let found = devices(&format!("{spokesman}\n\nThey left.\n\n{echo}"));
    assert_eq!(
        found[1],
        (
            "speaker's perspective".to_string(),
            Some(Device::ScareQuote)
        )
    );
    // Other words, or the same word put in scare quotes twice, do not count.
    let found = devices(&format!(
        "{spokesman}\n\nIt was about the \"speaker\" today."
    ));
    assert_eq!(found[1], ("speaker".to_string(), Some(Device::ScareQuote)));
    // A single capitalised word stays a contested name, as it does in a reported sentence.
    let t = "\"We will defend our homeland,\" he said.\n\nHe fought for \"Homeland\" then.";
    assert_eq!(
        devices(t)[1],
        ("Homeland".to_string(), Some(Device::ScareQuote))
    );
    let found = devices("The \"reform\" came. Then the \"reform\" went.");
    assert_eq!(
        found,
        [
            ("reform".to_string(), Some(Device::ScareQuote)),
            ("reform".to_string(), Some(Device::ScareQuote))
        ]
    );
}

#[test]
fn lead_is_first_paragraph_or_two_sentences() {
    let a = analyze("One two. Three four.\n\nFive six.");
    assert_eq!(lead_end(&a), 4);
    let a = analyze("One two. Three four. Five six.");
    assert_eq!(lead_end(&a), 4);
    let a = analyze("One two.");
    assert_eq!(lead_end(&a), 2);
    assert_eq!(lead_end(&analyze("")), 0);
}

/// The echo check's definition, looking through every other quotation: what [`Memo`] must
/// answer for each quotation.
fn echoes_by_brute_force(a: &crate::text::Analysis, q: &Quotation) -> bool {
    let Some(words) = a.tokens.get(q.first_token as usize..q.end_token as usize) else {
        return false;
    };
    let Some(paragraph) = words.first().map(|t| t.paragraph) else {
        return false;
    };
    a.quotations.iter().any(|other| {
        a.tokens
            .get(other.first_token as usize..other.end_token as usize)
            .filter(|inner| {
                inner.len() > MAX_WORDS
                    && inner
                        .first()
                        .is_some_and(|t| t.paragraph.abs_diff(paragraph) <= 1)
            })
            .is_some_and(|inner| {
                inner.windows(words.len()).any(|w| {
                    w.iter()
                        .zip(words)
                        .all(|(x, y)| a.key(x.key) == a.key(y.key))
                })
            })
    })
}

#[test]
fn the_echo_index_answers_as_looking_through_every_quotation_does() {
    let mut texts = vec![
        "\"It is a witch hunt and a hoax,\" he said.\n\nThe \"witch hunt\" went on. The \
         \"hoax\" too, and the \"Hunt\" and a \"hunt and a\".\n\nLater the \"hoax\" ended."
            .to_string(),
        "A \"hoax\" first.\n\n\"They call it a hoax again and again,\" she wrote.".to_string(),
        "\"one two three\" and \"one two three four\" and \"two three four\" and \"four five\""
            .to_string(),
    ];
    // Many quotations in one paragraph, long and short, some words shared.
    let mut many = String::new();
    for i in 0..300 {
        many += &format!(
            "The \"said word{}\" and \"word{} {}\" and \"we said word{} loudly today\" then. ",
            i % 7,
            i % 11,
            i % 3,
            i % 5
        );
    }
    texts.push(many);
    let mut memo = Memo::default();
    let mut echoed = 0;
    for text in &texts {
        let a = analyze(text);
        memo.clear();
        // Only quotations of up to MAX_WORDS words reach the check.
        for q in a
            .quotations
            .iter()
            .filter(|q| q.end_token - q.first_token <= 3)
        {
            let want = echoes_by_brute_force(&a, q);
            assert_eq!(memo.echoes(&a, q), want, "{text}: {q:?}");
            echoed += usize::from(want);
        }
    }
    // Both answers occur.
    assert!(echoed > 200, "{echoed}");
}
