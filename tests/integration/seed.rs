//! The founding example: `../shared/seed/article.txt`, read from beside the repository. The
//! test is skipped, with a message saying so, when the file is not there.

use crate::util::{Table, Workdir};

#[test]
fn seed_article_devices_and_voices() {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/article.txt");
    if !seed.exists() {
        eprintln!(
            "SKIPPED seed_article_devices_and_voices: {} is absent",
            seed.display()
        );
        return;
    }
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("seed")).unwrap();
    std::fs::copy(&seed, w.path("seed/article.txt")).unwrap();
    w.slant()
        .args(["score", "seed", "--out", "out", "-q"])
        .assert()
        .success();
    let m = Table::read(&w.path("out/matches.csv"));
    let rows: Vec<(String, String, String)> = m
        .rows
        .iter()
        .map(|r| {
            (
                r[m.col("text")].clone(),
                r[m.col("category")].clone(),
                r[m.col("voice")].clone(),
            )
        })
        .collect();
    let has = |text: &str, category: &str, voice: &str| {
        rows.iter()
            .any(|(t, c, v)| t == text && c == category && v == voice)
    };
    assert!(
        has("Palestine", "device.scare_quote", "narrator"),
        "{rows:#?}"
    );
    assert!(
        has("Deal of the Century", "device.distancing", "narrator"),
        "{rows:#?}"
    );
    assert!(has("terror group", "label.terror", "narrator"), "{rows:#?}");
    assert!(has("terrorist", "label.terror", "narrator"), "{rows:#?}");
    // "a sanctioned terrorist": the label is the narrator's.
    let text = std::fs::read_to_string(&seed).unwrap();
    let at = text.find("sanctioned terrorist").unwrap() + "sanctioned ".len();
    let start = m.col("start");
    assert!(
        m.rows
            .iter()
            .any(|r| r[start] == at.to_string() && r[m.col("voice")] == "narrator")
    );
    // "destroy Palestinian identity" stands inside quotations every time.
    let q = Table::read(&w.path("out/quotations.csv"));
    let quoted: Vec<&Vec<String>> = q
        .rows
        .iter()
        .filter(|r| r[q.col("text")].contains("destroy Palestinian identity"))
        .collect();
    assert_eq!(quoted.len(), 3, "{:#?}", q.rows);
    for occurrence in text.match_indices("destroy Palestinian identity") {
        let inside = q.rows.iter().any(|r| {
            let (s, e): (usize, usize) = (
                r[q.col("start")].parse().unwrap(),
                r[q.col("end")].parse().unwrap(),
            );
            s < occurrence.0 && occurrence.0 + occurrence.1.len() < e
        });
        assert!(
            inside,
            "occurrence at byte {} is not inside a quotation",
            occurrence.0
        );
    }
}
