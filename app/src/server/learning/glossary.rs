//! The terminology glossary as learners read it: the glossary page, and links from the first use
//! of each term in a module to its entry.

use super::LearningResult;
use crate::i18n::Locale;
use crate::server::context::AppState;
use crate::server::storage::glossaries::{self, COURSES_GLOSSARY};
use crate::views::learning::GlossaryEntry;
use tiltas_course::Glossary;

use super::LearningError;

/// The glossary imported with the courses; empty when there is none.
pub async fn glossary(state: &AppState) -> LearningResult<Glossary> {
    match glossaries::glossary_json(&state.db, COURSES_GLOSSARY).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| LearningError::Corrupt(e.to_string())),
        None => Ok(Glossary::default()),
    }
}

/// Every term in `locale` (terms without it are shown in English), sorted as the language
/// sorts them closely enough for a short list: by lowercase term.
pub async fn glossary_page(state: &AppState, locale: Locale) -> LearningResult<Vec<GlossaryEntry>> {
    let language = locale.code();
    let mut entries: Vec<GlossaryEntry> = glossary(state)
        .await?
        .terms
        .into_iter()
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
