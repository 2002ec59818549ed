//! `load_path`: files, folders and what is not a lexicon.

use std::fs;

use super::*;

#[test]
fn loads_a_folder_sorted_and_non_recursive() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("b.csv"), "term,category\nx,b\n").unwrap();
    fs::write(p.join("a.DIC"), "%\n1 a\n%\nkind\t1 <of>1/2\n").unwrap();
    fs::write(p.join("README.md"), "not a lexicon").unwrap();
    fs::write(p.join("._b.csv"), b"\x00\x05\x16\x07").unwrap();
    fs::create_dir(p.join("sub")).unwrap();
    fs::write(p.join("sub/c.csv"), "term,category\nx,c\n").unwrap();
    let (lexicons, warnings) = load_path(p).unwrap();
    let names: Vec<&str> = lexicons.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b"]);
    assert_eq!(lexicons[1].origin, p.join("b.csv").display().to_string());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].file, p.join("a.DIC").display().to_string());
}

#[test]
fn loads_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.csv");
    fs::write(&file, "# name: mine\nterm,category\nx,a\n").unwrap();
    let (lexicons, warnings) = load_path(&file).unwrap();
    assert_eq!(lexicons.len(), 1);
    assert_eq!(lexicons[0].name, "mine");
    assert!(warnings.is_empty());
}

#[test]
fn usage_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let shown = |name: &str| p.join(name).display().to_string();

    fs::write(p.join("words.txt"), "x").unwrap();
    let err = load_path(&p.join("words.txt")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: not a lexicon: give a `.csv` or `.dic` file, or a folder of them",
            shown("words.txt")
        )
    );

    let err = load_path(&p.join("missing.csv")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot read lexicon: ", shown("missing.csv"))),
        "{err}"
    );

    fs::create_dir(p.join("empty")).unwrap();
    let err = load_path(&p.join("empty")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: this folder has no `.csv` or `.dic` lexicon files",
            shown("empty")
        )
    );

    fs::write(p.join("bad.csv"), "term,category\nx,a..b\n").unwrap();
    let err = load_path(&p.join("bad.csv")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2:3: ", shown("bad.csv"))),
        "{err}"
    );
}
