//! Throughput of each stage on real news text: the tokenizer alone, the text pipeline (tokens,
//! sentences, voice, negation), the matcher over the built-in lexicons, and the whole
//! per-article scorer.
//! Uses the first 500 articles of `../shared/corpora/allsides-dev.jsonl.gz` when it is there,
//! else the bundled example corpus. Run with `cargo bench`; whole-run figures against
//! `wc -w` come from `scripts/bench.sh`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark that cannot set up should stop

use std::io::{BufRead, BufReader};
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use slant::input::Article;
use slant::matcher::Scratch;
use slant::score::{Scorer, Workspace};

fn articles() -> Vec<Article> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpora/allsides-dev.jsonl.gz");
    let lines: Vec<String> = if shared.exists() {
        let file = std::fs::File::open(&shared).expect("corpus");
        BufReader::new(flate2::read::GzDecoder::new(file))
            .lines()
            .take(500)
            .map_while(Result::ok)
            .collect()
    } else {
        std::fs::read_to_string(root.join("examples/corpus.jsonl"))
            .expect("examples")
            .lines()
            .map(String::from)
            .collect()
    };
    let file: Arc<str> = Arc::from("bench");
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            Some(Article {
                id: v["id"].as_str().unwrap_or("").to_string(),
                title: v["title"].as_str().unwrap_or("").to_string(),
                text: v["text"].as_str()?.to_string(),
                date: None,
                fields: Vec::new(),
                file: file.clone(),
                record: i as u64 + 1,
                invalid_utf8: false,
                roles: None,
            })
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let corpus = articles();
    let bytes: u64 = corpus
        .iter()
        .map(|a| (a.title.len() + a.text.len()) as u64)
        .sum();
    let scorer =
        Scorer::new(slant::lexicon::builtin().expect("built-in lexicons")).expect("scorer");
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);

    let (mut tokens, mut parts) = (Vec::new(), Vec::new());
    group.bench_function("tokenizer: words, compounds and their parts", |b| {
        b.iter(|| {
            for a in &corpus {
                tokens.clear();
                parts.clear();
                slant::text::token::tokenize(&a.text, &mut tokens, &mut parts);
            }
        })
    });

    // Quotation voice is tracked in the same pass over the text as sentences and paragraphs
    // (a state machine fed each character), so it is measured inside this stage; the
    // difference from the tokenizer above is what sentences, voice and negation cost.
    let mut analysis = slant::text::Analysis::default();
    let mut scratch = slant::text::Scratch::default();
    group.bench_function("text: tokens, sentences, voice, negation", |b| {
        b.iter(|| {
            for a in &corpus {
                slant::text::analyze_into(
                    &a.text,
                    &mut analysis,
                    &mut scratch,
                    slant::text::Language::english(),
                );
            }
        })
    });

    let analysed: Vec<slant::text::Analysis> = corpus
        .iter()
        .map(|a| slant::text::analyze(&a.text))
        .collect();
    // What the scorer does with voice once the text stage has found the quotations: the
    // narrator and quoted word counts, and for each quotation the device it is (scare quotes,
    // distancing, a short or a full quotation).
    group.bench_function("voice: quoted words and quotation devices", |b| {
        b.iter(|| {
            let mut quoted = 0usize;
            let mut devices = 0usize;
            let mut memo = slant::devices::Memo::default();
            for (a, article) in analysed.iter().zip(&corpus) {
                quoted += a.quoted_words();
                memo.clear();
                devices += a
                    .quotations
                    .iter()
                    .filter_map(|q| {
                        slant::devices::classify(
                            a,
                            &article.text,
                            q,
                            slant::text::Language::english(),
                            false,
                            &mut memo,
                        )
                        .ok()
                    })
                    .count();
            }
            std::hint::black_box((quoted, devices))
        })
    });

    let mut ids = Scratch::default();
    let mut found = Vec::new();
    group.bench_function("matcher: built-in lexicons", |b| {
        b.iter(|| {
            for a in &analysed {
                found.clear();
                scorer.matcher.find(a, &mut ids, &mut found);
            }
        })
    });

    let mut ws = Workspace::default();
    group.bench_function("scorer: one article to its counts", |b| {
        b.iter(|| {
            for a in &corpus {
                std::hint::black_box(scorer.score(a, &mut ws));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
