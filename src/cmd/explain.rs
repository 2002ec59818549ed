//! `slant explain INPUT --id ID`: one article, its matches highlighted, and a table of every
//! match with its lexicon entry, category, voice and negation. Wild text is escaped before it
//! reaches the terminal.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::sync::atomic::AtomicU64;

use crate::cli::{ColorArg, ExplainArgs};
use crate::config::{input_options, load_lexicons};
use crate::input::{self, Article, Item};
use crate::sanitize::for_terminal;
use crate::score::{ArticleScore, Part, Scorer, Workspace};
use crate::{Error, Result};

const NARRATOR: &str = "\x1b[1;31m";
const QUOTED: &str = "\x1b[1;34m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

pub fn run(args: &ExplainArgs) -> Result<()> {
    let inputs = [args.input.clone()];
    input::validate_inputs(&inputs)?;
    let lexicons = load_lexicons(&args.lexicon)?;
    let opts = input_options(&args.input_opts);
    let mut found: Option<Article> = None;
    let mut skipped = None;
    let bytes = AtomicU64::new(0);
    input::read_inputs(&inputs, &opts, &bytes, &mut |item| match item {
        Item::Article(a) if a.id == args.id => {
            found = Some(a);
            ControlFlow::Break(())
        }
        Item::Skip(s) if skipped.is_none() && s.id.as_deref() == Some(&args.id) => {
            skipped = Some(s);
            ControlFlow::Continue(())
        }
        _ => ControlFlow::Continue(()),
    })?;
    if let (None, Some(s)) = (&found, skipped) {
        return Err(Error::failure(format!(
            "{}:{}: the record with id '{}' was skipped: {}",
            s.file, s.record, args.id, s.reason
        )));
    }
    let Some(article) = found else {
        return Err(Error::failure(format!(
            "{}: no article with id '{}'",
            args.input.display(),
            args.id
        )));
    };
    let scorer = Scorer::new(lexicons.lexicons)?;
    let mut ws = Workspace::default();
    let score = scorer.score(&article, &mut ws);
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = std::io::stdout().lock();
    print(&mut out, &article, &score, &scorer, color).map_err(|e| Error::stdout(&e))
}

fn print(
    out: &mut impl Write,
    a: &Article,
    score: &ArticleScore,
    scorer: &Scorer,
    color: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "id: {}  ({}:{})",
        for_terminal(&a.id, false),
        for_terminal(&a.file, false),
        a.record
    )?;
    for (k, v) in &a.fields {
        writeln!(
            out,
            "{}: {}",
            for_terminal(k, false),
            for_terminal(v, false)
        )?;
    }
    writeln!(
        out,
        "words {} · narrator words {} · quoted words {} · sentences {} · quotations {}",
        score.words,
        score.narrator_words,
        score.quoted_words(),
        score.sentences,
        score.quotations
    )?;
    if color {
        writeln!(
            out,
            "{NARRATOR}narrator-voice match{RESET}  {QUOTED}quoted-voice match{RESET}  [n] = row below"
        )?;
    }
    for (is_title, label, text) in [(true, "title", &a.title), (false, "body", &a.text)] {
        if text.is_empty() {
            continue;
        }
        writeln!(out, "\n── {label} ──")?;
        let mut at = 0usize;
        for (i, sm) in score
            .matches
            .iter()
            .enumerate()
            .filter(|(_, m)| (m.part == Part::Title) == is_title)
        {
            let (s, e) = (sm.m.start as usize, sm.m.end as usize);
            if s < at {
                continue; // overlapping matches of different lexicons: the first is shown
            }
            write!(out, "{}", for_terminal(text.get(at..s).unwrap_or(""), true))?;
            let word = for_terminal(text.get(s..e).unwrap_or(""), false);
            if color {
                let c = if sm.quoted { QUOTED } else { NARRATOR };
                write!(out, "{c}{word}{RESET}{DIM}[{}]{RESET}", i + 1)?;
            } else {
                write!(out, "[{word}][{}]", i + 1)?;
            }
            at = e;
        }
        writeln!(out, "{}", for_terminal(text.get(at..).unwrap_or(""), true))?;
    }
    writeln!(out, "\n── matches ──")?;
    writeln!(
        out,
        "{:>4}  {:<5}  {:>4}  {:<8}  {:<7}  {:<24}  {:<12}  {:<24}  category",
        "#", "part", "sent", "voice", "negated", "text", "lexicon", "entry"
    )?;
    for (i, sm) in score.matches.iter().enumerate() {
        let text = sm.part.text_of(a);
        let Some(lex) = scorer.lexicons.get(sm.m.lexicon as usize) else {
            continue;
        };
        let Some(entry) = lex.entries.get(sm.m.entry as usize) else {
            continue;
        };
        writeln!(
            out,
            "{:>4}  {:<5}  {:>4}  {:<8}  {:<7}  {:<24}  {:<12}  {:<24}  {}",
            i + 1,
            sm.part.as_str(),
            sm.sentence,
            if sm.quoted { "quoted" } else { "narrator" },
            if sm.negated { "yes" } else { "" },
            for_terminal(
                text.get(sm.m.start as usize..sm.m.end as usize)
                    .unwrap_or(""),
                false
            ),
            for_terminal(&lex.name, false),
            for_terminal(&entry.term, false),
            if entry.categories.is_empty() {
                "-".to_string()
            } else {
                entry.categories.join(";")
            }
        )?;
    }
    writeln!(out, "\n── categories ──")?;
    for (name, c) in scorer.categories.names.iter().zip(&score.counts) {
        if c.n > 0 {
            writeln!(
                out,
                "{name:<32} n {:<4} narrator {:<4} negated {}",
                c.n, c.narrator_n, c.negated_n
            )?;
        }
    }
    Ok(())
}
