//! What the dedup stage keeps of an article's text: the paragraphs left after
//! repeats inside the article are dropped, a content hash of them, and a
//! sample of word-shingle fingerprints.
//!
//! Why shingles and not whole paragraphs: scraped copies rarely keep their
//! paragraph breaks. One outlet re-flows a wire story into one long block,
//! another splits it at every sentence. A fingerprint of five consecutive
//! words, taken over the article's word stream regardless of where its
//! paragraphs break, survives both, and still changes when a figure in the
//! text changes (so template articles that differ only in their numbers are
//! not copies of each other).
//!
//! Why a sample: an article of 600 words has about 600 shingles. Keeping only
//! those whose hash falls in one residue class modulo [`SAMPLE_MODULUS`] keeps
//! the index small while the share of sampled shingles two texts have in
//! common still estimates the share of their text they have in common. The
//! choice depends on the shingle alone, so every copy samples the same
//! shingles.
//!
//! Why two rates: a long article has fingerprints to spare, and each one is
//! a term in the index, a lookup per new article and pages the indexer
//! keeps mapped. An article with at least [`LONG_ARTICLE_FINGERPRINTS`]
//! shingles in the sparser sample ([`LONG_SAMPLE_MODULUS`], a subset of the
//! other) keeps only those; a short one, a wire brief of a few dozen words,
//! keeps the denser sample, without which it would have too few to be
//! judged at all. [`in_long_sample`] tells the two apart, so that dedup can
//! compare a short article with a long one on the sample both hold.

use std::ops::Range;

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed, Xxh3};

use super::normalize::{normalize, words};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;

/// One shingle in this many is kept as a fingerprint of a short article.
/// Eight rather than four halves the fingerprints the index holds (and
/// the in-memory segment with them: 690 → 440 MB peak on 20,000 synthetic
/// articles) for a near-copy recall of 0.986 instead of 0.990 on the same
/// articles.
pub const SAMPLE_MODULUS: u64 = 8;

/// One shingle in this many is kept as a fingerprint of a long article: a
/// multiple of [`SAMPLE_MODULUS`], so this sample is a subset of that one.
pub const LONG_SAMPLE_MODULUS: u64 = 16;

/// An article with at least this many fingerprints in the sample of
/// [`LONG_SAMPLE_MODULUS`] (about 380 words) keeps those alone.
pub const LONG_ARTICLE_FINGERPRINTS: usize = 24;

/// A paragraph that repeats itself wholesale is collapsed only when the
/// repeated unit has at least this many words ("no, no, no" stays).
const MIN_REPEATED_UNIT_WORDS: usize = 4;

/// Normalised beginnings of paragraphs that outlets add around any article:
/// they say nothing about which story an article tells, so they never count
/// as evidence of copying.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "advertisement",
    "sponsored content",
    "read more",
    "read also",
    "see also",
    "related:",
    "related coverage",
    "sign up",
    "subscribe",
    "follow us",
    "click here",
    "share this",
    "share on",
    "copyright",
    "(c) ",
    "©",
    "all rights reserved",
    "reporting by",
    "writing by",
    "editing by",
    "additional reporting",
    "compiled by",
    "this story has been updated",
    "this is a developing story",
    "this article was originally published",
    "this article first appeared",
    "we use cookies",
];

/// A 128-bit hash of an article's normalised body: equal for copies that
/// differ only in typography or in where their paragraphs break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(pub u128);

impl ContentHash {
    /// The hash as 32 lower-case hex digits, as stored in the index.
    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// An article's text as the dedup stage sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The paragraphs kept, in their original spelling, each once.
    pub paragraphs: Vec<String>,
    /// How many paragraphs (or wholesale in-paragraph repeats) were dropped.
    pub repeated_paragraphs: u32,
    /// Hash of the kept paragraphs, normalised and joined by single spaces.
    pub content_hash: ContentHash,
    /// Sampled shingle fingerprints of the non-boilerplate text, sorted and
    /// unique.
    pub fingerprints: Vec<u64>,
    /// The fingerprints (a subset of `fingerprints`, sorted) of shingles
    /// that hold a specific: a figure (a word with a digit) or a name (a
    /// capitalised word that does not start a sentence). Template articles
    /// share their other shingles and differ in these.
    pub specifics: Vec<u64>,
    /// One shingle in how many `fingerprints` sample: [`SAMPLE_MODULUS`]
    /// for a short article, [`LONG_SAMPLE_MODULUS`] for a long one.
    pub sample_modulus: u64,
}

/// Drops repeated text inside one article, hashes what is left and
/// fingerprints it.
pub fn prepare(paragraphs: Vec<String>) -> Prepared {
    Text::of(paragraphs).prepare()
}

/// An article's text with its repeats dropped, and its hash: enough to
/// tell an article already indexed as it is, half the work of [`prepare`]
/// (the fingerprints are the other half).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The paragraphs kept, in their original spelling, each once.
    pub paragraphs: Vec<String>,
    /// Those paragraphs normalised.
    normalized: Vec<String>,
    /// How many paragraphs (or wholesale in-paragraph repeats) were dropped.
    pub repeated_paragraphs: u32,
    /// Hash of the kept paragraphs, normalised and joined by single spaces.
    pub content_hash: ContentHash,
}

impl Text {
    /// Drops repeated text inside one article and hashes what is left.
    pub fn of(paragraphs: Vec<String>) -> Text {
        let (kept, normalized, repeated_paragraphs) = drop_repeats(paragraphs);
        // The hash of the paragraphs joined by spaces, without joining them.
        let mut content = Xxh3::new();
        for (i, paragraph) in normalized.iter().enumerate() {
            if i > 0 {
                content.update(b" ");
            }
            content.update(paragraph.as_bytes());
        }
        Text {
            paragraphs: kept,
            normalized,
            repeated_paragraphs,
            content_hash: ContentHash(content.digest128()),
        }
    }

    /// Fingerprints the text.
    pub fn prepare(self) -> Prepared {
        let (fingerprints, specifics, sample_modulus) = fingerprints(
            self.paragraphs
                .iter()
                .zip(&self.normalized)
                .filter(|(_, normalized)| !is_boilerplate(normalized)),
        );
        Prepared {
            paragraphs: self.paragraphs,
            repeated_paragraphs: self.repeated_paragraphs,
            content_hash: self.content_hash,
            fingerprints,
            specifics,
            sample_modulus,
        }
    }
}

/// Keeps the first occurrence of every paragraph. Also drops a paragraph all
/// of whose sentences stood earlier in the article (the body pasted again as
/// one block) and collapses a paragraph that is one passage repeated
/// wholesale. Returns the kept paragraphs, their normalised forms and how
/// many repeats were dropped.
fn drop_repeats(paragraphs: Vec<String>) -> (Vec<String>, Vec<String>, u32) {
    let mut kept = Vec::with_capacity(paragraphs.len());
    let mut kept_normalized = Vec::with_capacity(paragraphs.len());
    let mut dropped = 0u32;
    let mut seen_paragraphs = FxHashSet::default();
    let mut seen_sentences = FxHashSet::default();
    let mut sentence_hashes = Vec::new();
    for paragraph in paragraphs {
        let normalized = normalize(&paragraph);
        if normalized.is_empty() {
            continue;
        }
        let (paragraph, normalized, repeats) = collapse_self_repeat(paragraph, normalized);
        dropped += repeats;
        if !seen_paragraphs.insert(xxh3_64(normalized.as_bytes())) {
            dropped += 1;
            continue;
        }
        sentence_hashes.clear();
        hash_sentences(&normalized, &mut sentence_hashes);
        if !sentence_hashes.is_empty() && sentence_hashes.iter().all(|s| seen_sentences.contains(s))
        {
            dropped += 1;
            continue;
        }
        seen_sentences.extend(sentence_hashes.iter().copied());
        kept.push(paragraph);
        kept_normalized.push(normalized);
    }
    (kept, kept_normalized, dropped)
}

/// If `paragraph` is one passage repeated two or more times, returns that
/// passage once (original and normalised) and the number of extra repeats;
/// otherwise the paragraph as it is and 0. Compares normalised words, so the
/// copies may differ in typography.
fn collapse_self_repeat(paragraph: String, normalized: String) -> (String, String, u32) {
    let Some(unit) = repeated_unit(&normalized) else {
        return (paragraph, normalized, 0);
    };
    let normalized_unit = normalized.get(..unit.bytes).unwrap_or_default().to_string();
    let words: Vec<&str> = paragraph.split_whitespace().collect();
    // Normalisation keeps words apart as the original has them, except for
    // rare compatibility characters that expand to several words; then the
    // normalised unit stands in for the original too.
    let original_unit = if words.len() == unit.words * unit.times {
        words[..unit.words].join(" ")
    } else {
        normalized_unit.clone()
    };
    (original_unit, normalized_unit, (unit.times - 1) as u32)
}

/// A passage that a paragraph is, repeated wholesale.
struct RepeatedUnit {
    /// Its length in bytes, in the normalised paragraph.
    bytes: usize,
    /// Its words.
    words: usize,
    /// How many times the paragraph holds it.
    times: usize,
}

/// The shortest passage of at least [`MIN_REPEATED_UNIT_WORDS`] words that
/// the normalised paragraph is, two or more times over, if any.
///
/// Normalised text has one space between words, so a paragraph of `times`
/// copies of a passage is, with a space after it, `times` copies of the
/// passage and a space: its bytes repeat with a period that divides its
/// length, plus one, and ends at a space. Only those periods are compared,
/// shortest first, and a comparison stops at the first byte that differs.
fn repeated_unit(normalized: &str) -> Option<RepeatedUnit> {
    let bytes = normalized.as_bytes();
    let words = memchr::memchr_iter(b' ', bytes).count() + 1;
    let spaced_length = bytes.len() + 1;
    (2..=words / MIN_REPEATED_UNIT_WORDS)
        .rev()
        .filter(|&times| words % times == 0 && spaced_length % times == 0)
        .find_map(|times| {
            let period = spaced_length / times;
            let repeats = bytes.get(period - 1) == Some(&b' ')
                && bytes.get(period..) == bytes.get(..bytes.len() - period);
            repeats.then_some(RepeatedUnit {
                bytes: period - 1,
                words: words / times,
                times,
            })
        })
}

/// Appends the hash of each of `normalized`'s [`sentences`] to `hashes`.
fn hash_sentences(normalized: &str, hashes: &mut Vec<u64>) {
    if !normalized.is_ascii() {
        hashes.extend(sentences(normalized).map(|s| xxh3_64(s.as_bytes())));
        return;
    }
    // Bytes are characters, and the only white space normalisation leaves
    // is a single space: find the ends by vector search, trim spaces alone.
    let bytes = normalized.as_bytes();
    let ends = memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(|at| at + 1);
    let mut start = 0;
    for end in ends.chain(std::iter::once(bytes.len())) {
        let sentence = bytes.get(start..end).unwrap_or_default();
        start = end;
        let first = sentence.iter().position(|&b| b != b' ');
        let last = sentence.iter().rposition(|&b| b != b' ');
        if let (Some(first), Some(last)) = (first, last) {
            let sentence = &sentence[first..=last];
            if sentence.iter().any(u8::is_ascii_alphanumeric) {
                hashes.push(xxh3_64(sentence));
            }
        }
    }
}

/// Splits normalised text into sentences after each `.`, `!` or `?`.
/// Crude, but only used to recognise text seen before in the same article,
/// where both occurrences split the same way.
fn sentences(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| match s.is_ascii() {
            true => s.bytes().any(|b| b.is_ascii_alphanumeric()),
            false => s.chars().any(char::is_alphanumeric),
        })
}

/// Whether a normalised paragraph is boilerplate that many unrelated articles
/// share.
fn is_boilerplate(normalized: &str) -> bool {
    BOILERPLATE_PREFIXES
        .iter()
        .any(|prefix| normalized.starts_with(prefix))
}

/// The sampled fingerprints of the word stream of `paragraphs` (original
/// and normalised), those of them whose shingle holds a specific (both
/// sorted and unique) and the sampling modulus used. Texts shorter than one
/// shingle are fingerprinted as one shingle.
fn fingerprints<'a>(
    paragraphs: impl Iterator<Item = (&'a String, &'a String)>,
) -> (Vec<u64>, Vec<u64>, u64) {
    let mut word_hashes = Vec::with_capacity(256);
    let mut specific = Vec::with_capacity(256);
    for (original, normalized) in paragraphs {
        if original.len() == normalized.len() && original.is_ascii() {
            // Normalising changed only case and characters between words,
            // so the two spellings have their words at the same places.
            ascii_words(original, normalized, &mut word_hashes, &mut specific);
            continue;
        }
        let start = word_hashes.len();
        hash_words(normalized, &mut word_hashes);
        let flags = specific_words(original);
        if flags.len() == word_hashes.len() - start {
            specific.extend(flags);
        } else {
            // Normalisation split the words differently (rare compatibility
            // characters): fall back to figures alone.
            specific.extend(words(normalized).map(|w| w.bytes().any(|b| b.is_ascii_digit())));
        }
    }
    let width = SHINGLE_WORDS.min(word_hashes.len()).max(1);
    let mut all = Vec::new();
    let mut specifics = Vec::new();
    for (start, shingle) in word_hashes.windows(width).enumerate() {
        let hash = shingle_hash(shingle);
        if hash % SAMPLE_MODULUS == 0 {
            all.push(hash);
            if specific[start..start + width].contains(&true) {
                specifics.push(hash);
            }
        }
    }
    for list in [&mut all, &mut specifics] {
        list.sort_unstable();
        list.dedup();
    }
    if all.iter().filter(|&&f| in_long_sample(f)).count() >= LONG_ARTICLE_FINGERPRINTS {
        all.retain(|&f| in_long_sample(f));
        specifics.retain(|&f| in_long_sample(f));
        return (all, specifics, LONG_SAMPLE_MODULUS);
    }
    (all, specifics, SAMPLE_MODULUS)
}

/// Appends the hash of each word of `normalized` (as [`words`] splits it)
/// to `hashes`.
fn hash_words(normalized: &str, hashes: &mut Vec<u64>) {
    if normalized.is_ascii() {
        // Bytes are characters: split without decoding.
        let bytes = normalized.as_bytes();
        for_each_ascii_word(bytes, |word, _| {
            hashes.push(xxh3_64(bytes.get(word).unwrap_or_default()));
        });
    } else {
        hashes.extend(words(normalized).map(|word| xxh3_64(word.as_bytes())));
    }
}

/// [`hash_words`] of `normalized` and [`specific_words`] of `original` in
/// one pass, for an ASCII paragraph whose normalised form has its words at
/// the same byte offsets (only case and non-word characters changed).
fn ascii_words(original: &str, normalized: &str, hashes: &mut Vec<u64>, specific: &mut Vec<bool>) {
    let normalized = normalized.as_bytes();
    for_each_ascii_word(original.as_bytes(), |word, flags| {
        hashes.push(xxh3_64(normalized.get(word).unwrap_or_default()));
        specific.push(flags & (NAME | DIGIT) != 0);
    });
}

/// Calls `on_word` with the range of each word of ASCII `text` (as
/// [`words`] splits it) and the [`BYTE_FLAGS`] of its characters, together
/// with [`NAME`] when it is capitalised and does not start a sentence.
fn for_each_ascii_word(text: &[u8], mut on_word: impl FnMut(Range<usize>, u8)) {
    let end = text.len();
    let flags = |at: usize| BYTE_FLAGS[usize::from(text[at])];
    let mut sentence_start = true;
    let mut at = 0;
    // A word at a time: the gap before it, then the word; each byte is
    // looked up once, in a table.
    loop {
        while at < end && flags(at) & WORD == 0 {
            sentence_start |= flags(at) & SENTENCE_END != 0;
            at += 1;
        }
        if at == end {
            break;
        }
        let start = at;
        let mut seen = 0;
        while at < end && flags(at) & WORD != 0 {
            seen |= flags(at);
            at += 1;
        }
        if flags(start) & CAPITAL != 0 && !sentence_start {
            seen |= NAME;
        }
        sentence_start = false;
        on_word(start..at, seen);
    }
}

/// [`BYTE_FLAGS`] of a letter or a digit.
const WORD: u8 = 1;
/// [`BYTE_FLAGS`] of a digit.
const DIGIT: u8 = 2;
/// [`BYTE_FLAGS`] of an upper-case letter.
const CAPITAL: u8 = 4;
/// [`BYTE_FLAGS`] of punctuation after which a sentence may start.
const SENTENCE_END: u8 = 8;
/// Not in [`BYTE_FLAGS`]: [`for_each_ascii_word`]'s flag of a capitalised
/// word that does not start a sentence.
const NAME: u8 = 16;

/// [`ascii_class`] of every byte as bits ([`WORD`], [`DIGIT`], [`CAPITAL`],
/// [`SENTENCE_END`]), for [`for_each_ascii_word`]; no bits for non-ASCII bytes,
/// which it never sees.
const BYTE_FLAGS: [u8; 256] = {
    let mut flags = [0; 256];
    let mut byte = 0;
    while byte < 128 {
        flags[byte] = match ASCII_CLASSES[byte] {
            CharClass::Capital => WORD | CAPITAL,
            CharClass::Digit => WORD | DIGIT,
            CharClass::Alphanumeric => WORD,
            CharClass::SentenceEnd => SENTENCE_END,
            CharClass::Other => 0,
        };
        byte += 1;
    }
    flags
};

/// Whether `fingerprint` is in the sample every article keeps, long or
/// short ([`LONG_SAMPLE_MODULUS`]); the others only short articles keep.
pub fn in_long_sample(fingerprint: u64) -> bool {
    fingerprint % LONG_SAMPLE_MODULUS == 0
}

/// For each word of `text` (as [`words`] splits it), whether it is a
/// specific: it holds a digit, or is capitalised without starting a
/// sentence.
fn specific_words(text: &str) -> Vec<bool> {
    if text.is_ascii() {
        // Bytes are characters: nothing to decode.
        specific_flags(text.bytes().map(ascii_class))
    } else {
        specific_flags(text.chars().map(char_class))
    }
}

/// What [`specific_words`] needs to know of a character.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CharClass {
    /// An upper-case letter.
    Capital,
    /// A digit.
    Digit,
    /// Any other letter or digit.
    Alphanumeric,
    /// Punctuation after which a capital may start a sentence: `.`, `!`,
    /// `?`, `:`.
    SentenceEnd,
    /// Anything else.
    Other,
}

/// The class of a character.
fn char_class(c: char) -> CharClass {
    if c.is_alphanumeric() {
        if c.is_ascii_digit() {
            CharClass::Digit
        } else if c.is_uppercase() {
            CharClass::Capital
        } else {
            CharClass::Alphanumeric
        }
    } else if matches!(c, '.' | '!' | '?' | ':') {
        CharClass::SentenceEnd
    } else {
        CharClass::Other
    }
}

/// [`char_class`] of an ASCII byte, by table.
fn ascii_class(byte: u8) -> CharClass {
    ASCII_CLASSES[usize::from(byte & 0x7F)]
}

/// [`char_class`] of each ASCII character, worked out at compile time.
const ASCII_CLASSES: [CharClass; 128] = {
    let mut classes = [CharClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'A'..=b'Z' => CharClass::Capital,
            b'0'..=b'9' => CharClass::Digit,
            b'a'..=b'z' => CharClass::Alphanumeric,
            b'.' | b'!' | b'?' | b':' => CharClass::SentenceEnd,
            _ => CharClass::Other,
        };
        byte += 1;
    }
    classes
};

/// [`specific_words`] over the classes of a text's characters.
fn specific_flags(classes: impl Iterator<Item = CharClass>) -> Vec<bool> {
    let mut flags = Vec::new();
    let mut sentence_start = true;
    let mut in_word = false;
    for class in classes {
        match class {
            CharClass::Capital | CharClass::Digit | CharClass::Alphanumeric => {
                if !in_word {
                    flags.push(class == CharClass::Capital && !sentence_start);
                    sentence_start = false;
                    in_word = true;
                }
                if class == CharClass::Digit {
                    if let Some(last) = flags.last_mut() {
                        *last = true;
                    }
                }
            }
            CharClass::SentenceEnd => {
                in_word = false;
                sentence_start = true;
            }
            CharClass::Other => in_word = false,
        }
    }
    flags
}

/// Combines the hashes of a shingle's words into the shingle's hash.
fn shingle_hash(word_hashes: &[u64]) -> u64 {
    let seed = SHINGLE_WORDS as u64;
    if let Ok(shingle) = <&[u64; SHINGLE_WORDS]>::try_from(word_hashes) {
        // Every shingle but that of a text shorter than one: its bytes
        // built whole, as zeroing a buffer first (a call) cost more than
        // hashing it.
        let bytes: [u8; 8 * SHINGLE_WORDS] =
            std::array::from_fn(|at| shingle[at / 8].to_le_bytes()[at % 8]);
        return xxh3_64_with_seed(&bytes, seed);
    }
    let bytes: Vec<u8> = word_hashes
        .iter()
        .flat_map(|hash| hash.to_le_bytes())
        .collect();
    xxh3_64_with_seed(&bytes, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn paras(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    const STORY: &[&str] = &[
        "Kushner met Rustem Umerov, Ukraine's lead negotiator, at a golf club in Florida on Friday.",
        "US Special Envoy Steve Witkoff also took part in the talks, officials said on Saturday.",
        "The plan includes steps toward de-escalation and joint economic initiatives.",
        "Russian drones struck a house in central Ukraine on Thursday night, killing a boy.",
    ];

    #[test]
    fn drops_a_body_repeated_as_paragraphs() {
        let mut body = paras(STORY);
        body.extend(paras(STORY));
        let prepared = prepare(body);
        assert_eq!(prepared.paragraphs, paras(STORY));
        assert_eq!(prepared.repeated_paragraphs, 4);
        assert_eq!(prepared.content_hash, prepare(paras(STORY)).content_hash);
    }

    #[test]
    fn drops_a_body_repeated_inside_one_paragraph() {
        let once = STORY.join(" ");
        let prepared = prepare(vec![format!("{once} {once}")]);
        assert_eq!(prepared.paragraphs, vec![once.clone()]);
        assert_eq!(prepared.repeated_paragraphs, 1);
        let thrice = prepare(vec![format!("{once} {once} {once}")]);
        assert_eq!(thrice.paragraphs, vec![once]);
        assert_eq!(thrice.repeated_paragraphs, 2);
    }

    #[test]
    fn drops_a_body_pasted_again_as_one_block() {
        let mut body = paras(STORY);
        body.push(STORY.join(" "));
        let prepared = prepare(body);
        assert_eq!(prepared.paragraphs, paras(STORY));
        assert_eq!(prepared.repeated_paragraphs, 1);
    }

    #[test]
    fn keeps_short_repeated_words() {
        let prepared = prepare(paras(&["No, no, no.", "Yes yes"]));
        assert_eq!(prepared.paragraphs, paras(&["No, no, no.", "Yes yes"]));
        assert_eq!(prepared.repeated_paragraphs, 0);
    }

    #[test]
    fn hash_ignores_paragraph_breaks_and_typography() {
        let reflowed = prepare(vec![STORY.join("  ").replace('\'', "\u{2019}")]);
        assert_eq!(reflowed.content_hash, prepare(paras(STORY)).content_hash);
        assert_eq!(reflowed.fingerprints, prepare(paras(STORY)).fingerprints);
        // The hash of the normalised paragraphs joined by spaces, as
        // indexes written before hashing them piecewise hold it.
        let joined: Vec<String> = STORY.iter().map(|p| normalize(p)).collect();
        assert_eq!(
            reflowed.content_hash,
            ContentHash(xxhash_rust::xxh3::xxh3_128(joined.join(" ").as_bytes()))
        );
    }

    #[test]
    fn ascii_bytes_are_classed_as_their_characters() {
        for byte in 0..0x80u8 {
            assert_eq!(ascii_class(byte), char_class(char::from(byte)), "{byte}");
        }
    }

    #[test]
    fn names_and_figures_are_specific() {
        assert_eq!(
            specific_words("Kushner met Rustem Umerov in 2025. The talks: Friday"),
            [false, false, true, true, false, true, false, false, false]
        );
    }

    #[test]
    fn figures_change_fingerprints() {
        let a = prepare(paras(&[
            "Shr 1.23 dlrs vs 1.10 dlrs Net 5.6 mln vs 4.3 mln Revs 40 mln vs 38 mln",
        ]));
        let b = prepare(paras(&[
            "Shr 2.07 dlrs vs 0.95 dlrs Net 9.1 mln vs 2.2 mln Revs 71 mln vs 12 mln",
        ]));
        let shared = a
            .fingerprints
            .iter()
            .filter(|f| b.fingerprints.contains(f))
            .count();
        assert_eq!(shared, 0);
    }

    #[test]
    fn long_articles_keep_the_sparser_sample_and_short_ones_the_denser() {
        let words: Vec<String> = (0..1200).map(|n| format!("w{n}x")).collect();
        let long = prepare(vec![words.join(" ")]);
        assert_eq!(long.sample_modulus, LONG_SAMPLE_MODULUS);
        assert!(long.fingerprints.len() >= LONG_ARTICLE_FINGERPRINTS);
        assert!(long.fingerprints.iter().all(|&f| in_long_sample(f)));
        assert!(long.specifics.iter().all(|&f| in_long_sample(f)));

        let short = prepare(vec![words[..100].join(" ")]);
        assert_eq!(short.sample_modulus, SAMPLE_MODULUS);
        assert!(short.fingerprints.iter().all(|&f| f % SAMPLE_MODULUS == 0));
        assert!(short.fingerprints.iter().any(|&f| !in_long_sample(f)));
        // The sparser sample is a subset of the denser: what the short
        // article keeps of it, the long one keeps too.
        for f in short.fingerprints.iter().filter(|&&f| in_long_sample(f)) {
            assert!(long.fingerprints.contains(f));
        }
    }

    #[test]
    fn boilerplate_is_not_fingerprinted() {
        let plain = prepare(paras(STORY));
        let mut with_boilerplate = paras(STORY);
        with_boilerplate
            .push("Sign up for our daily newsletter on the war in Ukraine and the world".into());
        with_boilerplate.insert(1, "Advertisement".into());
        assert_eq!(prepare(with_boilerplate).fingerprints, plain.fingerprints);
    }

    #[test]
    fn short_texts_still_get_fingerprints_sometimes() {
        // A text shorter than a shingle is one shingle, sampled like any other.
        let all: usize = (0..64)
            .map(|i| prepare(vec![format!("word{i} two")]).fingerprints.len())
            .sum();
        assert!(all > 0 && all < 64);
    }

    proptest! {
        #[test]
        fn typography_never_changes_the_hash(
            body in prop::collection::vec("[A-Za-z0-9 ,.'\"-]{1,80}", 1..8),
            curly in any::<bool>(),
        ) {
            let variant: Vec<String> = body
                .iter()
                .map(|p| {
                    let p = p.replace(' ', "  ").to_uppercase();
                    if curly { p.replace('\'', "\u{2019}").replace('"', "\u{201C}").replace('-', "\u{2013}") } else { p }
                })
                .collect();
            let (a, b) = (prepare(body), prepare(variant));
            prop_assert_eq!(a.content_hash, b.content_hash);
            prop_assert_eq!(a.fingerprints, b.fingerprints);
        }

        #[test]
        fn reordered_paragraphs_keep_most_fingerprints(
            seed in prop::collection::vec(0usize..4000, 40..200),
            chunk in 8usize..30,
            rotate in 1usize..7,
        ) {
            // A body of pseudo-words, split into paragraphs and then reordered.
            let words: Vec<String> = seed.iter().map(|n| format!("w{n}")).collect();
            let paragraphs: Vec<String> = words.chunks(chunk).map(|c| c.join(" ")).collect();
            let mut reordered = paragraphs.clone();
            let by = rotate % reordered.len();
            reordered.rotate_left(by);
            // Only shingles crossing a paragraph boundary can differ.
            let boundaries = paragraphs.len();
            let (a, b) = (prepare(paragraphs), prepare(reordered));
            let shared = b.fingerprints.iter().filter(|f| a.fingerprints.binary_search(f).is_ok()).count();
            prop_assert!(b.fingerprints.len() - shared <= boundaries * (SHINGLE_WORDS - 1));
        }

        #[test]
        fn words_hash_alike_on_both_paths(text in "(\\PC|[\\x00-\\x7F]){0,200}") {
            let mut hashes = Vec::new();
            hash_words(&text, &mut hashes);
            let by_chars: Vec<u64> = words(&text).map(|w| xxh3_64(w.as_bytes())).collect();
            prop_assert_eq!(hashes, by_chars);
        }

        #[test]
        fn sentences_hash_alike_on_both_paths(
            text in prop_oneof!["[ a-z0-9.!?,'-]{0,200}", "\\PC{0,100}"],
        ) {
            let normalized = normalize(&text);
            let mut hashes = Vec::new();
            hash_sentences(&normalized, &mut hashes);
            let by_chars: Vec<u64> = sentences(&normalized).map(|s| xxh3_64(s.as_bytes())).collect();
            prop_assert_eq!(hashes, by_chars);
        }

        #[test]
        fn a_shingle_hash_is_the_hash_of_its_words_hashes_in_order(
            words in prop::collection::vec(any::<u64>(), 1..=SHINGLE_WORDS),
        ) {
            // The fingerprints indexes hold: the words' hashes as
            // little-endian bytes, one after another, hashed with the
            // shingle length as seed.
            let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
            prop_assert_eq!(
                shingle_hash(&words),
                xxh3_64_with_seed(&bytes, SHINGLE_WORDS as u64)
            );
        }

        #[test]
        fn ascii_words_agree_with_the_two_passes(text in "[\\x00-\\x7F]{0,200}") {
            let normalized = normalize(&text);
            prop_assume!(normalized.len() == text.len());
            let (mut hashes, mut specific) = (Vec::new(), Vec::new());
            ascii_words(&text, &normalized, &mut hashes, &mut specific);
            let mut expected = Vec::new();
            hash_words(&normalized, &mut expected);
            prop_assert_eq!(hashes, expected);
            prop_assert_eq!(specific, specific_words(&text));
        }

        #[test]
        fn a_passage_repeated_wholesale_is_found_by_its_period(
            unit in prop::collection::vec(0usize..6, 1..12),
            times in 1usize..7,
            tail in prop::collection::vec(0usize..6, 0..3),
        ) {
            // Few distinct words, so that openings often come back.
            let mut words: Vec<String> = Vec::new();
            for _ in 0..times {
                words.extend(unit.iter().map(|n| format!("w{n}")));
            }
            words.extend(tail.iter().map(|n| format!("w{n}")));
            let normalized = words.join(" ");
            // The definition, word by word, with no shortcut.
            let keys: Vec<&str> = normalized.split(' ').collect();
            let n = keys.len();
            let period = (MIN_REPEATED_UNIT_WORDS..=n / 2)
                .find(|&u| n % u == 0 && (u..n).all(|i| keys[i] == keys[i % u]));
            let expected = match period {
                Some(u) => (keys[..u].join(" "), (n / u - 1) as u32),
                None => (normalized.clone(), 0),
            };
            let (original, collapsed, repeats) = collapse_self_repeat(normalized.clone(), normalized.clone());
            prop_assert_eq!(&collapsed, &expected.0);
            prop_assert_eq!(original, expected.0);
            prop_assert_eq!(repeats, expected.1);
        }
    }
}
