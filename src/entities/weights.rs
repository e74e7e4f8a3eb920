//! The tagger's weights: for each feature id, a quantised weight per tag.
//!
//! Tagging a token adds up the weights of some forty feature ids out of
//! about seventy thousand, and most of those lookups miss the CPU's caches.
//! Kept in a general-purpose hash map, each lookup waited for the one before
//! it: `perf annotate` put half of the tagger's time on a single load. Here
//! the rows live in an open-addressed table of 32-byte slots, two to a cache
//! line, and [`WeightTable::best_tag`] first loads the home slot of every
//! feature (loads that do not depend on each other, so their misses overlap)
//! before it compares any of them. Weights stay the 16-bit integers of the
//! model file and are summed exactly.

use super::tagger::TAG_COUNT;

/// Feature ids whose home slots are loaded together before any is compared.
const LOOKAHEAD: usize = 32;

/// One stored row. A slot whose weights are all zero is empty: rows without
/// a weight are never stored, and adding an empty slot's zeros changes nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(32))]
struct Slot {
    id: u64,
    weights: [i16; TAG_COUNT],
}

impl Slot {
    fn is_empty(&self) -> bool {
        self.weights == [0; TAG_COUNT]
    }
}

/// Quantised weights by feature id: `weight = stored / scale`.
#[derive(Debug, Clone)]
pub(crate) struct WeightTable {
    /// A power of two in length, at most half full, so that every probe ends
    /// at an empty slot.
    slots: Vec<Slot>,
    len: usize,
    scale: f32,
}

impl Default for WeightTable {
    fn default() -> Self {
        WeightTable::new(1.0)
    }
}

impl WeightTable {
    /// An empty table whose stored weights are the real ones times `scale`.
    pub(crate) fn new(scale: f32) -> WeightTable {
        WeightTable {
            slots: vec![Slot::default(); 16],
            len: 0,
            scale,
        }
    }

    /// Quantises real-valued rows to 16 bits, the largest weight to
    /// `i16::MAX`; rows that round to all zeros are dropped.
    pub(crate) fn quantise(rows: impl IntoIterator<Item = (u64, [f32; TAG_COUNT])>) -> Self {
        let rows: Vec<(u64, [f32; TAG_COUNT])> = rows.into_iter().collect();
        let max = rows
            .iter()
            .flat_map(|(_, row)| row)
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            f32::from(i16::MAX) / max
        } else {
            1.0
        };
        let mut table = WeightTable::new(scale);
        for (id, row) in rows {
            table.insert(id, row.map(|w| (w * scale).round() as i16));
        }
        table
    }

    /// What a stored weight is multiplied by to give the real one's scale.
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// Number of stored rows.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// True when no row is stored.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Stores (or replaces) the row of `id`. A row of zeros is not stored
    /// and leaves an earlier row of `id` as it was: the model file never
    /// holds one.
    pub(crate) fn insert(&mut self, id: u64, weights: [i16; TAG_COUNT]) {
        if weights == [0; TAG_COUNT] {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let at = self.position(id);
        if self.slots[at].is_empty() {
            self.len += 1;
        }
        self.slots[at] = Slot { id, weights };
    }

    /// The stored row of `id`.
    #[cfg(test)]
    pub(crate) fn get(&self, id: u64) -> Option<[i16; TAG_COUNT]> {
        let slot = &self.slots[self.position(id)];
        (!slot.is_empty()).then_some(slot.weights)
    }

    /// Every stored row, in no particular order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u64, [i16; TAG_COUNT])> + '_ {
        self.slots
            .iter()
            .filter(|slot| !slot.is_empty())
            .map(|slot| (slot.id, slot.weights))
    }

    /// The tag whose weights over `features` add up highest; the lowest
    /// such tag on a tie, and 0 (`O`) for an empty table.
    pub(crate) fn best_tag(&self, features: &[u64]) -> u8 {
        let mut totals = [0i32; TAG_COUNT];
        for chunk in features.chunks(LOOKAHEAD) {
            let mut homes = [0usize; LOOKAHEAD];
            let mut home_ids = [0u64; LOOKAHEAD];
            for ((home, home_id), &id) in homes.iter_mut().zip(&mut home_ids).zip(chunk) {
                *home = self.home(id);
                *home_id = self.slots[*home].id;
            }
            for ((&home, &home_id), &id) in homes.iter().zip(&home_ids).zip(chunk) {
                let at = if home_id == id {
                    home
                } else {
                    self.probe(home, id)
                };
                for (total, &weight) in totals.iter_mut().zip(&self.slots[at].weights) {
                    *total += i32::from(weight);
                }
            }
        }
        let mut best = 0;
        for (tag, total) in totals.iter().enumerate() {
            if *total > totals[best] {
                best = tag;
            }
        }
        best as u8
    }

    /// Where a probe for `id` starts.
    fn home(&self, id: u64) -> usize {
        // Fibonacci hashing: the ids are hashes already, but this spreads
        // their bits whatever the table's size.
        (id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (self.slots.len() - 1)
    }

    /// The slot that holds `id`, or the empty slot where it would go.
    fn position(&self, id: u64) -> usize {
        self.probe(self.home(id), id)
    }

    /// Linear probing from `at` to the slot of `id` or the first empty one.
    fn probe(&self, mut at: usize, id: u64) -> usize {
        let mask = self.slots.len() - 1;
        loop {
            let slot = &self.slots[at];
            if slot.id == id || slot.is_empty() {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old.into_iter().filter(|slot| !slot.is_empty()) {
            let at = self.position(slot.id);
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(tag: usize, weight: i16) -> [i16; TAG_COUNT] {
        let mut row = [0; TAG_COUNT];
        row[tag] = weight;
        row
    }

    #[test]
    fn the_best_tag_sums_the_rows_of_the_features_present() {
        let mut table = WeightTable::new(1.0);
        table.insert(10, row(1, 5));
        table.insert(20, row(3, 4));
        table.insert(30, row(3, 4));
        assert_eq!(table.best_tag(&[10]), 1);
        assert_eq!(table.best_tag(&[10, 20, 30, 999]), 3);
        assert_eq!(table.best_tag(&[999]), 0, "nothing known: O");
        assert_eq!(WeightTable::default().best_tag(&[10]), 0);
    }

    #[test]
    fn ties_go_to_the_lowest_tag_and_negative_sums_lose_to_o() {
        let mut table = WeightTable::new(1.0);
        table.insert(1, row(5, 3));
        table.insert(2, row(2, 3));
        table.insert(3, row(4, -7));
        assert_eq!(table.best_tag(&[1, 2]), 2);
        assert_eq!(table.best_tag(&[3]), 0);
    }

    #[test]
    fn zero_rows_are_not_stored_and_later_rows_replace_earlier() {
        let mut table = WeightTable::new(1.0);
        table.insert(0, [0; TAG_COUNT]);
        table.insert(7, row(1, 1));
        table.insert(7, row(2, 9));
        assert_eq!(table.len(), 1);
        assert_eq!(table.get(7), Some(row(2, 9)));
        assert_eq!(table.get(0), None);
    }

    #[test]
    fn quantising_maps_the_largest_weight_to_i16_max() {
        let mut weights = [0f32; TAG_COUNT];
        weights[1] = 1.5;
        weights[8] = -3.0;
        let table = WeightTable::quantise([(42, weights), (43, [1e-9; TAG_COUNT])]);
        let stored = table.get(42).unwrap_or_default();
        assert_eq!(stored[8], -i16::MAX);
        assert_eq!(stored[1], 16384);
        assert_eq!(table.get(43), None, "rounds to zeros");
        assert!((table.scale() - f32::from(i16::MAX) / 3.0).abs() < 1e-3);
    }

    proptest! {
        /// Whatever the ids (0 and colliding homes included) and however many
        /// features a token has, the table scores as a plain map does.
        #[test]
        fn scores_as_a_map_does(
            rows in proptest::collection::vec((0u64..64, 0usize..TAG_COUNT, -50i16..50), 0..300),
            features in proptest::collection::vec(0u64..80, 0..100),
        ) {
            let mut table = WeightTable::new(1.0);
            let mut map = std::collections::HashMap::new();
            for &(id, tag, weight) in &rows {
                let row = row(tag, weight);
                table.insert(id, row);
                if weight != 0 {
                    map.insert(id, row);
                }
            }
            prop_assert_eq!(table.len(), map.len());
            let mut totals = [0i32; TAG_COUNT];
            for id in &features {
                for (total, &w) in totals.iter_mut().zip(map.get(id).unwrap_or(&[0; TAG_COUNT])) {
                    *total += i32::from(w);
                }
            }
            let mut expected = 0;
            for tag in 0..TAG_COUNT {
                if totals[tag] > totals[expected] {
                    expected = tag;
                }
            }
            prop_assert_eq!(table.best_tag(&features), expected as u8);
            let mut stored: Vec<(u64, [i16; TAG_COUNT])> = table.rows().collect();
            stored.sort_unstable();
            let mut wanted: Vec<(u64, [i16; TAG_COUNT])> = map.into_iter().collect();
            wanted.sort_unstable();
            prop_assert_eq!(stored, wanted);
        }
    }
}
