//! `slant lexicon list|check|show`: what lexicons would be loaded, whether they are sound,
//! and what one of them holds. `list` and `show` stop at the first lexicon problem (exit 2);
//! `check` reports the first error of every file, and its other findings, then exits 1 if
//! there was an error.

use std::collections::BTreeMap;
use std::io::Write;

use crate::cli::{LexiconAction, LexiconArgs, LexiconOpts};
use crate::diag::counted;
use crate::lexicon::{self, CheckedSet, Lexicon, LexiconSet, LintLevel};
use crate::sanitize::{for_terminal, padded};
use crate::{Error, Result};

pub fn run(args: LexiconArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match args.action {
        LexiconAction::List { lexicon } => {
            let loaded = load(&lexicon)?;
            list(&mut out, &loaded.lexicons).map_err(|e| Error::stdout(&e))
        }
        LexiconAction::Check { lexicon } => {
            let checked = lexicon::check_set(!lexicon.no_default_lexicons, &lexicon.lexicons)?;
            check(&mut out, &checked)
        }
        LexiconAction::Show {
            name,
            forms,
            lexicon,
        } => {
            let loaded = load(&lexicon)?;
            let Some(lex) = loaded.lexicons.iter().find(|l| l.name == name) else {
                let names: Vec<&str> = loaded.lexicons.iter().map(|l| l.name.as_str()).collect();
                return Err(Error::usage(format!(
                    "no lexicon named '{name}' (loaded: {})",
                    names.join(", ")
                )));
            };
            show(&mut out, lex, forms).map_err(|e| Error::stdout(&e))
        }
    }
}

/// The lexicons `list` and `show` describe: the first problem stops the command (exit 2).
fn load(opts: &LexiconOpts) -> Result<LexiconSet> {
    lexicon::load_set(!opts.no_default_lexicons, &opts.lexicons)
}

/// `lexicon check`: the first error of every file that did not load, the warnings of loading,
/// the lints of every lexicon that did, a summary line; exit status 1 when there was an error.
fn check(w: &mut impl Write, checked: &CheckedSet) -> Result<()> {
    let mut errors = checked.errors.len();
    let mut warnings = checked.set.warnings.len();
    let io = |e: std::io::Error| Error::stdout(&e);
    let mut line = |text: String| writeln!(w, "{}", for_terminal(&text, false)).map_err(io);
    for error in &checked.errors {
        line(match &error.location {
            Some(at) => format!("{at}: error: {}", error.message),
            None => format!("error: {}", error.message),
        })?;
    }
    for warn in &checked.set.warnings {
        let at = warn.record.map(|r| format!(":{r}")).unwrap_or_default();
        line(format!("{}{at}: warning: {}", warn.file, warn.message))?;
    }
    let lexicons = &checked.set.lexicons;
    let per_file = lexicons.iter().flat_map(|lex| {
        lexicon::check(lex)
            .into_iter()
            .map(|lint| (lex.origin.clone(), lint))
    });
    for (origin, lint) in per_file.chain(lexicon::check_all(lexicons)) {
        match lint.level {
            LintLevel::Error => errors += 1,
            LintLevel::Warning => warnings += 1,
        }
        line(format!(
            "{origin}:{}: {}: {}",
            lint.line, lint.level, lint.message
        ))?;
    }
    let entries: usize = lexicons.iter().map(|l| l.entries.len()).sum();
    line(format!(
        "checked {}, {}: {}, {}",
        counted(checked.files as u64, "lexicon", "lexicons"),
        counted(entries as u64, "entry", "entries"),
        counted(errors as u64, "error", "errors"),
        counted(warnings as u64, "warning", "warnings"),
    ))?;
    if errors > 0 {
        return Err(Error::failure(counted(
            errors as u64,
            "lexicon error",
            "lexicon errors",
        )));
    }
    Ok(())
}

fn list(out: &mut impl Write, lexicons: &[Lexicon]) -> std::io::Result<()> {
    for lex in lexicons {
        let version = if lex.version.is_empty() {
            String::new()
        } else {
            format!(" {}", for_terminal(&lex.version, false))
        };
        writeln!(
            out,
            "{}{version} — {} — {}",
            for_terminal(&lex.name, false),
            counted(lex.entries.len() as u64, "entry", "entries"),
            for_terminal(&lex.origin, false)
        )?;
        if !lex.description.is_empty() {
            writeln!(out, "  {}", for_terminal(&lex.description, false))?;
        }
        let mut cats: BTreeMap<&str, usize> = BTreeMap::new();
        let mut blockers = 0;
        for e in &lex.entries {
            if e.is_blocker() {
                blockers += 1;
            }
            for c in &e.categories {
                *cats.entry(c.as_str()).or_default() += 1;
            }
        }
        let entries = |n: usize| if n == 1 { "entry" } else { "entries" };
        for (c, n) in cats {
            writeln!(
                out,
                "  {:<36} {n:>5} {}",
                for_terminal(c, false),
                entries(n)
            )?;
        }
        if blockers > 0 {
            writeln!(
                out,
                "  {:<36} {blockers:>5} {}",
                "(blockers)",
                entries(blockers)
            )?;
        }
    }
    Ok(())
}

fn show(out: &mut impl Write, lex: &Lexicon, forms: bool) -> std::io::Result<()> {
    for (k, v) in [
        ("name", &lex.name),
        ("version", &lex.version),
        ("description", &lex.description),
        ("source", &lex.source),
        ("license", &lex.license),
        ("origin", &lex.origin),
        ("sha256", &lex.sha256),
    ] {
        if !v.is_empty() {
            writeln!(out, "# {k}: {}", for_terminal(v, false))?;
        }
    }
    writeln!(
        out,
        "{:>5}  {:<28}  {:<32}  {:>6}  {:<9}  alternative",
        "line", "term", "category", "weight", "case"
    )?;
    for e in &lex.entries {
        let cats = if e.is_blocker() {
            "-".to_string()
        } else {
            e.categories.join(";")
        };
        writeln!(
            out,
            "{:>5}  {}  {}  {:>6}  {:<9}  {}",
            e.line,
            padded(&e.term, 28),
            padded(&cats, 32),
            e.weight,
            if e.case_sensitive { "sensitive" } else { "" },
            for_terminal(&e.alternatives.join("|"), false)
        )?;
        if let Some(texts) = forms.then(|| inflected_texts(e)).flatten() {
            let shown: Vec<&str> = texts.iter().take(SHOWN_FORMS).map(String::as_str).collect();
            let more = match texts.len() - shown.len() {
                0 => String::new(),
                n => format!(", … ({n} more, {} in all)", texts.len()),
            };
            let line = format!("{:>5}  ~ {}{more}", "", shown.join(", "));
            writeln!(out, "{}", for_terminal(&line, false))?;
        }
    }
    Ok(())
}

/// The most texts `lexicon show --forms` lists under one entry.
const SHOWN_FORMS: usize = 24;

/// The texts an entry with a `~` word matches, as written (each `~` word in each of its
/// [`inflections`](lexicon::inflections), the other words as they are, `*` and `re:` words
/// shown as such), in the order the words' forms give; `None` for an entry without `~`.
fn inflected_texts(e: &lexicon::Entry) -> Option<Vec<String>> {
    use lexicon::WordPattern;
    if !e
        .words
        .iter()
        .any(|w| matches!(w, WordPattern::Inflected(_)))
    {
        return None;
    }
    e.phrases(|word| {
        Some(match word {
            WordPattern::Inflected(base) => lexicon::inflections(base),
            WordPattern::Exact(w) => vec![w.clone()],
            WordPattern::Prefix(stem) => vec![format!("{stem}*")],
            WordPattern::Regex(p) => vec![format!("re:{p}")],
        })
    })
}
