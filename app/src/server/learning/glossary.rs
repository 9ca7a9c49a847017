//! The terminology glossary as learners read it: the glossary page, and links from the first use
//! of each term in a module to its entry.
//!
//! A module page is the busiest page, so the glossary is not read and applied on every request:
//! each instance keeps the parsed glossary and each module's linked text in memory, and checks
//! with one small query (the stored glossary's hash), at most once every `RECHECK_AFTER`, whether
//! an import has replaced it.

use super::{LearningError, LearningResult};
use crate::i18n::Locale;
use crate::server::context::AppState;
use crate::server::storage::Db;
use crate::server::storage::glossaries::{self, COURSES_GLOSSARY};
use crate::views::learning::GlossaryEntry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tiltas_course::Glossary;

/// How long a glossary found current is used before the database is asked again. Only a course
/// import replaces it, so a running instance shows a new glossary within this time. Asked on
/// every module page, the check was one of the page's four statements, each a round trip to a
/// SQLite connection's thread and back (README, "Benchmark suite", "The glossary checked once a
/// second").
pub const RECHECK_AFTER: Duration = Duration::from_secs(1);

/// The glossary in memory, and the module texts already linked to it.
#[derive(Clone, Debug, Default)]
pub struct GlossaryCache {
    inner: Arc<Mutex<Cached>>,
}

#[derive(Debug, Default)]
struct Cached {
    /// The hash of the stored glossary this copy was read from; `None` when there is none.
    hash: Option<String>,
    glossary: Arc<Glossary>,
    /// Linked text blocks by (version id, module id, language).
    linked: HashMap<(String, String, String), Arc<Vec<String>>>,
    /// When the stored hash was last found equal to `hash`; `None` before the first check.
    checked_at: Option<Instant>,
}

/// More module texts than any deployment has; past it the cache starts again.
const CACHED_MODULES: usize = 512;

impl GlossaryCache {
    /// The stored glossary, read again only when an import has replaced it.
    pub async fn current(&self, db: &Db) -> LearningResult<Arc<Glossary>> {
        if let Ok(cached) = self.inner.lock()
            && cached.checked_at.is_some_and(|at| at.elapsed() < RECHECK_AFTER)
        {
            return Ok(cached.glossary.clone());
        }
        let hash = glossaries::glossary_hash(db, COURSES_GLOSSARY).await?;
        if let Ok(mut cached) = self.inner.lock()
            && cached.hash == hash
        {
            cached.checked_at = Some(Instant::now());
            return Ok(cached.glossary.clone());
        }
        let (hash, glossary) = match glossaries::glossary_json(db, COURSES_GLOSSARY).await? {
            Some((json, hash)) => {
                (Some(hash), serde_json::from_str::<Glossary>(&json).map_err(|e| LearningError::Corrupt(e.to_string()))?)
            }
            None => (None, Glossary::default()),
        };
        let glossary = Arc::new(glossary);
        if let Ok(mut cached) = self.inner.lock() {
            *cached = Cached { hash, glossary: glossary.clone(), linked: HashMap::new(), checked_at: Some(Instant::now()) };
        }
        Ok(glossary)
    }

    /// A module's text blocks with the first use of each term linked to the glossary, computed
    /// once per module and language for the current glossary.
    pub async fn linked(
        &self,
        db: &Db,
        key: (String, String, String),
        texts: impl FnOnce() -> Vec<String>,
    ) -> LearningResult<Arc<Vec<String>>> {
        let glossary = self.current(db).await?;
        if let Some(found) = self.inner.lock().ok().and_then(|cached| cached.linked.get(&key).cloned()) {
            return Ok(found);
        }
        let mut texts = texts();
        glossary.link_first_uses(&key.2, &mut texts, term_path);
        let texts = Arc::new(texts);
        if let Ok(mut cached) = self.inner.lock()
            && Arc::ptr_eq(&cached.glossary, &glossary)
        {
            if cached.linked.len() >= CACHED_MODULES {
                cached.linked.clear();
            }
            cached.linked.insert(key, texts.clone());
        }
        Ok(texts)
    }
}

/// Every term in `locale` (terms without it are shown in English), sorted by lowercase term.
pub async fn glossary_page(state: &AppState, locale: Locale) -> LearningResult<Vec<GlossaryEntry>> {
    let language = locale.code();
    let glossary = state.glossary.current(&state.db).await?;
    let mut entries: Vec<GlossaryEntry> = glossary
        .terms
        .iter()
        .filter_map(|term| {
            let (shown_language, written) =
                term.languages.get_key_value(language).or_else(|| term.languages.get_key_value(Locale::En.code()))?;
            Some(GlossaryEntry {
                other_languages: term
                    .languages
                    .iter()
                    .filter(|(code, _)| *code != shown_language)
                    .map(|(code, other)| (code.clone(), other.term.clone()))
                    .collect(),
                id: term.id.clone(),
                term: written.term.clone(),
                definition: written.definition.clone(),
                avoid: written.avoid.clone(),
                note: written.note.clone(),
                source: term.source.clone(),
            })
        })
        .collect();
    entries.sort_by_key(|e| e.term.to_lowercase());
    Ok(entries)
}

/// Where a term's entry is on the glossary page.
pub fn term_path(id: &str) -> String {
    format!("{}#term-{id}", crate::paths::GLOSSARY_PATH)
}
