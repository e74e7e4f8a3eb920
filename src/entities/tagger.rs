//! A statistical name tagger: an averaged perceptron over BIO tags.
//!
//! Lists alone miss every name nobody listed ("the village of Novoselivka",
//! a newly appointed envoy). This tagger, trained on CoNLL-2003 (see
//! `examples/train_tagger.rs`), finds person, organisation and location spans
//! from word shape, affixes, a ±2 word window, the two previous tags,
//! gazetteer membership and what it said about the same word earlier in the
//! document. Decoding is greedy left to right, which keeps it fast;
//! lower-case tokens and figures without capitals after an `O` are tagged
//! `O` without scoring, because in English news they almost never open a
//! name. A feature's id mixes the hashes of its parts (a key, a shape, an
//! affix), which each token works out once; the weights, by feature id,
//! are sparse per tag, quantised to 16 bits and gzip'd into
//! `data/entities/tagger.bin`.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::OnceLock;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use super::gazetteer::{FnvBuild, NameMatch, Names, PlaceKind, Table, Target};
use super::text::{is_all_caps, token_keys, StrList, Token};
use super::weights::WeightTable;
use super::ActorKind;
use crate::le_bytes::Input;

const TAGGER_BIN: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/entities/tagger.bin"
));
const MAGIC: &[u8; 6] = b"SRTG01";

/// Number of BIO tags.
pub const TAG_COUNT: usize = 9;

/// The BIO tags in CoNLL spelling; index 0 is `O`.
pub const TAG_NAMES: [&str; TAG_COUNT] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// The entity types the tagger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation.
    Organisation,
    /// A location.
    Location,
    /// Anything else CoNLL calls an entity (events, nationalities, …).
    Misc,
}

impl EntityType {
    /// The type of a tag index, or `None` for `O`.
    pub fn of_tag(tag: u8) -> Option<EntityType> {
        match tag {
            1 | 2 => Some(EntityType::Person),
            3 | 4 => Some(EntityType::Organisation),
            5 | 6 => Some(EntityType::Location),
            7 | 8 => Some(EntityType::Misc),
            _ => None,
        }
    }

    /// The tag index for a CoNLL label ("B-PER", "I-LOC", "O").
    pub fn tag_index(label: &str) -> u8 {
        TAG_NAMES.iter().position(|t| *t == label).unwrap_or(0) as u8
    }
}

/// Gazetteer classes of a token, as bits.
mod gaz {
    pub const COUNTRY: u8 = 1;
    pub const DIVISION: u8 = 2;
    pub const BIG_TOWN: u8 = 4;
    pub const TOWN: u8 = 8;
    pub const PERSON: u8 = 16;
    pub const ORGANISATION: u8 = 32;
    pub const BEGINS: u8 = 64;
}

/// A token sequence ready for tagging: words, their keys and shapes, and
/// which known names cover them.
#[derive(Debug, Clone)]
pub(crate) struct Sentence<'a> {
    words: Vec<&'a str>,
    keys: StrList,
    /// [`part`] of each key, worked out when first needed (0 until then):
    /// a token's key is a part of its own features and of its neighbours',
    /// and most tokens are neither scored nor next to one that is.
    key_parts: Vec<Cell<u64>>,
    /// [`part`] of each token's [`shape`], likewise.
    shape_parts: Vec<Cell<u64>>,
    gazetteer: Vec<u8>,
    sentence_start: Vec<bool>,
    upper_case: bool,
    matches: Vec<NameMatch>,
}

impl<'a> Sentence<'a> {
    /// Prepares `tokens` of `source`; `keys` are their folded keys and
    /// `sentence_start` marks tokens that open a sentence.
    pub(crate) fn new(
        names: &Names,
        source: &'a str,
        tokens: &[Token],
        keys: StrList,
        sentence_start: Vec<bool>,
    ) -> Sentence<'a> {
        let words: Vec<&str> = tokens.iter().map(|t| t.text(source)).collect();
        let mut gazetteer = vec![0u8; words.len()];
        let matches = names.scan(source, tokens, &keys);
        for found in &matches {
            let mut bits = 0u8;
            for alias in &found.aliases {
                bits |= match alias.target {
                    Target::Place(id) => match names.place(id) {
                        Some(p) if p.kind == PlaceKind::Division => gaz::DIVISION,
                        Some(p) if p.kind == PlaceKind::Town && p.population >= 100_000 => {
                            gaz::BIG_TOWN
                        }
                        Some(p) if p.kind == PlaceKind::Town => gaz::TOWN,
                        _ => gaz::COUNTRY,
                    },
                    Target::Actor(id) => match names.actor(id).map(|a| a.kind) {
                        Some(ActorKind::Person) => gaz::PERSON,
                        _ => gaz::ORGANISATION,
                    },
                };
            }
            for (offset, slot) in gazetteer[found.start..found.end].iter_mut().enumerate() {
                *slot = bits | if offset == 0 { gaz::BEGINS } else { 0 };
            }
        }
        let letters = words.iter().filter(|w| w.chars().any(char::is_alphabetic));
        let upper_case = words.len() > 2
            && letters.clone().count() > 1
            && letters.clone().all(|w| is_all_caps(w));
        let key_parts = vec![Cell::new(0); words.len()];
        let shape_parts = vec![Cell::new(0); words.len()];
        Sentence {
            words,
            keys,
            key_parts,
            shape_parts,
            gazetteer,
            sentence_start,
            upper_case,
            matches,
        }
    }

    /// The known names found in the tokens, left to right.
    pub(crate) fn matches(&self) -> &[NameMatch] {
        &self.matches
    }

    /// True when token `i` opens a sentence.
    pub(crate) fn starts_sentence(&self, i: usize) -> bool {
        self.sentence_start.get(i).copied().unwrap_or(false)
    }

    /// Prepares pre-tokenised words (CoNLL style), one sentence.
    pub(crate) fn from_words(names: &Names, joined: &'a str, tokens: &[Token]) -> Sentence<'a> {
        let keys = token_keys(joined, tokens);
        let mut starts = vec![false; tokens.len()];
        if let Some(first) = starts.first_mut() {
            *first = true;
        }
        Sentence::new(names, joined, tokens, keys, starts)
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The folded key of token `i`.
    pub(crate) fn key(&self, i: usize) -> &str {
        self.keys.get(i)
    }

    /// [`part`] of token `i`'s key, or of `<s>` before the first token
    /// and `</s>` after the last.
    fn key_part(&self, i: isize) -> u64 {
        Self::part_at(&self.key_parts, i, |i| part(self.keys.get(i)))
    }

    /// [`part`] of token `i`'s shape, or of `<s>` and `</s>` beyond the ends.
    fn shape_part(&self, i: isize) -> u64 {
        Self::part_at(&self.shape_parts, i, |i| {
            let mut shape = String::with_capacity(16);
            shape_into(self.words[i], &mut shape);
            part(&shape)
        })
    }

    /// The part of token `i` in `parts`, worked out by `work_out` and kept
    /// the first time; the part of `<s>` or `</s>` beyond the ends.
    fn part_at(parts: &[Cell<u64>], i: isize, work_out: impl FnOnce(usize) -> u64) -> u64 {
        let Ok(i) = usize::try_from(i) else {
            return parts::BEFORE;
        };
        let Some(cell) = parts.get(i) else {
            return parts::AFTER;
        };
        if cell.get() == 0 {
            cell.set(work_out(i));
        }
        cell.get()
    }

    fn gaz_at(&self, i: isize) -> u8 {
        if i < 0 {
            return 0;
        }
        self.gazetteer.get(i as usize).copied().unwrap_or(0)
    }

    /// True when token `i` can be tagged `O` without scoring: outside known
    /// names, lower case, punctuation or a figure without capitals ("1996",
    /// "3.5", "12-bank", not "3M").
    fn plainly_outside(&self, i: usize) -> bool {
        let word = self.words[i];
        let may_name = match word.chars().next() {
            Some(c) if c.is_ascii_digit() => word.chars().any(char::is_uppercase),
            Some(c) => c.is_uppercase(),
            None => false,
        };
        !may_name && self.gazetteer[i] == 0
    }
}

/// Word shape with runs collapsed: "Kyiv" → "Xx", "U.S." → "X.X.", "1996" → "d".
#[cfg(test)]
fn shape(word: &str) -> String {
    let mut out = String::new();
    shape_into(word, &mut out);
    out
}

/// [`shape`], appending to `out` (at most nine classes).
fn shape_into(word: &str, out: &mut String) {
    let mut last = None;
    let mut written = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
            written += 1;
        }
        if written > 8 {
            break;
        }
    }
}

/// The hash of one part of a feature: a word, a key, a shape, an affix or
/// a tag's name.
fn part(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// [`part`] of the fixed strings features are made of, worked out at
/// compile time.
mod parts {
    use xxhash_rust::const_xxh3::xxh3_64;

    /// What stands for a word or shape before the first token.
    pub const BEFORE: u64 = xxh3_64(b"<s>");
    /// What stands for a word or shape after the last token.
    pub const AFTER: u64 = xxh3_64(b"</s>");
    /// A token that opens a sentence.
    pub const SENTENCE_START: u64 = xxh3_64(b"S");
    /// A token inside a sentence.
    pub const SENTENCE_INSIDE: u64 = xxh3_64(b"-");
    /// The first token of a known name.
    pub const NAME_BEGINS: u64 = xxh3_64(b"B");
    /// A later token of a known name.
    pub const NAME_INSIDE: u64 = xxh3_64(b"I");
    /// The gazetteer's classes, by bit (country, division, big town, town,
    /// person, organisation).
    pub const GAZETTEER: [u64; 6] = [
        xxh3_64(b"c"),
        xxh3_64(b"d"),
        xxh3_64(b"T"),
        xxh3_64(b"t"),
        xxh3_64(b"p"),
        xxh3_64(b"o"),
    ];
    /// The tags, by index.
    pub const TAGS: [u64; super::TAG_COUNT] = {
        let mut tags = [0; super::TAG_COUNT];
        let mut tag = 0;
        while tag < tags.len() {
            tags[tag] = xxh3_64(super::TAG_NAMES[tag].as_bytes());
            tag += 1;
        }
        tags
    };
    /// The entity types a document's memory recalls, by tag type (1 = PER,
    /// 2 = ORG, 3 = LOC, 4 = MISC; 0 unused).
    pub const TYPES: [u64; 5] = [
        0,
        xxh3_64(b"PER"),
        xxh3_64(b"ORG"),
        xxh3_64(b"LOC"),
        xxh3_64(b"MISC"),
    ];
}

/// Feature id of a template number and the [`part`]s it is made of: the
/// parts folded in one after another, then mixed so that every bit of the
/// id depends on all of them (the finaliser of MurmurHash3).
fn feature(template: u8, parts: &[u64]) -> u64 {
    let mut id = u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for part in parts {
        id = (id.rotate_left(23) ^ part).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    id ^= id >> 33;
    id = id.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    id ^ (id >> 33)
}

/// The byte offsets at which the first `n` characters of `key` end and its
/// last `n` begin, or `None` when `key` has no more than `n` characters.
fn affix_bounds(key: &str, n: usize) -> Option<(usize, usize)> {
    if key.is_ascii() {
        return (key.len() > n).then(|| (n, key.len() - n));
    }
    let count = key.chars().count();
    if count <= n {
        return None;
    }
    let offset = |chars: usize| {
        key.char_indices()
            .nth(chars)
            .map_or(key.len(), |(at, _)| at)
    };
    Some((offset(n), offset(count - n)))
}

/// Features of token `i` that do not depend on earlier tags.
fn static_features(s: &Sentence, i: usize, out: &mut Vec<u64>) {
    let at = i as isize;
    let key_text = s.keys.get(i);
    let key = s.key_part(at);
    let shape0 = s.shape_part(at);
    out.push(feature(0, &[]));
    out.push(feature(1, &[part(s.words[i])]));
    out.push(feature(2, &[key]));
    out.push(feature(3, &[shape0]));
    for n in 1..=3 {
        if let Some((prefix_end, _)) = affix_bounds(key_text, n) {
            out.push(feature(3 + n as u8, &[part(&key_text[..prefix_end])]));
        }
    }
    for n in 1..=4 {
        if let Some((_, suffix_start)) = affix_bounds(key_text, n) {
            out.push(feature(7 + n as u8, &[part(&key_text[suffix_start..])]));
        }
    }
    out.push(feature(12, &[s.key_part(at - 1)]));
    out.push(feature(13, &[s.key_part(at + 1)]));
    out.push(feature(14, &[s.key_part(at - 2)]));
    out.push(feature(15, &[s.key_part(at + 2)]));
    out.push(feature(16, &[s.shape_part(at - 1)]));
    out.push(feature(17, &[s.shape_part(at + 1)]));
    out.push(feature(18, &[s.key_part(at - 1), key]));
    out.push(feature(19, &[key, s.key_part(at + 1)]));
    let opens = match s.sentence_start[i] {
        true => parts::SENTENCE_START,
        false => parts::SENTENCE_INSIDE,
    };
    out.push(feature(20, &[opens, shape0]));
    out.push(feature(
        27,
        &[s.shape_part(at - 1), shape0, s.shape_part(at + 1)],
    ));
    if s.upper_case {
        out.push(feature(21, &[key]));
        out.push(feature(22, &[]));
    }
    let here = s.gaz_at(at);
    for (bit, &class) in parts::GAZETTEER.iter().enumerate() {
        let mask = 1u8 << bit;
        if here & mask != 0 {
            let begins = match here & gaz::BEGINS != 0 {
                true => parts::NAME_BEGINS,
                false => parts::NAME_INSIDE,
            };
            out.push(feature(23, &[class, begins]));
            out.push(feature(24, &[class, shape0]));
        }
        if s.gaz_at(at - 1) & mask != 0 {
            out.push(feature(25, &[class]));
        }
        if s.gaz_at(at + 1) & mask != 0 {
            out.push(feature(26, &[class]));
        }
    }
}

/// What the tagger said earlier in the same document about each capitalised
/// word: a name is usually tagged the same way throughout an article, and an
/// easy early mention ("President Ilham Aliyev") helps a hard later one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memory {
    /// By the [`part`] of a word's key, the type (1 = PER … 4 = MISC) it
    /// was last tagged with.
    last_type: FxHashMap<u64, u8>,
}

impl Memory {
    /// The [`part`] of the type the word whose key has `key_part` was last
    /// tagged with, if it was.
    fn recall(&self, key_part: u64) -> Option<u64> {
        let entity_type = *self.last_type.get(&key_part)?;
        parts::TYPES.get(usize::from(entity_type)).copied()
    }

    /// Records the types of the capitalised words of a tagged sentence.
    fn remember(&mut self, s: &Sentence, tags: &[u8]) {
        for (i, &tag) in tags.iter().enumerate() {
            if tag != 0 && s.words[i].chars().next().is_some_and(char::is_uppercase) {
                self.last_type
                    .insert(s.key_part(i as isize), tag.div_ceil(2));
            }
        }
    }
}

/// Features that depend on earlier decisions: the two previous tags and the
/// document memory.
fn tag_features(s: &Sentence, i: usize, prev: u8, prev2: u8, memory: &Memory, out: &mut Vec<u64>) {
    let p1 = parts::TAGS[usize::from(prev)];
    let p2 = parts::TAGS[usize::from(prev2)];
    out.push(feature(40, &[p1]));
    out.push(feature(41, &[p2, p1]));
    let at = i as isize;
    out.push(feature(42, &[p1, s.key_part(at)]));
    out.push(feature(43, &[p1, s.shape_part(at)]));
    if let Some(seen) = memory.recall(s.key_part(at)) {
        out.push(feature(44, &[seen]));
        out.push(feature(45, &[seen, p1]));
    }
}

/// A trained model: per feature id, a weight for each tag.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    weights: WeightTable,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a gzip stream.
    #[error("model is not gzip data: {0}")]
    Gzip(#[from] std::io::Error),
    /// The header is not ours or the body is cut short.
    #[error("model data is malformed")]
    Malformed,
}

impl Tagger {
    /// The model embedded in the binary; empty (tags everything `O`) when
    /// `data/entities/tagger.bin` has not been trained yet.
    pub fn builtin() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| Tagger::from_bytes(TAGGER_BIN).unwrap_or_default())
    }

    /// True when the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Tags every token of `sentence`, returning tag indices into
    /// [`TAG_NAMES`]; `memory` carries what earlier sentences of the same
    /// document said and is updated.
    pub(crate) fn tag(&self, sentence: &Sentence, memory: &mut Memory) -> Vec<u8> {
        let mut tags = Vec::with_capacity(sentence.len());
        let mut features = Vec::with_capacity(64);
        let (mut prev, mut prev2) = (0u8, 0u8);
        for i in 0..sentence.len() {
            let tag = if prev == 0 && sentence.plainly_outside(i) {
                0
            } else {
                features.clear();
                static_features(sentence, i, &mut features);
                tag_features(sentence, i, prev, prev2, memory, &mut features);
                self.weights.best_tag(&features)
            };
            tags.push(tag);
            prev2 = prev;
            prev = tag;
        }
        memory.remember(sentence, &tags);
        tags
    }

    /// Trains on documents of sentences with gold tags for `epochs` passes,
    /// documents in an order shuffled by a fixed seed so that training is
    /// deterministic.
    pub(crate) fn train(documents: &[Vec<(Sentence, Vec<u8>)>], epochs: usize) -> Tagger {
        let mut trainer = Trainer::default();
        let cached: Vec<Vec<Vec<Vec<u64>>>> = documents
            .iter()
            .map(|doc| {
                doc.iter()
                    .map(|(s, _)| {
                        (0..s.len())
                            .map(|i| {
                                let mut f = Vec::new();
                                static_features(s, i, &mut f);
                                f
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..documents.len()).collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &d in &order {
                let mut memory = Memory::default();
                for (n, (sentence, gold)) in documents[d].iter().enumerate() {
                    let (mut prev, mut prev2) = (0u8, 0u8);
                    let mut guesses = Vec::with_capacity(sentence.len());
                    for i in 0..sentence.len() {
                        let mut features = cached[d][n][i].clone();
                        tag_features(sentence, i, prev, prev2, &memory, &mut features);
                        let guess = trainer.best(&features);
                        trainer.update(&features, gold[i], guess);
                        guesses.push(guess);
                        prev2 = prev;
                        prev = guess;
                    }
                    memory.remember(sentence, &guesses);
                }
            }
        }
        trainer.average()
    }

    /// Serialises the model: gzip of a header, a scale and, per feature, its
    /// id, a bit mask of tags with weights and those weights as i16.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u64, [i16; TAG_COUNT])> = self.weights.rows().collect();
        rows.sort_unstable_by_key(|(id, _)| *id);
        let mut body = Vec::new();
        body.extend_from_slice(MAGIC);
        body.extend_from_slice(&self.weights.scale().to_le_bytes());
        let mut records = Vec::new();
        let mut count = 0u32;
        for (id, quantised) in rows {
            let mask = quantised
                .iter()
                .enumerate()
                .fold(0u16, |m, (t, &q)| if q != 0 { m | 1 << t } else { m });
            count += 1;
            records.extend_from_slice(&id.to_le_bytes());
            records.extend_from_slice(&mask.to_le_bytes());
            for q in quantised.iter().filter(|&&q| q != 0) {
                records.extend_from_slice(&q.to_le_bytes());
            }
        }
        body.extend_from_slice(&count.to_le_bytes());
        body.extend_from_slice(&records);
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let _ = encoder.write_all(&body);
        encoder.finish().unwrap_or_default()
    }

    /// Reads a model written by [`Tagger::to_bytes`]; empty input gives an empty model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        if bytes.is_empty() {
            return Ok(Tagger::default());
        }
        let mut body = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut body)?;
        parse_model(&body).ok_or(ModelError::Malformed)
    }
}

/// The model in the body of a model file (after gzip); `None` if it is not
/// one or is cut short.
fn parse_model(body: &[u8]) -> Option<Tagger> {
    let mut input = Input::new(body);
    if input.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let scale = f32::from_le_bytes(input.array()?);
    let count = input.count()?;
    // A record takes at least 10 bytes: a damaged count allocates no more.
    let mut weights = WeightTable::new(scale);
    for _ in 0..count {
        let id = u64::from_le_bytes(input.array()?);
        let mask = u16::from_le_bytes(input.array()?);
        let mut row = [0i16; TAG_COUNT];
        for (tag, slot) in row.iter_mut().enumerate() {
            if mask & (1 << tag) != 0 {
                *slot = i16::from_le_bytes(input.array()?);
            }
        }
        weights.insert(id, row);
    }
    Some(Tagger { weights })
}

/// Perceptron weights with the running sums needed for averaging.
#[derive(Default)]
struct Trainer {
    params: HashMap<u64, Param, FnvBuild>,
    step: u32,
}

#[derive(Default, Clone, Copy)]
struct Param {
    weight: [f32; TAG_COUNT],
    total: [f32; TAG_COUNT],
    stamp: [u32; TAG_COUNT],
}

impl Trainer {
    fn best(&self, features: &[u64]) -> u8 {
        let mut scores = [0f32; TAG_COUNT];
        for f in features {
            if let Some(p) = self.params.get(f) {
                for (score, weight) in scores.iter_mut().zip(&p.weight) {
                    *score += weight;
                }
            }
        }
        let mut best = 0;
        for (tag, score) in scores.iter().enumerate() {
            if *score > scores[best] {
                best = tag;
            }
        }
        best as u8
    }

    fn update(&mut self, features: &[u64], gold: u8, guess: u8) {
        self.step += 1;
        if gold == guess {
            return;
        }
        for f in features {
            let p = self.params.entry(*f).or_default();
            for (tag, delta) in [(gold as usize, 1.0), (guess as usize, -1.0)] {
                p.total[tag] += (self.step - p.stamp[tag]) as f32 * p.weight[tag];
                p.stamp[tag] = self.step;
                p.weight[tag] += delta;
            }
        }
    }

    fn average(self) -> Tagger {
        let step = self.step as f32;
        let weights = WeightTable::quantise(self.params.into_iter().map(|(id, p)| {
            let avg: [f32; TAG_COUNT] = std::array::from_fn(|tag| {
                let total = p.total[tag] + (step - p.stamp[tag] as f32) * p.weight[tag];
                total / step.max(1.0)
            });
            (id, avg)
        }));
        Tagger { weights }
    }
}

/// One CoNLL-2003 document: its sentences, each as (words, gold tag indices).
#[derive(Debug, Clone, Default)]
pub struct ConllDocument {
    /// Sentences of the document.
    pub sentences: Vec<(Vec<String>, Vec<u8>)>,
}

/// Parses CoNLL-2003 column text (`TOKEN POS CHUNK NER`, IOB2 tags,
/// `-DOCSTART-` between documents).
pub fn parse_conll(text: &str) -> Vec<ConllDocument> {
    let mut documents = vec![ConllDocument::default()];
    let mut words = Vec::new();
    let mut tags = Vec::new();
    let flush =
        |words: &mut Vec<String>, tags: &mut Vec<u8>, documents: &mut Vec<ConllDocument>| {
            if !words.is_empty() {
                if let Some(doc) = documents.last_mut() {
                    doc.sentences
                        .push((std::mem::take(words), std::mem::take(tags)));
                }
            }
        };
    for line in text.lines() {
        let mut columns = line.split_whitespace();
        let Some(word) = columns.next() else {
            flush(&mut words, &mut tags, &mut documents);
            continue;
        };
        if word == "-DOCSTART-" {
            flush(&mut words, &mut tags, &mut documents);
            documents.push(ConllDocument::default());
            continue;
        }
        let label = columns.last().unwrap_or("O");
        words.push(word.to_string());
        tags.push(EntityType::tag_index(label));
    }
    flush(&mut words, &mut tags, &mut documents);
    documents.retain(|d| !d.sentences.is_empty());
    documents
}

/// A CoNLL sentence as text, token spans and gold tags.
type JoinedSentence<'a> = (String, Vec<Token>, &'a Vec<u8>);

impl Tagger {
    /// Trains a model on CoNLL documents: an averaged perceptron, documents in
    /// an order shuffled by a fixed seed, so training is deterministic.
    pub fn train_conll(documents: &[ConllDocument], epochs: usize) -> Tagger {
        let names = Names::new(Table::default());
        let joined: Vec<Vec<JoinedSentence>> = documents
            .iter()
            .map(|d| {
                d.sentences
                    .iter()
                    .map(|(words, tags)| {
                        let (text, tokens) = join_words(words);
                        (text, tokens, tags)
                    })
                    .collect()
            })
            .collect();
        let prepared: Vec<Vec<(Sentence, Vec<u8>)>> = joined
            .iter()
            .map(|doc| {
                doc.iter()
                    .map(|(text, tokens, tags)| {
                        (Sentence::from_words(&names, text, tokens), tags.to_vec())
                    })
                    .collect()
            })
            .collect();
        Tagger::train(&prepared, epochs)
    }

    /// Tags the pre-tokenised sentences of one document (CoNLL words),
    /// returning tag indices per sentence.
    pub fn tag_document(&self, sentences: &[Vec<String>]) -> Vec<Vec<u8>> {
        let names = Names::new(Table::default());
        let mut memory = Memory::default();
        sentences
            .iter()
            .map(|words| {
                let (text, tokens) = join_words(words);
                self.tag(&Sentence::from_words(&names, &text, &tokens), &mut memory)
            })
            .collect()
    }
}

/// CoNLL-style mention scores: a predicted span counts only when its
/// boundaries and type match a gold span exactly.
#[derive(Debug, Clone, Default)]
pub struct SpanScore {
    counts: HashMap<EntityType, (usize, usize, usize)>,
}

impl SpanScore {
    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[u8], predicted: &[u8]) {
        let gold_spans = spans(gold);
        let predicted_spans = spans(predicted);
        for span in &predicted_spans {
            let entry = self.counts.entry(span.2).or_default();
            if gold_spans.contains(span) {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        for span in &gold_spans {
            if !predicted_spans.contains(span) {
                self.counts.entry(span.2).or_default().2 += 1;
            }
        }
    }

    /// Precision, recall and F1 of one type.
    pub fn prf(&self, kind: EntityType) -> (f64, f64, f64) {
        let (tp, fp, fn_) = self.counts.get(&kind).copied().unwrap_or_default();
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        (precision, recall, f1)
    }
}

/// Joins pre-split words with single spaces and returns the text and the token spans.
pub(crate) fn join_words(words: &[String]) -> (String, Vec<Token>) {
    let mut joined = String::new();
    let mut tokens = Vec::with_capacity(words.len());
    for word in words {
        if !joined.is_empty() {
            joined.push(' ');
        }
        let start = joined.len();
        joined.push_str(word);
        tokens.push(Token {
            start,
            end: joined.len(),
        });
    }
    (joined, tokens)
}

/// Typed spans `(start, end, type)` of a tag sequence; an `I-` tag that does
/// not continue a span of its type opens a new one.
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let kind = EntityType::of_tag(tag);
        let begins = tag % 2 == 1;
        match (open, kind) {
            (Some((start, current)), Some(k)) if !begins && k == current => {
                open = Some((start, current));
            }
            _ => {
                if let Some((start, current)) = open.take() {
                    out.push((start, i, current));
                }
                open = kind.map(|k| (i, k));
            }
        }
    }
    if let Some((start, current)) = open {
        out.push((start, tags.len(), current));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_iob2_and_repair_stray_inside_tags() {
        // B-PER I-PER O I-LOC B-ORG
        assert_eq!(
            spans(&[1, 2, 0, 6, 3]),
            vec![
                (0, 2, EntityType::Person),
                (3, 4, EntityType::Location),
                (4, 5, EntityType::Organisation)
            ]
        );
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Kyiv"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996"), "d");
    }

    #[test]
    fn figures_and_lower_case_words_outside_known_names_are_not_scored() {
        let names = Names::new(Table::default());
        let words: Vec<String> = [
            "In", "1996", ",", "3M", "sold", "12-bank", "units", "in", "Kyiv",
        ]
        .map(String::from)
        .to_vec();
        let (text, tokens) = join_words(&words);
        let sentence = Sentence::from_words(&names, &text, &tokens);
        let unscored: Vec<&str> = (0..sentence.len())
            .filter(|&i| sentence.plainly_outside(i))
            .map(|i| sentence.words[i])
            .collect();
        assert_eq!(unscored, ["1996", ",", "sold", "12-bank", "units", "in"]);
    }

    #[test]
    fn fixed_parts_are_the_parts_of_their_strings() {
        assert_eq!(parts::BEFORE, part("<s>"));
        assert_eq!(parts::AFTER, part("</s>"));
        assert_eq!(parts::SENTENCE_START, part("S"));
        assert_eq!(parts::NAME_INSIDE, part("I"));
        assert_eq!(parts::GAZETTEER[5], part("o"));
        for (tag, name) in TAG_NAMES.iter().enumerate() {
            assert_eq!(parts::TAGS[tag], part(name));
        }
        assert_eq!(parts::TYPES[4], part("MISC"));
    }

    #[test]
    fn a_feature_depends_on_its_template_and_its_parts_in_order() {
        let (kyiv, said) = (part("kyiv"), part("said"));
        let ids = [
            feature(0, &[]),
            feature(1, &[]),
            feature(12, &[kyiv]),
            feature(13, &[kyiv]),
            feature(12, &[said]),
            feature(18, &[kyiv, said]),
            feature(18, &[said, kyiv]),
            feature(18, &[kyiv]),
        ];
        let distinct: std::collections::HashSet<u64> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), ids.len(), "{ids:?}");
        assert_eq!(feature(18, &[kyiv, said]), feature(18, &[kyiv, said]));
    }

    #[test]
    fn affixes_end_and_begin_on_character_boundaries() {
        assert_eq!(affix_bounds("kyiv", 1), Some((1, 3)));
        assert_eq!(affix_bounds("kyiv", 3), Some((3, 1)));
        assert_eq!(
            affix_bounds("kyiv", 4),
            None,
            "no affix as long as the word"
        );
        // "ï" takes two bytes.
        assert_eq!(affix_bounds("kyïv", 2), Some((2, 2)));
        assert_eq!(affix_bounds("kyïv", 3), Some((4, 1)));
        assert_eq!(affix_bounds("ï", 1), None);
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let tagger = Tagger {
            weights: WeightTable::quantise([
                (42, [0.0, 1.5, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0]),
                (7, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.5, 0.0]),
            ]),
        };
        let bytes = tagger.to_bytes();
        let back = Tagger::from_bytes(&bytes).unwrap_or_default();
        let row = back.weights.get(42).unwrap_or_default();
        let real = |q: i16| f32::from(q) / back.weights.scale();
        assert!((real(row[1]) - 1.5).abs() < 0.01 && (real(row[8]) - 3.0).abs() < 0.01);
        assert_eq!(row[0], 0);
        assert_eq!(back.weights.get(7), tagger.weights.get(7));
        assert_eq!(
            back.to_bytes(),
            bytes,
            "reading and writing changes nothing"
        );
        assert!(Tagger::from_bytes(b"junk").is_err());
    }

    #[test]
    fn a_model_cut_short_or_with_a_wild_count_is_malformed() {
        let gzip = |body: &[u8]| {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(body).unwrap();
            encoder.finish().unwrap()
        };
        let mut body = MAGIC.to_vec();
        body.extend_from_slice(&1.0f32.to_le_bytes());
        body.extend_from_slice(&u32::MAX.to_le_bytes());
        body.extend_from_slice(&42u64.to_le_bytes());
        assert!(matches!(
            Tagger::from_bytes(&gzip(&body)),
            Err(ModelError::Malformed)
        ));
        let whole = Tagger::default().to_bytes();
        assert!(Tagger::from_bytes(&whole).is_ok_and(|t| t.is_empty()));
        assert!(matches!(
            Tagger::from_bytes(&gzip(&MAGIC[..4])),
            Err(ModelError::Malformed)
        ));
    }
}
