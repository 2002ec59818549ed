//! `slant report` and `score --html`: summary.html is self-contained, deterministic, escapes
//! everything from the data and draws each section only when its categories are in the run.

use crate::util::Workdir;

/// A lexicon with every kind of category the page knows: loaded language, word choices with
/// weights (slant), policy frames and attribution.
const LEX: &str = "term,category,weight\n\
regime,label.regime;choice.gov.regime,1\n\
government,choice.gov.government,-1\n\
terrorist~,label.terror,1\n\
economy,frame.policy.economic,1\n\
court~,frame.policy.legality,1\n\
said,attribution.neutral,1\n\
claimed,attribution.distancing,1\n";

fn corpus(w: &Workdir) {
    w.write(
        "c.jsonl",
        "{\"id\":\"a1\",\"outlet\":\"<script>alert(1)</script>\",\"text\":\"The regime said the economy grew. Terrorists claimed the attack.\"}\n\
         {\"id\":\"a2\",\"outlet\":\"<script>alert(1)</script>\",\"text\":\"The regime claimed the courts agreed, \\\"terrorists\\\" said.\"}\n\
         {\"id\":\"=HYPERLINK(1)\",\"outlet\":\"AT&T \\\"Daily\\\" \\u202eNews\",\"text\":\"The government said the economy and the economy grew.\"}\n\
         {\"id\":\"b2\",\"outlet\":\"AT&T \\\"Daily\\\" \\u202eNews\",\"text\":\"The government said a court ruled on the regime.\"}\n",
    );
    w.write("lex.csv", LEX);
}

/// A fresh folder with [`corpus`] scored into `out`, with `extra` options.
fn scored(extra: &[&str]) -> Workdir {
    let w = Workdir::new();
    corpus(&w);
    w.score_ok(&["c.jsonl"], "lex.csv", extra);
    w
}

#[test]
fn summary_is_self_contained_escaped_and_deterministic() {
    let w = scored(&["--html"]);
    let from_score = w.read("out/summary.html");
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert_eq!(page, from_score, "score --html and slant report differ");
    w.slant()
        .args(["report", "out", "--out", "again.html", "-q"])
        .assert()
        .success();
    assert_eq!(w.read("again.html"), page, "not byte-identical");

    // Self-contained: no script, no external resource, a policy that forbids both.
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.to_lowercase().contains("<script"));
    for bad in ["src=", "href=\"http", "url(http", "@import", "<link"] {
        assert!(!page.contains(bad), "{bad}");
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // Text from the data is escaped, bidi overrides shown as escapes.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("AT&amp;T &quot;Daily&quot; \\u{202E}News"));
    assert!(!page.contains('\u{202e}'));
    // The formula guard's quote is gone: HTML has no formulas.
    assert!(page.contains(">=HYPERLINK(1)<"));

    // Every section is drawn from these categories, with text alternatives and tables.
    for id in [
        "id=\"rate-label\"",
        "id=\"heat-label\"",
        "id=\"slant-chart\"",
        "id=\"heat-frame-policy\"",
        "id=\"choice-0\"",
        "id=\"attribution-chart\"",
        "id=\"terms-0\"",
        "class=\"data kwic\"",
        "id=\"run\"",
    ] {
        assert!(page.contains(id), "{id}");
    }
    assert!(page.contains("Not in this run: no frame.generic.* categories."));
    let charts = page.matches("class=\"chart\" role=\"img\"").count();
    assert_eq!(charts, page.matches("<desc id=").count());
    assert!(page.matches("<table").count() >= 7);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(w.path("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn missing_categories_say_not_in_this_run() {
    let w = Workdir::new();
    // A lexicon with labels and attribution verbs only: no frames, no word choices.
    w.write("lex.csv", "term,category\nterrorist~,label.terror\nmilitant~,label.militant\nsaid,attribution.neutral\n");
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/corpus.jsonl");
    w.score_ok(&[examples], "lex.csv", &["--html"]);
    let page = w.read("out/summary.html");
    for absent in [
        "Not in this run: no article has a weighted word-choice match",
        "Not in this run: no frame categories",
        "Not in this run: no word-choice categories",
        "Not in this run: no agreement.csv",
    ] {
        assert!(page.contains(absent), "{absent}");
    }
    assert!(page.contains("id=\"rate-label\"") && page.contains("id=\"attribution-chart\""));
}

#[test]
fn report_errors_name_the_problem() {
    let w = Workdir::new();
    w.write("empty/readme.txt", "x");
    w.slant()
        .args(["report", "empty"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no groups.csv"));
    // A shard's partial result: merge first.
    w.write("part/shard.json", "{}");
    w.slant()
        .args(["report", "part"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "(it is the partial result of a `slant score --shard` run: combine the shards with \
             `slant merge` first)",
        ));
    w.slant()
        .args(["report", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a folder"));
    corpus(&w);
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    let groups = w.read("out/groups.csv");
    let mut lines: Vec<String> = groups.lines().map(String::from).collect();
    // Line 2 is the first data row, `words` its metric: its `articles` cell becomes "x…".
    lines[1] = lines[1].replacen(",words,", ",words,x", 1);
    w.write("out/groups.csv", lines.join("\n") + "\n");
    w.slant()
        .args(["report", "out"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("groups.csv:2:"))
        .stderr(predicates::str::contains("is not a number"));
    assert!(!w.path("out/summary.html").exists());
}

#[test]
fn max_groups_limits_the_charts() {
    let w = scored(&[]);
    w.slant()
        .args(["report", "out", "--max-groups", "1", "-q"])
        .assert()
        .success();
    let page = w.read("out/summary.html");
    assert!(page.contains("Charts show the 1 outlet rows with the most articles, of 2"));
}

#[test]
fn the_title_and_facts_count_in_words_that_agree() {
    let w = scored(&["--html"]);
    let page = w.read("out/summary.html");
    assert!(
        page.contains("slant summary: 4 articles, 2 groups by outlet"),
        "{page}"
    );
    w.write(
        "c.jsonl",
        "{\"id\":\"a1\",\"outlet\":\"Herald\",\"text\":\"The regime said the economy grew.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html"]);
    let page = w.read("out/summary.html");
    assert!(
        page.contains("slant summary: 1 article, 1 group by outlet"),
        "{page}"
    );
    assert!(!page.contains("1 articles"));
    assert!(!page.contains("1 groups"));
}

#[test]
fn a_run_by_period_counts_groups_not_rows_and_names_the_undated_row() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"Herald\",\"date\":\"2024-03-05\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"b\",\"outlet\":\"Herald\",\"date\":\"2024-04-05\",\"text\":\"The regime said.\"}\n\
         {\"id\":\"c\",\"outlet\":\"Herald\",\"text\":\"The regime, the regime.\"}\n\
         {\"id\":\"d\",\"outlet\":\"Post\",\"date\":\"2024-03-09\",\"text\":\"The government.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html", "--period", "month"]);
    let page = w.read("out/summary.html");
    assert!(
        page.contains("<title>slant summary: 4 articles, 2 groups by outlet</title>"),
        "{page}"
    );
    assert!(page.contains("2 groups by outlet in 4 rows of group × period"));
    // The undated article is a row of its own, which is not Herald's whole.
    assert!(page.contains("<th scope=\"row\">Herald · (no date)</th>"));
    assert!(page.contains("<th scope=\"row\">Herald · 2024-03</th>"));
    // Key terms are per group over all periods (terms.csv has no period column).
    assert!(page.contains("<th scope=\"row\">Herald</th><td>lex</td><td>regime</td>"));
}

#[test]
fn the_narrator_interval_is_shown_beside_its_mean() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"Herald\",\"text\":\"The regime fell and the regime rose.\"}\n\
         {\"id\":\"b\",\"outlet\":\"Herald\",\"text\":\"The regime said \\\"regime\\\" was wrong.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html"]);
    let page = w.read("out/summary.html");
    assert!(page.contains(">narrator mean (95% CI)</th>"), "{page}");
    // label.per_1k: 2/7 and 2/6 words in all voices, 2/7 and 1/5 in narrator voice (a's
    // seven words, b's six of which "regime" is quoted): the narrator mean 242.86 with the
    // interval of groups.csv's label.narrator_per_1k row (for two articles, the t interval).
    assert!(
        page.contains(
            "<td class=\"num\">309.52</td><td class=\"num\">7.00</td><td class=\"num\">612.05</td>\
             <td class=\"num\">307.69</td><td>242.86 (-301.69–787.41)</td>"
        ),
        "{page}"
    );
    // Every label mean has its interval, so its caption explains no missing one (the slant
    // chart's does: both articles have a slant of 1).
    assert!(
        !caption(&page, "label: matches").contains("without an interval"),
        "{page}"
    );
    assert!(
        caption(&page, "Slant by").contains("without an interval"),
        "{page}"
    );
}

/// The text of the first figure caption that begins with `start`.
fn caption<'a>(page: &'a str, start: &str) -> &'a str {
    let at = page
        .find(&format!("<figcaption>{start}"))
        .unwrap_or_else(|| panic!("no caption {start}: {page}"));
    let end = page[at..].find("</figcaption>").unwrap();
    &page[at..at + end]
}

#[test]
fn a_mean_without_an_interval_is_explained_in_the_caption() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    // Courier's two articles have no label match: both rates 0, so groups.csv gives no
    // interval, and the label chart says why its dot has no bar.
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"Herald\",\"text\":\"The regime fell and the regime rose.\"}\n\
         {\"id\":\"b\",\"outlet\":\"Herald\",\"text\":\"The regime said it was wrong.\"}\n\
         {\"id\":\"c\",\"outlet\":\"Courier\",\"text\":\"The economy grew.\"}\n\
         {\"id\":\"d\",\"outlet\":\"Courier\",\"text\":\"A court ruled today.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html"]);
    let groups = w.read("out/groups.csv");
    assert!(
        groups.contains(
            "Courier,,label.per_1k,2,7,0,0,,0,0,0,,,0,every article has the same value: no CI"
        ),
        "{groups}"
    );
    let page = w.read("out/summary.html");
    assert!(
        caption(&page, "label: matches").ends_with(
            "A mean without an interval is a group of one article, or one whose articles all \
             have the same value (typically 0)."
        ),
        "{page}"
    );
}

#[test]
fn an_agreement_table_of_other_reports_is_not_shown_as_this_runs() {
    let w = scored(&[]);
    // Computed from sheets of a run grouped by bias, with a category these lexicons lack.
    let table = |groups: &str, category: &str| {
        format!(
            "statistic,coder,category,{groups},units,correct,value,ci95_low,ci95_high,\
             observed_agreement,expected_agreement,note\n\
             precision,majority,{category},(all),20,18,0.9,0.7,0.97,,,\n"
        )
    };
    w.write("out/agreement.csv", table("bias", "label.regime"));
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(
        page.contains(
            "the agreement.csv in the reports folder is not from these reports (it is grouped by \
             bias, these reports by outlet), so it is not shown"
        ),
        "{page}"
    );
    w.write("out/agreement.csv", table("outlet", "attribution.said"));
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(
        page.contains("(its category attribution.said is not one of these reports&#39; lexicons)")
    );
    // Drawn from these reports, it is shown.
    w.write("out/agreement.csv", table("outlet", "label.regime"));
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(!page.contains("is not from these reports"));
    assert!(page.contains("label.regime"));
}

/// The `<g>` of the bar titled `entry` in the key-terms panels.
fn term_bar<'a>(page: &'a str, entry: &str) -> &'a str {
    let start = page
        .find(&format!("<g><title>{entry}: G²"))
        .unwrap_or_else(|| panic!("no bar for {entry}: {page}"));
    let end = start + page[start..].find("</g>").unwrap();
    &page[start..end]
}

#[test]
fn a_key_term_from_one_article_is_not_drawn_as_the_groups() {
    let w = Workdir::new();
    w.write(
        "lex.csv",
        "term,category\nipsos,frame.policy.public_opinion\nregime,label.regime\ngovernment,label.gov\n",
    );
    // Herald says "regime" in all eight articles and "ipsos" twenty times in one; Post says
    // neither. Both have a large G², but only "regime" is in more of Herald's articles.
    let mut lines = String::new();
    for i in 0..8 {
        let poll = if i == 0 {
            " Ipsos".repeat(20)
        } else {
            String::new()
        };
        lines.push_str(&format!(
            "{{\"id\":\"h{i}\",\"outlet\":\"Herald\",\"text\":\"The regime spoke today about the \
             plans for the city.{poll}\"}}\n\
             {{\"id\":\"p{i}\",\"outlet\":\"Post\",\"text\":\"The government spoke today about \
             the plans for the city.\"}}\n"
        ));
    }
    w.write("c.jsonl", &lines);
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html"]);
    let terms = w.read("out/terms.csv");
    assert!(
        terms.contains("Herald,lex,ipsos,frame.policy.public_opinion,20,20,"),
        "{terms}"
    );
    let page = w.read("out/summary.html");
    // Each bar says in how many of the group's articles the entry is.
    let ipsos = term_bar(&page, "ipsos");
    assert!(ipsos.contains("1 of 8 articles"), "{ipsos}");
    let regime = term_bar(&page, "regime");
    assert!(regime.contains("8 of 8 articles"), "{regime}");
    // Significant by count but in one article: light, not dark.
    assert!(ipsos.contains("fill=\"#9ecae1\""), "{ipsos}");
    assert!(regime.contains("fill=\"#0072B2\""), "{regime}");
    // The rule is on the page, and the table gives the article test.
    assert!(page.contains("Dark bars pass two tests with a Benjamini–Hochberg q below 0.05"));
    assert!(page.contains(">article q</th>"));
    assert!(
        page.contains("<td>1 of 8 articles</td><td class=\"num\">1.0000</td><td>no</td>"),
        "{page}"
    );
    // Ranking stays by G²: the one-article entry is still listed, first.
    assert!(page.find("<g><title>ipsos:").unwrap() < page.find("<g><title>regime:").unwrap());
}

#[test]
fn key_terms_of_reports_without_the_dispersion_are_judged_by_plain_g2() {
    let w = scored(&[]);
    w.slant().args(["report", "out", "-q"]).assert().success();
    let today = w.read("out/summary.html");
    // terms.csv as slant 0.7.0 wrote it: no dispersion, g2_adj_p or g2_adj_q.
    let text = w.read("out/terms.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| !["dispersion", "g2_adj_p", "g2_adj_q"].contains(&&header[i]))
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(keep.iter().map(|&i| &header[i]))
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        writer
            .write_record(keep.iter().map(|&i| &record[i]))
            .unwrap();
    }
    let old = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert!(!old.contains("g2_adj_q") && old.contains("g2_q"), "{old}");
    w.write("out/terms.csv", &old);
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(page.contains(">count q</th>"), "{page}");
    // The key terms panel is drawn from plain G²'s q, so its table may differ; the rest of
    // the page does not.
    let before_terms = |p: &str| p[..p.find("id=\"terms\"").unwrap()].to_string();
    assert_eq!(before_terms(&page), before_terms(&today));
}

#[test]
fn an_interval_past_the_slant_axis_is_drawn_open_not_capped() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    // Slant +1 and -1: mean 0, and with n = 2 a t interval of -12.71 to 12.71.
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"Herald\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"b\",\"outlet\":\"Herald\",\"text\":\"The government fell.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html"]);
    let page = w.read("out/summary.html");
    let start = page.find("<svg id=\"slant-chart\"").unwrap();
    let chart = &page[start..start + page[start..].find("</svg>").unwrap()];
    assert!(chart.contains("95% CI -12.71 to 12.71"), "{chart}");
    // No end cap: the interval leaves the axis at both ends, with an arrow at each edge, for
    // both series.
    assert!(!chart.contains("stroke-width=\"1.5\""), "{chart}");
    assert_eq!(chart.matches("class=\"clipped\"").count(), 4, "{chart}");
    // The caption and the description say so.
    let note = "An interval that runs past the end of the axis is cut at the edge and ends \
                there in an arrow, without an end cap; the table gives its bounds.";
    assert!(chart.contains(note));
    assert!(
        page.contains(&format!("interval. {note}</figcaption>")),
        "{page}"
    );
}

/// `text` with the first two cells of every line swapped (cells without commas).
fn swap_first_columns(text: &str) -> String {
    text.lines()
        .map(|line| {
            let (a, rest) = line.split_once(',').unwrap();
            let (b, rest) = rest.split_once(',').unwrap();
            format!("{b},{a},{rest}\n")
        })
        .collect()
}

#[test]
fn a_groups_file_in_another_column_order_is_refused() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"Herald\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"b\",\"outlet\":\"Post\",\"text\":\"The government fell.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    let groups = w.read("out/groups.csv");
    // `period` moved to the first column: read by position, every row would be one group.
    w.write("out/groups.csv", swap_first_columns(&groups));
    w.slant().args(["report", "out"]).assert().code(1).stderr(
        "slant: error: out/groups.csv: no group column before period (its columns are: \
             period, outlet, metric, articles, words, total, pooled_per_1k, pooled_ratio, …): \
             slant writes the group columns, period, metric, …, and finds the group columns by \
             that order. The header was reordered (in a spreadsheet?) or the file is damaged: \
             put the columns back in that order, or write the reports again with slant score\n",
    );
    // `metric` moved before `period`: the group columns would take it in.
    let moved: String = groups
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.splitn(4, ',').collect();
            format!("{},{},{},{}\n", cells[0], cells[2], cells[1], cells[3])
        })
        .collect();
    w.write("out/groups.csv", moved);
    w.slant()
        .args(["report", "out"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "slant: error: out/groups.csv: the column after period is 'articles', not metric \
             (its columns are: outlet, metric, period, articles,",
        ));
    assert!(!w.path("out/summary.html").exists());
}

#[test]
fn reports_of_two_runs_in_one_folder_are_refused() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"Herald\",\"topic\":\"war\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"b\",\"outlet\":\"Post\",\"topic\":\"law\",\"text\":\"The government fell.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    w.score_into("by-topic", &["c.jsonl"], "lex.csv")
        .args(["--group-by", "topic", "-q"])
        .assert()
        .success();
    std::fs::copy(w.path("by-topic/groups.csv"), w.path("out/groups.csv")).unwrap();
    w.slant().args(["report", "out"]).assert().code(1).stderr(
        "slant: error: out/groups.csv: it is grouped by topic, but choices.csv, terms.csv, \
             matches.csv and run.json (group_by) by outlet: the folder holds the reports of more \
             than one run, and the page would show one run's numbers under another's groups. \
             Score again into this folder (every report is then of that run), or move the other \
             run's reports away\n",
    );
    // One file of the other run is enough, and each grouping is named with its files.
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    std::fs::copy(w.path("by-topic/terms.csv"), w.path("out/terms.csv")).unwrap();
    w.slant()
        .args(["report", "out"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "out/groups.csv: it is grouped by outlet, but terms.csv by topic: the folder holds",
        ));
    assert!(!w.path("out/summary.html").exists());
}

#[test]
fn a_run_record_that_is_not_an_object_is_refused() {
    let w = scored(&[]);
    w.write("out/run.json", "[]\n");
    w.slant().args(["report", "out"]).assert().code(1).stderr(
        "slant: error: out/run.json: holds an array, not the object {\"tool\": \"slant\", …} \
             slant score writes: not a run record. Write the reports again with slant score, or \
             move run.json away (the page then has no run record)\n",
    );
    assert!(!w.path("out/summary.html").exists());
}

#[test]
fn an_agreement_csv_slant_did_not_write_is_left_out_and_said_why() {
    let w = scored(&[]);
    w.write("out/agreement.csv", "statistic,coder\nprecision,x\n");
    w.slant().args(["report", "out"]).assert().success().stderr(
        "slant: note: out/agreement.csv: not an agreement table slant wrote (it has no \
             column category); the page's Validation section leaves it out\n\
             slant: wrote out/summary.html\n",
    );
    let page = w.read("out/summary.html");
    assert!(
        page.contains(
            "the agreement.csv in the reports folder is not an agreement table slant wrote (it \
             has no column category), so it is not shown."
        ),
        "{page}"
    );
    // One of other reports is said on the terminal too; -q keeps it quiet.
    w.write(
        "out/agreement.csv",
        "statistic,coder,category,bias,units,correct,value,ci95_low,ci95_high,\
         observed_agreement,expected_agreement,note\n\
         precision,majority,label.regime,(all),20,18,0.9,0.7,0.97,,,\n",
    );
    w.slant()
        .args(["report", "out"])
        .assert()
        .success()
        .stderr(predicates::str::starts_with(
            "slant: note: out/agreement.csv: not from these reports (it is grouped by bias, \
             these reports by outlet); the page's Validation section leaves it out\n",
        ));
    w.slant()
        .args(["report", "out", "-q"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn a_targets_csv_slant_did_not_write_is_left_out_and_said_why() {
    let w = scored(&[]);
    // A user's own targets lexicon kept beside the reports (score leaves it alone).
    w.write("out/targets.csv", "term,category\nhamas,actor.hamas\n");
    w.slant().args(["report", "out"]).assert().success().stderr(
        "slant: note: out/targets.csv: not a targets table slant wrote (a lexicon of yours?); \
         the page's Targets section leaves it out\n\
         slant: wrote out/summary.html\n",
    );
    let page = w.read("out/summary.html");
    assert!(
        page.contains(
            "the targets.csv here is not a table slant wrote (a lexicon of yours?), so it is \
             left out."
        ),
        "{page}"
    );
    assert_eq!(
        w.read("out/targets.csv"),
        "term,category\nhamas,actor.hamas\n"
    );
}

/// The word-choice and attribution tables give the interval with articles as the units (here
/// deff = 3: 3 of 3 in one article, 0 of 1 in the other); without `articles.csv` the
/// attribution table falls back on Wilson's over the matches, and its caption says why.
#[test]
fn share_tables_give_intervals_over_articles() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"X\",\"text\":\"The regime said so. The regime said no. The regime said yes.\"}\n\
         {\"id\":\"b\",\"outlet\":\"X\",\"text\":\"The government claimed it.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html"]);
    let page = w.read("out/summary.html");
    // Wilson's at n* = 4/3 · (t(3)/t(1))² (two articles): 0.012–0.999; over the 4 matches it
    // would be 0.301–0.954.
    let over_articles = ">0.750 (0.012–0.999)<";
    assert_eq!(page.matches(over_articles).count(), 2, "{page}");
    assert!(!page.contains("0.301–0.954"));
    assert!(page.contains("take articles, not matches, as the units"));
    w.score_ok(&["c.jsonl"], "lex.csv", &["--html", "--omit", "articles"]);
    let page = w.read("out/summary.html");
    assert_eq!(page.matches(over_articles).count(), 1, "{page}");
    assert_eq!(page.matches(">0.750 (0.301–0.954)<").count(), 1, "{page}");
    assert!(page.contains("articles.csv, which has each article&#39;s counts, was left out"));
}
