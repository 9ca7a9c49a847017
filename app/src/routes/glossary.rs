//! The terminology glossary: every term in the reader's language with its definition, source,
//! its name in the other languages and the variants to avoid. Modules link the first use of
//! each term here.

use crate::components::error_page::load_page;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::page::tr;
use crate::views::learning::GlossaryEntry;
use leptos::prelude::*;

#[server(name = LoadGlossaryPage, endpoint = "glossary")]
pub async fn glossary_page() -> Result<Vec<GlossaryEntry>, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        context::require_user()?;
        let state = context::app_state()?;
        Ok(learning::glossary::glossary_page(&state, context::locale()).await?)
    }
    .await)
}

#[component]
pub fn GlossaryPage() -> impl IntoView {
    load_page(glossary_page(), |entries| {
        let entries = entries.clone();
        view! {
            <section class="glossary">
                <h1>{tr(Msg::GlossaryTitle)}</h1>
                <p>{tr(Msg::GlossaryIntro)}</p>
                {if entries.is_empty() {
                    view! { <p>{tr(Msg::GlossaryEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <dl class="glossary-terms">
                            {entries.into_iter().map(|entry| view! { <Term entry/> }).collect_view()}
                        </dl>
                    }.into_any()
                }}
            </section>
        }
    })
}

#[component]
fn Term(entry: GlossaryEntry) -> impl IntoView {
    let others = entry
        .other_languages
        .iter()
        .map(|(code, term)| {
            let language = Locale::from_code(code).map_or_else(|| code.clone(), |l| l.native_name().to_string());
            format!("{language}: {term}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <dt id=format!("term-{}", entry.id)>{entry.term.clone()}</dt>
        <dd>
            <p>{entry.definition.clone()}</p>
            {(!others.is_empty()).then(|| view! { <p><strong>{tr(Msg::GlossaryOtherLanguages)}": "</strong>{others}</p> })}
            {(!entry.avoid.is_empty()).then(|| view! {
                <p>
                    <strong>{tr(Msg::GlossaryAvoid)}": "</strong>{entry.avoid.join(", ")}
                    {entry.note.clone().map(|note| view! { " ("{note}")" })}
                </p>
            })}
            <p class="field-hint"><strong>{tr(Msg::GlossarySource)}": "</strong>{entry.source.clone()}</p>
        </dd>
    }
}
