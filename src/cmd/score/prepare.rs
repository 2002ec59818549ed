//! The parallel, pure part of the pipeline: an article scored and its rows encoded.

use std::sync::Arc;

use crate::aggregate::Tally;
use crate::aggregate::period;
use crate::config::ScoreConfig;
use crate::diag::Warning;
use crate::input::Article;
use crate::report::rows::{EncodedArticle, LATE_MATCHES, MatchRows, Placement, encode_article};
use crate::score::{Scorer, Workspace};

use super::fields::{DEFAULT_GROUP_FIELDS, Grouping};

/// The date problem of an article without a date, which the run counts instead of listing
/// (undated articles are common; each would fill the list of warnings).
pub(crate) const NO_DATE: &str = "no date; period left empty";

/// Where an article came from, as the in-order consumer needs it (warnings, ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub id: String,
    pub file: Arc<str>,
    pub record: u64,
    /// Invalid UTF-8 bytes were replaced with U+FFFD.
    pub invalid_utf8: bool,
    /// Bytes of headline and body.
    pub text_bytes: u64,
}

/// What the scoring threads hand the consumer for one article.
#[derive(Debug)]
pub struct Prepared {
    pub origin: Origin,
    pub tally: Tally,
    pub place: Placement,
    pub encoded: EncodedArticle,
    /// Why the period is empty, when `--period` was asked for and the date did not serve.
    /// Why the period is empty under `--period`: `NO_DATE` or an unreadable date.
    pub date_problem: Option<String>,
    pub missing_group_field: bool,
}

/// Score an article and encode its rows: the parallel, pure part of the pipeline.
pub(super) fn prepare(
    cfg: &ScoreConfig,
    scorer: &Scorer,
    grouping: &Grouping,
    article: &Article,
    ws: &mut Workspace,
) -> Prepared {
    let score = scorer.score(article, ws);
    let groups = grouping.values(article, &cfg.input.date_field);
    // With the default grouping and no field to group by (the first record had neither
    // `outlet` nor `source`), an article that has one is noted instead: the one group `all`
    // was probably not what was meant.
    let missing_group_field = if grouping.fields.is_empty() {
        cfg.group_by.is_none()
            && DEFAULT_GROUP_FIELDS
                .iter()
                .any(|f| article.field(f).is_some())
    } else {
        // A group value is empty when its field is missing, null or blank.
        (grouping.fields.iter().zip(&groups))
            .any(|(f, value)| *f != cfg.input.date_field && value.is_empty())
    };
    let (period, date_problem) = match cfg.period {
        None => (String::new(), None),
        Some(p) => match article
            .date
            .as_deref()
            .map(|d| (d, cfg.date_format.parse(d)))
        {
            Some((_, Some(date))) => (period::period_label(date, p), None),
            Some((raw, None)) => match period::Partial::parse(raw, cfg.date_format) {
                Some(partial) => match partial.label(p) {
                    Some(label) => (label, None),
                    None => (
                        String::new(),
                        Some(format!(
                            "date '{raw}' gives {}; period left empty",
                            partial.gives()
                        )),
                    ),
                },
                None => (
                    String::new(),
                    Some(format!(
                        "date '{raw}' could not be read: {}; period left empty",
                        cfg.date_format.problem(raw)
                    )),
                ),
            },
            None => (String::new(), Some(NO_DATE.to_string())),
        },
    };
    let place = Placement { groups, period };
    // A shard's partial file holds every row encoded, so a shard encodes them all now.
    let rows = if cfg.shard.is_none() && !cfg.omit.matches && score.matches.len() > LATE_MATCHES {
        MatchRows::Late
    } else {
        MatchRows::Now
    };
    let mut encoded = encode_article(
        article,
        &place,
        &score,
        &scorer.entry_cells,
        cfg.context,
        rows,
        cfg.omit,
    );
    let (tally, matches) = Tally::split(score);
    if let Some(late) = encoded.late.as_mut() {
        late.matches = matches;
    }
    Prepared {
        origin: Origin {
            id: article.id.clone(),
            file: article.file.clone(),
            record: article.record,
            invalid_utf8: article.invalid_utf8,
            text_bytes: (article.title.len() + article.text.len()) as u64,
        },
        tally,
        place,
        encoded,
        date_problem,
        missing_group_field,
    }
}

pub(super) fn at(origin: &Origin, message: String) -> Warning {
    Warning {
        file: origin.file.to_string(),
        record: Some(origin.record),
        id: Some(origin.id.clone()),
        message,
    }
}
