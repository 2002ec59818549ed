//! `articles.csv` read back for the shares `summary.html` computes itself (attribution kinds
//! out of all attribution matches): their per-article sums, so that their intervals treat
//! articles, not matches, as the units, like those of `choices.csv`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{ARTICLES, CsvFile, RowKey};
use crate::Result;
use crate::aggregate::stats::PartSums;

/// For each row wanted, the sums of `parts` (categories, each counted by its `<cat>.n`
/// column) as shares of their sum, article by article; copies left out when the run left
/// them out of its aggregates (`deduped`). `None` when the folder has no `articles.csv`
/// (`--omit articles`), or one grouped otherwise than `group_cols` or without a column of
/// `parts`: the caller then falls back on intervals over matches.
pub fn read_part_sums(
    dir: &Path,
    group_cols: &[String],
    parts: &[String],
    wanted: &HashSet<RowKey>,
    deduped: bool,
) -> Result<Option<HashMap<RowKey, PartSums>>> {
    let Some(file) = CsvFile::open(dir, ARTICLES.name)? else {
        return Ok(None);
    };
    match file.group_cols(&ARTICLES) {
        Ok(cols) if cols == group_cols => {}
        _ => return Ok(None),
    }
    let find = |name: &str| file.header.iter().position(|h| h == name);
    let Some(columns) = parts
        .iter()
        .map(|p| find(&format!("{p}.n")))
        .collect::<Option<Vec<usize>>>()
    else {
        return Ok(None);
    };
    let (Some(dup), Some(period)) = (find("duplicate_of"), find("period")) else {
        return Ok(None);
    };
    let first = dup - group_cols.len();
    let mut sums: HashMap<RowKey, PartSums> = HashMap::new();
    let mut counts = vec![0u64; columns.len()];
    file.each(|r| {
        if deduped && !r.text(dup).is_empty() {
            return Ok(());
        }
        let key = RowKey {
            groups: r.texts(first..dup),
            period: r.text(period).to_string(),
        };
        if !wanted.contains(&key) {
            return Ok(());
        }
        for (n, &c) in counts.iter_mut().zip(&columns) {
            *n = r.int(c)?;
        }
        sums.entry(key)
            .or_insert_with(|| PartSums::new(columns.len()))
            .add(&counts);
        Ok(())
    })?;
    Ok(Some(sums))
}
