//! The catalogue of published courses, filterable by audience and language, with self-enrolment.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FormOutcome};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use leptos::prelude::*;
use crate::paths::course_path;
use crate::views::learning::CatalogueEntry;
use leptos_router::hooks::use_query_map;
use tiltas_course::Audience;

pub fn audience_label(audience: Audience) -> Msg {
    match audience {
        Audience::Police => Msg::AudiencePolice,
        Audience::BorderGuard => Msg::AudienceBorderGuard,
        Audience::SocialWorker => Msg::AudienceSocialWorker,
        Audience::LabourInspector => Msg::AudienceLabourInspector,
        Audience::Any => Msg::AudienceAny,
    }
}

#[server(name = LoadCataloguePage, endpoint = "catalogue")]
pub async fn catalogue_page() -> Result<Vec<CatalogueEntry>, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        Ok(learning::pages::catalogue_page(&state, &user.id, context::locale()).await?)
    }
    .await)
}

#[server(endpoint = "enrol")]
pub async fn enrol(slug: String) -> Result<FormSuccess, AppError> {
    use crate::server::{context, forms, learning};
    let result = async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        learning::enrol(&state, &user.id, &slug).await?;
        Ok(FormSuccess { message: Msg::EnrolledMessage, detail: None, redirect_to: Some(course_path(&slug)) })
    }
    .await;
    forms::respond("enrol", &[], result)
}

/// Whether the person viewing takes courses: enrolling needs the learner role.
pub fn is_learner() -> bool {
    crate::page::page_context().user.is_some_and(|user| user.has_role(crate::domain::roles::Role::Learner))
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let audience = query.get("audience").and_then(|a| Audience::ALL.iter().find(|(code, _)| *code == a).map(|(_, a)| *a));
    let language = query.get("language").filter(|l| !l.is_empty());
    view! {
        {load_page(catalogue_page(), move |entries| {
                let shown: Vec<CatalogueEntry> =
                    entries.iter().filter(|e| e.matches(audience, language.as_deref())).cloned().collect();
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
    } else if !is_learner() {
        view! { <p class="field-hint">{tr(Msg::LearnersOnly)}</p> }.into_any()
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
        assert!(police.matches(Some(Audience::Police), Some("lt")));
        assert!(!police.matches(Some(Audience::SocialWorker), None));
        assert!(anyone.matches(Some(Audience::SocialWorker), None));
        assert!(!anyone.matches(None, Some("lt")));
        assert!(anyone.matches(None, None));
    }
}
