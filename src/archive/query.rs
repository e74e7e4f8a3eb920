//! The query language: tantivy's, with the one thing its parser lacks that
//! users of every other search engine type first — a word ending in `*`
//! finds every word that starts with it (`negotiat*`: negotiation,
//! negotiators, negotiating).
//!
//! tantivy's parser reads that star as punctuation and searches for the
//! word as typed, so `ukr*` found only "ukr". Here each such word is
//! expanded into the words the index holds under the prefix (stemmed and
//! folded as the text was), so they score, and are marked in snippets,
//! like words typed in full. The rest of a query, and any query without
//! such a word, goes to tantivy's parser as it is.

use std::path::Path;

use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, QueryParser};
use tantivy::query::{QueryParserError, TermQuery};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, FieldType, IndexRecordOption, Schema};
use tantivy::{Index, Score, Searcher, Term};

use super::schema::{self, Fields};
use super::stemmer;
use super::{at, Error, QueryError};

/// The title weighs this much more than the body in relevance.
pub(super) const TITLE_BOOST: Score = 2.0;

/// The most words a prefix may stand for in one field: a shorter prefix
/// is refused with a message to type more of the word (as Lucene refuses
/// more than 1,024 clauses), rather than searching most of the dictionary.
const MAX_PREFIX_WORDS: usize = 1024;

/// Parses `query` for the index: tantivy's syntax, words required by
/// default, the title weighing more than the body, and words ending in `*`
/// standing for every word of the index that starts with them.
pub(super) fn parse(
    index: &Index,
    dir: &Path,
    fields: &Fields,
    searcher: &Searcher,
    query: &str,
) -> Result<Box<dyn Query>, Error> {
    let error = |position: Option<usize>, message: String| QueryError {
        query: query.to_string(),
        position,
        message,
    };
    if query.trim().is_empty() {
        return Err(error(
            None,
            "the query is empty; use * to match every article".into(),
        )
        .into());
    }
    let (ast, errors) = query_grammar::parse_query_lenient(query);
    let ast = with_negations_inline(ast);
    if let Some(first) = errors.first() {
        let position = query
            .char_indices()
            .take_while(|&(byte, _)| byte < first.pos)
            .count();
        return Err(error(Some(position), first.message.to_lowercase()).into());
    }
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, TITLE_BOOST);
    let builder = Builder {
        index,
        schema: index.schema(),
        fields,
        searcher,
        parser,
    };
    let built = match has_prefix_word(&ast) {
        false => builder.parser.build_query_from_user_input_ast(ast),
        true if only_excludes(&ast) => Err(QueryParserError::AllButQueryForbidden),
        true => match builder.build(ast) {
            Ok(built) => built.ok_or(QueryParserError::AllButQueryForbidden),
            Err(Failure::Parser(e)) => Err(e),
            Err(Failure::TooBroad { word, field }) => {
                return Err(error(
                    None,
                    format!(
                        "{word} stands for more than {MAX_PREFIX_WORDS} words of the {field}; type more of the word"
                    ),
                )
                .into())
            }
            Err(Failure::Index(e)) => return Err(at(dir)(e)),
        },
    };
    built.map_err(|e| {
        let (position, message) = parser_error(query, &e);
        error(position, message).into()
    })
}

/// What can stop a query with prefix words from being built.
enum Failure {
    /// tantivy's parser refused part of it.
    Parser(QueryParserError),
    /// A prefix stands for too many words.
    TooBroad { word: String, field: &'static str },
    /// The term dictionary could not be read.
    Index(tantivy::TantivyError),
}

/// What builds a query that has prefix words: their expansions, and
/// tantivy's parser for every other leaf.
struct Builder<'a> {
    index: &'a Index,
    schema: Schema,
    fields: &'a Fields,
    searcher: &'a Searcher,
    parser: QueryParser,
}

impl Builder<'_> {
    /// The query for `ast`, combined as tantivy's parser combines it
    /// (clauses required by default, boosts multiplied in); `None` for a
    /// part that names no word at all (`-*` alone), which its clause
    /// leaves out as tantivy's parser does.
    fn build(&self, ast: UserInputAst) -> Result<Option<Box<dyn Query>>, Failure> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut built: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (occur, clause) in clauses {
                    if let Some(query) = self.build(clause)? {
                        built.push((occur.unwrap_or(Occur::Must), query));
                    }
                }
                if built.is_empty() {
                    return Ok(None);
                }
                Ok(Some(Box::new(BooleanQuery::new(built))))
            }
            UserInputAst::Boost(inner, boost) => {
                Ok(self.build(*inner)?.map(|query| -> Box<dyn Query> {
                    Box::new(BoostQuery::new(query, boost.into_inner() as Score))
                }))
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) if prefix_word(&literal).is_some() => {
                    self.prefix(literal)
                }
                leaf => self
                    .parser
                    .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf)))
                    .map(Some)
                    .map_err(Failure::Parser),
            },
        }
    }

    /// The words of the index that start with a prefix word, in its field
    /// or in the title (boosted) and the body. A prefix the text analysis
    /// splits in several words (`kyiv-ber*`) is left to tantivy's phrase
    /// prefix.
    fn prefix(&self, literal: UserInputLiteral) -> Result<Option<Box<dyn Query>>, Failure> {
        let word = prefix_word(&literal).unwrap_or_default().to_string();
        let fields = match &literal.field_name {
            Some(name) => {
                let field = self.index.schema().get_field(name).map_err(|_| {
                    Failure::Parser(QueryParserError::FieldDoesNotExist(name.clone()))
                })?;
                vec![(field, None)]
            }
            None => vec![
                (self.fields.title, Some(TITLE_BOOST)),
                (self.fields.body, None),
            ],
        };
        let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in fields {
            let Some(tokens) = self.tokens(field, &word) else {
                // Not a text field: tantivy's parser says what it makes of it.
                let leaf = UserInputLeaf::Literal(literal.clone());
                return self
                    .parser
                    .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf)))
                    .map(Some)
                    .map_err(Failure::Parser);
            };
            let query: Box<dyn Query> = match tokens.as_slice() {
                [] => continue,
                [stemmed] => {
                    let prefix = self.stem_prefix(field, &word, stemmed);
                    self.expansion(field, &prefix, &word)?
                }
                [_, _, ..] => {
                    let phrase = UserInputLiteral {
                        field_name: Some(self.schema.get_field_name(field).to_string()),
                        phrase: word.clone(),
                        delimiter: Delimiter::DoubleQuotes,
                        slop: 0,
                        prefix: true,
                    };
                    self.parser
                        .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(
                            UserInputLeaf::Literal(phrase),
                        )))
                        .map_err(Failure::Parser)?
                }
            };
            let query = match boost {
                Some(boost) => Box::new(BoostQuery::new(query, boost)),
                None => query,
            };
            per_field.push((Occur::Should, query));
        }
        Ok(match per_field.len() {
            0 => None,
            1 => per_field.pop().map(|(_, query)| query),
            _ => Some(Box::new(BooleanQuery::new(per_field))),
        })
    }

    /// `word` as `field`'s text analysis indexes it; `None` if the field is
    /// not text.
    fn tokens(&self, field: Field, word: &str) -> Option<Vec<String>> {
        let entry = self.schema.get_field_entry(field);
        if !matches!(entry.field_type(), FieldType::Str(options) if options.get_indexing_options().is_some())
        {
            return None;
        }
        let mut analyzer = self.index.tokenizer_for_field(field).ok()?;
        Some(stemmer::token_texts(&mut analyzer, word))
    }

    /// The prefix of `field`'s words that a prefix word stands for. The
    /// index holds stems, and a stem can be shorter than the prefix typed:
    /// every word that starts with "negotiat" is indexed as "negoti". So
    /// the word is also completed with common endings and stemmed, and the
    /// shortest of those stems that `stemmed` (the word's own analysis)
    /// starts with, at most [`MAX_STEM_CUT`] letters shorter, is the
    /// prefix.
    fn stem_prefix(&self, field: Field, word: &str, stemmed: &str) -> String {
        let mut prefix = stemmed.to_string();
        for ending in ENDINGS {
            if let Some([stem]) = self.tokens(field, &format!("{word}{ending}")).as_deref() {
                if stemmed.starts_with(stem.as_str())
                    && stem.len() < prefix.len()
                    && stemmed.len() - stem.len() <= MAX_STEM_CUT
                {
                    prefix = stem.clone();
                }
            }
        }
        prefix
    }

    /// Every word of `field` that starts with `prefix`, each a term query,
    /// any of them matching: nothing when there is none.
    fn expansion(&self, field: Field, prefix: &str, word: &str) -> Result<Box<dyn Query>, Failure> {
        let mut words = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).map_err(Failure::Index)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| Failure::Index(e.into()))?;
            while stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                words.insert(stream.key().to_vec());
                if words.len() > MAX_PREFIX_WORDS {
                    return Err(Failure::TooBroad {
                        word: format!("{word}*"),
                        field: field_label(self.schema.get_field_name(field)),
                    });
                }
            }
        }
        if words.is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        let terms: Vec<(Occur, Box<dyn Query>)> = words
            .into_iter()
            .filter_map(|bytes| String::from_utf8(bytes).ok())
            .map(|text| -> (Occur, Box<dyn Query>) {
                let term = Term::from_field_text(field, &text);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                )
            })
            .collect();
        Ok(Box::new(BooleanQuery::new(terms)))
    }
}

/// Endings a prefix word is completed with to find the stem its words
/// are indexed under ([`Builder::stem_prefix`]).
const ENDINGS: [&str; 10] = [
    "e", "es", "ed", "ing", "ion", "ions", "ive", "al", "y", "ate",
];

/// The most letters a stem may cut from a prefix word
/// ([`Builder::stem_prefix`]): enough for "negotiat" → "negoti", not
/// enough to turn a prefix into another word's start.
const MAX_STEM_CUT: usize = 3;

/// How a field is named in a message.
fn field_label(name: &str) -> &'static str {
    schema::name::QUERYABLE
        .into_iter()
        .find(|known| *known == name)
        .unwrap_or("field")
}

/// The prefix of a literal that is a word ending in `*` (`negotiat*`), or
/// a quoted prefix (`"ukr"*`); `None` for any other literal. A star alone
/// is tantivy's "every article".
fn prefix_word(literal: &UserInputLiteral) -> Option<&str> {
    let word = match (literal.delimiter, literal.prefix) {
        (Delimiter::None, false) => literal.phrase.strip_suffix('*')?,
        (Delimiter::DoubleQuotes | Delimiter::SingleQuotes, true) => literal.phrase.as_str(),
        _ => return None,
    };
    let word = word.trim_end_matches('*');
    (!word.is_empty() && !word.contains('*') && !word.contains(char::is_whitespace)).then_some(word)
}

/// `ast` with each required group of exclusions spliced into its clause:
/// tantivy's grammar reads `aleppo AND NOT barrel` as "aleppo, and a group
/// that only excludes barrel", which matches nothing, where every user
/// means `aleppo NOT barrel`.
fn with_negations_inline(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut inline = Vec::with_capacity(clauses.len());
            for (occur, clause) in clauses {
                let clause = with_negations_inline(clause);
                match (occur, clause) {
                    (None | Some(Occur::Must), UserInputAst::Clause(group))
                        if !group.is_empty()
                            && group.iter().all(|(o, _)| *o == Some(Occur::MustNot)) =>
                    {
                        inline.extend(group)
                    }
                    (occur, clause) => inline.push((occur, clause)),
                }
            }
            UserInputAst::Clause(inline)
        }
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(with_negations_inline(*inner)), boost)
        }
        leaf => leaf,
    }
}

/// Whether a query only excludes (`-ukr*`), which tantivy refuses.
fn only_excludes(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => {
            !clauses.is_empty()
                && clauses
                    .iter()
                    .all(|(occur, _)| *occur == Some(Occur::MustNot))
        }
        UserInputAst::Boost(inner, _) => only_excludes(inner),
        UserInputAst::Leaf(_) => false,
    }
}

/// Whether a query has a word ending in `*` anywhere.
fn has_prefix_word(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, clause)| has_prefix_word(clause)),
        UserInputAst::Boost(inner, _) => has_prefix_word(inner),
        UserInputAst::Leaf(leaf) => {
            matches!(&**leaf, UserInputLeaf::Literal(literal) if prefix_word(literal).is_some())
        }
    }
}

/// What the query parser found wrong with `query`, as a user needs it: the
/// character where the field it names is, and for a field that cannot be
/// searched, the fields that can.
fn parser_error(query: &str, error: &QueryParserError) -> (Option<usize>, String) {
    let field = match error {
        QueryParserError::FieldDoesNotExist(field) | QueryParserError::FieldNotIndexed(field) => {
            Some(field)
        }
        QueryParserError::FieldDoesNotHavePositionsIndexed(field) => Some(field),
        _ => None,
    };
    let named_at = field.and_then(|field| {
        let named = format!("{field}:");
        query.match_indices(&named).map(|(at, _)| at).find(|&at| {
            let before = query[..at].chars().next_back();
            before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
        })
    });
    let position = named_at.map(|byte| query[..byte].chars().count());
    let text = error.to_string();
    let mut message: String = match text.chars().next() {
        Some(first) => first.to_lowercase().chain(text.chars().skip(1)).collect(),
        None => text,
    };
    if matches!(
        error,
        QueryParserError::FieldDoesNotExist(_) | QueryParserError::FieldNotIndexed(_)
    ) {
        message.push_str(&format!(
            "; the fields are {}",
            schema::name::QUERYABLE.join(", ")
        ));
    }
    (position, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::TantivyDocument;

    /// An index of one segment, an article per body, titled "article N".
    fn index_of(bodies: &[String]) -> (Index, Fields) {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, body) in bodies.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.title, format!("article {i}"));
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields)
    }

    /// The articles (by number) that `query` matches.
    fn matching(index: &Index, fields: &Fields, query: &str) -> Result<Vec<u32>, Error> {
        let searcher = index.reader().unwrap().searcher();
        let parsed = parse(index, Path::new("test"), fields, &searcher, query)?;
        let mut found: Vec<u32> = searcher
            .search(&*parsed, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|address| address.doc_id)
            .collect();
        found.sort_unstable();
        Ok(found)
    }

    fn news() -> (Index, Fields) {
        index_of(&[
            "Negotiations resumed in Geneva.".to_string(),
            "The negotiator spoke to reporters.".to_string(),
            "Ukrainian forces held the line.".to_string(),
            "Ukraine talks went on; the UKR delegation left.".to_string(),
            "Harvest began early.".to_string(),
        ])
    }

    #[test]
    fn a_word_ending_in_a_star_finds_every_word_it_starts() {
        let (index, fields) = news();
        let found = |query| matching(&index, &fields, query).unwrap();
        assert_eq!(found("ukr*"), [2, 3]);
        assert_eq!(found("Ukr*"), [2, 3]);
        assert_eq!(found("\"ukr\"*"), [2, 3]);
        // Without the star, the word as typed.
        assert_eq!(found("ukr"), [3]);
        // A stem shorter than the prefix typed: "negotiat" is indexed "negoti".
        assert_eq!(found("negotiat*"), [0, 1]);
        assert_eq!(found("harv*"), [4]);
        assert_eq!(found("zzz*"), Vec::<u32>::new());
        assert_eq!(found("*").len(), 5);
    }

    #[test]
    fn prefix_words_combine_as_words_do() {
        let (index, fields) = news();
        let found = |query| matching(&index, &fields, query).unwrap();
        assert_eq!(found("ukr* talks"), [3]);
        assert_eq!(found("ukr* AND NOT talks"), [2]);
        // AND binds tighter than OR.
        assert_eq!(found("ukraine OR ukrainian AND NOT talks"), [2, 3]);
        assert_eq!(found("ukrainian OR ukraine AND NOT talks"), [2]);
        assert_eq!(
            found("(ukraine OR ukrainian) AND NOT (talks OR line)"),
            Vec::<u32>::new()
        );
        assert_eq!(found("ukr* AND NOT (talks OR harvest)"), [2]);
        assert_eq!(found("ukr* OR harvest"), [2, 3, 4]);
        assert_eq!(found("zzz* OR harvest"), [4]);
        assert_eq!(found("(ukr*)^3 -forces"), [3]);
        assert_eq!(found("title:articl*"), [0, 1, 2, 3, 4]);
        assert_eq!(found("title:ukr*"), Vec::<u32>::new());
        assert_eq!(found("body:ukr* body:talk*"), [3]);
        for excluding_only in ["-ukr*", "NOT talks", "NOT ukr*"] {
            assert!(
                matches!(
                    matching(&index, &fields, excluding_only),
                    Err(Error::Query(QueryError { .. }))
                ),
                "{excluding_only}"
            );
        }
        let unknown = matching(&index, &fields, "place:ukr*").unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("field does not exist: 'place'"),
            "{unknown}"
        );
    }

    #[test]
    fn a_prefix_of_too_many_words_is_refused_with_what_to_do() {
        let words: Vec<String> = (0..=MAX_PREFIX_WORDS).map(|i| format!("w{i:05}")).collect();
        let (index, fields) = index_of(&[words.join(" ")]);
        let refused = matching(&index, &fields, "w0*").unwrap_err();
        assert!(
            refused.to_string().contains(&format!(
                "w0* stands for more than {MAX_PREFIX_WORDS} words of the body; type more of the word"
            )),
            "{refused}"
        );
        assert_eq!(matching(&index, &fields, "w0000*").unwrap(), [0]);
    }

    #[test]
    fn only_a_trailing_star_makes_a_prefix() {
        let literal = |phrase: &str, delimiter, prefix| UserInputLiteral {
            field_name: None,
            phrase: phrase.to_string(),
            delimiter,
            slop: 0,
            prefix,
        };
        assert_eq!(
            prefix_word(&literal("ukr*", Delimiter::None, false)),
            Some("ukr")
        );
        assert_eq!(
            prefix_word(&literal("ukr", Delimiter::DoubleQuotes, true)),
            Some("ukr")
        );
        assert_eq!(prefix_word(&literal("ukr", Delimiter::None, false)), None);
        assert_eq!(prefix_word(&literal("u*kr", Delimiter::None, false)), None);
        assert_eq!(prefix_word(&literal("*", Delimiter::None, false)), None);
        assert_eq!(
            prefix_word(&literal("big wo", Delimiter::DoubleQuotes, true)),
            None
        );
    }
}
