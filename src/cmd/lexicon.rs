//! `slant lexicon list|check|show`: what lexicons would be loaded, whether they are sound,
//! and what one of them holds.

use std::collections::BTreeMap;
use std::io::Write;

use crate::cli::{LexiconAction, LexiconArgs};
use crate::config::load_lexicons;
use crate::diag::counted;
use crate::lexicon::{self, Lexicon, LintLevel};
use crate::sanitize::for_terminal;
use crate::{Error, Result};

pub fn run(args: LexiconArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match args.action {
        LexiconAction::List { lexicon } => {
            let loaded = load_lexicons(&lexicon)?;
            list(&mut out, &loaded.lexicons).map_err(|e| Error::stdout(&e))
        }
        LexiconAction::Check { lexicon } => {
            let loaded = load_lexicons(&lexicon)?;
            let mut errors = 0usize;
            let mut warnings = loaded.warnings.len();
            let w = &mut out;
            let io = |e: std::io::Error| Error::stdout(&e);
            for warn in &loaded.warnings {
                let at = warn.record.map(|r| format!(":{r}")).unwrap_or_default();
                writeln!(w, "{}{at}: warning: {}", warn.file, warn.message).map_err(io)?;
            }
            for lex in &loaded.lexicons {
                for lint in lexicon::check(lex) {
                    let level = match lint.level {
                        LintLevel::Error => {
                            errors += 1;
                            "error"
                        }
                        LintLevel::Warning => {
                            warnings += 1;
                            "warning"
                        }
                    };
                    writeln!(w, "{}:{}: {level}: {}", lex.origin, lint.line, lint.message)
                        .map_err(io)?;
                }
            }
            for (origin, lint) in lexicon::check_all(&loaded.lexicons) {
                warnings += usize::from(lint.level == LintLevel::Warning);
                errors += usize::from(lint.level == LintLevel::Error);
                writeln!(
                    w,
                    "{origin}:{}: {}: {}",
                    lint.line, lint.level, lint.message
                )
                .map_err(io)?;
            }
            let entries: usize = loaded.lexicons.iter().map(|l| l.entries.len()).sum();
            writeln!(
                w,
                "checked {}, {}: {}, {}",
                counted(loaded.lexicons.len() as u64, "lexicon", "lexicons"),
                counted(entries as u64, "entry", "entries"),
                counted(errors as u64, "error", "errors"),
                counted(warnings as u64, "warning", "warnings"),
            )
            .map_err(io)?;
            if errors > 0 {
                return Err(Error::failure(counted(
                    errors as u64,
                    "lexicon error",
                    "lexicon errors",
                )));
            }
            Ok(())
        }
        LexiconAction::Show { name, lexicon } => {
            let loaded = load_lexicons(&lexicon)?;
            let Some(lex) = loaded.lexicons.iter().find(|l| l.name == name) else {
                let names: Vec<&str> = loaded.lexicons.iter().map(|l| l.name.as_str()).collect();
                return Err(Error::usage(format!(
                    "no lexicon named '{name}' (loaded: {})",
                    names.join(", ")
                )));
            };
            show(&mut out, lex).map_err(|e| Error::stdout(&e))
        }
    }
}

fn list(out: &mut impl Write, lexicons: &[Lexicon]) -> std::io::Result<()> {
    for lex in lexicons {
        writeln!(
            out,
            "{} {} — {} entries — {}",
            for_terminal(&lex.name, false),
            for_terminal(&lex.version, false),
            lex.entries.len(),
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
        for (c, n) in cats {
            writeln!(out, "  {:<36} {n:>5} entries", for_terminal(c, false))?;
        }
        if blockers > 0 {
            writeln!(out, "  {:<36} {blockers:>5} entries", "(blockers)")?;
        }
    }
    Ok(())
}

fn show(out: &mut impl Write, lex: &Lexicon) -> std::io::Result<()> {
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
            "{:>5}  {:<28}  {:<32}  {:>6}  {:<9}  {}",
            e.line,
            for_terminal(&e.term, false),
            for_terminal(&cats, false),
            e.weight,
            if e.case_sensitive { "sensitive" } else { "" },
            for_terminal(&e.alternatives.join("|"), false)
        )?;
    }
    Ok(())
}
