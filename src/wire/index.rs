//! [`DuplicateIndex`]: the banding and verification steps of wire-copy detection (see the
//! module docs of [`crate::wire`]), kept small because it grows with the corpus.
//!
//! Signatures (512 bytes each) are written to an unnamed temporary file in `TMPDIR`, a few
//! hundred at a time, and read back only for the candidates an article's bands turn up
//! (rarely more than its own near-copies). Each band has an open-addressing table of 4-byte
//! entries, a slot number with a few bits of a check of the band hash above it, kept between
//! 7/16 and 7/8 full: about 120–240 bytes per stored article over the 26 bands at the
//! default threshold. A check that matches by chance only adds a candidate, which the
//! verification then rejects; it never hides one. When the tables are full they are
//! rebuilt twice as large from the signatures in the file, so no key is kept in memory.

use super::{BAND_SEED, DEFAULT_THRESHOLD, Fingerprint, PERMUTATIONS, equal_positions, mix64};
use crate::tempfile_store::TempStore;
use crate::{Error, Result};

/// Marks an empty place in a band table; also the slot number never used.
const NONE: u32 = u32::MAX;
/// Signatures held in memory before they are appended to the file.
const BUFFERED: usize = 256;
/// Places per band table at the start (a power of two).
const FIRST_CAPACITY: usize = 1024;
const TABLE_SEED: u64 = 0x736c_616e_745f_7462; // "slant_tb"

/// Finds, for each article fed in input order, the first earlier article it is a near-duplicate
/// of. Memory: about 120–240 bytes per stored article at the default threshold (see the module
/// docs); the signatures are in a temporary file. Time: one insert walks the earlier articles
/// that share a band with the new one, so it grows with the size of the new article's cluster
/// (verbatim copies are not stored, so only distinct near-copies count).
#[derive(Debug)]
pub struct DuplicateIndex {
    /// Equal signature positions a candidate needs to count as a copy.
    min_equal: u32,
    /// Where each band starts in the signature, and (last) where the last one ends.
    starts: Vec<usize>,
    /// One per band.
    tables: Vec<BandTable>,
    signatures: Signatures,
    /// Per slot: the article number of the first article of its cluster (its own number when
    /// it copies none).
    roots: Vec<u32>,
    /// Reusable buffers: the new article's band hashes, where each band would place it,
    /// candidates as (root, slot), and a signature read back.
    keys: Vec<u32>,
    places: Vec<Place>,
    candidates: Vec<(u32, u32)>,
    read: [u32; PERMUTATIONS],
}

impl Default for DuplicateIndex {
    fn default() -> Self {
        DuplicateIndex::new(DEFAULT_THRESHOLD)
    }
}

impl DuplicateIndex {
    /// An empty index. `threshold` is the estimated Jaccard similarity of word shingles at or
    /// above which two articles are copies ([`DEFAULT_THRESHOLD`] = 0.8). It is clamped to
    /// `[1/128, 1]`, and a NaN means the default; validating the user's value is the caller's
    /// job.
    pub fn new(threshold: f64) -> Self {
        DuplicateIndex::with_sizes(threshold, BUFFERED, FIRST_CAPACITY)
    }

    /// [`DuplicateIndex::new`] with `buffered` signatures held before they go to the file and
    /// band tables of `capacity` places (rounded up to a power of two) to start with.
    pub(super) fn with_sizes(threshold: f64, buffered: usize, capacity: usize) -> Self {
        let threshold = if threshold.is_nan() {
            DEFAULT_THRESHOLD
        } else {
            threshold.clamp(1.0 / PERMUTATIONS as f64, 1.0)
        };
        // threshold × 128 is exact (a power of two), and in [1, 128].
        let min_equal = (threshold * PERMUTATIONS as f64).ceil() as u32;
        let may_differ = PERMUTATIONS - min_equal as usize;
        // The fewest bands that still guarantee a shared whole band (see the module docs):
        // one more than the positions that may differ, as even in size as they can be.
        let bands = (may_differ + 1).min(PERMUTATIONS);
        DuplicateIndex {
            min_equal,
            starts: (0..=bands).map(|i| i * PERMUTATIONS / bands).collect(),
            tables: (0..bands).map(|_| BandTable::new(capacity)).collect(),
            signatures: Signatures::new(buffered.max(1)),
            roots: Vec::new(),
            keys: Vec::with_capacity(bands),
            places: Vec::with_capacity(bands),
            candidates: Vec::new(),
            read: [0; PERMUTATIONS],
        }
    }

    /// Number of bands the signatures are cut into (26 at the default threshold).
    pub fn bands(&self) -> usize {
        self.tables.len()
    }

    /// The signature positions each band covers, in order.
    #[cfg(test)]
    pub(super) fn band_ranges(&self) -> Vec<std::ops::Range<usize>> {
        band_ranges(&self.starts).collect()
    }

    /// Number of signatures held: one per inserted article, except verbatim copies (an
    /// identical signature already in their cluster), which are answered but not stored.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Signatures written to the temporary file so far.
    #[cfg(test)]
    pub(super) fn in_file(&self) -> u64 {
        self.signatures.in_file
    }

    /// Registers article number `index` (0-based input order; call in increasing order) and
    /// returns the index of the first article of its cluster: the earliest article it, or an
    /// article it copies, is a copy of. `None` when it copies no earlier article. When it
    /// copies several, the earliest first among their clusters wins. Fails only when the
    /// temporary file of signatures cannot be written or read.
    pub fn insert(&mut self, index: u32, fp: &Fingerprint) -> Result<Option<u32>> {
        if self.tables.first().is_some_and(BandTable::full) {
            self.grow()?;
        }
        band_keys(&fp.minhash, &self.starts, &mut self.keys);
        self.candidates.clear();
        self.places.clear();
        for (table, &key) in self.tables.iter().zip(&self.keys) {
            let place = table.find(key, |slot| {
                if let Some(&root) = self.roots.get(slot as usize) {
                    self.candidates.push((root, slot));
                }
            });
            self.places.push(place);
        }
        // Earliest cluster first, so the first verified candidate is the answer.
        self.candidates.sort_unstable();
        self.candidates.dedup();
        let mut found = None;
        let mut verbatim = false;
        for i in 0..self.candidates.len() {
            let Some(&(root, slot)) = self.candidates.get(i) else {
                break;
            };
            if found.is_some_and(|f| f != root) {
                break;
            }
            let equal = self.equal_at(slot, fp)?;
            if equal >= self.min_equal {
                found = Some(root);
                verbatim |= equal == PERMUTATIONS as u32;
            }
            if verbatim {
                break;
            }
        }
        // An identical signature already in the cluster answers every later question the same
        // way, so it is not stored again: masses of verbatim copies cost nothing.
        if !verbatim {
            self.register(found.unwrap_or(index), fp)?;
        }
        Ok(found)
    }

    /// Equal positions between the stored signature `slot` and `fp`.
    fn equal_at(&mut self, slot: u32, fp: &Fingerprint) -> Result<u32> {
        self.signatures.read(slot, &mut self.read)?;
        Ok(equal_positions(&self.read, &fp.minhash))
    }

    fn register(&mut self, root: u32, fp: &Fingerprint) -> Result<()> {
        // Beyond u32::MAX − 1 articles new ones are still answered, only not remembered.
        let Ok(slot) = u32::try_from(self.roots.len()) else {
            return Ok(());
        };
        if slot == NONE {
            return Ok(());
        }
        self.signatures.push(&fp.minhash)?;
        self.roots.push(root);
        for (table, &place) in self.tables.iter_mut().zip(&self.places) {
            table.put(place, slot);
        }
        Ok(())
    }

    /// Rebuilds every band table twice as large from the stored signatures.
    fn grow(&mut self) -> Result<()> {
        let capacity = self
            .tables
            .first()
            .map_or(FIRST_CAPACITY, |t| t.entries.len() * 2);
        let bands = self.tables.len();
        // The old tables go first, so the new ones never share memory with them.
        self.tables.clear();
        self.tables = (0..bands).map(|_| BandTable::new(capacity)).collect();
        let (starts, tables, keys) = (&self.starts, &mut self.tables, &mut self.keys);
        self.signatures.for_each(|slot, signature| {
            band_keys(signature, starts, keys);
            for (table, &key) in tables.iter_mut().zip(keys.iter()) {
                let place = table.find(key, |_| {});
                table.put(place, slot);
            }
        })
    }
}

/// The signature positions of each band, from where each starts (and the last one ends).
fn band_ranges(starts: &[usize]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    starts.windows(2).map(|w| w[0]..w[1])
}

/// Fills `keys` with the band hashes of a signature cut at `starts`.
fn band_keys(signature: &[u32], starts: &[usize], keys: &mut Vec<u32>) {
    keys.clear();
    for (band, range) in band_ranges(starts).enumerate() {
        let values = signature.get(range).unwrap_or(&[]);
        let h = values.iter().fold(BAND_SEED ^ band as u64, |h, &v| {
            mix64(h.rotate_left(5) ^ u64::from(v))
        });
        keys.push((h >> 32) as u32);
    }
}

/// One band's table: slot numbers placed by linear probing from their band hash's home.
/// Each entry is one u32: the slot in the low bits (as many as the table has places, so
/// every slot fits: the table is never more than 7/8 full) and in the bits above, a check
/// taken from a second hash of the band hash, which tells most other hashes apart (12 bits
/// in a table of a million places). Several slots with one band hash sit in one probe run;
/// there are no deletions.
#[derive(Debug)]
struct BandTable {
    entries: Vec<u32>,
    /// log2 of the number of places: the bits of an entry that hold the slot.
    slot_bits: u32,
    len: usize,
}

impl BandTable {
    /// A table of `capacity` places, rounded up to a power of two between 2 and 2^31.
    fn new(capacity: usize) -> Self {
        let capacity = capacity.clamp(2, 1 << 31).next_power_of_two();
        BandTable {
            entries: vec![NONE; capacity],
            slot_bits: capacity.trailing_zeros(),
            len: 0,
        }
    }

    /// More than 7/8 full after one more entry.
    fn full(&self) -> bool {
        (self.len + 1) * 8 > self.entries.len() * 7
    }

    /// Hands `candidate` every slot whose check matches `key`'s and returns the empty place
    /// where `key` would go.
    fn find(&self, key: u32, mut candidate: impl FnMut(u32)) -> Place {
        let h = mix64(TABLE_SEED ^ u64::from(key));
        // The top bits of the hash, as many as an entry has above its slot.
        let check = ((h >> 32) as u32).checked_shr(self.slot_bits).unwrap_or(0);
        let slot_mask = self.entries.len() as u32 - 1;
        let mut place = h as usize & slot_mask as usize;
        loop {
            match self.entries.get(place) {
                Some(&NONE) | None => return Place { at: place, check },
                Some(&entry) if entry.checked_shr(self.slot_bits).unwrap_or(0) == check => {
                    candidate(entry & slot_mask);
                }
                Some(_) => {}
            }
            place = (place + 1) & slot_mask as usize;
        }
    }

    /// Puts `slot` at `place`, which [`BandTable::find`] returned for its key (with no
    /// `put` since). `slot` is below the number of entries, so below the number of places.
    fn put(&mut self, place: Place, slot: u32) {
        let entry = place.check.checked_shl(self.slot_bits).unwrap_or(0) | slot;
        if let Some(e) = self.entries.get_mut(place.at) {
            *e = entry;
            self.len += 1;
        }
    }
}

/// Where a key goes in a band table, and its check.
#[derive(Debug, Clone, Copy)]
struct Place {
    at: usize,
    check: u32,
}

/// The stored signatures by slot: the older ones in an unnamed temporary file, the latest
/// few in memory.
#[derive(Debug)]
struct Signatures {
    file: TempStore,
    /// Signatures in the file (they are slots `0..in_file`).
    in_file: u64,
    /// Slots `in_file..`, back to back; at most `buffered` of them.
    recent: Vec<u32>,
    buffered: usize,
}

const SIGNATURE_BYTES: usize = PERMUTATIONS * 4;
/// Signatures read at a time when every one is read back.
const READ_BATCH: u64 = 128;

impl Signatures {
    fn new(buffered: usize) -> Self {
        Signatures {
            file: TempStore::new("the wire-copy signatures"),
            in_file: 0,
            recent: Vec::new(),
            buffered,
        }
    }

    /// Stores the next slot's signature.
    fn push(&mut self, signature: &[u32; PERMUTATIONS]) -> Result<()> {
        self.recent.extend_from_slice(signature);
        if self.recent.len() >= self.buffered * PERMUTATIONS {
            self.flush()?;
        }
        Ok(())
    }

    /// Appends the signatures in memory to the file.
    fn flush(&mut self) -> Result<()> {
        let mut bytes = Vec::with_capacity(self.recent.len() * 4);
        for v in &self.recent {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        self.file.append(&bytes)?;
        self.in_file += (self.recent.len() / PERMUTATIONS) as u64;
        self.recent.clear();
        Ok(())
    }

    /// Reads the signature of `slot` into `into`.
    fn read(&mut self, slot: u32, into: &mut [u32; PERMUTATIONS]) -> Result<()> {
        let slot = u64::from(slot);
        if slot >= self.in_file {
            let start = (slot - self.in_file) as usize * PERMUTATIONS;
            let Some(signature) = self.recent.get(start..start + PERMUTATIONS) else {
                // Slots come from the tables, which hold only stored ones: never reached.
                return Err(Error::failure(format!(
                    "wire-copy detection: signature {slot} was never stored"
                )));
            };
            into.copy_from_slice(signature);
            return Ok(());
        }
        let mut bytes = [0u8; SIGNATURE_BYTES];
        self.file
            .read_at(slot * SIGNATURE_BYTES as u64, &mut bytes)?;
        decode(&bytes, into);
        Ok(())
    }

    /// Hands `visit` every stored signature with its slot, in slot order.
    fn for_each(&mut self, mut visit: impl FnMut(u32, &[u32; PERMUTATIONS])) -> Result<()> {
        let mut signature = [0u32; PERMUTATIONS];
        let mut slot = 0u32;
        let mut bytes = Vec::new();
        let mut first = 0u64;
        while first < self.in_file {
            let n = READ_BATCH.min(self.in_file - first);
            bytes.resize(n as usize * SIGNATURE_BYTES, 0);
            self.file
                .read_at(first * SIGNATURE_BYTES as u64, &mut bytes)?;
            for chunk in bytes.chunks_exact(SIGNATURE_BYTES) {
                if let Ok(chunk) = <&[u8; SIGNATURE_BYTES]>::try_from(chunk) {
                    decode(chunk, &mut signature);
                    visit(slot, &signature);
                    slot += 1;
                }
            }
            first += n;
        }
        for recent in self.recent.chunks_exact(PERMUTATIONS) {
            signature.copy_from_slice(recent);
            visit(slot, &signature);
            slot += 1;
        }
        Ok(())
    }
}

fn decode(bytes: &[u8; SIGNATURE_BYTES], into: &mut [u32; PERMUTATIONS]) {
    for (v, chunk) in into.iter_mut().zip(bytes.chunks_exact(4)) {
        if let Ok(b) = <[u8; 4]>::try_from(chunk) {
            *v = u32::from_le_bytes(b);
        }
    }
}
