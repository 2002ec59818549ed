//! The metric columns `slant compare` reads, kept column by column so that a comparison can
//! load one column (or a few) at a time instead of holding the whole table: an
//! `articles.csv` has hundreds of metrics and, past a few hundred thousand articles, the
//! table no longer fits in a few hundred megabytes.
//!
//! Rows come in one at a time; each column collects its values in a block of [`BLOCK`] and
//! sends the full block to an unnamed temporary file (see [`TempStore`]), remembering where.
//! A column is read back block by block, in order, so it comes back exactly as it went in:
//! the values are stored as their bits. A table smaller than one block per column never
//! creates the file.

use crate::Result;
use crate::tempfile_store::TempStore;

/// Values per block: 8 KB per column, a few megabytes for a few hundred columns.
const BLOCK: usize = 1024;

/// Metric columns, appended a row at a time and read back a column at a time.
#[derive(Debug)]
pub struct Columns {
    names: Vec<String>,
    /// Values per column.
    rows: usize,
    /// Per column: the values not yet in the file (fewer than [`BLOCK`]).
    open: Vec<Vec<f64>>,
    /// Per column: where each of its full blocks starts in the file, in order.
    blocks: Vec<Vec<u64>>,
    store: TempStore,
    /// Bytes in the file.
    written: u64,
    /// Reusable buffer for one block's bytes.
    bytes: Vec<u8>,
}

impl Columns {
    /// An empty table of the named columns.
    pub fn new(names: Vec<String>) -> Self {
        let n = names.len();
        Columns {
            names,
            rows: 0,
            open: (0..n).map(|_| Vec::with_capacity(BLOCK)).collect(),
            blocks: vec![Vec::new(); n],
            store: TempStore::new("the metric columns of slant compare"),
            written: 0,
            bytes: Vec::with_capacity(BLOCK * 8),
        }
    }

    /// The columns' names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Values per column.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Appends one row: a value per column, in column order (missing ones are NaN, extra
    /// ones are ignored).
    pub fn push_row(&mut self, values: &[f64]) -> Result<()> {
        for (c, open) in self.open.iter_mut().enumerate() {
            open.push(values.get(c).copied().unwrap_or(f64::NAN));
        }
        self.rows += 1;
        if self.rows % BLOCK == 0 {
            for c in 0..self.open.len() {
                self.bytes.clear();
                for v in &self.open[c] {
                    self.bytes.extend_from_slice(&v.to_bits().to_le_bytes());
                }
                self.store.append(&self.bytes)?;
                self.blocks[c].push(self.written);
                self.written += self.bytes.len() as u64;
                self.open[c].clear();
            }
        }
        Ok(())
    }

    /// Column `c`, whole, into `out` (replacing what it held).
    pub fn load(&self, c: usize, out: &mut Vec<f64>) -> Result<()> {
        out.clear();
        out.reserve(self.rows);
        let mut bytes = vec![0u8; BLOCK * 8];
        for &at in self.blocks.get(c).map_or(&[][..], Vec::as_slice) {
            self.store.read_at(at, &mut bytes)?;
            out.extend(bytes.chunks_exact(8).map(|b| {
                let mut word = [0u8; 8];
                word.copy_from_slice(b);
                f64::from_bits(u64::from_le_bytes(word))
            }));
        }
        out.extend_from_slice(self.open.get(c).map_or(&[][..], Vec::as_slice));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `rows` rows whose every value says where it is (row · 1000 + column),
    /// with NaN, infinities and negative zero among them.
    fn table(rows: usize, columns: usize) -> (Columns, Vec<Vec<f64>>) {
        let names = (0..columns).map(|c| format!("m{c}")).collect();
        let mut t = Columns::new(names);
        let mut want = vec![Vec::new(); columns];
        for r in 0..rows {
            let row: Vec<f64> = (0..columns)
                .map(|c| match (r + c) % 7 {
                    0 => f64::NAN,
                    1 => -0.0,
                    _ => (r * 1000 + c) as f64 / 3.0,
                })
                .collect();
            t.push_row(&row).unwrap();
            for (c, v) in row.into_iter().enumerate() {
                want[c].push(v);
            }
        }
        (t, want)
    }

    fn same_bits(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
    }

    #[test]
    fn columns_come_back_bit_for_bit_across_blocks() {
        // Less than a block, exactly one, and several with a part-filled last one.
        for rows in [0, 5, BLOCK, 3 * BLOCK + 17] {
            let (t, want) = table(rows, 4);
            assert_eq!(t.rows(), rows);
            assert_eq!(t.names(), ["m0", "m1", "m2", "m3"]);
            let mut got = vec![1.0; 3];
            for (c, w) in want.iter().enumerate() {
                t.load(c, &mut got).unwrap();
                assert!(same_bits(&got, w), "{rows} rows, column {c}");
            }
            // Only full blocks go to the file.
            assert_eq!(
                t.written,
                (rows / BLOCK * BLOCK * 8 * 4) as u64,
                "{rows} rows"
            );
        }
    }

    #[test]
    fn a_short_row_is_padded_with_nan_and_an_unknown_column_is_empty() {
        let mut t = Columns::new(vec!["a".into(), "b".into()]);
        t.push_row(&[1.5]).unwrap();
        t.push_row(&[2.5, 3.5, 9.0]).unwrap();
        let mut got = Vec::new();
        t.load(1, &mut got).unwrap();
        assert!(got[0].is_nan());
        assert_eq!(got[1], 3.5);
        t.load(2, &mut got).unwrap();
        assert!(got.is_empty());
    }
}
