//! Recognising the files slant writes by their content, whatever they are called: a CSV
//! report by its first line (the columns slant writes after the group columns), a JSON record
//! by its `"tool": "slant"`. A run uses this to remove only its own earlier reports from its
//! output folder, and a folder walk to leave reports out of the corpus (`matches.csv` has a
//! `text` column and would otherwise be read as one article per match).

use std::path::Path;

use super::rows::{ARTICLE_COLUMNS, MATCH_COLUMNS, QUOTATION_COLUMNS, SKIPPED_COLUMNS};
use super::tables::{CHOICE_COLUMNS, GROUP_COLUMNS, TARGET_COLUMNS, TERM_COLUMNS};

/// The reports of `slant score` and the columns each has after its group columns.
const RUN_CSV: [(&str, &[&str]); 8] = [
    ("articles.csv", &ARTICLE_COLUMNS),
    ("matches.csv", &MATCH_COLUMNS),
    ("quotations.csv", &QUOTATION_COLUMNS),
    ("skipped.csv", &SKIPPED_COLUMNS),
    ("groups.csv", &GROUP_COLUMNS),
    ("terms.csv", &TERM_COLUMNS),
    ("choices.csv", &CHOICE_COLUMNS),
    ("targets.csv", &TARGET_COLUMNS),
];

/// The columns added to a report since slant 0.2.0: its columns today without these are those
/// an earlier version wrote, so that a run still recognises (and replaces or removes) such a
/// report. `choices.csv` and `targets.csv` gained their intervals over articles in 0.3.0
/// (and `targets.csv` its `note`), `quotations.csv` its `not_device` in 0.5.0, `terms.csv`
/// its dispersion-adjusted G² in 0.8.0.
const ADDED_SINCE: [(&str, &[&str]); 4] = [
    (
        "choices.csv",
        &[
            "articles",
            "design_effect",
            "ci95_articles_low",
            "ci95_articles_high",
        ],
    ),
    (
        "targets.csv",
        &[
            "articles",
            "design_effect",
            "ci95_articles_low",
            "ci95_articles_high",
            "narrator_articles",
            "narrator_design_effect",
            "narrator_ci95_articles_low",
            "narrator_ci95_articles_high",
            "note",
        ],
    ),
    ("quotations.csv", &["not_device"]),
    ("terms.csv", &["dispersion", "g2_adj_p", "g2_adj_q"]),
];

/// Every layout of each report: today's columns ([`RUN_CSV`]), then the earlier ones
/// ([`ADDED_SINCE`]).
fn layouts() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    let today = RUN_CSV
        .iter()
        .map(|&(name, columns)| (name, columns.to_vec()));
    let earlier = ADDED_SINCE.iter().filter_map(|&(name, added)| {
        let (_, columns) = RUN_CSV.iter().find(|(n, _)| *n == name)?;
        let kept = columns.iter().copied().filter(|c| !added.contains(c));
        Some((name, kept.collect()))
    });
    today.chain(earlier)
}

/// The other CSV files slant writes, by how their first line starts and ends (group columns
/// may stand between): `slant compare`'s table and a coding sheet of `slant sample` (however
/// it was renamed for a coder). `slant agreement`'s table is [`is_agreement_header`]'s.
const OTHER_CSV: [(&str, &str, &str); 3] = [
    (
        "comparisons.csv",
        "group_a,group_b,metric,n_a,n_b,mean_a,mean_b,difference,welch_t,",
        ",boot_ci95_low,boot_ci95_high,welch_q,mw_q,perm_q,note",
    ),
    // Tables written before 0.9.0, without the permutation test's columns.
    (
        "comparisons.csv",
        "group_a,group_b,metric,n_a,n_b,mean_a,mean_b,difference,welch_t,",
        ",boot_ci95_low,boot_ci95_high,welch_q,mw_q,note",
    ),
    (
        "sample.csv",
        // `stratum_size` follows `stratum` in sheets drawn since slant wrote it.
        "sample_id,stratum,",
        ",left,text,right,judgement,note",
    ),
];

/// A CSV header with hundreds of categories takes tens of kB.
const HEAD_BYTES: u64 = 1 << 16;

/// Whether the first line of the file at `path` is that of the `slant score` report `name`
/// (`articles.csv`, …); false for any other name, or a file that cannot be read.
pub fn is_run_csv(name: &str, path: &Path) -> bool {
    if !RUN_CSV.iter().any(|(n, _)| *n == name) {
        return false;
    }
    super::file_head(path, HEAD_BYTES).is_some_and(|head| {
        let line = head.lines().next().unwrap_or("");
        layouts().any(|(n, columns)| n == name && has_columns(line, &columns))
    })
}

/// Whether the JSON file at `path` names slant as its tool (`run.json`, `shard.json`,
/// `comparisons.json`).
pub fn is_slant_json(path: &Path) -> bool {
    super::file_head(path, HEAD_BYTES).is_some_and(|head| head.contains("\"tool\": \"slant\""))
}

/// The report the CSV or JSON file at `path` is, by its content: `"matches.csv"` and the like,
/// `"run.json"` for any JSON record of slant's (`shard.json`, `comparisons.json` too); `None`
/// for anything else, or a file that cannot be read.
pub fn slant_file(path: &Path) -> Option<&'static str> {
    let head = super::file_head(path, HEAD_BYTES)?;
    if head.trim_start().starts_with('{') {
        return head.contains("\"tool\": \"slant\"").then_some("run.json");
    }
    csv_kind(head.lines().next().unwrap_or(""))
}

/// The report a CSV header `line` (its cells joined by commas) is: `"matches.csv"` and the
/// like; `None` for any other table.
pub fn csv_kind(line: &str) -> Option<&'static str> {
    let run = layouts()
        .find(|(_, columns)| has_columns(line, columns))
        .map(|(name, _)| name);
    run.or_else(|| {
        OTHER_CSV
            .iter()
            .find(|(_, start, end)| line.starts_with(start) && line.ends_with(end))
            .map(|(name, _, _)| *name)
    })
    .or_else(|| is_agreement_header(line).then_some("agreement.csv"))
}

/// Whether a header `line` is that of `slant agreement`'s table: its columns before the group
/// columns (without `stratum` in tables written before that column), the group columns, then
/// its columns after them. `agreement` replaces such a file without `--force`.
pub fn is_agreement_header(line: &str) -> bool {
    use crate::cmd::agreement::{HEAD, TAIL};
    let older: Vec<&str> = HEAD.into_iter().filter(|c| *c != "stratum").collect();
    [HEAD.as_slice(), older.as_slice()]
        .iter()
        .any(|head| line.starts_with(&format!("{},", head.join(","))))
        && line.ends_with(&format!(",{}", TAIL.join(",")))
}

/// A header `line` that is `columns`, or has them after other columns (the group columns;
/// `articles.csv` has its category columns after them too).
fn has_columns(line: &str, columns: &[&str]) -> bool {
    let fixed = columns.join(",");
    line == fixed || line.contains(&format!(",{fixed}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    #[test]
    fn reports_are_known_by_their_columns_whatever_their_name() {
        let matches = format!("outlet,{}\nX,1\n", MATCH_COLUMNS.join(","));
        assert_eq!(slant_file(file(&matches).path()), Some("matches.csv"));
        assert!(is_run_csv("matches.csv", file(&matches).path()));
        assert!(!is_run_csv("articles.csv", file(&matches).path()));
        let groups = format!("{}\n", GROUP_COLUMNS.join(","));
        assert_eq!(slant_file(file(&groups).path()), Some("groups.csv"));
        let compare = format!("{}\n", crate::cmd::compare::HEADER.join(","));
        assert_eq!(slant_file(file(&compare).path()), Some("comparisons.csv"));
        let sheet = "sample_id,stratum,stratum_size,id,outlet,period,part,sentence,start,end,\
                     lexicon,entry,category,weight,voice,negated,left,text,right,judgement,note\n";
        assert_eq!(slant_file(file(sheet).path()), Some("sample.csv"));
        // A sheet drawn before `stratum_size` was written.
        let older = sheet.replace("stratum_size,", "");
        assert_eq!(slant_file(file(&older).path()), Some("sample.csv"));
        let agreement = "statistic,coder,stratum,category,outlet,units,correct,value,ci95_low,\
                         ci95_high,observed_agreement,expected_agreement,note\n";
        assert_eq!(slant_file(file(agreement).path()), Some("agreement.csv"));
        // A table written before the `stratum` column.
        let older = agreement.replace("stratum,", "");
        assert_eq!(slant_file(file(&older).path()), Some("agreement.csv"));
        // Without group columns; and not any table that merely begins and ends alike, which
        // `agreement` would replace without --force.
        let ungrouped = agreement.replace("outlet,", "");
        assert_eq!(slant_file(file(&ungrouped).path()), Some("agreement.csv"));
        for other in [
            "statistic,coder,term,value,observed_agreement,expected_agreement,note\n",
            "statistic,coder,stratum,category,value,ci95_low,ci95_high,observed_agreement,\
             expected_agreement,note\n",
        ] {
            assert_eq!(slant_file(file(other).path()), None, "{other}");
        }
        // choices.csv and targets.csv as slant 0.2.0 wrote them, before their intervals over
        // articles, quotations.csv as 0.4.0 did, before `not_device`, and each as slant
        // writes it now.
        for (name, columns) in [
            (
                "choices.csv",
                "period,concept,variant,count,concept_total,share,ci95_low,ci95_high,note",
            ),
            ("choices.csv", &CHOICE_COLUMNS.join(",")[..]),
            (
                "targets.csv",
                "period,target,category,mentions,co_occurrences,rate,ci95_low,ci95_high,\
                 narrator_mentions,narrator_co_occurrences,narrator_rate,narrator_ci95_low,\
                 narrator_ci95_high",
            ),
            ("targets.csv", &TARGET_COLUMNS.join(",")[..]),
            (
                "quotations.csv",
                "period,part,quotation,start,end,words,closed,depth,device,text",
            ),
            ("quotations.csv", &QUOTATION_COLUMNS.join(",")[..]),
        ] {
            let header = format!("outlet,{columns}\n");
            assert_eq!(slant_file(file(&header).path()), Some(name));
            assert!(is_run_csv(name, file(&header).path()));
        }
        let run = "{\n  \"tool\": \"slant\",\n  \"version\": \"0.2.0\"\n}\n";
        assert_eq!(slant_file(file(run).path()), Some("run.json"));
        assert!(is_slant_json(file(run).path()));
    }

    #[test]
    fn a_corpus_is_not_a_report() {
        for corpus in [
            "id,outlet,text\n1,X,The regime fell.\n",
            // A corpus that happens to have a column called `text` last but one.
            "id,left,text,right\n1,a,b,c\n",
            "{\"id\": \"1\", \"text\": \"The tool was slant.\"}\n",
            "[{\"id\": \"1\", \"text\": \"x\"}]\n",
            "",
        ] {
            assert_eq!(slant_file(file(corpus).path()), None, "{corpus}");
        }
        assert_eq!(slant_file(Path::new("/nonexistent/matches.csv")), None);
    }
}
