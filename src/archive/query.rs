//! The query language: tantivy's, with the two things its parser lacks
//! that users of other search engines type first — a word ending in `*`
//! finds every word that starts with it (`negotiat*`: negotiation,
//! negotiators, negotiating), and a word ending in `~` every word within
//! two edits of it, or `~1` one (`kharkov~1`: Kharkiv; spellings of
//! transliterated names differ from outlet to outlet).
//!
//! tantivy's parser reads the star or tilde as punctuation and searches
//! for the word as typed, so `ukr*` found only "ukr". Here each such word
//! is expanded into the words the index holds that fit it (stemmed and
//! folded as the text was), so they score, and are marked in snippets,
//! like words typed in full. The rest of a query, and any query without
//! such a word, goes to tantivy's parser as it is.

use std::path::Path;
use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, QueryParser};
use tantivy::query::{EnableScoring, PhraseQuery, QueryParserError, TermQuery};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, FieldType, IndexRecordOption, Schema};
use tantivy::{DocSet, Index, Score, Searcher, Term, TERMINATED};

use super::schema::{self, name, Fields};
use super::stemmer;
use super::{at, Error, QueryError};
use crate::entities::Spellings;

/// The title weighs this much more than the body in relevance.
pub(super) const TITLE_BOOST: Score = 2.0;

/// The most words a pattern may stand for in one field: a broader one is
/// refused with a message to narrow it (as Lucene refuses more than 1,024
/// clauses), rather than searching most of the dictionary.
const MAX_EXPANSIONS: usize = 1024;

/// The most edits a word ending in `~` may allow, and what a bare `~`
/// allows.
const MAX_EDITS: u8 = 2;

/// What finds a known name's other spellings ([`crate::entities::SpellingLists`]).
pub(super) type Speller<'a> = &'a dyn Fn(&str) -> Option<Spellings>;

/// A query ready to run, with the names it searched in other spellings too.
pub(super) struct Parsed {
    /// The query.
    pub query: Box<dyn Query>,
    /// Each name of the query searched in other spellings, as typed, with
    /// the spellings searched beside it (those the index holds).
    pub spelt: Vec<(String, Spellings)>,
}

/// Parses `query` for the index: tantivy's syntax, words required by
/// default, the title weighing more than the body, words ending in `*` or
/// `~` standing for the words of the index that fit them, and, with a
/// `speller`, a known name standing for it in every spelling of the lists
/// that the index holds.
pub(super) fn parse(
    index: &Index,
    dir: &Path,
    fields: &Fields,
    searcher: &Searcher,
    query: &str,
    speller: Option<Speller>,
) -> Result<Parsed, Error> {
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
        return Err(error(Some(position), grammar_message(&first.message)).into());
    }
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, TITLE_BOOST);
    let mut builder = Builder {
        index,
        schema: index.schema(),
        fields,
        searcher,
        parser,
        spelt: Vec::new(),
    };
    if let Some(speller) = speller {
        builder.spelt = builder.spelt_names(&ast, speller).map_err(at(dir))?;
    }
    let built = match has_pattern_word(&ast) || !builder.spelt.is_empty() {
        false => builder.parser.build_query_from_user_input_ast(ast),
        true if only_excludes(&ast) => Err(QueryParserError::AllButQueryForbidden),
        true => match builder.build(ast) {
            Ok(built) => built.ok_or(QueryParserError::AllButQueryForbidden),
            Err(Failure::Parser(e)) => Err(e),
            Err(Failure::TooBroad {
                word,
                field,
                pattern,
            }) => {
                let narrower = match pattern {
                    Pattern::Prefix => "type more of the word".to_string(),
                    Pattern::Within(edits @ 2..) => {
                        format!("allow fewer edits ({word}~{})", edits - 1)
                    }
                    Pattern::Within(_) => format!("search for {word} itself"),
                };
                let written = pattern.written(&word);
                return Err(error(
                    None,
                    format!(
                        "{written} stands for more than {MAX_EXPANSIONS} words of the {field}; {narrower}"
                    ),
                )
                .into());
            }
            Err(Failure::Index(e)) => return Err(at(dir)(e)),
        },
    };
    match built {
        Ok(query) => Ok(Parsed {
            query,
            spelt: builder.spelt,
        }),
        Err(e) => {
            let (position, message) = parser_error(query, &e);
            Err(error(position, message).into())
        }
    }
}

/// What can stop a query with pattern words from being built.
enum Failure {
    /// tantivy's parser refused part of it.
    Parser(QueryParserError),
    /// A pattern stands for too many words.
    TooBroad {
        word: String,
        pattern: Pattern,
        field: String,
    },
    /// The term dictionary could not be read.
    Index(tantivy::TantivyError),
}

/// What builds a query that has pattern words or names spelt otherwise:
/// their expansions, and tantivy's parser for every other leaf.
struct Builder<'a> {
    index: &'a Index,
    schema: Schema,
    fields: &'a Fields,
    searcher: &'a Searcher,
    parser: QueryParser,
    /// The query's names to search in other spellings too, as typed.
    spelt: Vec<(String, Spellings)>,
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
            UserInputAst::Leaf(leaf) => {
                if let UserInputLeaf::Literal(literal) = &*leaf {
                    if let Some((word, pattern)) = pattern_word(literal) {
                        return self.pattern(literal, word, pattern);
                    }
                    let name = text_name(literal);
                    if let Some((_, spelt)) = self
                        .spelt
                        .iter()
                        .find(|(typed, _)| Some(typed.as_str()) == name)
                    {
                        return self.spelt_otherwise(literal, spelt).map(Some);
                    }
                }
                self.parser
                    .build_query_from_user_input_ast(UserInputAst::Leaf(leaf))
                    .map(Some)
                    .map_err(Failure::Parser)
            }
        }
    }

    /// The names of `ast`'s text (excluded ones too: `-kiev` leaves out
    /// every spelling) that `speller` knows, each with those of its other
    /// spellings that the index holds and that find more than the name
    /// typed: "Volodymyr Zelenskyy" adds nothing to "zelenskyy", which
    /// finds every story it is in.
    fn spelt_names(
        &self,
        ast: &UserInputAst,
        speller: Speller,
    ) -> Result<Vec<(String, Spellings)>, tantivy::TantivyError> {
        let mut names = Vec::new();
        text_names(ast, &mut names);
        let mut spelt = Vec::new();
        for typed in names {
            let Some(mut spellings) = speller(typed) else {
                continue;
            };
            let words = |text: &str| self.tokens(self.fields.body, text).unwrap_or_default();
            let mut searched = vec![words(typed)];
            let mut others: Vec<(Vec<String>, String)> = std::mem::take(&mut spellings.others)
                .into_iter()
                .map(|other| (words(&other), other))
                .collect();
            // Shortest first, so that a longer spelling holding a shorter
            // one is seen to add nothing.
            others.sort_by_key(|(words, _)| words.len());
            for (words, other) in others {
                let redundant = searched.iter().any(|shorter| holds_run(&words, shorter));
                if words.is_empty() || redundant || !self.holds_words(&words)? {
                    continue;
                }
                searched.push(words);
                spellings.others.push(other);
            }
            if !spellings.others.is_empty() {
                spelt.push((typed.to_string(), spellings));
            }
        }
        Ok(spelt)
    }

    /// Whether some article has these words (as the text analysis indexes
    /// them), one after the other, in its title or body. A word alone is
    /// looked up in the term dictionaries; a phrase is matched until its
    /// first article (GeoNames calls Kyiv "Ki ep", and most archives hold
    /// "ki" and "ep", but not the one after the other).
    fn holds_words(&self, words: &[String]) -> tantivy::Result<bool> {
        for field in [self.fields.body, self.fields.title] {
            let terms: Vec<Term> = words
                .iter()
                .map(|word| Term::from_field_text(field, word))
                .collect();
            if let [term] = terms.as_slice() {
                if self.searcher.doc_freq(term)? > 0 {
                    return Ok(true);
                }
                continue;
            }
            let phrase = PhraseQuery::new(terms);
            let weight = phrase.weight(EnableScoring::disabled_from_searcher(self.searcher))?;
            for segment in self.searcher.segment_readers() {
                if weight.scorer(segment, 1.0)?.doc() != TERMINATED {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// `literal`, a name, or any of its other spellings, in the literal's
    /// field or fields: each scores and is marked in snippets as a word
    /// typed is.
    fn spelt_otherwise(
        &self,
        literal: &UserInputLiteral,
        spellings: &Spellings,
    ) -> Result<Box<dyn Query>, Failure> {
        let others = spellings.others.iter().map(|other| UserInputLiteral {
            field_name: literal.field_name.clone(),
            phrase: other.clone(),
            delimiter: Delimiter::DoubleQuotes,
            slop: 0,
            prefix: false,
        });
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for spelling in std::iter::once(literal.clone()).chain(others) {
            let leaf = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(spelling)));
            let query = self
                .parser
                .build_query_from_user_input_ast(leaf)
                .map_err(Failure::Parser)?;
            any.push((Occur::Should, query));
        }
        Ok(Box::new(BooleanQuery::new(any)))
    }

    /// The words of the index that fit a pattern word, in its field or in
    /// the title (boosted) and the body. A word the text analysis splits in
    /// several (`kyiv-ber*`) is left to tantivy: a phrase prefix for a
    /// star, the phrase itself for a tilde.
    fn pattern(
        &self,
        literal: &UserInputLiteral,
        word: &str,
        pattern: Pattern,
    ) -> Result<Option<Box<dyn Query>>, Failure> {
        let fields = match &literal.field_name {
            Some(name) => {
                let field = self.schema.get_field(name).map_err(|_| {
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
            let Some(tokens) = self.tokens(field, word) else {
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
                    let fits = match pattern {
                        Pattern::Prefix => Fits::Prefix(self.stem_prefix(field, word, stemmed)),
                        Pattern::Within(edits) => {
                            Fits::Within(levenshtein(edits).build_dfa(stemmed))
                        }
                    };
                    let expansion = self.expansion(field, &fits, word, pattern)?;
                    match boost {
                        Some(boost) => Box::new(BoostQuery::new(expansion, boost)),
                        None => expansion,
                    }
                }
                // tantivy's parser boosts the title itself.
                [_, _, ..] => {
                    let phrase = UserInputLiteral {
                        field_name: Some(self.schema.get_field_name(field).to_string()),
                        phrase: word.to_string(),
                        delimiter: Delimiter::DoubleQuotes,
                        slop: 0,
                        prefix: pattern == Pattern::Prefix,
                    };
                    self.parser
                        .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(
                            UserInputLeaf::Literal(phrase),
                        )))
                        .map_err(Failure::Parser)?
                }
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

    /// Every word of `field` that `fits`, each a term query, any of them
    /// matching: nothing when there is none.
    fn expansion(
        &self,
        field: Field,
        fits: &Fits,
        word: &str,
        pattern: Pattern,
    ) -> Result<Box<dyn Query>, Failure> {
        let mut words = std::collections::BTreeSet::new();
        let too_broad = || Failure::TooBroad {
            word: word.to_string(),
            pattern,
            field: self.schema.get_field_name(field).to_string(),
        };
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).map_err(Failure::Index)?;
            let terms = inverted.terms();
            match fits {
                Fits::Prefix(prefix) => {
                    let mut stream = terms
                        .range()
                        .ge(prefix.as_bytes())
                        .into_stream()
                        .map_err(|e| Failure::Index(e.into()))?;
                    while stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
                        words.insert(stream.key().to_vec());
                        if words.len() > MAX_EXPANSIONS {
                            return Err(too_broad());
                        }
                    }
                }
                Fits::Within(dfa) => {
                    let mut stream = terms
                        .search(Edits(dfa))
                        .into_stream()
                        .map_err(|e| Failure::Index(e.into()))?;
                    while stream.advance() {
                        words.insert(stream.key().to_vec());
                        if words.len() > MAX_EXPANSIONS {
                            return Err(too_broad());
                        }
                    }
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

/// What a pattern word is, after its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    /// `*`: every word that starts with it.
    Prefix,
    /// `~` or `~N`: every word within that many edits of it.
    Within(u8),
}

impl Pattern {
    /// The pattern word as a user writes it.
    fn written(self, word: &str) -> String {
        match self {
            Pattern::Prefix => format!("{word}*"),
            Pattern::Within(edits) => format!("{word}~{edits}"),
        }
    }
}

/// Which words of a field a pattern word stands for, as the index spells
/// them.
enum Fits {
    /// Those that start with this stem.
    Prefix(String),
    /// Those this automaton accepts.
    Within(DFA),
}

/// A Levenshtein automaton as tantivy's term dictionaries walk it.
struct Edits<'a>(&'a DFA);

impl tantivy_fst::Automaton for Edits<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The builder of automata for words within `edits` edits (a swap of two
/// letters is one), made once: each takes a while to build.
fn levenshtein(edits: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: OnceLock<Vec<LevenshteinAutomatonBuilder>> = OnceLock::new();
    let builders = BUILDERS.get_or_init(|| {
        (0..=MAX_EDITS)
            .map(|edits| LevenshteinAutomatonBuilder::new(edits, true))
            .collect()
    });
    &builders[usize::from(edits.min(MAX_EDITS))]
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

/// The word and pattern of a literal that is a word ending in `*`
/// (`negotiat*`) or a quoted prefix (`"ukr"*`), or a word ending in `~`,
/// `~0`, `~1` or `~2` (`kharkov~1`); `None` for any other literal. A star
/// alone is tantivy's "every article".
fn pattern_word(literal: &UserInputLiteral) -> Option<(&str, Pattern)> {
    let (word, pattern) = match (literal.delimiter, literal.prefix) {
        (Delimiter::None, false) => {
            let phrase = literal.phrase.as_str();
            match phrase.strip_suffix('*') {
                Some(word) => (word.trim_end_matches('*'), Pattern::Prefix),
                None => {
                    let (word, edits) = phrase.rsplit_once('~')?;
                    let edits = match edits {
                        "" => MAX_EDITS,
                        digit => digit.parse().ok().filter(|&n| n <= MAX_EDITS)?,
                    };
                    (word, Pattern::Within(edits))
                }
            }
        }
        (Delimiter::DoubleQuotes | Delimiter::SingleQuotes, true) => {
            (literal.phrase.as_str(), Pattern::Prefix)
        }
        _ => return None,
    };
    let plain =
        !word.is_empty() && !word.contains(['*', '~']) && !word.contains(char::is_whitespace);
    plain.then_some((word, pattern))
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

/// The text of a literal that is a word or quoted phrase of the text (in
/// no field, the title or the body; not a pattern, not everything): where
/// a name may be spelt otherwise by the stories.
fn text_name(literal: &UserInputLiteral) -> Option<&str> {
    let in_text = matches!(
        literal.field_name.as_deref(),
        None | Some(name::TITLE | name::BODY)
    );
    let phrase = literal.phrase.trim();
    let plain = !phrase.is_empty() && phrase != "*" && pattern_word(literal).is_none();
    (in_text && plain).then_some(phrase)
}

/// Adds the text names of `ast` ([`text_name`]) to `names`, each once, in
/// the order typed.
fn text_names<'a>(ast: &'a UserInputAst, names: &mut Vec<&'a str>) {
    match ast {
        UserInputAst::Clause(clauses) => {
            for (_, clause) in clauses {
                text_names(clause, names);
            }
        }
        UserInputAst::Boost(inner, _) => text_names(inner, names),
        UserInputAst::Leaf(leaf) => {
            if let UserInputLeaf::Literal(literal) = &**leaf {
                if let Some(name) = text_name(literal).filter(|name| !names.contains(name)) {
                    names.push(name);
                }
            }
        }
    }
}

/// Whether `words` holds `run` as consecutive words.
fn holds_run(words: &[String], run: &[String]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|window| window == run)
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

/// Whether a query has a pattern word anywhere.
fn has_pattern_word(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, clause)| has_pattern_word(clause)),
        UserInputAst::Boost(inner, _) => has_pattern_word(inner),
        UserInputAst::Leaf(leaf) => {
            matches!(&**leaf, UserInputLeaf::Literal(literal) if pattern_word(literal).is_some())
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

/// The query grammar's message for a syntax error, in the words of the
/// rest of sitrep's messages: tantivy writes an unclosed phrase as
/// `missing delimiter \"`, with the backslash of its source.
fn grammar_message(message: &str) -> String {
    let message = message.to_lowercase();
    match message.strip_prefix("missing delimiter ") {
        Some(delimiter) => {
            let delimiter = delimiter.trim_start_matches('\\');
            let what = match delimiter {
                "\"" | "'" => "phrase",
                "/" => "pattern",
                _ => "part",
            };
            format!("the {what} is not closed: add the closing {delimiter}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::SpellingLists;
    use tantivy::collector::DocSetCollector;
    use tantivy::TantivyDocument;

    fn names_in(query: &str) -> Vec<String> {
        let (ast, _) = query_grammar::parse_query_lenient(query);
        let ast = with_negations_inline(ast);
        let mut names = Vec::new();
        text_names(&ast, &mut names);
        names.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn text_names_are_the_words_and_phrases_of_the_text() {
        assert_eq!(
            names_in("kiev \"volodymyr zelensky\" title:kharkov body:odesa kiev -lviv"),
            ["kiev", "volodymyr zelensky", "kharkov", "odesa", "lviv"]
        );
        // Not in another field, not patterns, not everything.
        for query in ["source:kiev", "kie*", "kiev~1", "*"] {
            assert_eq!(names_in(query), Vec::<String>::new(), "{query}");
        }
        assert_eq!(names_in("(kiev OR kyiv)^2"), ["kiev", "kyiv"]);
    }

    /// An index of one segment, an article per body, titled "article N".
    fn index_of(bodies: &[String]) -> (Index, Fields) {
        let titled: Vec<(String, String)> = (0..)
            .zip(bodies)
            .map(|(i, body)| (format!("article {i}"), body.clone()))
            .collect();
        index_titled(&titled)
    }

    /// An index of one segment, an article per (title, body).
    fn index_titled(articles: &[(String, String)]) -> (Index, Fields) {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (title, body) in articles {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.title, title);
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields)
    }

    /// The articles (by number) that `query` matches, its names as typed.
    fn matching(index: &Index, fields: &Fields, query: &str) -> Result<Vec<u32>, Error> {
        let searcher = index.reader().unwrap().searcher();
        let parsed = parse(index, Path::new("test"), fields, &searcher, query, None)?;
        Ok(matched(&searcher, &parsed))
    }

    /// The articles `query` matches with the lists' spellings, and the
    /// spellings it searched for each name.
    fn matching_spelt(
        index: &Index,
        fields: &Fields,
        query: &str,
    ) -> (Vec<u32>, Vec<(String, Vec<String>)>) {
        let lists = SpellingLists::new(None);
        let speller = |name: &str| lists.spellings(name);
        let searcher = index.reader().unwrap().searcher();
        let parsed = parse(
            index,
            Path::new("test"),
            fields,
            &searcher,
            query,
            Some(&speller),
        )
        .unwrap();
        let found = matched(&searcher, &parsed);
        let spelt = parsed.spelt.into_iter();
        (found, spelt.map(|(typed, s)| (typed, s.others)).collect())
    }

    /// The articles (by number) a parsed query matches, in order.
    fn matched(searcher: &Searcher, parsed: &Parsed) -> Vec<u32> {
        let mut found: Vec<u32> = searcher
            .search(&*parsed.query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|address| address.doc_id)
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn a_known_name_finds_the_other_spellings_the_index_holds() {
        let (index, fields) = index_of(&[
            "Talks in Kiev ended.".to_string(),
            "Talks in Kyiv ended.".to_string(),
            "President Zelenskyy spoke.".to_string(),
            "Volodymyr Zelenskiy spoke.".to_string(),
            "Zelensky spoke in Kyiv.".to_string(),
            "Harvest began early.".to_string(),
        ]);
        let spelt = |typed: &str, others: &[&str]| {
            vec![(
                typed.to_string(),
                others.iter().map(|o| o.to_string()).collect(),
            )]
        };
        assert_eq!(
            matching_spelt(&index, &fields, "kiev"),
            (vec![0, 1, 4], spelt("kiev", &["Kyiv"]))
        );
        assert_eq!(matching(&index, &fields, "kiev").unwrap(), [0]);
        // Only spellings that find more: "Volodymyr Zelenskyy" is found by
        // "Zelenskyy" already, and the index has no "Zelenskyi".
        assert_eq!(
            matching_spelt(&index, &fields, "zelensky"),
            (
                vec![2, 3, 4],
                spelt("zelensky", &["Zelenskyy", "Zelenskiy"])
            )
        );
        // A phrase typed is a name too; an excluded name leaves out every
        // spelling.
        assert_eq!(
            matching_spelt(&index, &fields, "\"volodymyr zelensky\"").0,
            [2, 3, 4]
        );
        assert_eq!(
            matching_spelt(&index, &fields, "spoke -zelensky").0,
            [0u32; 0]
        );
        assert_eq!(matching_spelt(&index, &fields, "talks -kiev").0, [0u32; 0]);
        // Words and phrases no list knows are searched as typed.
        assert_eq!(
            matching_spelt(&index, &fields, "harvest \"talks in\""),
            (vec![], vec![])
        );
        assert_eq!(
            matching_spelt(&index, &fields, "talks"),
            (vec![0, 1], vec![])
        );
    }

    #[test]
    fn a_spelling_of_several_words_is_searched_only_where_they_run_on() {
        // GeoNames calls Kyiv "Ki ep": both words are in this index, but
        // never one after the other.
        let bodies = ["Talks in Kiev ended.", "Ki is a letter; ep is not."];
        let (index, fields) = index_of(&bodies.map(String::from));
        let (found, spelt) = matching_spelt(&index, &fields, "kiev");
        assert_eq!(found, [0]);
        assert_eq!(spelt, vec![]);
        let bodies = ["Talks in Kiev ended.", "The Ki ep."];
        let (index, fields) = index_of(&bodies.map(String::from));
        let (found, spelt) = matching_spelt(&index, &fields, "kiev");
        assert_eq!(found, [0, 1]);
        assert_eq!(spelt, [("kiev".to_string(), vec!["Ki ep".to_string()])]);
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
    fn a_pattern_the_analysis_splits_is_tantivys_phrase_prefix() {
        let (index, fields) = index_of(&["Talks in Kyiv-Berlin format".to_string()]);
        let searcher = index.reader().unwrap().searcher();
        let built = |query: &str| {
            let parsed = parse(&index, Path::new("test"), &fields, &searcher, query, None).unwrap();
            format!("{:?}", parsed.query)
        };
        // The same query, the title boosted once.
        assert_eq!(built("kyiv-ber*"), built("\"kyiv ber\"*"));
        assert_eq!(built("kyiv-ber*").matches("boost=2").count(), 1);
        assert_eq!(matching(&index, &fields, "kyiv-ber*").unwrap(), [0]);
    }

    #[test]
    fn a_word_ending_in_a_tilde_finds_words_within_its_edits() {
        let (index, fields) = index_of(&[
            "Shelling in Kharkiv overnight.".to_string(),
            "Kharkov, as the Russian press spells it.".to_string(),
            "President Zelenskyy spoke.".to_string(),
            "Zelensky, in another spelling.".to_string(),
            "Kherson was quiet.".to_string(),
        ]);
        let found = |query| matching(&index, &fields, query).unwrap();
        assert_eq!(found("kharkov"), [1]);
        assert_eq!(found("kharkov~1"), [0, 1]);
        assert_eq!(found("kharkov~"), [0, 1]);
        assert_eq!(found("kharkov~0"), [1]);
        // "zelensky" and "zelenskyy" are two edits apart once stemmed.
        assert_eq!(found("zelenskyy~1"), [2]);
        assert_eq!(found("zelenskyy~2"), [2, 3]);
        assert_eq!(found("kharkov~1 shelling"), [0]);
        assert_eq!(found("title:kharkov~1"), Vec::<u32>::new());
        assert_eq!(found("kherson~1 OR kharkiv"), [0, 4]);
    }

    #[test]
    fn a_pattern_of_too_many_words_is_refused_with_what_to_do() {
        let words: Vec<String> = (0..=MAX_EXPANSIONS).map(|i| format!("w{i:05}")).collect();
        let (index, fields) = index_of(&[words.join(" ")]);
        let refused = matching(&index, &fields, "w0*").unwrap_err();
        assert!(
            refused.to_string().contains(&format!(
                "w0* stands for more than {MAX_EXPANSIONS} words of the body; type more of the word"
            )),
            "{refused}"
        );
        assert_eq!(matching(&index, &fields, "w0000*").unwrap(), [0]);
        // Every word of one to three letters: "ab" is within two edits of
        // hundreds of them, within one of fewer than a hundred.
        let letters = || (b'a'..=b'z').map(char::from);
        let mut short = Vec::new();
        for a in letters() {
            for b in letters() {
                short.push(format!("{a}{b}"));
                short.extend(letters().map(|c| format!("{a}{b}{c}")));
            }
        }
        let (index, fields) = index_of(&[short.join(" ")]);
        let refused = matching(&index, &fields, "ab~").unwrap_err();
        assert!(
            refused.to_string().contains(&format!(
                "ab~2 stands for more than {MAX_EXPANSIONS} words of the body; allow fewer edits (ab~1)"
            )),
            "{refused}"
        );
        assert_eq!(matching(&index, &fields, "ab~1").unwrap(), [0]);
    }

    #[test]
    fn only_a_trailing_star_or_tilde_makes_a_pattern() {
        let literal = |phrase: &str, delimiter, prefix| UserInputLiteral {
            field_name: None,
            phrase: phrase.to_string(),
            delimiter,
            slop: 0,
            prefix,
        };
        let word = |phrase, delimiter, prefix| {
            pattern_word(&literal(phrase, delimiter, prefix))
                .map(|(word, pattern)| (word.to_string(), pattern))
        };
        assert_eq!(
            word("ukr*", Delimiter::None, false),
            Some(("ukr".to_string(), Pattern::Prefix))
        );
        assert_eq!(
            word("ukr", Delimiter::DoubleQuotes, true),
            Some(("ukr".to_string(), Pattern::Prefix))
        );
        assert_eq!(
            word("kharkov~", Delimiter::None, false),
            Some(("kharkov".to_string(), Pattern::Within(2)))
        );
        assert_eq!(
            word("kharkov~1", Delimiter::None, false),
            Some(("kharkov".to_string(), Pattern::Within(1)))
        );
        assert_eq!(word("kharkov~3", Delimiter::None, false), None);
        assert_eq!(word("kharkov~x", Delimiter::None, false), None);
        assert_eq!(word("~1", Delimiter::None, false), None);
        assert_eq!(word("ukr", Delimiter::None, false), None);
        assert_eq!(word("u*kr", Delimiter::None, false), None);
        assert_eq!(word("*", Delimiter::None, false), None);
        assert_eq!(word("big wo", Delimiter::DoubleQuotes, true), None);
    }
}
