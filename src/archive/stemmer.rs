//! English stemming for the index, with a memo of the words already stemmed.
//!
//! Why not tantivy's own `Stemmer` filter: it runs the Snowball algorithm on
//! every token, and that was about a tenth of an indexing run's CPU time.
//! News text uses a small vocabulary over and over, so each thread remembers
//! the stems of the words it has seen: an indexing thread across the
//! documents of its segments, a searching thread across the snippets of its
//! hits (tantivy clones the tokenizer for every snippet, so a memo kept in
//! the tokenizer would start empty every time). The stems are exactly
//! Snowball English's; only the work is saved.

use std::cell::RefCell;

use frostem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words a thread remembers before it forgets them all and starts again
/// (a few MB at most).
const MEMO_WORDS: usize = 1 << 16;

thread_local! {
    /// This thread's stems, by word.
    static MEMO: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// Replaces `word` by its stem.
fn stem_in_place(word: &mut String) {
    MEMO.with_borrow_mut(|memo| {
        if let Some(stem) = memo.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem = Stemmer::new(Algorithm::English).stem(word).into_owned();
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        let original = std::mem::replace(word, stem.clone());
        memo.insert(original, stem);
    });
}

/// Token filter that replaces every token by its Snowball English stem.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`MemoStemmer`] makes of another: its tokens, stemmed.
#[derive(Debug, Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of a [`MemoStemmerFilter`].
pub struct MemoStemmerStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for MemoStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The texts of the tokens `analyzer` makes of `text`.
pub(crate) fn token_texts(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    text: &str,
) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, SimpleTokenizer, TextAnalyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        token_texts(analyzer, text)
    }

    #[test]
    fn stems_as_tantivy_does_the_first_time_and_every_time_after() {
        let text = "talks resumed as the negotiators were negotiating talks \
                    running ceasefires generously agreed";
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(MemoStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(tantivy::tokenizer::Stemmer::new(Language::English))
            .build();
        let expected = tokens(&mut plain, text);
        assert_eq!(tokens(&mut memo, text), expected);
        assert_eq!(tokens(&mut memo, text), expected);
        assert!(expected.contains(&"negoti".to_string()));
    }

    #[test]
    fn a_full_memo_starts_again_and_stays_right() {
        let words: Vec<String> = (0..MEMO_WORDS + 10)
            .map(|i| format!("talks{i}ing"))
            .collect();
        let text = words.join(" ");
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(MemoStemmer)
            .build();
        let stems = tokens(&mut memo, &text);
        assert_eq!(stems.len(), words.len());
        assert_eq!(tokens(&mut memo, "talks running"), ["talk", "run"]);
    }
}
