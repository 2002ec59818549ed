//! What each fuzz target runs, and the invariants it checks, as plain functions over bytes.
//!
//! The `cargo fuzz` targets in `fuzz_targets/` are one line each around these functions, and
//! the main test suite compiles this same file (`tests/integration/fuzzed.rs`) to replay every
//! seed and every input that ever crashed a target (`tests/fixtures/fuzz/<target>/`), so a
//! crash once found stays fixed. A function panics exactly when slant breaks a promise:
//! a panic inside slant, or an invariant below that does not hold.
//!
//! Inputs that choose options start with one flags byte; the rest is the file's content.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a harness: a panic is a finding

use std::io::{Cursor, Write};
use std::ops::ControlFlow;
use std::sync::OnceLock;

use slant::input::{self, Article, Format, InputFile, InputOptions, Item};
use slant::lexicon::{self, Lexicon};
use slant::score::{ArticleScore, Scorer, Workspace};
use slant::text::{self, Analysis};

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// The targets, by name, for replaying saved inputs.
pub const TARGETS: [(&str, Target); 8] = [
    ("read_csv", read_csv),
    ("read_json", read_json),
    ("read_jsonl", read_jsonl),
    ("read_gz", read_gz),
    ("text", text_pipeline),
    ("score", score),
    ("lexicon_csv", lexicon_csv),
    ("lexicon_dic", lexicon_dic),
];

/// Reader options from a flags byte: bit 0 strips HTML, bit 1 sets a tiny article limit
/// (so the size checks run), bit 2 renames the text field to `body`.
fn options(flags: u8, format: Format) -> InputOptions {
    InputOptions {
        format: Some(format),
        strip_html: flags & 1 != 0,
        max_article_bytes: if flags & 2 != 0 { 40 } else { 1 << 20 },
        text_field: if flags & 4 != 0 { "body" } else { "text" }.into(),
        ..InputOptions::default()
    }
}

fn split_flags(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&flags, rest)) => (flags, rest),
        None => (0, &[]),
    }
}

/// Runs the reader over `content` as a file named `name` and checks what came out.
fn read(name: &str, content: Vec<u8>, stored_len: usize, opts: &InputOptions) {
    let mut items = Vec::new();
    let mut sink = |item| {
        items.push(item);
        ControlFlow::Continue(())
    };
    let file = input::read_reader(name, Box::new(Cursor::new(content)), opts, &mut sink);
    check_items(&items, &file, stored_len, opts);
}

/// What every reader promises: each record is an article or a skip, numbered in order; an
/// article has an id and non-blank text within the size limit; the file's record count and
/// stored size add up.
pub fn check_items(items: &[Item], file: &InputFile, stored_len: usize, opts: &InputOptions) {
    let mut records = 0u64;
    let mut last = 0u64;
    for item in items {
        let record = match item {
            Item::Article(a) => {
                assert!(!a.id.is_empty(), "article without an id: {a:?}");
                assert!(!a.text.trim().is_empty(), "article with blank text: {a:?}");
                if !opts.strip_html {
                    let size = (a.text.len() + a.title.len()) as u64;
                    assert!(size <= opts.max_article_bytes, "article over the limit");
                }
                a.record
            }
            Item::Skip(s) => {
                assert!(!s.reason.is_empty(), "skip without a reason: {s:?}");
                s.record
            }
            Item::Warning(_) => continue,
        };
        if record > 0 {
            assert!(
                record > last,
                "record {record} after record {last}: {items:?}"
            );
            last = record;
            records += 1;
        }
    }
    assert_eq!(file.records, records, "records counted for the file");
    assert_eq!(file.bytes, stored_len as u64, "stored bytes counted");
}

/// A CSV (or TSV, flags bit 3) file.
pub fn read_csv(data: &[u8]) {
    let (flags, content) = split_flags(data);
    let format = if flags & 8 != 0 {
        Format::Tsv
    } else {
        Format::Csv
    };
    read(
        "f.csv",
        content.to_vec(),
        content.len(),
        &options(flags, format),
    );
}

/// A `.json` file: one object or an array of objects.
pub fn read_json(data: &[u8]) {
    let (flags, content) = split_flags(data);
    let opts = options(flags, Format::Json);
    read("f.json", content.to_vec(), content.len(), &opts);
}

/// A JSON Lines file.
pub fn read_jsonl(data: &[u8]) {
    let (flags, content) = split_flags(data);
    let opts = options(flags, Format::Jsonl);
    read("f.jsonl", content.to_vec(), content.len(), &opts);
}

/// A gzip file. Flags bits 3–4 choose the format inside (CSV, JSON Lines, JSON, txt). With
/// bit 5 the content is compressed here and then cut at a place the next two bytes choose,
/// which reaches the truncated-stream paths far more often than mutated gzip bytes do;
/// without it the content is taken as stored gzip bytes.
pub fn read_gz(data: &[u8]) {
    let (flags, rest) = split_flags(data);
    let (name, format) = match (flags >> 3) & 3 {
        0 => ("f.csv.gz", Format::Csv),
        1 => ("f.jsonl.gz", Format::Jsonl),
        2 => ("f.json.gz", Format::Json),
        _ => ("f.txt.gz", Format::Txt),
    };
    let opts = options(flags, format);
    let stored = if flags & 32 != 0 && rest.len() >= 2 {
        let cut = usize::from(u16::from_le_bytes([rest[0], rest[1]]));
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&rest[2..]).expect("compress in memory");
        let mut gz = enc.finish().expect("compress in memory");
        gz.truncate(cut.min(gz.len()));
        gz
    } else {
        rest.to_vec()
    };
    let len = stored.len();
    read(name, stored, len, &opts);
}

/// The text pipeline: tokens, sentences, paragraphs, voice, negation. Flags bit 0 strips
/// HTML first (tags and entities), as `--strip-html` does.
pub fn text_pipeline(data: &[u8]) {
    let (flags, content) = split_flags(data);
    let raw = String::from_utf8_lossy(content);
    let text = if flags & 1 != 0 {
        input::html::strip(&raw)
    } else {
        raw.into_owned()
    };
    let a = text::analyze(&text);
    check_analysis(&text, &a);
}

/// The invariants of an analysis (see `slant::text`): offsets lie on char boundaries of the
/// original text, tokens are in order and do not overlap, sentences partition the tokens,
/// paragraph and sentence numbers only grow, quotations lie inside the text, and explain's
/// account of each word's negation agrees with the counted one.
pub fn check_analysis(text: &str, a: &Analysis) {
    let on_boundary = |at: u32| text.is_char_boundary(at as usize);
    let mut prev_end = 0u32;
    let mut prev = (0u32, 0u32);
    for (i, t) in a.tokens.iter().enumerate() {
        assert!(t.start < t.end, "empty token {i}");
        assert!(t.start >= prev_end, "token {i} overlaps the one before");
        assert!((t.end as usize) <= text.len(), "token {i} past the end");
        assert!(
            on_boundary(t.start) && on_boundary(t.end),
            "token {i} off a char boundary"
        );
        assert!(
            (t.sentence, t.paragraph) >= prev,
            "sentence or paragraph number went back at token {i}"
        );
        prev = (t.sentence, t.paragraph);
        prev_end = t.end;
        for span in [t.key, t.cased] {
            assert!(a.keys.is_char_boundary(span.start as usize));
            assert!(a.keys.get(span.start as usize..span.end as usize).is_some());
        }
        for p in a.parts_of(t) {
            assert!(p.start >= t.start && p.end <= t.end && p.start < p.end);
            assert!(
                on_boundary(p.start) && on_boundary(p.end),
                "part off a char boundary"
            );
        }
        // explain's account of the negation agrees with the rule that counts, and describes
        // without panicking whatever it names.
        let negation = a.negation(i, text, text::Language::english());
        assert_eq!(
            matches!(negation, Some(text::Negation::Negated { .. })),
            a.is_negated(i),
            "token {i}: {negation:?}"
        );
        if let Some(n) = negation {
            let _ = n.describe(a, text);
        }
    }
    let mut next = 0u32;
    for (n, s) in a.sentences.iter().enumerate() {
        assert_eq!(s.first_token, next, "sentences must follow each other");
        assert!(s.end_token > s.first_token, "empty sentence {n}");
        for t in &a.tokens[s.first_token as usize..s.end_token as usize] {
            assert_eq!(t.sentence as usize, n, "token in the wrong sentence");
        }
        next = s.end_token;
    }
    assert_eq!(next as usize, a.tokens.len(), "sentences cover every token");
    for q in &a.quotations {
        assert!(
            q.open <= q.end && (q.end as usize) <= text.len(),
            "quotation span {q:?}"
        );
        assert!(
            on_boundary(q.open) && on_boundary(q.end),
            "quotation off a char boundary"
        );
        assert!(q.first_token <= q.end_token && (q.end_token as usize) <= a.tokens.len());
    }
    assert!(a.quoted_words() <= a.tokens.len());
}

/// A lexicon with every kind of entry, for the scorer and lexicon targets to match with.
const TEST_LEXICON: &str = "# name: fuzz\nterm,category,weight\n\
    terror*,label.terror,1\nterror group,label.terror;label.group,1\nattack~,event.attack,1\n\
    mental health,-,1\nmental,stigma,1\nre:[0-9]+,number,1\nregime,choice.gov.regime,1\n\
    government,choice.gov.government,-1\nanti-israel,label.anti,1\nisrael,actor.israel,1\n\
    it's,misc,1\nsaid,attribution.neutral,1\n";

fn scorer() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(|| {
        let mut lexicons = lexicon::builtin().expect("built-in lexicons");
        lexicons.push(lexicon::parse_csv("fuzz.csv", TEST_LEXICON.as_bytes()).expect("lexicon"));
        let mut scorer = Scorer::new(lexicons).expect("scorer");
        let targets =
            lexicon::parse_csv("targets.csv", b"term,category\nisrael*,israel\n").expect("targets");
        scorer.targets =
            Some(slant::score::targets::Targets::new(vec![targets], 5).expect("targets"));
        scorer
    })
}

/// A whole article scored with the built-in lexicons and a lexicon of every entry kind: the
/// headline is the text up to the first line break.
pub fn score(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (title, body) = text.split_once('\n').unwrap_or(("", &text));
    let article = article(title, body);
    let scorer = scorer();
    let mut ws = Workspace::default();
    let s = scorer.score(&article, &mut ws);
    check_analysis(&article.title, &ws.title);
    check_analysis(&article.text, &ws.body);
    check_score(scorer, &article, &ws, &s);
}

/// An article with this headline and body.
pub fn article(title: &str, body: &str) -> Article {
    Article {
        id: "a".into(),
        title: title.into(),
        text: body.into(),
        date: None,
        fields: Vec::new(),
        file: "f".into(),
        record: 1,
        invalid_utf8: false,
        roles: None,
    }
}

/// The invariants of a score: narrator and quoted words add up to the words, the parts' words
/// add up, every match lies on char boundaries of its part, and every category's count is its
/// own direct matches plus the counts of its children (the roll-up), for all counters.
pub fn check_score(scorer: &Scorer, article: &Article, ws: &Workspace, s: &ArticleScore) {
    let words = ws.title.tokens.len() + ws.body.tokens.len();
    assert_eq!(
        s.words as usize, words,
        "words = tokens of headline and body"
    );
    let quoted = ws.title.quoted_words() + ws.body.quoted_words();
    assert_eq!(
        s.narrator_words as usize + quoted,
        words,
        "narrator + quoted = words"
    );
    assert_eq!(
        s.part_words.iter().sum::<u32>(),
        s.words,
        "part words add up"
    );
    for sm in &s.matches {
        let text = sm.part.text_of(article);
        let (start, end) = (sm.m.start as usize, sm.m.end as usize);
        assert!(start < end && end <= text.len(), "match span {sm:?}");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    }
    let names = &scorer.categories.names;
    let mut direct = vec![[0u32; 4]; names.len()];
    for sm in &s.matches {
        let entry = &scorer.lexicons[sm.m.lexicon as usize].entries[sm.m.entry as usize];
        for c in &entry.categories {
            let i = names.binary_search(c).expect("category is known");
            let d = &mut direct[i];
            d[0] += 1;
            d[1] += u32::from(!sm.quoted);
            d[2] += u32::from(sm.negated);
            d[3] += u32::from(sm.part.index() == 0);
        }
    }
    for (i, name) in names.iter().enumerate() {
        let prefix = format!("{name}.");
        let mut expected = direct[i];
        for (j, child) in names.iter().enumerate() {
            let is_child = child
                .strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains('.'));
            if is_child {
                let c = &s.counts[j];
                expected[0] += c.n;
                expected[1] += c.narrator_n;
                expected[2] += c.negated_n;
                expected[3] += c.part_n[0];
            }
        }
        let c = &s.counts[i];
        assert_eq!(
            [c.n, c.narrator_n, c.negated_n, c.part_n[0]],
            expected,
            "roll-up of {name}"
        );
        assert_eq!(c.part_n.iter().sum::<u32>(), c.n, "parts of {name} add up");
    }
}

/// A CSV lexicon: parsed, and when valid, linted, compiled and matched.
pub fn lexicon_csv(data: &[u8]) {
    let parsed = lexicon::parse_csv("fuzz.csv", data);
    use_lexicon("fuzz.csv", parsed);
}

/// A LIWC `.dic` dictionary: parsed, and when valid, linted, compiled and matched.
pub fn lexicon_dic(data: &[u8]) {
    let parsed = lexicon::parse_dic("fuzz.dic", data).map(|(lex, _)| lex);
    use_lexicon("fuzz.dic", parsed);
}

/// A valid lexicon must lint, compile and match; an invalid one must be a usage error that
/// names the file.
fn use_lexicon(origin: &str, parsed: slant::Result<Lexicon>) {
    let lex = match parsed {
        Ok(lex) => lex,
        Err(e) => {
            assert_eq!(e.exit_code(), 2, "a bad lexicon is a usage error: {e}");
            let at = e.location.as_ref().map(|l| l.path.as_str());
            assert_eq!(at, Some(origin), "the error names the file: {e}");
            return;
        }
    };
    let _ = lexicon::check(&lex);
    let lexicons = vec![lex.clone(), lex];
    let Ok(scorer) = Scorer::new(lexicons) else {
        return;
    };
    let article = article("Terror group's attack", SAMPLE);
    let mut ws = Workspace::default();
    let s = scorer.score(&article, &mut ws);
    check_score(&scorer, &article, &ws, &s);
}

/// Text for lexicons to match: words, phrases, compounds, possessives, quotes, numbers.
const SAMPLE: &str = "The regime's \"terror group\" said it's not anti-Israel; officials \
    attacked 9/11 claims.\n\n“Mental health,” she said, ‘never’ hardly Iran’s militants’ U.S. \
    don't re-elect pro-life 3.5% 1,000 10:30 «fighters» — terror-group ÉCOLE straße İstanbul.";
