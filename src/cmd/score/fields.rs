//! How `slant score` reads the first record: the grouping it decides, and the fields named
//! on the command line that it must have.

use crate::config::ScoreConfig;
use crate::diag::{SkippedFields, Warning};
use crate::input::{Article, InputOptions, Item, Roles};
use crate::{Error, Result};

/// How articles are grouped, decided from the first article read.
#[derive(Debug, Clone)]
pub(crate) struct Grouping {
    /// Fields to read; empty means the single group `all` (column `group`).
    pub fields: Vec<String>,
}

impl Grouping {
    /// The report columns for the group: the fields, or `group` when there are none.
    pub(super) fn columns(&self) -> Vec<String> {
        if self.fields.is_empty() {
            vec!["group".into()]
        } else {
            self.fields.clone()
        }
    }

    pub(super) fn decide(cfg: &ScoreConfig, first: &Article) -> Result<Self> {
        check_role_fields(&cfg.input, first)?;
        let has = |name: &str| first.field(name).is_some() || name == cfg.input.date_field;
        match &cfg.group_by {
            Some(fields) => {
                if let Some(missing) = fields.iter().find(|f| !has(f)) {
                    let mut available: Vec<&str> =
                        first.fields.iter().map(|(k, _)| k.as_str()).collect();
                    if first.date.is_some() {
                        available.push(&cfg.input.date_field);
                    }
                    return Err(unknown_field("--group-by", missing, first, &available));
                }
                Ok(Grouping {
                    fields: fields.clone(),
                })
            }
            None => {
                for default in DEFAULT_GROUP_FIELDS {
                    if first.field(default).is_some() {
                        return Ok(Grouping {
                            fields: vec![default.into()],
                        });
                    }
                }
                Ok(Grouping { fields: Vec::new() })
            }
        }
    }

    pub(super) fn values(&self, a: &Article, date_field: &str) -> Vec<String> {
        if self.fields.is_empty() {
            return vec!["all".into()];
        }
        self.fields
            .iter()
            .map(|f| {
                a.field(f)
                    .or_else(|| {
                        if f == date_field {
                            a.date.as_deref()
                        } else {
                            None
                        }
                    })
                    .map(|value| crate::text::nfc(value.trim()).into_owned())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// A field named with `--id-field`, `--title-field` or `--date-field` (other than its
/// default) that the first record lacks is taken for a misspelling, as `--group-by` is: a
/// missing id field would give every article a made-up id (`file:record`) that joins with
/// nothing. The defaults are left alone, since many corpora have no id, title or date.
/// `slant explain` makes the same check.
pub(crate) fn check_role_fields(input: &InputOptions, first: &Article) -> Result<()> {
    let Some(roles) = first.roles else {
        return Ok(());
    };
    let defaults = InputOptions::default();
    match role_fields(input, &defaults, roles)
        .into_iter()
        .find(|(_, field, default, present)| field != default && !present)
    {
        Some((flag, field, _, _)) => {
            // Every field the record has: the roles it fills, then its metadata.
            let available: Vec<&str> = roles
                .names(true, input)
                .chain(first.fields.iter().map(|(k, _)| k.as_str()))
                .collect();
            Err(unknown_field(flag, field, first, &available))
        }
        None => Ok(()),
    }
}

/// The role fields of the id, headline and date: the flag that names each, the name in use,
/// its default, and whether the record has it.
fn role_fields<'a>(
    input: &'a InputOptions,
    defaults: &'a InputOptions,
    roles: Roles,
) -> [(&'static str, &'a String, &'a String, bool); 3] {
    [
        ("--id-field", &input.id_field, &defaults.id_field, roles.id),
        (
            "--title-field",
            &input.title_field,
            &defaults.title_field,
            roles.title,
        ),
        (
            "--date-field",
            &input.date_field,
            &defaults.date_field,
            roles.date,
        ),
    ]
}

/// The usage error for a field `flag` names that the first record does not have, with the
/// fields it could have named instead.
fn unknown_field(flag: &str, missing: &str, first: &Article, available: &[&str]) -> Error {
    let record = format!("the first record, {}:{}, has", first.file, first.record);
    let mut has = listed(available);
    // A path whose object is there but lacks the key: say what the object has.
    let inside = missing.match_indices('.').find_map(|(at, _)| {
        let head = &missing[..at];
        Some((head, crate::input::object_keys(first.field(head)?)?))
    });
    if let Some((head, keys)) = inside {
        has.push_str(&format!("; '{head}' has: {}", keys.join(", ")));
    }
    unknown_field_in(flag, missing, &record, &has)
}

/// [`unknown_field`] for a record described by `record`, which `has` what is listed.
fn unknown_field_in(flag: &str, missing: &str, record: &str, has: &str) -> Error {
    Error::usage(format!(
        "{flag}: unknown field '{missing}' ({record}: {has})"
    ))
}

/// The fields a record has, for a message.
fn listed(available: &[&str]) -> String {
    if available.is_empty() {
        "no metadata fields".to_string()
    } else {
        available.join(", ")
    }
}

/// A `--text-field` the user named that the first record of the run lacks is a usage error,
/// as a `--group-by` field is: a misspelt name would otherwise skip the whole corpus. Looks
/// at `batch` up to the first record whose fields were read; true once it has been seen (then
/// the check is done). `slant explain` makes the same check.
pub(crate) fn check_text_field(input: &InputOptions, batch: &[Item]) -> Result<bool> {
    let field = &input.text_field;
    let named = *field != InputOptions::default().text_field;
    for item in batch {
        match item {
            Item::Article(_) => return Ok(true),
            Item::Skip(skip) => match &skip.fields {
                SkippedFields::NoText(has) if named => {
                    let record = if skip.record == 0 {
                        format!("the columns of {} are", skip.file)
                    } else {
                        format!("the first record, {}:{}, has", skip.file, skip.record)
                    };
                    let has: Vec<&str> = has.iter().map(String::as_str).collect();
                    return Err(unknown_field_in(
                        "--text-field",
                        field,
                        &record,
                        &listed(&has),
                    ));
                }
                SkippedFields::NoText(_) | SkippedFields::Read => return Ok(true),
                // A record that could not be read (invalid JSON, a line too long) or a file
                // that could not be opened says nothing about the fields: look on.
                SkippedFields::Unread => {}
            },
            Item::Warning(_) => {}
        }
    }
    Ok(false)
}

/// The warnings a run gives on meeting its first article: [`near_misses`], then a group field
/// whose value is a JSON object or array ([`object_groups`]).
pub(super) fn start_warnings(
    cfg: &ScoreConfig,
    grouping: &Grouping,
    first: &Article,
) -> Vec<Warning> {
    let mut warnings = near_misses(cfg, first);
    warnings.extend(object_groups(grouping, first));
    warnings
}

/// A group field that holds a JSON object or array in the first record (`"source":
/// {"id": null, "name": "Reuters"}`, as news APIs give it) groups by the object's JSON text, so
/// one outlet splits wherever its objects differ: say so, and name a field inside it.
fn object_groups(grouping: &Grouping, first: &Article) -> Vec<Warning> {
    if first.roles.is_none() {
        return Vec::new();
    }
    grouping
        .fields
        .iter()
        .filter_map(|field| {
            let value = first.field(field)?;
            let inner = crate::input::first_string_path(value)?;
            let kind = if value.starts_with('[') {
                "array"
            } else {
                "object"
            };
            Some(Warning::new(
                first.file.to_string(),
                Some(first.record),
                format!(
                    "group field '{field}' holds a JSON {kind}, so its groups are the {kind}s' \
                     JSON text; to group by a string inside it, name its path: --group-by \
                     {field}.{inner}"
                ),
            ))
        })
        .collect()
}

/// Warnings for a default field name (`id`, `title`, `date`, and `outlet` or `source` when
/// grouping by default) that the first record lacks but has in another letter case (`ID`,
/// `Outlet`): field names are matched exactly, so without the flag that names it the
/// record's ids would be made up, its headline unscored, its date unread or its outlet
/// ignored.
fn near_misses(cfg: &ScoreConfig, first: &Article) -> Vec<Warning> {
    let defaults = InputOptions::default();
    let input = &cfg.input;
    let roles = first.roles.unwrap_or(Roles {
        id: true,
        title: true,
        date: true,
    });
    let mut wanted: Vec<(&str, &str)> = role_fields(input, &defaults, roles)
        .into_iter()
        .filter(|(_, field, default, present)| field == default && !present)
        .map(|(flag, field, _, _)| (flag, field.as_str()))
        .collect();
    let grouped_by_default = cfg.group_by.is_none()
        && DEFAULT_GROUP_FIELDS
            .iter()
            .all(|f| first.field(f).is_none());
    if grouped_by_default {
        wanted.extend(DEFAULT_GROUP_FIELDS.iter().map(|f| ("--group-by", *f)));
    }
    wanted
        .into_iter()
        .filter_map(|(flag, field)| {
            let has = |name: &str| {
                first
                    .fields
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
            };
            let message = match has(field) {
                Some((other, _)) => format!(
                    "the first record has no field '{field}' but has '{other}' (names are \
                     matched exactly); give {flag} {other} to use it"
                ),
                None => {
                    let (other, _) = synonyms(field).iter().find_map(|name| has(name))?;
                    format!(
                        "the first record has no field '{field}' but has '{other}'; give \
                         {flag} {other} to use it"
                    )
                }
            };
            Some(Warning::new(
                first.file.to_string(),
                Some(first.record),
                message,
            ))
        })
        .collect()
}

/// Other names news exports commonly give a default field (`headline` for `title`,
/// `published_at` for `date`, `media_name` for `outlet`, which grouping by default tries
/// before `source`), in the order they are suggested.
fn synonyms(field: &str) -> &'static [&'static str] {
    match field {
        "title" => &["headline", "heading", "hed"],
        "date" => &[
            "published",
            "published_at",
            "publishedAt",
            "publish_date",
            "pub_date",
            "pubdate",
            "publication_date",
            "datetime",
            "created_at",
        ],
        "outlet" => &[
            "media_name",
            "publisher",
            "publication",
            "newspaper",
            "source_name",
            "site",
            "domain",
        ],
        _ => &[],
    }
}

/// The fields grouped by when `--group-by` is not given: the first of them the first record
/// has.
pub(super) const DEFAULT_GROUP_FIELDS: [&str; 2] = ["outlet", "source"];
