//! Answering searches, `show` and `stats` from the index.
//!
//! A search collects every matching article with its story key (a fast
//! field), so that copies collapse into one hit per story and `total` counts
//! stories, not articles, however many copies match; facet values are
//! gathered on the way, so their counts cover every match, not just the
//! page shown. Only the page of hits asked for is read from the document
//! store.

use std::collections::HashMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::query_grammar;
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

use super::facets;
use super::schema::{self, name, Fields};
use super::{at, Error, QueryError};
use crate::entities::{Extractor, UserEntities};
use crate::search::{
    Article, Copy, Dimension, FacetList, FacetRequest, Facets, Hit, Kind, Request, Results,
    Snippet, Sort, Stats,
};

/// How much the title weighs against the body.
const TITLE_BOOST: Score = 2.0;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// Reads an index: searches, single articles, statistics.
pub struct Reader {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    /// Built on first use: only `--actor` and `--location` need it.
    extractor: OnceLock<Extractor>,
    /// The facet values of each segment, read on first use.
    facet_values: FacetValues,
}

/// The facet values of the index, and each segment's by ordinal: read on
/// first use and kept while the reader lives. A segment's facet dictionary
/// is compressed in blocks, and reading it again for every search was a
/// third of a search's time; segments never change, so their values can be
/// kept, each with an id, and a search gathers ids.
#[derive(Default)]
struct FacetValues(Mutex<FacetTable>);

#[derive(Default)]
struct FacetTable {
    /// Every value seen so far; shared with the searches that count them.
    values: Arc<facets::Values>,
    /// Per segment and dimension: the id of each ordinal's value.
    segments: HashMap<(SegmentId, Dimension), Arc<Vec<u32>>>,
}

/// The id of an ordinal whose value could not be decoded.
const NO_VALUE: u32 = u32::MAX;

/// One matching article, as the collector sees it.
#[derive(Debug, Clone, Copy)]
struct Match {
    address: DocAddress,
    score: Score,
    story: u64,
    published: Option<i64>,
}

impl FacetValues {
    /// The ids of the values of `dimension` in `segment`, by ordinal.
    fn of(&self, segment: &SegmentReader, dimension: Dimension) -> tantivy::Result<Arc<Vec<u32>>> {
        let key = (segment.segment_id(), dimension);
        if let Some(ids) = self.lock().segments.get(&key) {
            return Ok(Arc::clone(ids));
        }
        let reader = segment.facet_reader(facets::field_name(dimension))?;
        let dictionary = reader.facet_dict();
        let ords: Vec<u64> = (0..dictionary.num_terms() as u64).collect();
        let mut facets = Vec::with_capacity(ords.len());
        dictionary.sorted_ords_to_term_cb(&ords, |bytes| {
            facets.push(Facet::from_encoded(bytes.to_vec()).ok());
        })?;
        let mut table = self.lock();
        let values = Arc::make_mut(&mut table.values);
        let ids: Vec<u32> = facets
            .into_iter()
            .map(|facet| facet.map_or(NO_VALUE, |facet| values.intern(dimension, facet)))
            .collect();
        let ids = Arc::new(ids);
        table.segments.insert(key, Arc::clone(&ids));
        Ok(ids)
    }

    /// The values seen so far, for counting.
    fn values(&self) -> Arc<facets::Values> {
        Arc::clone(&self.lock().values)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FacetTable> {
        // Every change to the table is whole by the time the lock is
        // released, so a lock poisoned by a panic elsewhere is still good.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Reader {
    /// Opens the index in `dir` for reading; [`Error::Missing`] if there is none.
    pub fn open(dir: &Path) -> Result<Reader, Error> {
        let (index, fields) = super::open(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(at(dir))?;
        Ok(Reader {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            extractor: OnceLock::new(),
            facet_values: FacetValues::default(),
        })
    }

    /// Runs a search.
    pub fn search(&self, request: &Request) -> Result<Results, Error> {
        let started = std::time::Instant::now();
        let searcher = self.reader.searcher();
        let user_query = self.parse(&request.query)?;
        let filtered = self.with_filters(&searcher, user_query.box_clone(), request)?;
        let collector = MatchCollector {
            facets: (request.facets > 0).then_some(&self.facet_values),
            all_copies: request.all_copies,
        };
        let collected = searcher
            .search(&filtered, &collector)
            .map_err(at(&self.dir))?;
        let mut groups = representatives(collected.matches, request.all_copies);
        sort(&mut groups, request.sort);
        let total = groups.len() as u64;

        let mut snippets = SnippetGenerator::create(&searcher, &*user_query, self.fields.body)
            .map_err(at(&self.dir))?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let hits = groups
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|m| self.hit(&searcher, &snippets, m))
            .collect::<Result<_, _>>()?;
        let values = self.facet_values.values();
        let count = |dimension| {
            collected
                .tally
                .count(&values, dimension, None, request.facets)
        };
        Ok(Results {
            query: request.query.clone(),
            total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets: Facets {
                actor: count(Dimension::Actor),
                location: count(Dimension::Location),
            },
        })
    }

    /// Counts the values of one facet over the stories a request matches.
    pub fn facets(&self, request: &FacetRequest) -> Result<FacetList, Error> {
        let searcher = self.reader.searcher();
        let query = self.parse(&request.search.query)?;
        let filtered = self.with_filters(&searcher, query, &request.search)?;
        let collector = MatchCollector {
            facets: Some(&self.facet_values),
            all_copies: request.search.all_copies,
        };
        let collected = searcher
            .search(&filtered, &collector)
            .map_err(at(&self.dir))?;
        let under = match &request.under {
            Some(name) => Some(self.resolve(&searcher, Dimension::Location, name)?),
            None => None,
        };
        let total = representatives(collected.matches, request.search.all_copies).len() as u64;
        Ok(FacetList {
            dimension: request.dimension,
            query: request.search.query.clone(),
            under: under
                .as_ref()
                .map(|u| u.to_path().into_iter().map(str::to_string).collect()),
            total,
            values: collected.tally.count(
                &self.facet_values.values(),
                request.dimension,
                under.as_ref(),
                request.search.facets,
            ),
        })
    }

    /// The facet a user's name stands for, through the gazetteer (with the
    /// user's own entities kept with the index) and the index's own values.
    fn resolve(
        &self,
        searcher: &Searcher,
        dimension: Dimension,
        name: &str,
    ) -> Result<Facet, Error> {
        let extractor = match self.extractor.get() {
            Some(extractor) => extractor,
            None => {
                let user = match super::user_entities(&self.dir)? {
                    Some(text) => UserEntities::parse(&text).ok(),
                    None => None,
                };
                self.extractor.get_or_init(|| Extractor::new(user.as_ref()))
            }
        };
        facets::resolve(extractor, searcher, &self.dir, dimension, name)
    }

    /// The article with this id, with the other articles of its story.
    pub fn article(&self, id: &str) -> Result<Option<Article>, Error> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let found = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .map_err(at(&self.dir))?;
        let Some(&address) = found.iter().min() else {
            return Ok(None);
        };
        let doc = self.doc(&searcher, address)?;
        if doc.text(self.fields.kind) == schema::FILE_KIND {
            return Ok(None);
        }
        let story = doc.text(self.fields.story);
        let copies = self.copies(&searcher, &story, address)?;
        let body = doc.text(self.fields.body);
        Ok(Some(Article {
            id: doc.text(self.fields.id),
            title: doc.text(self.fields.title),
            published: doc.date(self.fields.published),
            source: doc.optional(self.fields.source),
            url: doc.optional(self.fields.url),
            path: doc.text(self.fields.path),
            kind: doc.kind(self.fields.kind),
            copy_of: doc.optional(self.fields.copy_of),
            paragraphs: body
                .split("\n\n")
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            repeated_paragraphs: doc.number(self.fields.repeated),
            story,
            actors: doc.facet_names(self.fields.actor),
            locations: doc.facet_names(self.fields.location),
            copies,
        }))
    }

    /// The size of the archive.
    pub fn stats(&self) -> Result<Stats, Error> {
        let searcher = self.reader.searcher();
        let mut stats = Stats::default();
        let mut stories = std::collections::HashSet::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let io = at(&self.dir);
            let story_keys = fast.u64(name::STORY_KEY).map_err(&io)?;
            let repeated = fast.u64(name::REPEATED).map_err(&io)?;
            let published = fast.date(name::PUBLISHED).map_err(&io)?;
            let kinds = fast
                .str(name::KIND)
                .map_err(&io)?
                .ok_or_else(|| Error::Incompatible(self.dir.clone()))?;
            let mut kind_name = String::new();
            for doc in segment.doc_ids_alive() {
                kind_name.clear();
                let kind = kinds
                    .term_ords(doc)
                    .next()
                    .and_then(|ord| kinds.ord_to_str(ord, &mut kind_name).ok())
                    .and_then(|found| found.then(|| Kind::from_name(&kind_name)))
                    .flatten();
                if kind_name == schema::FILE_KIND {
                    continue;
                }
                match kind {
                    Some(Kind::Exact) => {
                        stats.exact_copies += 1;
                        continue;
                    }
                    Some(Kind::Near) => stats.near_copies += 1,
                    _ => {}
                }
                stats.articles += 1;
                stories.insert(story_keys.first(doc).unwrap_or_default());
                stats.repeated_paragraphs += repeated.first(doc).unwrap_or_default();
                if let Some(date) = published.first(doc).and_then(to_chrono) {
                    stats.earliest = Some(stats.earliest.map_or(date, |e| e.min(date)));
                    stats.latest = Some(stats.latest.map_or(date, |l| l.max(date)));
                }
            }
        }
        stats.stories = stories.len() as u64;
        stats.index_bytes = directory_size(&self.dir);
        Ok(stats)
    }

    /// Parses a query in tantivy's syntax, words required by default, the
    /// title weighing more than the body.
    fn parse(&self, query: &str) -> Result<Box<dyn Query>, Error> {
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
        if let Some(first) = errors.first() {
            let position = query
                .char_indices()
                .take_while(|&(byte, _)| byte < first.pos)
                .count();
            return Err(error(Some(position), first.message.to_lowercase()).into());
        }
        let mut parser =
            QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, TITLE_BOOST);
        parser
            .build_query_from_user_input_ast(ast)
            .map_err(|e| error(None, e.to_string()).into())
    }

    /// Adds the request's filters to `query`, and leaves exact-copy records
    /// (listed under their story, never matched themselves) and file
    /// records out.
    fn with_filters(
        &self,
        searcher: &Searcher,
        query: Box<dyn Query>,
        request: &Request,
    ) -> Result<BooleanQuery, Error> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        if !request.sources.is_empty() {
            let any_source = request
                .sources
                .iter()
                .map(|s| {
                    let term = Term::from_field_text(f.source, &s.to_lowercase());
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_source))));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |date: Option<DateTime<Utc>>| match date {
                Some(d) => Bound::Included(Term::from_field_date(
                    f.published,
                    tantivy::DateTime::from_timestamp_secs(d.timestamp()),
                )),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(request.since), bound(request.until));
            clauses.push((Occur::Must, Box::new(range)));
        }
        let named = [
            (Dimension::Actor, f.actor, &request.actors),
            (Dimension::Location, f.location, &request.locations),
        ];
        for (dimension, field, names) in named {
            for name in names {
                let facet = self.resolve(searcher, dimension, name)?;
                let term = Term::from_facet(field, &facet);
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
        }
        for kind in [Kind::Exact.as_str(), schema::FILE_KIND] {
            let term = Term::from_field_text(f.kind, kind);
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        Ok(BooleanQuery::new(clauses))
    }

    /// Builds the hit for a match: stored fields, snippet, copies.
    fn hit(
        &self,
        searcher: &Searcher,
        snippets: &SnippetGenerator,
        m: &Match,
    ) -> Result<Hit, Error> {
        let doc = self.doc(searcher, m.address)?;
        let body = doc.text(self.fields.body);
        let snippet = snippets.snippet(&body);
        let snippet = if snippet.is_empty() {
            let text = lead(&body, SNIPPET_CHARS);
            Snippet {
                cut_after: text.len() < body.len(),
                text,
                highlighted: Vec::new(),
                cut_before: false,
            }
        } else {
            let range = snippet.fragment_range();
            Snippet {
                text: snippet.fragment().to_string(),
                highlighted: snippet.highlighted().to_vec(),
                cut_before: range.start > 0,
                cut_after: range.end < body.len(),
            }
        };
        let story = doc.text(self.fields.story);
        Ok(Hit {
            id: doc.text(self.fields.id),
            title: doc.text(self.fields.title),
            published: doc.date(self.fields.published),
            source: doc.optional(self.fields.source),
            url: doc.optional(self.fields.url),
            path: doc.text(self.fields.path),
            score: m.score,
            snippet,
            actors: doc.facet_names(self.fields.actor),
            locations: doc.facet_names(self.fields.location),
            copies: self.copies(searcher, &story, m.address)?,
        })
    }

    /// The articles of `story` other than the one at `except`, earliest
    /// published first (undated last, then by id).
    fn copies(
        &self,
        searcher: &Searcher,
        story: &str,
        except: DocAddress,
    ) -> Result<Vec<Copy>, Error> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.story, story),
            IndexRecordOption::Basic,
        );
        let members = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .map_err(at(&self.dir))?;
        let mut copies = members
            .into_iter()
            .filter(|&a| a != except)
            .map(|address| {
                let doc = self.doc(searcher, address)?;
                let copy = Copy {
                    id: doc.text(self.fields.id),
                    path: doc.text(self.fields.path),
                    source: doc.optional(self.fields.source),
                    url: doc.optional(self.fields.url),
                    kind: doc.kind(self.fields.kind),
                };
                Ok((doc.date(self.fields.published), copy))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        copies.sort_by(|(a_date, a), (b_date, b)| {
            (a_date.is_none(), a_date, &a.id).cmp(&(b_date.is_none(), b_date, &b.id))
        });
        Ok(copies.into_iter().map(|(_, copy)| copy).collect())
    }

    fn doc(&self, searcher: &Searcher, address: DocAddress) -> Result<Stored, Error> {
        searcher.doc(address).map(Stored).map_err(at(&self.dir))
    }
}

/// A stored document, with typed access to its fields.
struct Stored(TantivyDocument);

impl Stored {
    fn optional(&self, field: tantivy::schema::Field) -> Option<String> {
        self.0
            .get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }

    fn text(&self, field: tantivy::schema::Field) -> String {
        self.optional(field).unwrap_or_default()
    }

    fn number(&self, field: tantivy::schema::Field) -> u64 {
        self.0
            .get_first(field)
            .and_then(|v| v.as_u64())
            .unwrap_or_default()
    }

    fn date(&self, field: tantivy::schema::Field) -> Option<DateTime<Utc>> {
        self.0
            .get_first(field)
            .and_then(|v| v.as_datetime())
            .and_then(to_chrono)
    }

    /// The last segment of every facet stored in `field`, in stored order.
    fn facet_names(&self, field: tantivy::schema::Field) -> Vec<String> {
        self.0
            .get_all(field)
            .filter_map(|v| v.as_facet())
            .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
            .filter_map(|facet| facet.to_path().last().map(|name| name.to_string()))
            .collect()
    }

    fn kind(&self, field: tantivy::schema::Field) -> Kind {
        Kind::from_name(&self.text(field)).unwrap_or(Kind::Original)
    }
}

fn to_chrono(date: tantivy::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(date.into_timestamp_secs(), 0)
}

/// One match per story, its best (all of them with `all_copies`).
fn representatives(matches: Vec<Match>, all_copies: bool) -> Vec<Match> {
    if all_copies {
        return matches;
    }
    let mut best: HashMap<u64, Match> = HashMap::new();
    for m in matches {
        best.entry(m.story)
            .and_modify(|b| {
                if better(&m, b) {
                    *b = m;
                }
            })
            .or_insert(m);
    }
    best.into_values().collect()
}

/// Whether `a` should represent its story rather than `b`: the higher
/// score, and among equals the earlier indexed.
fn better(a: &Match, b: &Match) -> bool {
    a.score > b.score || (a.score == b.score && a.address < b.address)
}

/// Orders hits; ties fall back to index order so the output is stable.
fn sort(matches: &mut [Match], order: Sort) {
    let by_score =
        |a: &Match, b: &Match| b.score.total_cmp(&a.score).then(a.address.cmp(&b.address));
    match order {
        Sort::Relevance => matches.sort_by(by_score),
        Sort::Newest => matches.sort_by(|a, b| {
            b.published
                .is_some()
                .cmp(&a.published.is_some())
                .then(b.published.cmp(&a.published))
                .then(by_score(a, b))
        }),
        Sort::Oldest => matches.sort_by(|a, b| {
            b.published
                .is_some()
                .cmp(&a.published.is_some())
                .then(a.published.cmp(&b.published))
                .then(by_score(a, b))
        }),
    }
}

/// The first `chars` characters of `text`'s first paragraph, cut at a
/// word boundary.
fn lead(text: &str, chars: usize) -> String {
    let first = text.split("\n\n").next().unwrap_or_default();
    match first.char_indices().nth(chars) {
        None => first.to_string(),
        Some((end, _)) => {
            let cut = first[..end].rfind(' ').unwrap_or(end);
            first[..cut].to_string()
        }
    }
}

/// Bytes taken by the files in `dir`.
fn directory_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum()
}

/// Collects every match with its score, story key and publication time,
/// and, when given the facet values, those each match carries.
struct MatchCollector<'r> {
    facets: Option<&'r FacetValues>,
    all_copies: bool,
}

/// What [`MatchCollector`] gathers.
#[derive(Default)]
struct Collected {
    matches: Vec<Match>,
    tally: facets::Tally,
}

struct SegmentMatches {
    segment: SegmentOrdinal,
    story_keys: Column<u64>,
    published: Column<tantivy::DateTime>,
    /// Per dimension: its ordinals' reader and the ids of their values.
    facet_readers: Vec<(FacetReader, Arc<Vec<u32>>)>,
    all_copies: bool,
    tally: facets::Tally,
    matches: Vec<Match>,
}

impl Collector for MatchCollector<'_> {
    type Fruit = Collected;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let facet_readers = match self.facets {
            Some(values) => [Dimension::Actor, Dimension::Location]
                .into_iter()
                .map(|d| {
                    let ords = reader.facet_reader(facets::field_name(d))?;
                    Ok((ords, values.of(reader, d)?))
                })
                .collect::<tantivy::Result<_>>()?,
            None => Vec::new(),
        };
        Ok(SegmentMatches {
            segment,
            story_keys: reader.fast_fields().u64(name::STORY_KEY)?,
            published: reader.fast_fields().date(name::PUBLISHED)?,
            facet_readers,
            all_copies: self.all_copies,
            tally: facets::Tally::default(),
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut all = Collected::default();
        for fruit in fruits {
            all.matches.extend(fruit.matches);
            all.tally.merge(fruit.tally);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        let story = self.story_keys.first(doc).unwrap_or_default();
        let address = DocAddress::new(self.segment, doc);
        let group = if self.all_copies {
            u64::from(self.segment) << 32 | u64::from(doc)
        } else {
            story
        };
        if !self.facet_readers.is_empty() {
            let values = self.facet_readers.iter().flat_map(|(reader, ids)| {
                reader
                    .facet_ords(doc)
                    .filter_map(|ord| ids.get(usize::try_from(ord).ok()?).copied())
                    .filter(|&id| id != NO_VALUE)
            });
            self.tally.add(group, values);
        }
        self.matches.push(Match {
            address,
            score,
            story,
            published: self.published.first(doc).map(|d| d.into_timestamp_secs()),
        });
    }

    fn harvest(self) -> Collected {
        Collected {
            matches: self.matches,
            tally: self.tally,
        }
    }
}
