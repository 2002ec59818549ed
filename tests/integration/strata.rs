//! Rows per stratum in `agreement.csv` (its `stratum` column): written for a sheet drawn by
//! columns that are not categories or groups (`--per lexicon`), not for one whose strata are
//! rows already, and shown on summary.html in a table of their own.

use crate::util::{Table, Workdir};
use crate::weighting::{SHEET, agreement_of, coded_and_agreed};

/// A sheet drawn per lexicon: its strata are not rows of a category or group, so each has
/// rows of its own (`stratum` = the lexicon), for precision and for the coders' agreement.
/// `frames` is the matches of `frame.economic` alone, `loaded` those of two categories.
const PER_LEXICON: &str = "\
sample_id,stratum,stratum_size,id,outlet,period,part,start,end,lexicon,entry,category,judgement,note
1,loaded,50,a,X,,body,0,5,loaded,e,label.terror,correct,
2,loaded,50,b,Y,,body,0,5,loaded,e,label.regime,incorrect,
3,loaded,50,c,X,,body,0,5,loaded,e,label.terror,correct,
4,frames,200,d,X,,body,0,5,frames,f,frame.economic,correct,
5,frames,200,e,Y,,body,0,5,frames,f,frame.economic,incorrect,
";

#[test]
fn each_stratum_has_rows_when_no_category_or_group_is_it() {
    let w = Workdir::new();
    w.write("a.csv", PER_LEXICON);
    // Coder b differs on sample_id 1 only.
    w.write(
        "b.csv",
        PER_LEXICON.replacen("label.terror,correct", "label.terror,incorrect", 1),
    );
    w.slant()
        .args(["agreement", "a.csv", "b.csv", "--out", "agreement.csv"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "precision per stratum (majority)\n  \
             loaded                                  2       1     0.500  0.095–0.905     \
             0.500  0.097–0.903\n  \
             frames                                  2       1     0.500  0.095–0.905     \
             0.500  0.095–0.905\n",
        ));
    let t = Table::read(&w.path("agreement.csv"));
    let of = |stat: &str, coder: &str, stratum: &str| {
        t.find(&[
            ("statistic", stat),
            ("coder", coder),
            ("stratum", stratum),
            ("category", "(all)"),
            ("outlet", "(all)"),
        ])
    };
    for (coder, stratum, units, correct) in [
        ("a.csv", "loaded", "3", "2"),
        ("a.csv", "frames", "2", "1"),
        ("b.csv", "loaded", "3", "1"),
        ("majority", "loaded", "2", "1"),
    ] {
        for stat in ["precision", "precision_weighted"] {
            let r = of(stat, coder, stratum);
            assert_eq!([&r[t.col("units")], &r[t.col("correct")]], [units, correct]);
        }
    }
    let kappa = of("cohens_kappa", "a.csv / b.csv", "loaded");
    assert_eq!(kappa[t.col("units")], "3");
    assert_eq!(kappa[t.col("observed_agreement")], "0.6666666666666666");
    assert_eq!(
        of("krippendorff_alpha", "all 2 coders", "frames")[t.col("units")],
        "2"
    );
    // The pooled rows are those of a table without strata.
    assert_eq!(of("precision", "a.csv", "(all)")[t.col("correct")], "3");
    // A sheet drawn per category and outlet: each stratum is a category × outlet row already.
    let cells = agreement_of(SHEET);
    assert!(cells.column("stratum").iter().all(|s| s == "(all)"));
}

/// The page's precision per category pools over strata, and the rows per stratum get a table
/// of their own: without that table, the page is the one the same agreement table without
/// those rows, as slant wrote it before the `stratum` column, gives.
#[test]
fn the_page_adds_a_table_per_stratum_and_changes_nothing_else() {
    let w = Workdir::new();
    crate::validation::scored(&w);
    w.slant()
        .args([
            "sample", "out", "--per", "lexicon", "--n", "3", "--seed", "7",
        ])
        .args(["--out", "sheet.csv", "-q"])
        .assert()
        .success();
    let t = coded_and_agreed(&w, |i| if i == 1 { "incorrect" } else { "correct" });
    let strata: std::collections::BTreeSet<String> = t.column("stratum").into_iter().collect();
    assert_eq!(
        strata.into_iter().collect::<Vec<_>>(),
        // The example corpus uses no word choice.
        ["(all)", "device", "epistemic", "frames", "loaded"]
    );
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    let start = page
        .find("<p>The coding sheet was drawn per stratum")
        .expect("the note above the table per stratum");
    let end = start + page[start..].find("</table></div>").unwrap() + "</table></div>".len();
    let per_stratum = &page[start..end];
    assert!(per_stratum.contains("<caption>Precision per stratum</caption>"));
    // sample_id 1, judged incorrect, is one of the device stratum's 2 matches, both drawn:
    // the weighted precision is counted, so its interval is the value, as its note says.
    assert!(
        per_stratum.contains(
            "<th scope=\"row\">device</th><td class=\"num\">2</td><td class=\"num\">1</td>\
             <td>0.500 (0.095–0.905)</td><td>0.500 (0.500–0.500)</td><td>weighted by \
             stratum size: 1 stratum standing for 2 candidates; every one judged throughout, \
             so counted, not estimated</td></tr>"
        ),
        "{per_stratum}"
    );
    let pooled = format!("{}{}", &page[..start], &page[end..]);
    // The table as an older slant wrote it: no `stratum` column, no rows per stratum.
    let older: String = w
        .read("out/agreement.csv")
        .lines()
        .filter_map(|line| {
            let (head, rest) = line.split_once(',')?;
            let (coder, rest) = rest.split_once(',')?;
            let (stratum, rest) = rest.split_once(',')?;
            (stratum == "stratum" || stratum == "(all)").then(|| format!("{head},{coder},{rest}\n"))
        })
        .collect();
    w.write("out/agreement.csv", older);
    w.slant().args(["report", "out", "-q"]).assert().success();
    assert!(
        w.read("out/summary.html") == pooled,
        "the page differs, beyond the table per stratum, with the rows per stratum left out"
    );
    // And a new run replaces that older table, as one it wrote.
    w.slant()
        .args(["agreement", "out/coded.csv", "-q"])
        .assert()
        .success();
    assert!(
        w.read("out/agreement.csv")
            .starts_with("statistic,coder,stratum,category,")
    );
}
