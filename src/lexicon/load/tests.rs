//! Loading: files, folders (recursive, sorted, hidden names skipped), what is not a lexicon,
//! a file reached twice, two lexicons with one name, and `check_set` reading past errors.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

fn shown(p: &Path) -> String {
    p.display().to_string()
}

fn names(lexicons: &[Lexicon]) -> Vec<&str> {
    lexicons.iter().map(|l| l.name.as_str()).collect()
}

/// Warnings as `(file, record, message)`.
fn warned(warnings: &[Warning]) -> Vec<(String, Option<u64>, String)> {
    warnings
        .iter()
        .map(|w| (w.file.clone(), w.record, w.message.clone()))
        .collect()
}

#[test]
fn loads_a_folder_recursively_in_tree_order_skipping_hidden_names() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("b.csv"), "term,category\nx,b\n").unwrap();
    fs::write(p.join("a.DIC"), "%\n1 a\n%\nkind\t1 <of>1/2\n").unwrap();
    fs::write(p.join("README.md"), "not a lexicon").unwrap();
    fs::write(p.join("._b.csv"), b"\x00\x05\x16\x07").unwrap();
    fs::create_dir_all(p.join("sub/deeper")).unwrap();
    fs::write(p.join("sub/c.csv"), "term,category\nx,c\n").unwrap();
    fs::write(p.join("sub/deeper/d.csv"), "term,category\nx,d\n").unwrap();
    // A folder's files stay together: `a/z.csv` comes before `a.DIC` (as in input folders).
    fs::create_dir(p.join("a")).unwrap();
    fs::write(p.join("a/z.csv"), "term,category\nx,z\n").unwrap();
    fs::create_dir(p.join(".git")).unwrap();
    fs::write(p.join(".git/hidden.csv"), "not even a lexicon").unwrap();
    let (lexicons, warnings) = load_path(p).unwrap();
    assert_eq!(names(&lexicons), ["z", "a", "b", "c", "d"]);
    assert_eq!(lexicons[4].origin, shown(&p.join("sub/deeper/d.csv")));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].file, shown(&p.join("a.DIC")));
}

#[test]
fn a_folder_with_only_a_subfolder_of_lexicons_loads() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().join("lexicons");
    fs::create_dir_all(top.join("mine")).unwrap();
    fs::write(top.join("mine/x.csv"), "term,category\nx,a\n").unwrap();
    let (lexicons, warnings) = load_path(&top).unwrap();
    assert_eq!(names(&lexicons), ["x"]);
    assert!(warnings.is_empty());
}

#[test]
fn loads_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.csv");
    fs::write(&file, "# name: mine\nterm,category\nx,a\n").unwrap();
    let (lexicons, warnings) = load_path(&file).unwrap();
    assert_eq!(names(&lexicons), ["mine"]);
    assert!(warnings.is_empty());
}

#[test]
fn usage_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();

    fs::write(p.join("words.txt"), "x").unwrap();
    let err = load_path(&p.join("words.txt")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: not a lexicon: give a `.csv` or `.dic` file, or a folder of them",
            shown(&p.join("words.txt"))
        )
    );

    let err = load_path(&p.join("missing.csv")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().starts_with(&format!(
            "{}: cannot read lexicon: ",
            shown(&p.join("missing.csv"))
        )),
        "{err}"
    );

    fs::create_dir_all(p.join("empty/.hidden")).unwrap();
    fs::write(p.join("empty/.hidden/x.csv"), "term,category\nx,a\n").unwrap();
    fs::write(p.join("empty/notes.txt"), "x").unwrap();
    let err = load_path(&p.join("empty")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: this folder has no `.csv` or `.dic` lexicon files, in it or in its subfolders \
             (names starting with `.` are skipped)",
            shown(&p.join("empty"))
        )
    );

    fs::write(p.join("bad.csv"), "term,category\nx,a..b\n").unwrap();
    let err = load_path(&p.join("bad.csv")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2:3: ", shown(&p.join("bad.csv")))),
        "{err}"
    );
}

#[test]
fn no_lexicon_at_all_is_a_usage_error() {
    for err in [
        load_set(false, &[]).unwrap_err(),
        check_set(false, &[]).unwrap_err(),
    ] {
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            err.to_string(),
            "no lexicons: --no-default-lexicons needs at least one --lexicon PATH"
        );
    }
}

#[test]
fn a_file_reached_twice_is_loaded_once_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir(p.join("lex")).unwrap();
    let a = p.join("lex/a.csv");
    fs::write(&a, "term,category\nx,q.a\n").unwrap();
    fs::write(p.join("lex/b.csv"), "term,category\ny,q.b\n").unwrap();
    // Named twice, and also inside a folder named (by another spelling of its path).
    let dotted = p.join("lex/./a.csv");
    let paths: Vec<PathBuf> = vec![a.clone(), dotted.clone(), p.join("lex")];
    let set = load_set(false, &paths).unwrap();
    assert_eq!(names(&set.lexicons), ["a", "b"]);
    let again = |file: &Path| {
        (
            shown(file),
            None,
            format!(
                "the same file as {}, which was loaded already; not loaded again",
                shown(&a)
            ),
        )
    };
    assert_eq!(
        warned(&set.warnings),
        [again(&dotted), again(&p.join("lex").join("a.csv"))]
    );
    // `lexicon check` reads it once too, and counts it once.
    let checked = check_set(false, &paths).unwrap();
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(checked.files, 2);
    assert_eq!(names(&checked.set.lexicons), ["a", "b"]);
    assert_eq!(checked.set.warnings.len(), 2);
}

#[cfg(unix)]
#[test]
fn a_link_back_into_the_folder_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().join("lex");
    fs::create_dir_all(top.join("sub")).unwrap();
    fs::write(top.join("sub/a.csv"), "term,category\nx,q.a\n").unwrap();
    std::os::unix::fs::symlink(&top, top.join("sub/loop")).unwrap();
    let (lexicons, warnings) = load_path(&top).unwrap();
    assert_eq!(names(&lexicons), ["a"]);
    assert_eq!(
        warned(&warnings),
        [(
            shown(&top.join("sub/loop")),
            None,
            "skipped: a symbolic link back into a folder being read".to_string()
        )]
    );
}

#[test]
fn two_lexicons_with_one_name_suggest_dropping_built_ins_only_when_one_is_built_in() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let f = p.join("f.csv");
    fs::write(&f, "# name: loaded\nterm,category\nx,q.a\n").unwrap();
    let err = load_set(true, std::slice::from_ref(&f)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        format!(
            "two lexicons are named 'loaded' (builtin:loaded.csv and {}); give one another \
             `# name:` or drop the built-ins with --no-default-lexicons",
            shown(&f)
        )
    );
    let (a, b) = (p.join("a.csv"), p.join("b.csv"));
    fs::write(&a, "# name: x\nterm,category\nx,q.a\n").unwrap();
    fs::write(&b, "# name: x\nterm,category\ny,q.b\n").unwrap();
    let err = load_set(false, &[a.clone(), b.clone()]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        format!(
            "two lexicons are named 'x' ({} and {}); give one another `# name:`",
            shown(&a),
            shown(&b)
        )
    );
    // `load_path` alone (used for `--targets`) does not compare names.
    assert_eq!(names(&load_path(p).unwrap().0), ["x", "x", "loaded"]);
}

#[test]
fn check_set_keeps_the_first_error_of_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let one = p.join("one.csv");
    let two = p.join("two.csv");
    let good = p.join("good.csv");
    fs::write(&one, "term,category\nfoo,a.b\nre:(x,a.c\nbar,a..b\n").unwrap();
    fs::write(&two, "term,category\nbar,a..d\n").unwrap();
    fs::write(&good, "# name: one\nterm,category\nbaz,a.e\n").unwrap();
    let paths = [
        one.clone(),
        p.join("missing.csv"),
        two.clone(),
        good.clone(),
    ];
    // Loading stops at the first.
    let err = load_set(false, &paths).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        format!(
            "{}:3:1: invalid regular expression `(x`: unclosed group",
            shown(&one)
        )
    );
    let checked = check_set(false, &paths).unwrap();
    let errors: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(
        errors[0],
        format!(
            "{}:3:1: invalid regular expression `(x`: unclosed group",
            shown(&one)
        )
    );
    assert!(
        errors[1].starts_with(&format!(
            "{}: cannot read lexicon: ",
            shown(&p.join("missing.csv"))
        )),
        "{}",
        errors[1]
    );
    assert_eq!(
        errors[2],
        format!(
            "{}:2:5: category `a..d` has an empty part between dots; write a dotted path such \
             as `label.terror`",
            shown(&two)
        )
    );
    assert!(checked.errors.iter().all(|e| e.exit_code() == 2));
    // `good.csv` loaded: it is named `one`, as `one.csv` would have been, but that one never
    // loaded, so there is no clash.
    assert_eq!(names(&checked.set.lexicons), ["one"]);
    assert_eq!(checked.files, 3);
}

#[test]
fn check_set_reports_name_clashes_as_errors_and_keeps_both_lexicons() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.csv");
    fs::write(&f, "# name: loaded\nterm,category\nx,q.a\n").unwrap();
    let checked = check_set(true, std::slice::from_ref(&f)).unwrap();
    let errors: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [format!(
            "two lexicons are named 'loaded' (builtin:loaded.csv and {}); give one another \
             `# name:` or drop the built-ins with --no-default-lexicons",
            shown(&f)
        )]
    );
    assert_eq!(
        names(&checked.set.lexicons),
        ["choices", "epistemic", "frames", "loaded", "loaded"]
    );
    assert_eq!(checked.files, 5);
}

#[test]
fn an_entry_counting_twice_in_a_category_warns_when_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.csv");
    fs::write(&f, "term,category\nregime,a;a.b\njunta,c.x;c.y\n").unwrap();
    let set = load_set(false, std::slice::from_ref(&f)).unwrap();
    assert_eq!(
        warned(&set.warnings),
        [(
            shown(&f),
            Some(2),
            "`regime` names both `a` and its sub-category `a.b`: a match counts twice in `a`"
                .to_string()
        )]
    );
    assert_eq!(warned(&load_path(&f).unwrap().1), warned(&set.warnings));
}

#[test]
fn a_lexicon_without_entries_warns_when_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let (header, blockers) = (p.join("header.csv"), p.join("only.dic"));
    fs::write(&header, "# name: study\nterm,category,weight\n# x,y\n\n").unwrap();
    fs::write(&blockers, "%\n1 a\n%\nkind\t<of>1\n").unwrap();
    let set = load_set(false, &[header.clone(), blockers.clone()]).unwrap();
    let said = warned(&set.warnings);
    assert_eq!(
        said[0],
        (
            shown(&header),
            None,
            "lexicon `study` has no entries, so it counts nothing and adds no columns to the \
             reports"
                .to_string()
        )
    );
    // The `.dic` says why (its only entry was conditional), and that it is empty.
    assert_eq!(said.len(), 3, "{said:?}");
    assert_eq!(
        said[2],
        (
            shown(&blockers),
            None,
            "lexicon `only` has no entries, so it counts nothing and adds no columns to the \
             reports"
                .to_string()
        )
    );
    // `lexicon check` gets it too.
    let checked = check_set(false, std::slice::from_ref(&header)).unwrap();
    assert_eq!(warned(&checked.set.warnings), said[..1]);
}

#[test]
fn weights_outside_word_choices_warn_when_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("stance.csv");
    fs::write(&f, "term,category,weight\nterrorist~,stance.israel,2\n").unwrap();
    let set = load_set(false, std::slice::from_ref(&f)).unwrap();
    assert_eq!(
        warned(&set.warnings),
        [(
            shown(&f),
            Some(2),
            "`terrorist~` has weight 2 but no `choice.*` category: weights act only in \
             word-choice categories (`choice.<concept>.<variant>`, for the slant metric); every \
             other category is a plain count, so these weights are ignored"
                .to_string()
        )]
    );
    assert_eq!(
        warned(
            &check_set(false, std::slice::from_ref(&f))
                .unwrap()
                .set
                .warnings
        ),
        warned(&set.warnings)
    );
}

#[test]
fn what_only_shows_across_files_is_a_warning_of_the_set_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mb.csv");
    fs::write(
        &f,
        "# name: mybarrier\nterm,category,weight\nfence,choice.barrier.fence,1\n\
         terrorist,label.terror,1\n",
    )
    .unwrap();
    let set = load_set(true, std::slice::from_ref(&f)).unwrap();
    let said = warned(&set.warnings);
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(
        (said[0].0.as_str(), said[0].1),
        (shown(&f).as_str(), Some(3))
    );
    assert!(
        said[0]
            .2
            .starts_with("lexicon `mybarrier` codes variants of the word-choice concept `barrier`"),
        "{}",
        said[0].2
    );
    assert_eq!(
        said[1],
        (
            shown(&f),
            Some(4),
            "category `label.terror` is also defined by lexicon `loaded` \
             (builtin:loaded.csv:12); their counts are summed"
                .to_string()
        )
    );
    // `lexicon check` reports them itself (with `check_all`), so its set does not carry them.
    let checked = check_set(true, std::slice::from_ref(&f)).unwrap();
    assert!(
        checked.set.warnings.is_empty(),
        "{:?}",
        checked.set.warnings
    );
    let across: Vec<(String, Option<u64>, String)> = check_all(&checked.set.lexicons)
        .into_iter()
        .map(|(origin, l)| (origin, Some(l.line), l.message))
        .collect();
    assert_eq!(across, said);
}

#[test]
fn the_device_name_and_categories_are_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let (named, dic, quotes) = (p.join("device.csv"), p.join("Device.dic"), p.join("q.csv"));
    fs::write(&named, "term,category\nterrorist~,label.terror\n").unwrap();
    fs::write(&dic, "%\n1 a\n%\nx\t1\n").unwrap();
    fs::write(
        &quotes,
        "# name: mine\nterm,category\nregime,x\nterrorist~,a;Device.scare_quote\n",
    )
    .unwrap();
    let name_error = |f: &Path, name: &str, how: &str| {
        format!(
            "{}: the lexicon name `{name}` is reserved: the reports use `device` for slant's own \
             rows (scare quotes, quotations after a distancing marker); {how}",
            shown(f)
        )
    };
    let category_error = format!(
        "{}:4: category `Device.scare_quote` is reserved: `device` and `device.*` count slant's \
         own scare quotes and quotations after a distancing marker, and this lexicon's matches \
         would be added to them; choose another name",
        shown(&quotes)
    );
    let err = load_set(false, std::slice::from_ref(&named)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        name_error(
            &named,
            "device",
            "name the lexicon otherwise with a `# name:` line"
        )
    );
    let err = load_set(true, std::slice::from_ref(&quotes)).unwrap_err();
    assert_eq!(err.to_string(), category_error);
    let checked = check_set(false, &[named.clone(), dic.clone(), quotes.clone()]).unwrap();
    let errors: Vec<String> = checked.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            name_error(
                &named,
                "device",
                "name the lexicon otherwise with a `# name:` line"
            ),
            name_error(&dic, "Device", "rename the file"),
            category_error,
        ]
    );
    assert!(checked.errors.iter().all(|e| e.exit_code() == 2));
    // `--targets` has names and categories of its own: nothing is reserved there.
    assert_eq!(names(&load_path(&named).unwrap().0), ["device"]);
}
