//! Work done in parallel, its results handed on in order: the rows of a table computed by
//! every thread and written by one, to the same bytes for any number of threads.

use rayon::prelude::*;

/// Run `work` on every item of `batches`, in parallel within a batch, and hand each result to
/// `take` in item order. A batch's results are handed on while the next batch is worked on,
/// so writing them does not leave the other threads idle (with two threads, one writes and
/// one computes); at most two batches' results are held at once. Stops at the first error of
/// `take`.
pub fn for_each_in_order<'a, I, T, E>(
    batches: impl IntoIterator<Item = &'a [I]>,
    work: impl Fn(&'a I) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<(), E>
where
    I: Sync + 'a,
    T: Send,
    E: Send,
{
    let mut ready: Vec<T> = Vec::new();
    for batch in batches {
        // The thread that calls hands on the results it has; the next batch is shared out
        // meanwhile, and it joins in once they are handed on.
        let (handed, made) = rayon::join(
            || ready.drain(..).try_for_each(&mut take),
            || batch.par_iter().map(&work).collect::<Vec<T>>(),
        );
        handed?;
        ready = made;
    }
    ready.into_iter().try_for_each(take)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squares_in_order(threads: usize, batch: usize) -> Vec<u64> {
        let items: Vec<u64> = (0..1000).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut out = Vec::new();
        pool.install(|| {
            for_each_in_order(
                items.chunks(batch),
                |x| x * x,
                |y| {
                    out.push(y);
                    Ok::<(), ()>(())
                },
            )
        })
        .unwrap();
        out
    }

    #[test]
    fn results_come_in_item_order_for_any_threads_and_batches() {
        let expected: Vec<u64> = (0..1000u64).map(|x| x * x).collect();
        for threads in [1, 2, 4] {
            for batch in [1, 7, 64, 1000] {
                assert_eq!(
                    squares_in_order(threads, batch),
                    expected,
                    "{threads} {batch}"
                );
            }
        }
    }

    #[test]
    fn the_first_error_stops_it() {
        let items: Vec<u32> = (0..100).collect();
        let mut taken = Vec::new();
        let r = for_each_in_order(
            items.chunks(10),
            |&x| x,
            |x| {
                if x == 25 {
                    return Err(format!("failed at {x}"));
                }
                taken.push(x);
                Ok(())
            },
        );
        assert_eq!(r, Err("failed at 25".to_string()));
        assert_eq!(taken, (0..25).collect::<Vec<u32>>());
    }

    #[test]
    fn no_batches_take_nothing() {
        let items: Vec<u32> = Vec::new();
        let mut called = false;
        for_each_in_order(
            items.chunks(3),
            |&x| x,
            |_| {
                called = true;
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert!(!called);
    }
}
