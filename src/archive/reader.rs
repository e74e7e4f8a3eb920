//! Answering searches, `show` and `stats` from the index.
//!
//! A search collects every matching article with its score and story key
//! (a fast field), so that copies collapse into one hit per story and
//! `total` counts stories, not articles, however many copies match. Facet
//! values are then counted over all those matches (see `facets`), not just
//! the page shown, and only the stories that can be on the page are sorted.
//! Only the page of hits asked for is read from the document store.

use std::collections::BinaryHeap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, InvertedIndexReader, ReloadPolicy, Score, Searcher,
    SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use super::doc_ords::DocOrdFiles;
use super::facet_values::FacetValues;
use super::facets;
use super::query;
use super::schema::{self, name, Fields};
use super::{at, live_docs, stored_facets, to_chrono, Error};
use crate::entities::{Extractor, NameKind, SpellingLists, UserEntities};
use crate::search::{
    self, Article, Copy, Dimension, FacetList, FacetRequest, Facets, Hit, Interval, Kind, Notes,
    OtherSpellings, Request, Results, Snippet, Sort, SourceGuess, Stats, Timeline, TimelineRequest,
};

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// How many of the ids that start alike [`Error::AmbiguousId`] lists.
const AMBIGUOUS_IDS_SHOWN: usize = 10;

/// Reads an index: searches, single articles, statistics.
pub struct Reader {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    /// The decoded gazetteer, built on first use: only a filter's name that
    /// nothing knows needs it, for the known names closest to it.
    extractor: OnceLock<Extractor>,
    /// The user's own entities kept with the index, read on first use.
    user_entities: OnceLock<Option<UserEntities>>,
    /// The facet values of each segment: saved by the indexer, or met by
    /// searches so far.
    facet_values: FacetValues,
    /// The files of facet ordinals per article met so far.
    doc_ords: DocOrdFiles,
}

/// One matching article, as the collector sees it.
#[derive(Debug, Clone, Copy)]
struct Match {
    address: DocAddress,
    score: Score,
    story: u64,
}

impl Reader {
    /// Opens the index in `dir` for reading; [`Error::Missing`] if there is none.
    pub fn open(dir: &Path) -> Result<Reader, Error> {
        let (mut index, fields) = super::open(dir)?;
        index.set_default_multithread_executor().map_err(at(dir))?;
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
            user_entities: OnceLock::new(),
            facet_values: FacetValues::load(dir),
            doc_ords: DocOrdFiles::new(dir),
        })
    }

    /// Runs a search.
    pub fn search(&self, request: &Request) -> Result<Results, Error> {
        let started = std::time::Instant::now();
        let searcher = self.reader.searcher();
        let (user_query, spellings) = self.parse(&searcher, request)?;
        let (filtered, mut notes) =
            self.with_filters(&searcher, user_query.box_clone(), request)?;
        notes.spellings = spellings;
        let matches = searcher
            .search(&filtered, &MatchCollector)
            .map_err(at(&self.dir))?;
        let stories = Stories::of(&matches, request.all_copies);
        let dates = Dates::of(&searcher, request.sort).map_err(at(&self.dir))?;
        let page = stories.page(&matches, request.sort, request.offset, request.limit, |a| {
            dates.published(a)
        });

        let hits = || -> Result<Vec<Hit>, Error> {
            let mut snippets = SnippetGenerator::create(&searcher, &*user_query, self.fields.body)
                .map_err(at(&self.dir))?;
            snippets.set_max_num_chars(SNIPPET_CHARS);
            page.iter()
                .map(|m| self.hit(&searcher, &snippets, m))
                .collect()
        };
        let counted = match request.facets {
            0 => Vec::new(),
            _ => stories.counted(&matches),
        };
        let count = |dimension| {
            if request.facets == 0 {
                return Ok(Vec::new());
            }
            facets::count(
                &searcher,
                &self.facet_values,
                &self.doc_ords,
                &counted,
                dimension,
                None,
                request.facets,
            )
            .map_err(at(&self.dir))
        };
        // Counting each facet reads a column over every match, and the
        // hits read the document store: on a broad query each takes a
        // while, so they share the cores.
        let (actor, (location, hits)) = std::thread::scope(|scope| {
            let actor = scope.spawn(|| count(Dimension::Actor));
            let rest = (count(Dimension::Location), hits());
            (actor.join(), rest)
        });
        let actor = actor.unwrap_or_else(|_| count(Dimension::Actor));
        Ok(Results {
            query: request.query.clone(),
            total: stories.len() as u64,
            took_ms: started.elapsed().as_millis() as u64,
            hits: hits?,
            facets: Facets {
                actor: actor?,
                location: location?,
            },
            notes,
        })
    }

    /// Counts the values of one facet over the stories a request matches.
    pub fn facets(&self, request: &FacetRequest) -> Result<FacetList, Error> {
        let searcher = self.reader.searcher();
        let (matches, mut notes) = self.matches(&searcher, &request.search)?;
        // A place's name that the index holds at several paths is counted
        // under the first of them.
        let under = match &request.under {
            Some(name) => {
                let resolved = self.resolve(&searcher, Dimension::Location, name)?;
                notes.namesakes.extend(resolved.namesakes);
                resolved.facets.into_iter().next()
            }
            None => None,
        };
        let stories = Stories::of(&matches, request.search.all_copies);
        let values = facets::count(
            &searcher,
            &self.facet_values,
            &self.doc_ords,
            &stories.counted(&matches),
            request.dimension,
            under.as_ref(),
            request.search.facets,
        )
        .map_err(at(&self.dir))?;
        Ok(FacetList {
            dimension: request.dimension,
            query: request.search.query.clone(),
            under: under
                .as_ref()
                .map(|u| u.to_path().into_iter().map(str::to_string).collect()),
            total: stories.len() as u64,
            values,
            notes,
        })
    }

    /// Counts the stories a request matches per day, week, month or year,
    /// each story at the earliest publication of its matching articles.
    pub fn timeline(&self, request: &TimelineRequest) -> Result<Timeline, Error> {
        let searcher = self.reader.searcher();
        let (matches, notes) = self.matches(&searcher, &request.search)?;
        let stories = Stories::of(&matches, request.search.all_copies);
        let dates = Dates::all(&searcher).map_err(at(&self.dir))?;
        let mut earliest: Vec<Option<i64>> = vec![None; stories.len()];
        let published = dates.published_of_each(&matches);
        for (&group, published) in stories.group_of.iter().zip(published) {
            if let Some(published) = published {
                let first = &mut earliest[group as usize];
                *first = Some(first.map_or(published, |day| day.min(published)));
            }
        }
        let days: Vec<NaiveDate> = (earliest.iter().flatten())
            .filter_map(|&secs| Some(DateTime::<Utc>::from_timestamp(secs, 0)?.date_naive()))
            .collect();
        let span = search::span(
            &days,
            request.search.since.map(|t| t.date_naive()),
            request.search.until.map(|t| t.date_naive()),
        );
        let interval = (request.interval)
            .or_else(|| span.map(|(first, last)| Interval::to_show(first, last)))
            .unwrap_or(Interval::Day);
        Ok(Timeline {
            query: request.search.query.clone(),
            total: stories.len() as u64,
            interval,
            periods: span.map_or_else(Vec::new, |span| search::periods(&days, interval, span)),
            undated: (stories.len() - days.len()) as u64,
            notes,
        })
    }

    /// Every article a request's query and filters match, with the notes
    /// on how its names were read.
    fn matches(
        &self,
        searcher: &Searcher,
        request: &Request,
    ) -> Result<(Vec<Match>, Notes), Error> {
        let (query, spellings) = self.parse(searcher, request)?;
        let (filtered, mut notes) = self.with_filters(searcher, query, request)?;
        notes.spellings = spellings;
        let matches = searcher
            .search(&filtered, &MatchCollector)
            .map_err(at(&self.dir))?;
        Ok((matches, notes))
    }

    /// The facets a user's name stands for, through the lists read in
    /// place (with the user's own entities kept with the index) and the
    /// index's own values ([`facets::resolve`]).
    fn resolve(
        &self,
        searcher: &Searcher,
        dimension: Dimension,
        name: &str,
    ) -> Result<facets::Resolved, Error> {
        let lists = SpellingLists::new(self.user_entities()?);
        let decoded = || self.resolver();
        facets::resolve(&lists, decoded, searcher, &self.dir, dimension, name)
    }

    /// The decoded gazetteer, with the user's own entities kept with the
    /// index, built the first time it is needed.
    fn resolver(&self) -> Result<&Extractor, Error> {
        if let Some(extractor) = self.extractor.get() {
            return Ok(extractor);
        }
        let user = self.user_entities()?;
        Ok(self.extractor.get_or_init(|| Extractor::resolver(user)))
    }

    /// The user's own entities kept with the index, if any (a file that no
    /// longer parses is left out, as when indexing).
    fn user_entities(&self) -> Result<Option<&UserEntities>, Error> {
        if let Some(user) = self.user_entities.get() {
            return Ok(user.as_ref());
        }
        let user = match super::user_entities(&self.dir)? {
            Some(text) => UserEntities::parse(&text).ok(),
            None => None,
        };
        Ok(self.user_entities.get_or_init(|| user).as_ref())
    }

    /// The article with this id, or else the one article whose id starts
    /// with it (as a search prints them, shortened: `fakes-017`), or else
    /// the one read from a file whose name starts with it (`000_d889` for
    /// `corpus/000_d889c6ce5bc20b57.txt`), with the other articles of its
    /// story; [`Error::AmbiguousId`] when several ids start with it.
    pub fn article(&self, id: &str) -> Result<Option<Article>, Error> {
        let searcher = self.reader.searcher();
        if let Some(article) = self.article_with_id(&searcher, id)? {
            return Ok(Some(article));
        }
        let mut candidates = self.ids_starting_with(&searcher, id, AMBIGUOUS_IDS_SHOWN + 1)?;
        if candidates.is_empty() {
            candidates = self.ids_of_files_named(&searcher, id, AMBIGUOUS_IDS_SHOWN + 1)?;
        }
        match candidates.len() {
            0 => Ok(None),
            1 => self.article_with_id(&searcher, &candidates[0]),
            _ => {
                let more = candidates.len() > AMBIGUOUS_IDS_SHOWN;
                candidates.truncate(AMBIGUOUS_IDS_SHOWN);
                Err(Error::AmbiguousId {
                    id: id.to_string(),
                    candidates,
                    more,
                })
            }
        }
    }

    /// The ids of articles that start with `prefix` (not `prefix` itself),
    /// at most `limit` of them, in order.
    fn ids_starting_with(
        &self,
        searcher: &Searcher,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, Error> {
        self.ids_where(searcher, prefix, limit, |id| {
            if id.starts_with(prefix) {
                (id != prefix).then_some(true)
            } else {
                Some(false)
            }
        })
    }

    /// The ids of articles read from a file whose name (the id past its
    /// last `/`: `000_d889c6ce5bc20b57.txt`, `feed.jsonl:12`) starts with
    /// `name`, at most `limit` of them, in order. Reads every id of the
    /// index, so it is the last thing [`Reader::article`] tries.
    fn ids_of_files_named(
        &self,
        searcher: &Searcher,
        name: &str,
        limit: usize,
    ) -> Result<Vec<String>, Error> {
        if name.is_empty() || name.contains(['/', '\\']) {
            return Ok(Vec::new());
        }
        self.ids_where(searcher, "", limit, |id| {
            let named = id.rsplit_once(['/', '\\']);
            named
                .is_some_and(|(_, file)| file.starts_with(name))
                .then_some(true)
        })
    }

    /// The ids of live articles from `start` on, in each segment's order,
    /// that `take` says to take (`Some(true)`), skipping those it says
    /// nothing of (`None`) and stopping a segment at the first it refuses
    /// (`Some(false)`); at most `limit`, in order.
    fn ids_where(
        &self,
        searcher: &Searcher,
        start: &str,
        limit: usize,
        take: impl Fn(&str) -> Option<bool>,
    ) -> Result<Vec<String>, Error> {
        let mut ids = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = (segment.inverted_index(self.fields.id)).map_err(at(&self.dir))?;
            let mut terms = (inverted.terms().range().ge(start.as_bytes()).into_stream())
                .map_err(|e| at(&self.dir)(e.into()))?;
            let mut taken = 0;
            while taken < limit && terms.advance() {
                let Ok(id) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let wanted = take(id);
                if wanted == Some(false) {
                    break;
                }
                if wanted == Some(true)
                    && !id.starts_with(schema::FILE_ID_PREFIX)
                    && self.is_live(segment, &inverted, id)?
                {
                    ids.insert(id.to_string());
                    taken += 1;
                }
            }
        }
        Ok(ids.into_iter().take(limit).collect())
    }

    /// Whether an article of `segment` that is not deleted has this id: a
    /// deleted article's id stays in the dictionary until its segment is
    /// merged.
    fn is_live(
        &self,
        segment: &SegmentReader,
        inverted: &InvertedIndexReader,
        id: &str,
    ) -> Result<bool, Error> {
        let term = Term::from_field_text(self.fields.id, id);
        let postings = (inverted.read_postings(&term, IndexRecordOption::Basic))
            .map_err(|e| at(&self.dir)(e.into()))?;
        Ok(postings.is_some_and(|p| live_docs(segment, p).next().is_some()))
    }

    /// The article whose id is exactly `id`.
    fn article_with_id(&self, searcher: &Searcher, id: &str) -> Result<Option<Article>, Error> {
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
        let doc = self.doc(searcher, address)?;
        if doc.text(self.fields.kind) == schema::FILE_KIND {
            return Ok(None);
        }
        let story = doc.text(self.fields.story);
        let copies = self.copies(searcher, &story, address)?;
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
            paragraphs: schema::paragraphs(&body),
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

    /// Parses a request's query for this index ([`query::parse`]), its
    /// names standing for their other spellings too unless it asks for
    /// them as typed.
    fn parse(
        &self,
        searcher: &Searcher,
        request: &Request,
    ) -> Result<(Box<dyn Query>, Vec<OtherSpellings>), Error> {
        let lists = SpellingLists::new(self.user_entities()?);
        let speller = |name: &str| lists.spellings(name);
        let speller: Option<query::Speller> = (!request.as_typed).then_some(&speller);
        let parsed = query::parse(
            &self.index,
            &self.dir,
            &self.fields,
            searcher,
            &request.query,
            speller,
        )?;
        let spellings = parsed
            .spelt
            .into_iter()
            .map(|(typed, spellings)| OtherSpellings {
                typed,
                dimension: match spellings.kind {
                    NameKind::Actor => Dimension::Actor,
                    NameKind::Place => Dimension::Location,
                },
                name: spellings.name,
                spellings: spellings.others,
            });
        Ok((parsed.query, spellings.collect()))
    }

    /// Adds the request's filters to `query`, and leaves exact-copy records
    /// (listed under their story, never matched themselves) and file
    /// records out; with the notes on the filters (their place names that
    /// other places bear too, their sources that no outlet is named as
    /// written).
    fn with_filters(
        &self,
        searcher: &Searcher,
        query: Box<dyn Query>,
        request: &Request,
    ) -> Result<(BooleanQuery, Notes), Error> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        let mut sources = Vec::new();
        if !request.sources.is_empty() {
            let mut any_source = Vec::new();
            for typed in &request.sources {
                let (outlets, guess) = self.outlets(searcher, typed)?;
                sources.extend(guess);
                for outlet in outlets {
                    let term = Term::from_field_text(f.source, &outlet);
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    any_source.push((Occur::Should, q));
                }
            }
            clauses.push((Occur::Must, filter(BooleanQuery::new(any_source))));
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
            clauses.push((Occur::Must, filter(range)));
        }
        let named = [
            (Dimension::Actor, f.actor, &request.actors),
            (Dimension::Location, f.location, &request.locations),
        ];
        let mut namesakes = Vec::new();
        for (dimension, field, names) in named {
            for name in names {
                let resolved = self.resolve(searcher, dimension, name)?;
                namesakes.extend(resolved.namesakes);
                let mut any_of: Vec<(Occur, Box<dyn Query>)> = resolved
                    .facets
                    .iter()
                    .map(|facet| {
                        let term = Term::from_facet(field, facet);
                        let query: Box<dyn Query> =
                            Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                        (Occur::Should, query)
                    })
                    .collect();
                let query = match any_of.len() {
                    1 => any_of.remove(0).1,
                    _ => Box::new(BooleanQuery::new(any_of)),
                };
                clauses.push((Occur::Must, filter(query)));
            }
        }
        for kind in [Kind::Exact.as_str(), schema::FILE_KIND] {
            let term = Term::from_field_text(f.kind, kind);
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        let notes = Notes {
            namesakes,
            sources,
            ..Notes::default()
        };
        Ok((BooleanQuery::new(clauses), notes))
    }

    /// The outlets (source terms, in lower case) that a `--source` as
    /// typed stands for: the one named so, else those whose names hold its
    /// words in a row ("guardian" is "the guardian", "new york" "the new
    /// york times"), told as a guess.
    fn outlets(
        &self,
        searcher: &Searcher,
        typed: &str,
    ) -> Result<(Vec<String>, Option<SourceGuess>), Error> {
        let named = typed.trim().to_lowercase();
        let term = Term::from_field_text(self.fields.source, &named);
        if searcher.doc_freq(&term).map_err(at(&self.dir))? > 0 {
            return Ok((vec![named], None));
        }
        let wanted = words(&named);
        let mut outlets = Vec::new();
        if !wanted.is_empty() {
            for segment in searcher.segment_readers() {
                let inverted = segment
                    .inverted_index(self.fields.source)
                    .map_err(at(&self.dir))?;
                let mut stream = inverted
                    .terms()
                    .stream()
                    .map_err(|e| at(&self.dir)(e.into()))?;
                while stream.advance() {
                    let Ok(outlet) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let has = words(outlet);
                    if has.windows(wanted.len()).any(|w| w == wanted.as_slice()) {
                        outlets.push(outlet.to_string());
                    }
                }
            }
        }
        outlets.sort_unstable();
        outlets.dedup();
        let guess = SourceGuess {
            typed: typed.to_string(),
            searched: outlets.clone(),
        };
        Ok((outlets, Some(guess)))
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
        // A story has a few articles: its term's postings are read in each
        // segment straight away, on this thread, without a query's weight,
        // scorer and collector for every segment, nor the searcher's pool,
        // whose threads would take the cores from the facet counts.
        let term = Term::from_field_text(self.fields.story, story);
        let io = |e: std::io::Error| at(&self.dir)(e.into());
        let mut members = Vec::new();
        for (ord, segment) in (0..).zip(searcher.segment_readers()) {
            let inverted = segment
                .inverted_index(self.fields.story)
                .map_err(at(&self.dir))?;
            let Some(postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(io)?
            else {
                continue;
            };
            members.extend(live_docs(segment, postings).map(|doc| DocAddress::new(ord, doc)));
        }
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
        stored_facets(&self.0, field)
            .filter_map(|facet| facet.to_path().last().map(|name| name.to_string()))
            .collect()
    }

    fn kind(&self, field: tantivy::schema::Field) -> Kind {
        Kind::from_name(&self.text(field)).unwrap_or(Kind::Original)
    }
}

/// The matches of a search grouped into stories (with `all_copies`, each
/// match its own group).
struct Stories {
    /// Per match: its group.
    group_of: Vec<u32>,
    /// Per group: the match that represents it.
    best: Vec<usize>,
    /// Per group: how many matches it has.
    size: Vec<u32>,
}

impl Stories {
    /// Groups `matches` by story, each represented by its best match.
    fn of(matches: &[Match], all_copies: bool) -> Stories {
        if all_copies {
            return Stories {
                group_of: (0..matches.len() as u32).collect(),
                best: (0..matches.len()).collect(),
                size: vec![1; matches.len()],
            };
        }
        // Most stories have one match, and only the others need the map: a
        // story whose slot in a small bit table no other match hits is
        // alone without a lookup, which keeps the map (and its cache
        // misses) to the stories that may repeat.
        let shared = SharedSlots::of(matches.iter().map(|m| m.story));
        let mut group_by_story: FxHashMap<u64, u32> = FxHashMap::default();
        group_by_story.reserve(shared.shared_slots());
        let mut stories = Stories {
            group_of: Vec::with_capacity(matches.len()),
            best: Vec::new(),
            size: Vec::new(),
        };
        for (i, m) in matches.iter().enumerate() {
            let next = stories.best.len() as u32;
            let group = if shared.may_repeat(m.story) {
                *group_by_story.entry(m.story).or_insert(next)
            } else {
                next
            };
            if group == next {
                stories.best.push(i);
                stories.size.push(1);
            } else {
                let g = group as usize;
                stories.size[g] += 1;
                if better(m, &matches[stories.best[g]]) {
                    stories.best[g] = i;
                }
            }
            stories.group_of.push(group);
        }
        stories
    }

    /// How many groups there are.
    fn len(&self) -> usize {
        self.best.len()
    }

    /// The representatives of the groups from `offset`, at most `limit`,
    /// in `order`. The first `offset + limit` are kept in a heap as the
    /// representatives go by, so a page of ten costs about one comparison
    /// a story, and nothing is copied or sorted whole. `published` gives a
    /// match's publication time, and is asked only when `order` is by date.
    fn page(
        &self,
        matches: &[Match],
        order: Sort,
        offset: usize,
        limit: usize,
        published: impl Fn(DocAddress) -> Option<i64>,
    ) -> Vec<Match> {
        let wanted = offset.saturating_add(limit).min(self.best.len());
        if wanted == 0 {
            return Vec::new();
        }
        let dated = order != Sort::Relevance;
        let order = ordering(order);
        // The top of the heap is the last of those kept.
        let mut kept: BinaryHeap<InOrder> = BinaryHeap::with_capacity(wanted + 1);
        for &i in &self.best {
            let representative = matches[i];
            let head = Head {
                published: if dated {
                    published(representative.address)
                } else {
                    None
                },
                representative,
            };
            if kept.len() < wanted {
                kept.push(InOrder(head, order));
            } else if let Some(mut last) = kept.peek_mut() {
                if order(&head, &last.0).is_lt() {
                    *last = InOrder(head, order);
                }
            }
        }
        let mut heads: Vec<Match> = kept
            .into_sorted_vec()
            .into_iter()
            .map(|k| k.0.representative)
            .collect();
        heads.split_off(offset.min(heads.len()))
    }

    /// Every match with its group, for facet counting.
    fn counted(&self, matches: &[Match]) -> Vec<facets::Counted> {
        matches
            .iter()
            .zip(&self.group_of)
            .map(|(m, &group)| facets::Counted {
                address: m.address,
                group,
                alone: self.size[group as usize] == 1,
            })
            .collect()
    }
}

/// The representative of a story as a page orders it.
#[derive(Debug, Clone, Copy)]
struct Head {
    representative: Match,
    /// When it was published, if it says and the page is ordered by date.
    published: Option<i64>,
}

/// A head ordered by the order of a page, for [`Stories::page`]'s heap.
struct InOrder(Head, fn(&Head, &Head) -> std::cmp::Ordering);

impl PartialEq for InOrder {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for InOrder {}

impl PartialOrd for InOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InOrder {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.1)(&self.0, &other.0)
    }
}

/// Whether `a` should represent its story rather than `b`: the higher
/// score, and among equals the earlier indexed.
fn better(a: &Match, b: &Match) -> bool {
    a.score > b.score || (a.score == b.score && a.address < b.address)
}

/// The order of hits, total. Equal scores fall back to the story key, a
/// hash of the story's id: the same in every index of the same articles,
/// where the order of indexing is not (tantivy's indexing threads share
/// the articles out as they come), so that a rebuilt index lists its ties
/// as the one before did.
fn ordering(order: Sort) -> fn(&Head, &Head) -> std::cmp::Ordering {
    fn by_score(a: &Head, b: &Head) -> std::cmp::Ordering {
        let (a, b) = (&a.representative, &b.representative);
        (b.score.total_cmp(&a.score))
            .then(a.story.cmp(&b.story))
            .then(a.address.cmp(&b.address))
    }
    fn dated_first(a: &Head, b: &Head) -> std::cmp::Ordering {
        b.published.is_some().cmp(&a.published.is_some())
    }
    match order {
        Sort::Relevance => by_score,
        Sort::Newest => |a, b| {
            dated_first(a, b)
                .then(b.published.cmp(&a.published))
                .then(by_score(a, b))
        },
        Sort::Oldest => |a, b| {
            dated_first(a, b)
                .then(a.published.cmp(&b.published))
                .then(by_score(a, b))
        },
    }
}

/// A clause that narrows a search without weighing in its relevance: a
/// facet or source term would otherwise add its own score to every match
/// The words of an outlet's name, in lower case: runs of letters and
/// digits.
fn words(name: &str) -> Vec<&str> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// (the same for each, so nothing but the cost of computing it).
fn filter(query: impl Query) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(query), 0.0))
}

/// The first `chars` characters of `text`'s first paragraph, cut at a
/// word boundary.
fn lead(text: &str, chars: usize) -> String {
    let first = text
        .split(schema::PARAGRAPH_BREAK)
        .next()
        .unwrap_or_default();
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

/// Which story keys may occur more than once in a search's matches: a bit
/// table of about eight slots per match, keyed by the low bits of the key
/// (an XXH3 hash), marking the slots hit twice. A key whose slot was hit
/// once occurs once; one in a slot hit twice may or may not repeat.
struct SharedSlots {
    mask: u64,
    twice: Vec<u64>,
}

impl SharedSlots {
    /// The table of `keys`: 1,024 slots at least, 64 Mi at most.
    fn of(keys: impl ExactSizeIterator<Item = u64>) -> SharedSlots {
        let slots = (keys.len() * 8).next_power_of_two().clamp(1 << 10, 1 << 26);
        let mask = slots as u64 - 1;
        let mut seen = vec![0u64; slots / 64];
        let mut twice = vec![0u64; slots / 64];
        for key in keys {
            let slot = key & mask;
            let (word, bit) = ((slot / 64) as usize, 1u64 << (slot % 64));
            if seen[word] & bit != 0 {
                twice[word] |= bit;
            }
            seen[word] |= bit;
        }
        SharedSlots { mask, twice }
    }

    /// How many slots were hit more than once: about how many stories the
    /// map will hold.
    fn shared_slots(&self) -> usize {
        self.twice.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// False when `key` is certainly the only one in its slot.
    fn may_repeat(&self, key: u64) -> bool {
        let slot = key & self.mask;
        self.twice[(slot / 64) as usize] & (1u64 << (slot % 64)) != 0
    }
}

/// The publication times of a searcher's articles, read from each
/// segment's column when a page is ordered by date.
struct Dates(Vec<Column<tantivy::DateTime>>);

impl Dates {
    /// The columns `order` needs: none when it is by relevance.
    fn of(searcher: &Searcher, order: Sort) -> tantivy::Result<Dates> {
        if order == Sort::Relevance {
            return Ok(Dates(Vec::new()));
        }
        Dates::all(searcher)
    }

    /// The columns of every segment.
    fn all(searcher: &Searcher) -> tantivy::Result<Dates> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().date(name::PUBLISHED))
            .collect::<tantivy::Result<_>>()?;
        Ok(Dates(columns))
    }

    /// When the article at `address` was published, if it says.
    fn published(&self, address: DocAddress) -> Option<i64> {
        let column = self.0.get(address.segment_ord as usize)?;
        Some(column.first(address.doc_id)?.into_timestamp_secs())
    }

    /// When each of `matches` was published, if it says, read in batches:
    /// one call through a column's dynamic reader a batch rather than one
    /// a match.
    fn published_of_each(&self, matches: &[Match]) -> Vec<Option<i64>> {
        const BATCH: usize = 64;
        let mut published = Vec::with_capacity(matches.len());
        let (mut docs, mut values) = ([0; BATCH], [None; BATCH]);
        for run in matches.chunk_by(|a, b| a.address.segment_ord == b.address.segment_ord) {
            let column = self.0.get(run[0].address.segment_ord as usize);
            for batch in run.chunks(BATCH) {
                let Some(column) = column else {
                    published.extend(batch.iter().map(|_| None));
                    continue;
                };
                for (doc, m) in docs.iter_mut().zip(batch) {
                    *doc = m.address.doc_id;
                }
                let values = &mut values[..batch.len()];
                column.first_vals(&docs[..batch.len()], values);
                published.extend(values.iter().map(|v| v.map(|t| t.into_timestamp_secs())));
            }
        }
        published
    }
}

/// Collects every match with its score and story key. A match is kept
/// small, as a broad search collects a tenth of the archive and every
/// later step reads them all; the publication time of a dated page is read
/// for story representatives only ([`Dates`]).
struct MatchCollector;

struct SegmentMatches {
    segment: SegmentOrdinal,
    story_keys: Column<u64>,
    matches: Vec<Match>,
}

impl Collector for MatchCollector {
    type Fruit = Vec<Match>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment,
            story_keys: reader.fast_fields().u64(name::STORY_KEY)?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches.push(Match {
            address: DocAddress::new(self.segment, doc),
            score,
            story: 0,
        });
    }

    /// Reads the story keys in batches: one call through the column's
    /// dynamic reader a batch rather than one a match.
    fn harvest(mut self) -> Vec<Match> {
        const BATCH: usize = 64;
        let mut docs = [0; BATCH];
        let mut keys = [None; BATCH];
        for batch in self.matches.chunks_mut(BATCH) {
            for (doc, m) in docs.iter_mut().zip(batch.iter()) {
                *doc = m.address.doc_id;
            }
            let (docs, keys) = (&docs[..batch.len()], &mut keys[..batch.len()]);
            self.story_keys.first_vals(docs, keys);
            for (m, key) in batch.iter_mut().zip(keys.iter()) {
                m.story = key.unwrap_or_default();
            }
        }
        self.matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Matches of (score, story, publication time), and the time of each.
    fn matches(raw: &[(u8, u8, Option<i64>)]) -> (Vec<Match>, HashMap<DocAddress, Option<i64>>) {
        raw.iter()
            .enumerate()
            .map(|(i, &(score, story, published))| {
                let address = DocAddress::new((i % 3) as u32, i as u32);
                let m = Match {
                    address,
                    score: f32::from(score) / 4.0,
                    story: u64::from(story),
                };
                (m, (address, published))
            })
            .unzip()
    }

    #[test]
    fn a_story_is_represented_by_its_best_match_and_counted_once() {
        let (all, _) = matches(&[(1, 7, None), (9, 7, None), (4, 8, None), (9, 7, None)]);
        let stories = Stories::of(&all, false);
        assert_eq!(stories.len(), 2);
        let unasked = |_| unreachable!("a page by relevance asks for no date");
        let page = stories.page(&all, Sort::Relevance, 0, 10, unasked);
        // Of the two best-scoring matches of story 7, the earlier indexed
        // (segment 0 before segment 1).
        assert_eq!(page[0].address, all[3].address);
        assert_eq!(page[1].address, all[2].address);
        let counted = stories.counted(&all);
        assert_eq!(
            counted.iter().map(|c| c.alone).collect::<Vec<_>>(),
            [false, false, true, false]
        );
        assert_eq!(Stories::of(&all, true).len(), 4);
    }

    #[test]
    fn equal_scores_are_listed_by_story_whatever_the_order_of_indexing() {
        // Stories 5, 3 and 4 score alike; indexed in two orders (as two
        // builds of one archive with indexing threads may), they are
        // listed the same way both times.
        let first = matches(&[(2, 5, None), (2, 3, None), (6, 9, None), (2, 4, None)]).0;
        let mut second = first.clone();
        second.reverse();
        for (i, m) in second.iter_mut().enumerate() {
            m.address = DocAddress::new(0, i as u32);
        }
        let listed = |all: &[Match]| {
            let stories = Stories::of(all, false);
            let unasked = |_| unreachable!("a page by relevance asks for no date");
            let page = stories.page(all, Sort::Relevance, 0, 10, unasked);
            page.iter().map(|m| m.story).collect::<Vec<_>>()
        };
        assert_eq!(listed(&first), [9, 3, 4, 5]);
        assert_eq!(listed(&second), [9, 3, 4, 5]);
    }

    #[test]
    fn every_match_carries_its_own_story_key_across_batches() {
        let dir = tempfile::tempdir().unwrap();
        // Two segments of 150 articles: batches of 64 end inside each.
        let keys: Vec<u64> = (0..300u64).map(|i| i * 7_919 + 3).collect();
        let (index, _writer) = crate::archive::two_segment_index(dir.path(), &keys, |f, &key| {
            let mut doc = tantivy::TantivyDocument::new();
            doc.add_u64(f.story_key, key);
            doc
        });
        let searcher = index.reader().unwrap().searcher();
        let matches = searcher
            .search(&tantivy::query::AllQuery, &MatchCollector)
            .unwrap();
        assert_eq!(matches.len(), keys.len());
        for m in &matches {
            let segment = searcher.segment_reader(m.address.segment_ord);
            let column = segment.fast_fields().u64(name::STORY_KEY).unwrap();
            assert_eq!(Some(m.story), column.first(m.address.doc_id));
        }
        let mut found: Vec<u64> = matches.iter().map(|m| m.story).collect();
        found.sort_unstable();
        assert_eq!(found, keys);
    }

    proptest! {
        /// Stories group the matches as a plain map of every key does,
        /// also when keys share a slot of the bit table (equal low bits).
        #[test]
        fn stories_group_as_a_plain_map_does(
            raw in proptest::collection::vec((0u8..8, 0u64..40, 0u64..3), 0..3000),
        ) {
            let all: Vec<Match> = raw
                .iter()
                .enumerate()
                .map(|(i, &(score, low, high))| Match {
                    address: DocAddress::new(0, i as u32),
                    score: f32::from(score),
                    story: (high << 40) | low,
                })
                .collect();
            let stories = Stories::of(&all, false);
            let mut group_by_story: HashMap<u64, u32> = HashMap::new();
            let (mut best, mut size, mut group_of) = (Vec::new(), Vec::new(), Vec::new());
            for (i, m) in all.iter().enumerate() {
                let next = best.len() as u32;
                let group = *group_by_story.entry(m.story).or_insert(next);
                if group == next {
                    best.push(i);
                    size.push(1u32);
                } else if better(m, &all[best[group as usize]]) {
                    best[group as usize] = i;
                }
                if group != next {
                    size[group as usize] += 1;
                }
                group_of.push(group);
            }
            prop_assert_eq!(stories.group_of, group_of);
            prop_assert_eq!(stories.best, best);
            prop_assert_eq!(stories.size, size);
        }

        /// A page is the slice of the fully sorted representatives, in
        /// every order, whatever the offset and limit.
        #[test]
        fn a_page_is_a_slice_of_the_full_order(
            raw in proptest::collection::vec((0u8..8, 0u8..20, proptest::option::of(0i64..5)), 0..60),
            offset in 0usize..30,
            limit in 0usize..30,
            all_copies in any::<bool>(),
        ) {
            let (all, dates) = matches(&raw);
            let stories = Stories::of(&all, all_copies);
            for order in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
                let mut full: Vec<Head> = (stories.best.iter())
                    .map(|&i| Head { representative: all[i], published: dates[&all[i].address] })
                    .collect();
                full.sort_by(ordering(order));
                let expected: Vec<DocAddress> =
                    full.iter().skip(offset).take(limit).map(|h| h.representative.address).collect();
                let page: Vec<DocAddress> = stories
                    .page(&all, order, offset, limit, |a| dates[&a])
                    .iter()
                    .map(|m| m.address)
                    .collect();
                prop_assert_eq!(page, expected);
            }
        }
    }
}
