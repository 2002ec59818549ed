//! Properties that must hold for any text, checked on generated news-like text (proptest):
//! offsets lie on char boundaries of the original text; narrator and quoted words add up to
//! the words; a category's count is its children's counts plus its own direct matches;
//! `per_1k` is `n / words × 1000`; `-j` never changes a byte of the reports.
//!
//! Case counts are kept small so the suite stays fast; the fuzz targets (`fuzz/`) check the
//! same invariants on far more inputs.

use proptest::prelude::*;

use slant::lexicon;
use slant::score::{Scorer, Workspace};
use slant::text;

use crate::harness;
use crate::util::{Table, Workdir};

/// Pieces news text is made of, the awkward ones over-represented: quotation marks of every
/// kind, apostrophes, hyphens and dashes, sentence ends, abbreviations, line breaks, combining
/// marks, zero-width and bidi characters, emoji, and words the lexicons below match.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        ". ",
        "! ",
        "? ",
        "… ",
        ", ",
        "; ",
        ": ",
        "\"",
        "'",
        "“",
        "”",
        "‘",
        "’",
        "„",
        "«",
        "»",
        "ʼ",
        "-",
        "‐",
        "‑",
        "–",
        "—",
        "Mr.",
        "U.S.",
        "e.g.",
        "9/11",
        "3.5",
        "1,000",
        "not",
        "never",
        "don't",
        "said",
        "so-called",
        "The",
        "terror",
        "terrorists",
        "terror group",
        "militant",
        "regime",
        "anti-Israel",
        "Iran's",
        "militants'",
        "e\u{301}",
        "\u{200b}",
        "\u{202e}",
        "\u{2066}",
        "😀",
        "日本語",
        "İ",
        "ß",
        "\u{0}",
        "\u{1b}",
        "\u{fffd}",
        "<p>",
        "&amp;",
    ]);
    prop_oneof![
        4 => fixed.prop_map(str::to_string),
        1 => "[a-zA-Z]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn news_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|p| p.concat())
}

/// A lexicon whose parents (`label`, `label.violent`) have no entries of their own, so a
/// parent's count must be exactly the sum of its children's.
const TREE_LEXICON: &str = "term,category\nterror*,label.violent.terror\nmilitant~,label.violent.militant\n\
    regime,label.gov\nsaid,attr.said\nso-called,attr.distance\nisrael,actor.israel\n";

fn tree_scorer() -> Scorer {
    let lex = lexicon::parse_csv("tree.csv", TREE_LEXICON.as_bytes()).unwrap();
    Scorer::new(vec![lex]).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn offsets_lie_on_char_boundaries_of_the_original_text(text in news_text(80)) {
        let a = text::analyze(&text);
        for t in &a.tokens {
            prop_assert!(text.is_char_boundary(t.start as usize));
            prop_assert!(text.is_char_boundary(t.end as usize));
            for p in a.parts_of(t) {
                prop_assert!(text.is_char_boundary(p.start as usize));
                prop_assert!(text.is_char_boundary(p.end as usize));
            }
        }
        for q in &a.quotations {
            prop_assert!(text.is_char_boundary(q.open as usize));
            prop_assert!(text.is_char_boundary(q.end as usize));
        }
        // And the rest of the analysis's invariants, as the fuzz target checks them.
        harness::check_analysis(&text, &a);
    }

    #[test]
    fn narrator_and_quoted_words_add_up_to_the_words(
        title in news_text(12),
        body in news_text(80),
    ) {
        let scorer = tree_scorer();
        let article = harness::article(&title, &body);
        let mut ws = Workspace::default();
        let s = scorer.score(&article, &mut ws);
        let quoted = ws.title.quoted_words() + ws.body.quoted_words();
        prop_assert_eq!(s.narrator_words as usize + quoted, s.words as usize);
        prop_assert_eq!(s.words as usize, ws.title.tokens.len() + ws.body.tokens.len());
        for sm in &s.matches {
            let part = sm.part.text_of(&article);
            prop_assert!(part.is_char_boundary(sm.m.start as usize));
            prop_assert!(part.is_char_boundary(sm.m.end as usize));
        }
    }

    #[test]
    fn a_parent_category_counts_the_sum_of_its_children(body in news_text(80)) {
        let scorer = tree_scorer();
        let article = harness::article("", &body);
        let mut ws = Workspace::default();
        let s = scorer.score(&article, &mut ws);
        let names = &scorer.categories.names;
        let count = |name: &str| {
            let i = names.iter().position(|n| n == name).unwrap();
            s.counts[i]
        };
        for (parent, children) in [
            ("label", &["label.violent", "label.gov"][..]),
            ("label.violent", &["label.violent.terror", "label.violent.militant"][..]),
            ("attr", &["attr.said", "attr.distance"][..]),
        ] {
            let p = count(parent);
            let sum = |f: fn(&slant::score::CategoryCount) -> u32| {
                children.iter().map(|c| f(&count(c))).sum::<u32>()
            };
            prop_assert_eq!(p.n, sum(|c| c.n), "{}", parent);
            prop_assert_eq!(p.narrator_n, sum(|c| c.narrator_n), "{}", parent);
            prop_assert_eq!(p.negated_n, sum(|c| c.negated_n), "{}", parent);
        }
        // Every category of the built-in and device lexicons too, in its general form.
        harness::check_score(&scorer, &article, &ws, &s);
    }
}

/// A small JSON Lines corpus of generated articles in two outlets, with a bad line and an
/// empty text among them. The first record is an article: a run that scores none fails.
fn corpus() -> impl Strategy<Value = String> {
    prop::collection::vec((news_text(10), news_text(60), 0..3u8), 1..12).prop_map(|arts| {
        let mut out = String::new();
        for (i, (title, body, kind)) in arts.into_iter().enumerate() {
            let kind = if i == 0 { kind % 2 } else { kind };
            let line = match kind {
                0 | 1 => serde_json::json!({
                    "id": format!("a{i}"),
                    "outlet": if kind == 0 { "=Herald" } else { "Wire" },
                    "title": title,
                    "text": format!("{body} terror"),
                })
                .to_string(),
                _ if i % 2 == 0 => "{broken".to_string(),
                _ => serde_json::json!({"id": format!("e{i}"), "text": "  "}).to_string(),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    })
}

fn score_into(w: &Workdir, out: &str, threads: &str) {
    w.slant()
        .args(["score", "c.jsonl", "-q", "--out", out, "-j", threads])
        .args(["--lexicon", "tree.csv", "--period", "month"])
        .assert()
        .success();
}

proptest! {
    // Each case runs the real binary; a few cases are enough to catch a formula or an
    // ordering that depends on scheduling.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn per_1k_is_the_count_over_words_times_1000(corpus in corpus()) {
        let w = Workdir::new();
        w.write("c.jsonl", &corpus);
        w.write("tree.csv", TREE_LEXICON);
        score_into(&w, "out", "2");
        let t = Table::read(&w.path("out/articles.csv"));
        for row in &t.rows {
            for (rate, n, words) in t.header.iter().enumerate().filter_map(|(i, h)| {
                let (cat, what) = h.rsplit_once('.')?;
                let (n, words) = match what {
                    "per_1k" => (format!("{cat}.n"), "words".to_string()),
                    "title_per_1k" | "lead_per_1k" | "body_per_1k" => {
                        let part = what.trim_end_matches("_per_1k");
                        (format!("{cat}.{part}_n"), format!("{part}_words"))
                    }
                    _ => return None,
                };
                Some((i, n, words))
            }) {
                let n: f64 = row[t.col(&n)].parse().unwrap();
                let words: f64 = row[t.col(&words)].parse().unwrap();
                let cell = &row[rate];
                if words == 0.0 {
                    prop_assert_eq!(cell.as_str(), "", "{}: no words, no rate", t.header[rate]);
                } else {
                    let got: f64 = cell.parse().unwrap();
                    let want = n / words * 1000.0;
                    prop_assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0),
                        "{} = {} but {} / {} × 1000 = {}", t.header[rate], got, n, words, want);
                }
            }
        }
    }

    #[test]
    fn the_thread_count_never_changes_a_byte(corpus in corpus()) {
        let w = Workdir::new();
        w.write("c.jsonl", &corpus);
        w.write("tree.csv", TREE_LEXICON);
        score_into(&w, "one", "1");
        score_into(&w, "three", "3");
        for report in [
            "articles.csv", "matches.csv", "quotations.csv", "groups.csv", "terms.csv",
            "choices.csv", "skipped.csv",
        ] {
            let one = std::fs::read(w.path(&format!("one/{report}"))).unwrap();
            let three = std::fs::read(w.path(&format!("three/{report}"))).unwrap();
            prop_assert!(one == three, "{} differs between -j 1 and -j 3", report);
        }
    }
}
