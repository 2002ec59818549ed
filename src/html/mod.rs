//! `summary.html`: one self-contained page drawn from a folder of reports, for a first look
//! before reading the CSV files. Inline SVG and CSS, no JavaScript, no network (a Content
//! Security Policy forbids both), byte-identical for the same reports.
//!
//! Data-driven: a section is drawn when its categories are in the reports and says "not in this
//! run" when they are not, so the page works with any lexicons. Charts are hand-built SVG
//! (`svg`, `bars`), each with a text alternative and a table of its numbers (`table`); every piece of
//! text from the data goes through `escape::escape`.

mod bars;
pub mod escape;
mod evidence;
mod heatmap;
pub mod load;
mod record;
mod sections;
pub mod svg;
pub mod table;

use std::fmt::Write;
use std::path::Path;

use serde_json::Value;

use self::escape::escape;
use self::load::Groups;
use crate::Result;
use crate::diag::counted;
use crate::report::Reports;

/// The name of the page in the reports folder.
pub const FILE_NAME: &str = "summary.html";

/// What the page shows.
#[derive(Debug, Clone)]
pub struct Options {
    /// Chart at most this many group × period rows (those with the most articles).
    pub max_groups: usize,
    /// Key terms per group.
    pub terms: usize,
    /// Keyword-in-context lines per category.
    pub kwic: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_groups: 20,
            terms: 6,
            kwic: 3,
        }
    }
}

/// What every section needs.
pub struct Ctx<'a> {
    pub dir: &'a Path,
    pub opts: &'a Options,
    pub groups: &'a Groups,
    /// The rows charted (indexes into `groups.rows`), in name order.
    pub selected: Vec<usize>,
    /// What a row is called: the group column names joined (`outlet`).
    pub group_word: String,
    /// Reports the run left out (`omitted` in `run.json`: `--omit`).
    pub omitted: Vec<String>,
    /// The folder's `targets.csv` is not slant's (a user's lexicon): the page leaves it out.
    pub foreign_targets: bool,
    /// The run left copies out of its aggregates (`deduped` in `run.json`: `--dedupe`).
    pub deduped: bool,
}

/// One section of the page.
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub body: String,
}

/// A page, with what it left out of the folder that the terminal should hear of.
pub struct Page {
    pub html: String,
    /// One line each, for `slant: note: …`.
    pub notes: Vec<String>,
}

/// Write `summary.html` for the reports in `dir` to `out` (a file path), atomically; the
/// page's notes for the terminal are returned (library code does not print).
pub fn write(dir: &Path, out: &Path, opts: &Options) -> Result<Vec<String>> {
    let page = render(dir, opts)?;
    let (mut reports, name) = Reports::for_file(out, FILE_NAME)?;
    reports.text(&name, &page.html)?;
    reports.commit()?;
    Ok(page.notes)
}

/// The page for the reports in `dir`.
pub fn render(dir: &Path, opts: &Options) -> Result<Page> {
    let groups = Groups::read(dir)?;
    let group_word = if groups.group_cols.is_empty() {
        "group".to_string()
    } else {
        groups.group_cols.join(" · ")
    };
    let run = load::read_run(dir)?;
    let foreign_targets = load::foreign_targets(dir);
    load::check_one_run(dir, &groups.group_cols, run.as_ref(), foreign_targets)?;
    let omitted = run
        .as_ref()
        .and_then(|r| r.get("omitted")?.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let ctx = Ctx {
        dir,
        opts,
        groups: &groups,
        selected: groups.select(opts.max_groups),
        group_word,
        omitted,
        foreign_targets,
        deduped: run
            .as_ref()
            .and_then(|r| r.get("deduped")?.as_bool())
            .unwrap_or(false),
    };
    let (validation, left_out) = record::validation(&ctx)?;
    let sections = vec![
        sections::loaded(&ctx),
        sections::slant(&ctx),
        sections::frames(&ctx),
        sections::choices(&ctx)?,
        sections::attribution(&ctx)?,
        evidence::targets(&ctx)?,
        evidence::terms(&ctx)?,
        evidence::kwic(&ctx)?,
        validation,
        record::run_record(&ctx)?,
    ];
    let mut out = String::with_capacity(1 << 16);
    out.push_str(HEAD);
    out.push_str(GENERATOR);
    let _ = write!(
        out,
        "<title>{}</title><style>{CSS}</style></head><body>",
        escape(&title(&ctx, run.as_ref()))
    );
    out.push_str("<header><h1>slant summary</h1>");
    out.push_str(&overview(&ctx, run.as_ref()));
    out.push_str("<nav aria-label=\"Sections\"><ol>");
    for s in &sections {
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            s.id,
            escape(&s.title)
        );
    }
    out.push_str("</ol></nav></header><main>");
    for s in &sections {
        let _ = write!(
            out,
            "<section id=\"{id}\" aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2>{}</section>",
            escape(&s.title),
            s.body,
            id = s.id
        );
    }
    let version = run
        .as_ref()
        .and_then(|r| r.get("version"))
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let _ = writeln!(
        out,
        "</main><footer><p>Drawn by slant {} from reports written by slant {}. Every number is in \
         the CSV files beside this page; the codebook (reports/README.md) defines each column \
         and formula.</p></footer></body></html>",
        env!("CARGO_PKG_VERSION"),
        escape(&version)
    );
    let mut notes: Vec<String> = left_out.into_iter().collect();
    if foreign_targets {
        notes.push(record::left_out(
            &ctx,
            "targets.csv",
            "Targets",
            "not a targets table slant wrote (a lexicon of yours?)",
        ));
    }
    Ok(Page { html: out, notes })
}

fn count(run: Option<&Value>, key: &str) -> Option<u64> {
    run?.get(key)?.as_u64()
}

/// `n` groups, in the word the page uses for them: "1 outlet", "297 outlets".
/// `3 groups by bias`: a field name is not pluralised (`bias` would become `biass`).
fn groups_counted(ctx: &Ctx<'_>, n: usize) -> String {
    format!(
        "{} by {}",
        counted(n as u64, "group", "groups"),
        ctx.group_word
    )
}

/// Distinct groups: the rows of `groups.csv` without their periods.
fn distinct_groups(ctx: &Ctx<'_>) -> usize {
    let groups: std::collections::HashSet<&[String]> = ctx
        .groups
        .rows
        .iter()
        .map(|r| r.groups.as_slice())
        .collect();
    groups.len()
}

fn title(ctx: &Ctx<'_>, run: Option<&Value>) -> String {
    match count(run, "articles_scored") {
        Some(n) => format!(
            "slant summary: {}, {}",
            counted(n, "article", "articles"),
            groups_counted(ctx, distinct_groups(ctx)),
        ),
        None => "slant summary".into(),
    }
}

fn overview(ctx: &Ctx<'_>, run: Option<&Value>) -> String {
    let mut facts = Vec::new();
    if let Some(n) = count(run, "articles_scored") {
        facts.push(counted(n, "article", "articles"));
    }
    let n = ctx.groups.rows.len();
    facts.push(if ctx.groups.dated() {
        format!(
            "{} in {n} rows of group × period",
            groups_counted(ctx, distinct_groups(ctx))
        )
    } else {
        groups_counted(ctx, n)
    });
    if let Some(n) = count(run, "matches") {
        facts.push(counted(n, "match", "matches"));
    }
    if let Some(n) = count(run, "records_skipped") {
        facts.push(format!("{} skipped", counted(n, "record", "records")));
    }
    if let Some(n) = count(run, "warnings_total") {
        facts.push(counted(n, "warning", "warnings"));
    }
    let lexicons: Vec<String> = run
        .and_then(|r| r.get("lexicons"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|l| {
                    let s = |k| l.get(k).and_then(Value::as_str).unwrap_or("");
                    format!("{} {}", s("name"), s("version")).trim().to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = format!("<p class=\"lede\">{}", escape(&facts.join(" · ")));
    if !lexicons.is_empty() {
        let _ = write!(out, "<br>Lexicons: {}", escape(&lexicons.join(", ")));
    }
    out.push_str("</p>");
    if ctx.selected.len() < ctx.groups.rows.len() {
        let _ = write!(
            out,
            "<p class=\"note\">Charts show the {} {} rows with the most articles, of {}; the CSV \
             files have all of them (slant report --max-groups N shows more).</p>",
            ctx.selected.len(),
            escape(&ctx.group_word),
            ctx.groups.rows.len()
        );
    }
    out.push_str(
        "<p class=\"note\">Rates are matches per 1,000 words: the mean over articles with a \
         skewness-corrected 95% interval, unless a chart says otherwise. Each chart's numbers \
         are in the table under it.</p>",
    );
    out
}

const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">";

/// The tag that marks a page as slant's, right after `HEAD` (a run removes or replaces an
/// earlier run's page by it, and only then).
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"slant\">";

/// Whether the file at `path` is a page slant wrote (its head has [`GENERATOR`]).
pub fn is_slant_page(path: &Path) -> bool {
    crate::report::file_head(path, 4096).is_some_and(|head| head.contains(GENERATOR))
}

/// A page may be written to `target` unless a file that is not slant's page is there: a
/// user's own `summary.html`, or a report named by mistake.
pub fn check_target(target: &Path) -> crate::Result<()> {
    crate::report::check_file_target(target)?;
    if target.exists() && !is_slant_page(target) {
        return Err(crate::Error::usage(format!(
            "{}: exists and is not a page slant wrote; it is not replaced. Move it away or \
             name another file for the page",
            target.display()
        )));
    }
    Ok(())
}

const CSS: &str = "\
:root{color-scheme:light;--ink:#1d1d1f;--muted:#555;--line:#ddd;--accent:#0072B2}\
*{box-sizing:border-box}\
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--ink);background:#fafafa}\
header,main,footer{max-width:1160px;margin:0 auto;padding:0 24px}\
header{padding-top:20px}\
h1{font-size:26px;margin:0 0 4px}\
h2{font-size:20px;margin:0 0 8px;padding-top:4px}\
h3{font-size:15px;margin:18px 0 6px;font-family:ui-monospace,Menlo,Consolas,monospace;color:#333}\
.lede{font-size:16px;margin:0 0 6px}\
.note{color:var(--muted);font-size:13px;margin:2px 0}\
nav ol{list-style:none;display:flex;flex-wrap:wrap;gap:6px 16px;padding:0;margin:10px 0 4px}\
nav a{color:var(--accent);text-decoration:none}nav a:hover{text-decoration:underline}\
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}\
figure{margin:8px 0 14px}\
figcaption{color:var(--muted);font-size:13px;margin:4px 0}\
svg.chart{display:block;max-width:100%;height:auto}\
svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}\
details{margin:4px 0 8px}summary{cursor:pointer;color:var(--accent);font-size:13px}\
.scroll{overflow-x:auto}\
table.data{border-collapse:collapse;font-size:13px;margin:6px 0;min-width:40%}\
table.data caption{text-align:left;font-weight:600;padding:4px 0}\
table.data th,table.data td{border-bottom:1px solid #eee;padding:3px 10px 3px 0;text-align:left;vertical-align:top}\
table.data thead th{border-bottom:2px solid #ccc}\
table.data tbody th{font-weight:normal}\
.num{text-align:right!important;font-variant-numeric:tabular-nums}\
.absent{color:var(--muted);font-style:italic}\
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:4px 24px}\
.panel figcaption{font-weight:600;color:var(--ink)}\
table.kwic{width:100%;table-layout:fixed}\
table.kwic th:nth-child(1){width:17%}table.kwic th:nth-child(2){width:12%}table.kwic th:nth-child(3){width:9%}\
table.kwic th:nth-child(4),table.kwic th:nth-child(6){width:24%}table.kwic th:nth-child(5){width:14%}\
table.kwic tbody th{overflow-wrap:anywhere}\
table.kwic td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
table.kwic td:nth-child(5){white-space:normal;overflow-wrap:anywhere}\
table.kwic td:nth-child(4){text-align:right;direction:rtl;text-overflow:clip}\
table.kwic .left{direction:ltr;unicode-bidi:isolate}\
mark{background:#F0E442;color:#000;padding:0 2px;border-radius:2px}\
.tag{font-size:11px;color:#fff;background:#555;border-radius:3px;padding:0 4px;white-space:nowrap}\
.count{color:var(--muted);font-size:12px}\
pre{background:#f3f3f3;padding:8px;overflow-x:auto;font-size:12px}\
footer{color:var(--muted);font-size:12px;padding-bottom:24px}\
@media print{section{break-inside:avoid}details>*{display:block}}";
