//! Property tests of `stats`: every result is a number or a reason, never NaN; the keyed and
//! merged orders give the bits of the definitions they replaced; one ranking serves every part
//! of a sample as ranking each part afresh would.

mod never_nan {
    use super::super::*;
    use proptest::prelude::*;

    fn sample() -> impl Strategy<Value = Vec<f64>> {
        // Rates as reports hold them: many ties, zeros, and a few large values.
        prop::collection::vec(prop_oneof![Just(0.0), 0.0..5.0f64, 0.0..1e6f64], 0..12)
    }

    fn ok(x: Result<f64, Degenerate>) -> bool {
        x.map_or(true, f64::is_finite)
    }

    proptest! {
        #[test]
        fn every_result_is_a_number_or_a_reason(a in sample(), b in sample()) {
            prop_assert!(welch_t(&a, &b).map_or(true, |t| [t.t, t.df, t.p].iter().all(|x| x.is_finite())));
            prop_assert!(mann_whitney(&a, &b).map_or(true, |m| (0.0..=1.0).contains(&m.p)));
            prop_assert!(ok(cohens_d(&a, &b)));
            prop_assert!(ok(cliffs_delta(&a, &b)));
            prop_assert!(bootstrap_mean_diff_ci(&a, &b, 50, 3).map_or(true, |(l, h)| l <= h));
            let s = summarize(&mut a.clone());
            prop_assert!(s.ci95.is_none_or(|(l, h)| l.is_finite() && l <= h));
        }

        #[test]
        fn counts_never_give_nan(a in 0u64..50, b in 0u64..50, c in 0u64..500, d in 0u64..500) {
            prop_assert!(log_likelihood(a, b, c, d).map_or(true, |(g, p)| g >= 0.0 && (0.0..=1.0).contains(&p)));
            prop_assert!(ok(log_ratio(a, b, c, d)));
            // A count of 0 on one side never reads as more use on that side.
            prop_assert!(log_ratio(0, b, c, d).map_or(true, |r| r < 0.0));
            prop_assert!(log_ratio(a, 0, c, d).map_or(true, |r| r > 0.0));
            prop_assert!(wilson(a, c).map_or(true, |(l, h)| 0.0 <= l && l <= h && h <= 1.0));
            prop_assert!(two_proportion_test(a, a + c, b, b + d).map_or(true, |p| p > 0.0 && p <= 1.0));
        }

        /// Articles as (y, x) with y ≤ x: the interval over articles holds the share, is never
        /// narrower than Wilson's over the matches, and does not depend on the articles' order.
        #[test]
        fn the_interval_over_articles_is_never_narrower(
            articles in prop::collection::vec((0u64..30, 0u64..30), 0..12)
        ) {
            let articles: Vec<(u64, u64)> =
                articles.into_iter().map(|(a, b)| (a.min(b), a.max(b))).collect();
            let sums = |list: &[(u64, u64)]| {
                let (mut t, mut c) = (ArticleTotals::default(), ArticleCounts::default());
                for &(y, x) in list {
                    t.add(x);
                    c.add(y, x);
                }
                (t, c)
            };
            let (t, c) = sums(&articles);
            let mut reversed = articles.clone();
            reversed.reverse();
            prop_assert_eq!(sums(&reversed), (t, c));
            if let Ok(got) = wilson_clustered(&t, &c) {
                let (l, h) = got.ci95;
                let (wl, wh) = wilson(c.sum, t.sum).unwrap_or((0.0, 1.0));
                let p = c.sum as f64 / t.sum as f64;
                prop_assert!(0.0 <= l && l <= p && p <= h && h <= 1.0, "{:?}", got);
                prop_assert!(l <= wl && h >= wh, "{:?} vs ({}, {})", got, wl, wh);
                prop_assert!(got.design_effect.is_none_or(|d| d.is_finite() && d >= 0.0));
            }
        }
    }
}

mod orders {
    use super::super::*;
    use proptest::prelude::*;

    /// The definition the keyed sort replaced: indices sorted stably by `total_cmp` of their
    /// p values, then the step-up pass.
    fn benjamini_hochberg_by_index(p: &mut [f64]) {
        let mut present: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_finite()).collect();
        present.sort_by(|&x, &y| p[x].total_cmp(&p[y]));
        let m = present.len() as f64;
        for v in p.iter_mut().filter(|v| !v.is_finite()) {
            *v = f64::NAN;
        }
        let mut running = 1.0f64;
        for (rank, &i) in present.iter().enumerate().rev() {
            running = running.min(p[i] * m / (rank + 1) as f64);
            p[i] = running;
        }
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        // Ties, both zeros, tiny and huge values, NaN and infinities, as well as arbitrary bits.
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(0.5),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            0.0..1.0f64,
            any::<u64>().prop_map(f64::from_bits),
        ]
    }

    proptest! {
        #[test]
        fn the_sort_key_orders_as_total_cmp_does(a in any_f64(), b in any_f64()) {
            prop_assert_eq!(total_order_key(a).cmp(&total_order_key(b)), a.total_cmp(&b));
        }

        #[test]
        fn q_values_are_bit_for_bit_those_of_the_index_sort(p in prop::collection::vec(any_f64(), 0..60)) {
            let (mut ours, mut theirs) = (p.clone(), p);
            benjamini_hochberg_in_place(&mut ours);
            benjamini_hochberg_by_index(&mut theirs);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&ours), bits(&theirs));
        }
    }
}

mod ranked_once {
    use super::super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = f64> {
        // Rates as reports hold them: many ties and zeros (both signs), a few large values.
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(1.5),
            (0u32..6).prop_map(f64::from),
            0.0..1e4f64,
        ]
    }

    /// The Mann–Whitney ranking as first written, walking the two samples' runs of ties in one
    /// pass and summing midranks in floating point: the definition the shared ranking must
    /// agree with.
    fn mann_whitney_by_pass(a: &[f64], b: &[f64]) -> Result<MannWhitney, Degenerate> {
        if a.is_empty() || b.is_empty() {
            return Err(EMPTY);
        }
        let mut all: Vec<(f64, bool)> = a
            .iter()
            .map(|&x| (x, true))
            .chain(b.iter().map(|&x| (x, false)))
            .collect();
        all.sort_by(|x, y| x.0.total_cmp(&y.0));
        let (mut rank_sum_a, mut ties, mut i) = (0.0, 0u128, 0);
        while i < all.len() {
            let mut j = i + 1;
            while j < all.len() && all[j].0 == all[i].0 {
                j += 1;
            }
            let midrank = (i + 1 + j) as f64 / 2.0;
            rank_sum_a += midrank * all[i..j].iter().filter(|v| v.1).count() as f64;
            let t = (j - i) as u128;
            ties += t * t * t - t;
            i = j;
        }
        // The statistic from the rank sum is shared: what is checked is the ranking.
        mann_whitney_from(rank_sum_a, a.len(), b.len(), ties)
    }

    proptest! {
        /// Ranking the whole sample once gives, for any part of it against the rest, the same
        /// bits as the tests that rank the two samples themselves.
        #[test]
        fn a_part_against_the_rest_matches_the_direct_tests(
            values in prop::collection::vec(value(), 0..40),
            picks in prop::collection::vec(any::<bool>(), 40),
        ) {
            let (mut part, mut rest) = (Vec::new(), Vec::new());
            for (v, &pick) in values.iter().zip(&picks) {
                if pick { part.push(*v) } else { rest.push(*v) }
            }
            let ranked = Ranked::new(values.clone());
            let bits = |r: Result<MannWhitney, Degenerate>| r.map(|m| [m.u.to_bits(), m.z.to_bits(), m.p.to_bits()]);
            prop_assert_eq!(bits(ranked.mann_whitney_of_part(&part)), bits(mann_whitney_by_pass(&part, &rest)));
            prop_assert_eq!(bits(mann_whitney(&part, &rest)), bits(mann_whitney_by_pass(&part, &rest)));
            prop_assert_eq!(
                ranked.cliffs_delta_of_part(&part).map(f64::to_bits),
                cliffs_delta(&part, &rest).map(f64::to_bits)
            );
            // Two samples sorted beforehand: merged, not ranked afresh.
            let (mut sorted_part, mut sorted_rest) = (part.clone(), rest.clone());
            sorted_part.sort_by(f64::total_cmp);
            sorted_rest.sort_by(f64::total_cmp);
            prop_assert_eq!(
                bits(mann_whitney_sorted(&sorted_part, &sorted_rest)),
                bits(mann_whitney_by_pass(&part, &rest))
            );
            prop_assert_eq!(
                cliffs_delta_sorted(&sorted_part, &sorted_rest).map(f64::to_bits),
                cliffs_delta(&part, &rest).map(f64::to_bits)
            );
        }
    }
}
