//! The catalogue of published courses, filterable by audience and language, with self-enrolment.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FormOutcome};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use tiltas_course::Audience;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub estimated_minutes: u32,
    pub module_count: usize,
    pub certificate: bool,
    pub self_enrolment: bool,
    pub enrolled: bool,
    pub completed: bool,
    /// Titles of prerequisite courses not yet completed.
    pub missing_prerequisites: Vec<String>,
}

pub fn course_path(slug: &str) -> String {
    format!("/courses/{slug}")
}

pub fn audience_label(audience: Audience) -> Msg {
    match audience {
        Audience::Police => Msg::AudiencePolice,
        Audience::BorderGuard => Msg::AudienceBorderGuard,
        Audience::SocialWorker => Msg::AudienceSocialWorker,
        Audience::LabourInspector => Msg::AudienceLabourInspector,
        Audience::Any => Msg::AudienceAny,
    }
}

/// A course matches an audience filter when it is for that audience or for anyone.
pub fn matches_filters(entry: &CatalogueEntry, audience: Option<Audience>, language: Option<&str>) -> bool {
    let audience_ok = audience.is_none_or(|wanted| entry.audience.iter().any(|a| *a == wanted || *a == Audience::Any));
    let language_ok = language.is_none_or(|wanted| entry.languages.iter().any(|l| l == wanted));
    audience_ok && language_ok
}

#[server(endpoint = "catalogue")]
pub async fn catalogue() -> Result<Vec<CatalogueEntry>, AppError> {
    use crate::server::storage::learning as store;
    use crate::server::{context, learning};
    crate::server::context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let locale = context::viewer().page.locale.code();
        let published = learning::published_courses(&state.db).await?;
        let completed = store::completed_slugs(&state.db, &user.id).await?;
        let enrolled: Vec<String> = store::enrolments_of(&state.db, &user.id).await?.into_iter().map(|e| e.course_slug).collect();
        let title_of = |slug: &str| {
            published
                .iter()
                .find(|(_, c)| c.slug == slug)
                .map(|(_, c)| learning::localised(&c.metadata.title, locale, &c.metadata.source_language))
                .unwrap_or_else(|| slug.to_string())
        };
        Ok(published
            .iter()
            .map(|(_, course)| {
                let meta = &course.metadata;
                CatalogueEntry {
                    slug: course.slug.clone(),
                    title: learning::localised(&meta.title, locale, &meta.source_language),
                    summary: learning::localised(&meta.summary, locale, &meta.source_language),
                    audience: meta.audience.clone(),
                    languages: meta.languages.clone(),
                    estimated_minutes: meta.estimated_minutes,
                    module_count: course.modules_in(&meta.source_language).len(),
                    certificate: meta.certificate.awarded,
                    self_enrolment: meta.self_enrolment,
                    enrolled: enrolled.contains(&course.slug),
                    completed: completed.contains(&course.slug),
                    missing_prerequisites: meta
                        .prerequisites
                        .iter()
                        .filter(|p| !completed.contains(p))
                        .map(|p| title_of(p))
                        .collect(),
                }
            })
            .collect())
    }
    .await)
}

#[server(endpoint = "enrol")]
pub async fn enrol(slug: String) -> Result<FormSuccess, AppError> {
    use crate::server::{context, forms, learning};
    let result = async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        learning::enrol(&state.db, &user.id, &slug).await?;
        Ok(FormSuccess { message: Msg::EnrolledMessage, detail: None, redirect_to: Some(course_path(&slug)) })
    }
    .await;
    forms::respond("enrol", &[], result)
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let audience = query.get("audience").and_then(|a| Audience::ALL.iter().find(|(code, _)| *code == a).map(|(_, a)| *a));
    let language = query.get("language").filter(|l| !l.is_empty());
    view! {
        {load_page(catalogue(), move |entries| {
                let shown: Vec<CatalogueEntry> =
                    entries.iter().filter(|e| matches_filters(e, audience, language.as_deref())).cloned().collect();
                view! {
                    <section>
                        <h1>{tr(Msg::CatalogueTitle)}</h1>
                        <p>{tr(Msg::CatalogueIntro)}</p>
                        <Filters audience language=language.clone()/>
                        <FormOutcome form="enrol"/>
                        {if shown.is_empty() {
                            view! { <p>{tr(Msg::NoCoursesMatch)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="course-cards">
                                    {shown.into_iter().map(|entry| view! { <CourseCard entry/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }
            })}
    }
}

/// A GET form, so filtering works without JavaScript and the address can be bookmarked.
#[component]
fn Filters(audience: Option<Audience>, language: Option<String>) -> impl IntoView {
    view! {
        <form method="get" action="/courses" class="filters">
            <div class="field">
                <label for="filter-audience">{tr(Msg::FilterAudience)}</label>
                <select id="filter-audience" name="audience">
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {Audience::ALL.iter().filter(|(_, a)| *a != Audience::Any).map(|(code, a)| view! {
                        <option value=*code selected=audience == Some(*a)>{tr(audience_label(*a))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-language">{tr(Msg::FilterLanguage)}</label>
                <select id="filter-language" name="language">
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {crate::i18n::Locale::ALL.iter().map(|locale| view! {
                        <option value=locale.code() selected=language.as_deref() == Some(locale.code())>{locale.native_name()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button-secondary">{tr(Msg::FilterApply)}</button>
        </form>
    }
}

#[component]
fn CourseCard(entry: CatalogueEntry) -> impl IntoView {
    let enrol = ServerAction::<Enrol>::new();
    let audience = entry.audience.iter().map(|a| tr(audience_label(*a))).collect::<Vec<_>>().join(", ");
    let href = course_path(&entry.slug);
    let action = if entry.enrolled || entry.completed {
        view! { <a class="button" href=href.clone()>{tr(Msg::ContinueCourse)}</a> }.into_any()
    } else if !entry.missing_prerequisites.is_empty() {
        view! { <p class="notice">{tr(Msg::FinishFirst)}" "{entry.missing_prerequisites.join(", ")}</p> }.into_any()
    } else if entry.self_enrolment {
        let slug = entry.slug.clone();
        view! {
            <ActionForm action=enrol>
                <CsrfField/>
                <input type="hidden" name="slug" value=slug/>
                <button type="submit">{tr(Msg::Enrol)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <p class="field-hint">{tr(Msg::AssignedOnly)}</p> }.into_any()
    };
    view! {
        <li class="course-card">
            <h2><a href=href>{entry.title.clone()}</a></h2>
            <p>{entry.summary.clone()}</p>
            <ul class="course-facts">
                <li>{tr(Msg::FilterAudience)}": "{audience}</li>
                <li>{fill(tr(Msg::EstimatedMinutes), &[("minutes", &entry.estimated_minutes.to_string())])}</li>
                <li>{fill(tr(Msg::ModuleCount), &[("count", &entry.module_count.to_string())])}</li>
                <li>{tr(if entry.certificate { Msg::CertificateAwarded } else { Msg::NoCertificate })}</li>
                {entry.completed.then(|| view! { <li class="badge badge-correct">{tr(Msg::CourseCompleted)}</li> })}
            </ul>
            {action}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(audience: Vec<Audience>, languages: &[&str]) -> CatalogueEntry {
        CatalogueEntry {
            slug: "c".into(),
            title: "C".into(),
            summary: String::new(),
            audience,
            languages: languages.iter().map(|l| l.to_string()).collect(),
            estimated_minutes: 10,
            module_count: 1,
            certificate: false,
            self_enrolment: true,
            enrolled: false,
            completed: false,
            missing_prerequisites: vec![],
        }
    }

    #[test]
    fn filters_match_the_audience_or_anyone_and_the_language() {
        let police = entry(vec![Audience::Police], &["en", "lt"]);
        let anyone = entry(vec![Audience::Any], &["en"]);
        assert!(matches_filters(&police, Some(Audience::Police), Some("lt")));
        assert!(!matches_filters(&police, Some(Audience::SocialWorker), None));
        assert!(matches_filters(&anyone, Some(Audience::SocialWorker), None));
        assert!(!matches_filters(&anyone, None, Some("lt")));
        assert!(matches_filters(&anyone, None, None));
    }
}
