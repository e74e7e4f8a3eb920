//! Text normalisation for hashing and fingerprinting.
//!
//! Two copies of a story rarely agree byte for byte: one outlet uses curly
//! quotes, another straight ones; one has an en dash where another has a
//! hyphen; scrapers add non-breaking spaces, soft hyphens and doubled blanks.
//! None of that is content. Everything the dedup stage compares goes through
//! [`normalize`] first, so that copies differing only in typography compare
//! equal, and so that the comparison is the same on every run and platform.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::corpus::is_plain_ascii;

/// Returns `text` in the canonical form used for content hashes and
/// fingerprints: Unicode NFKC, lower case, curly quotes and primes made
/// straight, every dash and minus made `-`, invisible characters (zero-width
/// spaces and joiners, soft hyphens, byte-order marks) removed, and runs of
/// white space collapsed to one space, with none at either end.
pub fn normalize(text: &str) -> String {
    if let Some(lower) = plain_ascii_lowercase(text) {
        // Nothing to fold but case and backticks (most paragraphs).
        return lower;
    }
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        // ASCII is its own NFKC form, and most other text (curly quotes,
        // accented names) is in NFKC already: the quick check costs a
        // fraction of normalising.
        fold(text.chars(), text.len())
    } else {
        fold(text.nfkc(), text.len())
    }
}

/// [`normalize`] of printable ASCII text with single spaces between words
/// and none at either end; `None` for any other text.
fn plain_ascii_lowercase(text: &str) -> Option<String> {
    if !is_plain_ascii(text) {
        return None;
    }
    let mut lower = text.to_ascii_lowercase();
    if memchr::memchr(b'`', lower.as_bytes()).is_some() {
        lower = lower.replace('`', "'");
    }
    Some(lower)
}

/// The case, character and white-space folding of [`normalize`], over
/// characters already in NFKC.
fn fold(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut folded = Folded {
        out: String::with_capacity(capacity),
        pending_space: false,
    };
    for c in chars {
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => folded.ascii(byte),
            _ => c.to_lowercase().for_each(|lower| folded.push(lower)),
        }
    }
    folded.out
}

/// Text being folded: what is written so far, and whether white space
/// waits to be written as one space before the next character.
struct Folded {
    out: String,
    pending_space: bool,
}

impl Folded {
    /// Adds an ASCII character: no case table to look up, and the only
    /// typography to map is the backtick.
    fn ascii(&mut self, byte: u8) {
        match byte {
            b'\t'..=b'\r' | b' ' => self.space(),
            b'`' => self.push('`'),
            _ => self.keep(char::from(byte.to_ascii_lowercase())),
        }
    }

    /// Adds a lower-case character, its typography mapped.
    fn push(&mut self, c: char) {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
            | '\u{00B4}' => self.keep('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => self.keep('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => self.keep('-'),
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => self.space(),
            c => self.keep(c),
        }
    }

    /// White space: one space before the next character, none at the start.
    fn space(&mut self) {
        self.pending_space = !self.out.is_empty();
    }

    /// Writes `c`, after the space that waits for it.
    fn keep(&mut self, c: char) {
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push(c);
    }
}

/// Splits normalised text into the words that fingerprints are made of:
/// maximal runs of letters and digits. Punctuation and quotes separate words
/// and are otherwise ignored, so `kyiv's` gives `kyiv` and `s`.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition of [`normalize`], step by step with no shortcut:
    /// NFKC, lower case, then the character mapping and white space.
    fn by_definition(text: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in text.nfkc().flat_map(char::to_lowercase) {
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
                | '`' | '\u{00B4}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
                | '\u{00BB}' => '"',
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
                | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                    continue
                }
                c => c,
            };
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn folds_typography() {
        assert_eq!(
            normalize("  \u{201C}Kyiv\u{2019}s\u{201D}   \u{2014} TALKS\u{00A0}resume "),
            "\"kyiv's\" - talks resume"
        );
        assert_eq!(normalize("co\u{00AD}operation\u{200B}"), "cooperation");
        assert_eq!(normalize("ﬁnal №5"), "final no5");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \t\n "), "");
    }

    #[test]
    fn splits_words_on_punctuation() {
        let text = normalize("Kyiv's \u{201C}peace\u{201D}-plan, 2025.");
        assert_eq!(
            words(&text).collect::<Vec<_>>(),
            ["kyiv", "s", "peace", "plan", "2025"]
        );
    }

    /// Replaces straight typography by one of its typographic variants.
    fn typographic_variant(text: &str, style: u8) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match (c, style % 3) {
                ('\'', 1) => out.push('\u{2019}'),
                ('"', 1) => out.push('\u{201C}'),
                ('-', 1) => out.push('\u{2013}'),
                ('-', 2) => out.push('\u{2014}'),
                (' ', 2) => out.push_str("\u{00A0} "),
                (' ', 1) => out.push_str("  "),
                _ => out.push(c),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn is_idempotent(text in "\\PC{0,200}") {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once.clone());
        }

        #[test]
        fn shortcuts_agree_with_full_normalisation(text in "\\PC{0,200}") {
            let full = by_definition(&text);
            prop_assert_eq!(normalize(&text), full);
        }

        #[test]
        fn the_ascii_paths_agree_with_full_normalisation(
            text in prop_oneof!["[\\x00-\\x7F]{0,200}", "( ?[!-~]{1,8}){0,25}"],
        ) {
            let full = by_definition(&text);
            prop_assert_eq!(normalize(&text), full);
        }

        #[test]
        fn ignores_typography_and_case(text in "[a-zA-Z0-9 '\"-]{0,200}", style in 0u8..3) {
            let variant = typographic_variant(&text, style);
            prop_assert_eq!(normalize(&variant), normalize(&text.to_uppercase()));
        }
    }
}
