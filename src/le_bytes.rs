//! Reading the little-endian binary formats sitrep keeps: the gazetteer's
//! alias keys (written by `build.rs`), the tagger model, and the
//! facet-values, facet-ordinal and fingerprint-filter files beside an
//! index. All five are read through this one cursor, which never reads past
//! the end: a short or damaged input gives `None`, never a panic, and each
//! caller decides what that means. A count is a little-endian `u32`, read
//! by [`Input::count`] and written by [`put_count`].

/// The bytes of an input not read yet.
pub(crate) struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    /// A cursor at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Input<'a> {
        Input(bytes)
    }

    /// The next `n` bytes, if there are as many.
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    /// The next `N` bytes as an array (for `u64::from_le_bytes` and kin).
    pub(crate) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    /// The next count: a little-endian `u32`.
    pub(crate) fn count(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.array()?) as usize)
    }

    /// How many bytes are left.
    pub(crate) fn remaining(&self) -> usize {
        self.0.len()
    }

    /// Whether everything has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Appends `count` to `bytes` as [`Input::count`] reads it.
pub(crate) fn put_count(bytes: &mut Vec<u8>, count: usize) {
    bytes.extend_from_slice(&(count as u32).to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_in_order_and_stops_at_the_end() {
        let bytes = [2, 0, 0, 0, 0xaa, 0xbb, 7];
        let mut input = Input::new(&bytes);
        assert_eq!(input.count(), Some(2));
        assert_eq!(input.take(2), Some(&[0xaa, 0xbb][..]));
        assert!(!input.is_empty());
        assert_eq!(input.array::<2>(), None, "one byte is left, not two");
        assert_eq!(input.array::<1>(), Some([7]));
        assert!(input.is_empty());
        assert_eq!(input.count(), None);
    }

    proptest! {
        #[test]
        fn never_reads_past_the_end(bytes in proptest::collection::vec(any::<u8>(), 0..40), steps in proptest::collection::vec(0usize..12, 0..20)) {
            let mut input = Input::new(&bytes);
            let mut read = 0;
            for n in steps {
                match input.take(n) {
                    Some(head) => {
                        prop_assert_eq!(head, &bytes[read..read + n]);
                        read += n;
                    }
                    None => prop_assert!(read + n > bytes.len()),
                }
            }
            prop_assert_eq!(input.is_empty(), read == bytes.len());
        }
    }
}
