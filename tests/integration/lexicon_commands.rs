//! The lexicon commands and lexicon loading seen from the command line: `slant lexicon
//! list|check|show`, the first error of every file, two lexicons of one name, a file or folder
//! reached twice, and folders walked recursively.

use predicates::prelude::*;

use crate::util::{Table, Workdir};

#[test]
fn lexicon_commands() {
    let w = Workdir::new();
    w.slant()
        .args(["lexicon", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("builtin:choices.csv"))
        .stdout(predicate::str::contains("builtin:epistemic.csv"))
        .stdout(predicate::str::contains("builtin:frames.csv"))
        .stdout(predicate::str::contains("builtin:loaded.csv"))
        .stdout(predicate::str::contains("label.terror"))
        .stdout(predicate::str::contains("attribution.distancing"));
    w.slant()
        .args(["lexicon", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    w.slant()
        .args(["lexicon", "show", "loaded"])
        .assert()
        .success()
        .stdout(predicate::str::contains("terrorist"));
    w.slant()
        .args(["lexicon", "show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no lexicon named"));
    w.write(
        "dup.csv",
        "# name: dup\nterm,category\nregime,a.b\nRegime,a.c\n",
    );
    w.lexicon_check("dup.csv")
        .success()
        .stdout(predicate::str::contains("dup.csv:4"))
        .stdout(predicate::str::contains(
            "checked 1 lexicon, 2 entries: 0 errors, 1 warning\n",
        ));
}

#[test]
fn lexicon_check_reports_the_first_error_of_every_file_and_exits_1() {
    let w = Workdir::new();
    w.write("one.csv", "term,category\nfoo,a.b\nre:(x,a.c\n");
    w.write("two.csv", "term,category\nbar,a..d\n");
    let lexicons = [
        "--no-default-lexicons",
        "--lexicon",
        "one.csv",
        "--lexicon",
        "two.csv",
    ];
    w.slant()
        .args(["lexicon", "check"])
        .args(lexicons)
        .assert()
        .code(1)
        .stdout(
            "one.csv:3:1: error: invalid regular expression `(x`: unclosed group\n\
             two.csv:2:5: error: category `a..d` has an empty part between dots; write a dotted \
             path such as `label.terror`\n\
             checked 2 lexicons, 0 entries: 2 errors, 0 warnings\n",
        )
        .stderr("slant: error: 2 lexicon errors\n");
    // The other commands stop at the first broken lexicon: a usage error.
    let first = "slant: error: one.csv:3:1: invalid regular expression `(x`: unclosed group\n";
    w.slant()
        .args(["lexicon", "list"])
        .args(lexicons)
        .assert()
        .code(2)
        .stdout("")
        .stderr(first);
    w.write("c.jsonl", "{\"id\":\"a\",\"text\":\"foo\"}\n");
    w.slant()
        .args(["score", "c.jsonl", "--out", "out", "-q"])
        .args(lexicons)
        .assert()
        .code(2)
        .stderr(first);
}

#[test]
fn two_lexicons_with_one_name_are_an_error_whose_hint_fits() {
    let w = Workdir::new();
    w.write("f.csv", "# name: loaded\nterm,category\nx,q.r\n");
    let clash = "two lexicons are named 'loaded' (builtin:loaded.csv and f.csv); give one another \
                 `# name:` or drop the built-ins with --no-default-lexicons";
    w.slant()
        .args(["lexicon", "check", "--lexicon", "f.csv"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(format!("error: {clash}\n")))
        .stdout(predicate::str::ends_with(": 1 error, 0 warnings\n"))
        .stdout(predicate::str::contains("checked 5 lexicons, "))
        .stderr("slant: error: 1 lexicon error\n");
    w.slant()
        .args(["lexicon", "list", "--lexicon", "f.csv"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("slant: error: {clash}\n"));
    // Neither is a built-in: dropping the built-ins would not help, so it is not suggested.
    w.write("a.csv", "# name: x\nterm,category\nx,q.a\n");
    w.write("b.csv", "# name: x\nterm,category\ny,q.b\n");
    let both = [
        "--no-default-lexicons",
        "--lexicon",
        "a.csv",
        "--lexicon",
        "b.csv",
    ];
    w.slant()
        .args(["lexicon", "list"])
        .args(both)
        .assert()
        .code(2)
        .stderr(
            "slant: error: two lexicons are named 'x' (a.csv and b.csv); give one another \
             `# name:`\n",
        );
    w.slant()
        .args(["lexicon", "check"])
        .args(both)
        .assert()
        .code(1)
        .stdout(
            "error: two lexicons are named 'x' (a.csv and b.csv); give one another `# name:`\n\
             checked 2 lexicons, 2 entries: 1 error, 0 warnings\n",
        );
}

#[test]
fn a_lexicon_file_reached_twice_is_loaded_once_with_a_warning() {
    let w = Workdir::new();
    w.write("lex/a.csv", "term,category\nregime,q.a\n");
    let again = "lex/a.csv: warning: the same file as lex/a.csv, which was loaded already; not \
                 loaded again\n";
    for second in ["lex/a.csv", "lex"] {
        w.slant()
            .args(["lexicon", "check", "--no-default-lexicons"])
            .args(["--lexicon", "lex/a.csv", "--lexicon", second])
            .assert()
            .success()
            .stdout(format!(
                "{again}checked 1 lexicon, 1 entry: 0 errors, 1 warning\n"
            ));
        w.slant()
            .args(["lexicon", "list", "--no-default-lexicons"])
            .args(["--lexicon", "lex/a.csv", "--lexicon", second])
            .assert()
            .success()
            .stdout(
                "a — 1 entry — lex/a.csv\n  q.a                                      1 entry\n",
            );
    }
}

#[test]
fn lexicon_check_explains_dashes_and_double_counts() {
    let w = Workdir::new();
    w.write(
        "lex.csv",
        "term,category\nself\u{2013}made,a.x\ncitizens\u{2014}only*,a.y\nregime,a;a.b\n",
    );
    w.slant()
        .args([
            "lexicon",
            "check",
            "--no-default-lexicons",
            "--lexicon",
            "lex.csv",
        ])
        .assert()
        .success()
        .stdout(
            "lex.csv:4: warning: `regime` names both `a` and its sub-category `a.b`: a match \
             counts twice in `a`\n\
             lex.csv:2: warning: `self\u{2013}made`: the en dash is read as a hyphen, so this \
             entry matches `self-made`, never `self\u{2013}made` as written (in text an en dash \
             separates words)\n\
             lex.csv:3: warning: `citizens\u{2014}only*`: the em dash is read as a hyphen, so \
             this entry matches `citizens-only*`, never `citizens\u{2014}only*` as written (in \
             text an em dash separates words)\n\
             checked 1 lexicon, 3 entries: 0 errors, 3 warnings\n",
        );
    // What the warning says is what happens: the entry matches the hyphenated compound, and
    // the en dash as written splits the text into two words, which the entry does not match.
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"text\":\"A self-made man, a self\u{2013}made man, a regime.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("a.x.n"), ["1"]);
    // The double count the warning names, also recorded among the run's warnings.
    assert_eq!(a.column("a.n"), ["3"]);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(
        run["warnings"],
        serde_json::json!([{
            "file": "lex.csv",
            "record": 4,
            "id": null,
            "message": "`regime` names both `a` and its sub-category `a.b`: a match counts \
                        twice in `a`"
        }])
    );
}

#[test]
fn a_lexicon_folder_is_walked_recursively() {
    let w = Workdir::new();
    w.write("lexicons/mine/one.csv", "term,category\nregime,q.a\n");
    w.write("lexicons/mine/deeper/two.csv", "term,category\njunta,q.b\n");
    w.write("lexicons/.old/three.csv", "term,category\ndespot,q.c\n");
    w.write("lexicons/notes.txt", "not a lexicon");
    w.slant()
        .args(["lexicon", "list", "--no-default-lexicons"])
        .args(["--lexicon", "lexicons"])
        .assert()
        .success()
        .stdout(
            "two — 1 entry — lexicons/mine/deeper/two.csv\n  q.b                                      1 entry\n\
             one — 1 entry — lexicons/mine/one.csv\n  q.a                                      1 entry\n",
        );
    w.write("empty/.hidden/x.csv", "term,category\nx,q.a\n");
    w.slant()
        .args(["lexicon", "list", "--no-default-lexicons"])
        .args(["--lexicon", "empty"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: empty: this folder has no `.csv` or `.dic` lexicon files, in it or in \
             its subfolders (names starting with `.` are skipped)\n",
        );
}

#[test]
fn score_loads_a_lexicon_reached_twice_once() {
    let w = Workdir::new();
    w.write("lex/a.csv", "term,category\nregime,q.a\n");
    w.write("c.jsonl", "{\"id\":\"a\",\"text\":\"The regime.\"}\n");
    w.slant()
        .args([
            "score",
            "c.jsonl",
            "--out",
            "out",
            "-q",
            "--no-default-lexicons",
        ])
        .args(["--lexicon", "lex/a.csv", "--lexicon", "lex"])
        .assert()
        .success();
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("q.a.n"), ["1"]);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    let origins: Vec<&str> = run["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["origin"].as_str().unwrap())
        .collect();
    assert_eq!(origins, ["lex/a.csv", "slant:devices"]);
    assert_eq!(
        run["warnings"][0]["message"],
        "the same file as lex/a.csv, which was loaded already; not loaded again"
    );
    w.write("b.csv", "# name: a\nterm,category\njunta,q.b\n");
    w.slant()
        .args([
            "score",
            "c.jsonl",
            "--out",
            "out2",
            "-q",
            "--no-default-lexicons",
        ])
        .args(["--lexicon", "lex/a.csv", "--lexicon", "b.csv"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: two lexicons are named 'a' (lex/a.csv and b.csv); give one another \
             `# name:`\n",
        );
}

#[test]
fn lexicon_show_forms_lists_what_each_inflected_entry_matches() {
    let w = Workdir::new();
    w.write(
        "f.csv",
        "# name: f\nterm,category\nfight~ back,x.a\ngunman~,x.b\nplain,x.c\n\
         attack~ attack~ attack~,x.d\n",
    );
    let out = w
        .slant()
        .args([
            "lexicon",
            "show",
            "f",
            "--forms",
            "--no-default-lexicons",
            "--lexicon",
            "f.csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with(" line"))
        .collect();
    assert!(lines[1].starts_with("    3  fight~ back "), "{out}");
    assert_eq!(
        lines[2],
        "       ~ fight back, fights back, fought back, fighting back"
    );
    assert!(lines[3].starts_with("    4  gunman~ "), "{out}");
    assert_eq!(
        lines[4],
        "       ~ gunman, gunmans, gunmanned, gunmaned, gunmanning, gunmaning, gunmen"
    );
    // An entry without `~` has no line of forms; a long product is cut after 24.
    assert!(lines[5].starts_with("    5  plain "), "{out}");
    assert!(
        lines[6].starts_with("    6  attack~ attack~ attack~ "),
        "{out}"
    );
    assert!(lines[7].ends_with(", … (40 more, 64 in all)"), "{out}");
    assert_eq!(lines.len(), 8, "{out}");
    // Without --forms, only the entries.
    w.slant()
        .args([
            "lexicon",
            "show",
            "f",
            "--no-default-lexicons",
            "--lexicon",
            "f.csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("fought").not());
}

#[test]
fn lexicon_check_names_an_entry_whose_text_an_inflected_one_already_matches() {
    let w = Workdir::new();
    w.write(
        "f.csv",
        "# name: f\nterm,category\nfight~,conflict\nfought,conflict\nsay~,speech\n",
    );
    w.lexicon_check("f.csv").success().stdout(
        "f.csv:4: warning: every text `fought` matches, `fight~` (line 3) matches too (`~` \
             gives a word's inflections, irregular ones included): only one of them can count \
             such a text, so remove the listed form or merge the two rows\n\
             checked 1 lexicon, 3 entries: 0 errors, 1 warning\n",
    );
}
