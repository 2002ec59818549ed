//! Tests of wire-copy detection on invented stories and on constructed shingle sets.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use super::*;
use crate::text::analyze;

/// An invented agency story (~200 words).
pub(super) const FERRY_TITLE: &str =
    "Ferry runs aground off Skerrow Island, all 212 aboard rescued";
pub(super) const FERRY_BODY: &str = "\
SKERROW ISLAND (Wire) - A passenger ferry ran aground on a sandbank off Skerrow Island early \
on Tuesday, and coast guard crews brought all 212 people on board safely to shore, officials \
said.

The vessel, the Marta Holm, left the mainland port of Kelby at 5:40 a.m. and struck the bank \
about two miles from the island's harbor roughly an hour later, according to the regional \
coast guard. Fog had settled over the strait overnight, and visibility was below 200 yards at \
the time.

\"The crew did exactly what they were trained to do,\" coast guard commander Ilse Varga told \
reporters at the harbor. \"Nobody went into the water, and that is the best outcome we could \
have hoped for.\"

Four passengers were treated for minor injuries and one crew member was taken to hospital \
with a broken wrist. Lifeboats and two fishing vessels helped ferry passengers to the harbor \
over three hours.

The operator, Northway Lines, said it had suspended the route and would cooperate with \
investigators. The maritime safety board has opened an inquiry into why the ship left the \
marked channel, a spokesman said.

Islanders depend on the ferry for food, mail and medical supplies. The operator said a \
replacement vessel could be in service by Friday, weather permitting.";

/// A different invented story on the same topic, in the same register.
pub(super) const OTHER_TITLE: &str =
    "Ferry loses power in storm off Dunmore Point, passengers airlifted";
pub(super) const OTHER_BODY: &str = "\
DUNMORE POINT (Wire) - A passenger ferry lost engine power in heavy seas off Dunmore Point on \
Sunday night, and coast guard helicopters lifted 38 people from its deck before the ship was \
towed to port, officials said.

The vessel, the Eldra, had left the island of Carrow for the mainland shortly after 9 p.m. \
with 164 passengers and 22 crew on board, according to the coast guard. Winds gusted above 60 \
miles an hour as the storm moved across the bay.

\"Conditions were as bad as any our crews have flown in this year,\" coast guard spokeswoman \
Dana Pell said. \"The captain kept the ship steady, and that gave us time.\"

Passengers who stayed aboard were brought to Dunmore harbor by a salvage tug on Monday \
morning. Eleven people were treated for seasickness and cold, and none were seriously hurt.

The operator, Coastlink Ferries, said an electrical fault had shut down both engines and that \
its vessels would be inspected before the route reopened. The transport ministry said it would \
review whether ferries should sail when storm warnings are in force.

Residents of Carrow said the crossing had been cancelled three times this month.";

/// Two different invented market reports from one template (different day, numbers, shares).
const MARKET_TUESDAY: &str = "Stocks closed higher on Tuesday as investors weighed new data on \
factory orders. The Kelby Composite index rose 1.2 percent to 4,512 points, while the technology \
index gained 0.8 percent. Shares of Northway Lines fell 3.1 percent after the company suspended a \
ferry route. The currency was little changed against the dollar at 1.08. Bond yields edged lower, \
with the ten-year yield at 3.4 percent. Trading volume was below its monthly average.";
const MARKET_WEDNESDAY: &str = "Stocks closed lower on Wednesday as investors weighed new data on \
retail sales. The Kelby Composite index fell 0.4 percent to 4,494 points, while the technology \
index lost 1.1 percent. Shares of Coastlink Ferries rose 2.5 percent after the company reported \
higher bookings. The currency was little changed against the dollar at 1.07. Bond yields edged \
higher, with the ten-year yield at 3.5 percent. Trading volume was above its monthly average.";

/// Edits another outlet might make to the ferry story.
pub(super) const NEW_HEADLINE: &str =
    "Fog blamed as ferry strikes sandbank; passengers brought ashore";
pub(super) const DROP_SENTENCE: (&str, &str) = (
    "Lifeboats and two fishing vessels helped ferry passengers to the harbor over three hours.",
    "",
);
pub(super) const CREDIT_LINE: (&str, &str) = (
    "weather permitting.",
    "weather permitting.\n\nReporting by Jon Lark in Kelby; editing by Mara Quist.",
);
pub(super) const SUBSTITUTIONS: [(&str, &str); 4] = [
    ("officials said", "authorities said"),
    ("roughly", "about"),
    ("reporters at the harbor", "reporters at the harbour"),
    ("to hospital", "to a hospital"),
];

/// `body` with each `(from, to)` applied once.
pub(super) fn edit(body: &str, edits: &[(&str, &str)]) -> String {
    let mut s = body.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "edit not applicable: {from}");
        s = s.replacen(from, to, 1);
    }
    s
}

pub(super) fn fp(title: &str, body: &str) -> Option<Fingerprint> {
    fingerprint(&analyze(title), &analyze(body))
}

/// The exact shingle set, for measuring the true Jaccard index of real pairs.
fn shingle_set(title: &str, body: &str) -> Vec<u64> {
    let (mut words, mut out) = (Vec::new(), Vec::new());
    push_shingles(&analyze(title), &mut words, &mut out);
    push_shingles(&analyze(body), &mut words, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

fn exact_jaccard(a: &[u64], b: &[u64]) -> f64 {
    let inter = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Inserts `original` as article 0 and `copy` as article 1; returns the copy's answer.
pub(super) fn pair_answer(
    threshold: f64,
    original: &Fingerprint,
    copy: &Fingerprint,
) -> Option<u32> {
    let mut index = DuplicateIndex::new(threshold);
    assert_eq!(index.insert(0, original).unwrap(), None);
    index.insert(1, copy).unwrap()
}

/// Versions of the ferry story another outlet might run: (name, title, body).
fn ferry_variants() -> Vec<(&'static str, String, String)> {
    let [s0, s1, ..] = SUBSTITUTIONS;
    vec![
        ("changed headline", NEW_HEADLINE.into(), FERRY_BODY.into()),
        (
            "dropped sentence",
            FERRY_TITLE.into(),
            edit(FERRY_BODY, &[DROP_SENTENCE]),
        ),
        (
            "credit line",
            FERRY_TITLE.into(),
            edit(FERRY_BODY, &[CREDIT_LINE]),
        ),
        (
            "4 substitutions",
            FERRY_TITLE.into(),
            edit(FERRY_BODY, &SUBSTITUTIONS),
        ),
        (
            "headline+credit+2 subs",
            NEW_HEADLINE.into(),
            edit(FERRY_BODY, &[CREDIT_LINE, s0, s1]),
        ),
        (
            "headline+drop+credit",
            NEW_HEADLINE.into(),
            edit(FERRY_BODY, &[DROP_SENTENCE, CREDIT_LINE]),
        ),
        (
            "drop+credit+2 subs",
            FERRY_TITLE.into(),
            edit(FERRY_BODY, &[DROP_SENTENCE, CREDIT_LINE, s0, s1]),
        ),
    ]
}

/// Every edit of the list at once: new headline, dropped sentence, credit line, 4 substitutions.
fn ferry_all_edits() -> (String, String) {
    let mut edits = vec![DROP_SENTENCE, CREDIT_LINE];
    edits.extend(SUBSTITUTIONS);
    (NEW_HEADLINE.into(), edit(FERRY_BODY, &edits))
}

#[test]
fn copies_with_small_edits_are_detected() {
    let original = fp(FERRY_TITLE, FERRY_BODY).unwrap();
    let exact_original = shingle_set(FERRY_TITLE, FERRY_BODY);
    for (name, title, body) in ferry_variants() {
        let copy = fp(&title, &body).unwrap();
        let exact = exact_jaccard(&exact_original, &shingle_set(&title, &body));
        // Each variant's true similarity is above the default, the closest (0.82) by only about
        // half a standard error of the estimate; measured estimates run 0.87 to 0.97.
        assert!(exact >= 0.82, "{name}: exact Jaccard {exact:.3}");
        assert!((original.similarity(&copy) - exact).abs() <= 0.1, "{name}");
        assert_eq!(
            pair_answer(DEFAULT_THRESHOLD, &original, &copy),
            Some(0),
            "{name}: exact {exact:.3}, estimate {:.3}",
            original.similarity(&copy)
        );
    }
}

#[test]
fn all_edits_at_once_fall_below_the_default_threshold() {
    // The known limit: the edits add up. This pair's true Jaccard index is 0.74, under 0.8 (its
    // estimate happens to be 0.81, so the default reports it, but by luck, not by margin); it
    // is found at 0.7.
    let (title, body) = ferry_all_edits();
    let exact = exact_jaccard(
        &shingle_set(FERRY_TITLE, FERRY_BODY),
        &shingle_set(&title, &body),
    );
    assert!((0.7..0.8).contains(&exact), "exact Jaccard {exact:.3}");
    let original = fp(FERRY_TITLE, FERRY_BODY).unwrap();
    let copy = fp(&title, &body).unwrap();
    assert_eq!(pair_answer(0.7, &original, &copy), Some(0));
}

#[test]
fn different_stories_on_one_topic_are_not_copies() {
    let ferry = fp(FERRY_TITLE, FERRY_BODY).unwrap();
    let other = fp(OTHER_TITLE, OTHER_BODY).unwrap();
    assert!(ferry.similarity(&other) < 0.1);
    assert_eq!(pair_answer(DEFAULT_THRESHOLD, &ferry, &other), None);
    assert_eq!(pair_answer(0.5, &ferry, &other), None);

    // Template-heavy items share more, but two different reports are still far apart.
    let tuesday = fp("Stocks close higher", MARKET_TUESDAY).unwrap();
    let wednesday = fp("Stocks close lower", MARKET_WEDNESDAY).unwrap();
    let exact = exact_jaccard(
        &shingle_set("Stocks close higher", MARKET_TUESDAY),
        &shingle_set("Stocks close lower", MARKET_WEDNESDAY),
    );
    assert!(exact < 0.3, "exact Jaccard {exact:.3}");
    assert_eq!(pair_answer(DEFAULT_THRESHOLD, &tuesday, &wednesday), None);
}

/// A body of `n` distinct words, so `n − 2` distinct shingles.
fn distinct_words(n: usize) -> String {
    (0..n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn short_texts_give_none() {
    assert_eq!(fp("", ""), None);
    assert_eq!(
        fp(
            "Ferry aground",
            "All 212 aboard were rescued, officials said."
        ),
        None
    );
    let threshold_words = MIN_SHINGLES + SHINGLE_WORDS - 1;
    assert!(fp("", &distinct_words(threshold_words)).is_some());
    assert_eq!(fp("", &distinct_words(threshold_words - 1)), None);
    // Repeated text counts once: a boilerplate line said ten times is still short.
    let repeated = "Markets are closed for the holiday. ".repeat(10);
    assert_eq!(fp("Markets closed", &repeated), None);
}

#[test]
fn a_short_title_still_counts() {
    let body = distinct_words(MIN_SHINGLES + SHINGLE_WORDS - 2);
    assert_eq!(fp("", &body), None);
    assert!(fp("Aground", &body).is_some());
}

#[test]
fn fingerprint_is_deterministic_and_pinned() {
    let a = fp(FERRY_TITLE, FERRY_BODY).unwrap();
    let b = fp(FERRY_TITLE, FERRY_BODY).unwrap();
    assert_eq!(a.to_le_bytes(), b.to_le_bytes());
    // A fresh thread (as under rayon) computes the same bytes.
    let c = std::thread::spawn(|| fp(FERRY_TITLE, FERRY_BODY).unwrap())
        .join()
        .unwrap();
    assert_eq!(a, c);
    // Published FNV-1a 64 test vectors.
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    // Pinned values: a change here changes every stored fingerprint and every answer.
    assert_eq!(&a.minhashes()[..4], &PINNED_FERRY_MINHASHES);
}

proptest::proptest! {
    /// The eight-at-a-time hash is FNV-1a of the key, wherever the key stands in the buffer
    /// and whatever follows it.
    #[test]
    fn fnv1a_at_is_fnv1a(
        before in proptest::collection::vec(proptest::num::u8::ANY, 0..9),
        key in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        after in proptest::collection::vec(proptest::num::u8::ANY, 0..12),
    ) {
        let mut bytes = before.clone();
        bytes.extend_from_slice(&key);
        bytes.extend_from_slice(&after);
        proptest::prop_assert_eq!(fnv1a_at(&bytes, before.len(), key.len()), fnv1a(&key));
    }
}

const PINNED_FERRY_MINHASHES: [u32; 4] = [1281078036, 2452205512, 1208703788, 656159562];

#[test]
fn inserting_the_same_sequence_twice_gives_the_same_answers() {
    let mut fps = vec![fp(FERRY_TITLE, FERRY_BODY).unwrap()];
    fps.push(fp(OTHER_TITLE, OTHER_BODY).unwrap());
    for (_, title, body) in ferry_variants() {
        fps.push(fp(&title, &body).unwrap());
    }
    fps.push(fp("Stocks close higher", MARKET_TUESDAY).unwrap());
    let run = || {
        let mut index = DuplicateIndex::default();
        (0u32..)
            .zip(&fps)
            .map(|(i, f)| index.insert(i, f).unwrap())
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run());
    let copies = ferry_variants().len();
    let mut expected = vec![None, None];
    expected.extend(std::iter::repeat_n(Some(0), copies));
    expected.push(None);
    assert_eq!(first, expected);
}
