//! A course's page for a learner: before enrolling, what it is and how to enrol; after, the
//! modules in order with their state, the progress, and what is left.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::tr;
use crate::routes::catalogue::Enrol;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModuleSummary {
    pub id: String,
    pub title: String,
    pub read: bool,
    pub has_questions: bool,
    pub quiz_passed: bool,
}

/// One thing still to do, ready to show: the message, the name it mentions, where to go.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LeftToDo {
    pub text: String,
    pub href: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LearnerProgress {
    pub percent: u8,
    pub points: u32,
    pub max_points: u32,
    pub due_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub left: Vec<LeftToDo>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CourseOverview {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub estimated_minutes: u32,
    pub certificate: bool,
    pub self_enrolment: bool,
    pub missing_prerequisites: Vec<String>,
    pub modules: Vec<ModuleSummary>,
    /// `None` when the learner is not enrolled.
    pub progress: Option<LearnerProgress>,
}

pub fn module_path(slug: &str, module_id: &str) -> String {
    format!("/courses/{slug}/modules/{module_id}")
}

pub fn scenario_path(slug: &str, scenario_id: &str) -> String {
    format!("/courses/{slug}/scenarios/{scenario_id}")
}

/// A date for people, from seconds since 1970 (UTC), as YYYY-MM-DD.
pub fn date_text(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm), to avoid a date crate for one format.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[server(endpoint = "course_overview")]
pub async fn get_course_overview(slug: String) -> Result<CourseOverview, AppError> {
    use crate::domain::progress::Requirement;
    use crate::server::storage::{courses, learning as store};
    use crate::server::{context, learning};
    crate::server::context::with_status(async {
        let user = context::require_user()?;
        let state = context::app_state()?;
        let locale = context::viewer().page.locale.code();
        let enrolment = store::enrolment(&state.db, &user.id, &slug).await?;
        let version_id = match &enrolment {
            Some(enrolment) => enrolment.version_id.clone(),
            None => courses::latest_version(&state.db, &slug).await?.ok_or(AppError::NotFound)?.id,
        };
        let course = learning::load_version(&state.db, &version_id).await?;
        let meta = &course.metadata;
        let source = meta.source_language.as_str();
        let title_in = |id: &str| course.modules_in(locale).iter().chain(course.modules_in(source)).find(|m| m.id == id).map(|m| m.metadata.title.clone()).unwrap_or_default();
        let mut modules: Vec<ModuleSummary> = course
            .modules_in(source)
            .iter()
            .map(|m| ModuleSummary {
                id: m.id.clone(),
                title: title_in(&m.id),
                read: false,
                has_questions: m.questions().next().is_some(),
                quiz_passed: false,
            })
            .collect();
        let missing = learning::missing_prerequisites(&state.db, &user.id, &course).await?;
        let missing_prerequisites = learning::course_titles(&state.db, &missing, locale).await?;
        let progress = match enrolment {
            None => None,
            Some(_) => {
                let enrolled = learning::enrolled(&state.db, &user.id, &slug).await?;
                let status = learning::status(&state.db, &enrolled).await?;
                let read = learning::read_modules(&state.db, &enrolled).await?;
                for module in &mut modules {
                    module.read = read.contains(&module.id);
                    module.quiz_passed = module.has_questions
                        && !status.remaining.iter().any(|r| matches!(r, Requirement::PassQuiz { module_id } if *module_id == module.id));
                }
                let page_locale = context::viewer().page.locale;
                let left = status.remaining.iter().map(|r| describe_requirement(&course, &slug, page_locale, r)).collect();
                let completion = learning::completion(&state.db, &enrolled).await?;
                Some(LearnerProgress {
                    percent: status.percent,
                    points: status.points,
                    max_points: status.max_points,
                    due_at: enrolled.enrolment.due_at,
                    completed_at: completion.map(|c| c.completed_at),
                    left,
                })
            }
        };
        Ok(CourseOverview {
            title: learning::localised(&meta.title, locale, source),
            summary: learning::localised(&meta.summary, locale, source),
            estimated_minutes: meta.estimated_minutes,
            certificate: meta.certificate.awarded,
            self_enrolment: meta.self_enrolment,
            missing_prerequisites,
            modules,
            progress,
            slug,
        })
    }
    .await)
}

/// One requirement as the learner reads it, with where to go to meet it.
#[cfg(feature = "ssr")]
pub fn describe_requirement(
    course: &tiltas_course::Course,
    slug: &str,
    locale: crate::i18n::Locale,
    requirement: &crate::domain::progress::Requirement,
) -> LeftToDo {
    use crate::domain::progress::Requirement;
    let source = course.metadata.source_language.as_str();
    let in_order = || course.modules_in(locale.code()).iter().chain(course.modules_in(source));
    let module_title = |id: &str| in_order().find(|m| m.id == id).map(|m| m.metadata.title.clone()).unwrap_or_default();
    let scenario_title =
        |id: &str| in_order().flat_map(|m| m.scenarios()).find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
    let text = |msg: Msg, values: &[(&str, &str)]| fill(msg.text(locale), values);
    match requirement {
        Requirement::ReadModule { module_id } => {
            LeftToDo { text: text(Msg::LeftRead, &[("module", &module_title(module_id))]), href: module_path(slug, module_id) }
        }
        Requirement::PassQuiz { module_id } => LeftToDo {
            text: text(Msg::LeftQuiz, &[("module", &module_title(module_id))]),
            href: format!("{}?note=read#questions", module_path(slug, module_id)),
        },
        Requirement::FinishScenario { scenario_id, .. } => LeftToDo {
            text: text(Msg::LeftScenario, &[("scenario", &scenario_title(scenario_id))]),
            href: scenario_path(slug, scenario_id),
        },
        Requirement::ReachPassMark { points, needed_percent, max_points } => LeftToDo {
            text: text(
                Msg::LeftPassMark,
                &[("points", &points.to_string()), ("max", &max_points.to_string()), ("percent", &needed_percent.to_string())],
            ),
            href: crate::routes::catalogue::course_path(slug),
        },
    }
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    view! {
        {load_page(get_course_overview(slug.clone()), |overview| view! { <Overview overview=overview.clone()/> })}
    }
}

#[component]
fn Overview(overview: CourseOverview) -> impl IntoView {
    let slug = overview.slug.clone();
    view! {
        <section class="course-overview">
            <p><a href="/courses">{tr(Msg::CatalogueTitle)}</a></p>
            <h1>{overview.title.clone()}</h1>
            <p>{overview.summary.clone()}</p>
            <FormOutcome form="enrol"/>
            {(overview.progress.is_some() && !overview.missing_prerequisites.is_empty()).then(|| view! {
                <p class="notice">{tr(Msg::FinishFirst)}" "{overview.missing_prerequisites.join(", ")}</p>
            })}
            {match overview.progress.clone() {
                Some(progress) => view! { <ProgressPanel progress/> }.into_any(),
                None => view! { <EnrolPanel overview=overview.clone()/> }.into_any(),
            }}
            <h2>{tr(Msg::Modules)}</h2>
            <ol class="module-list">
                {overview.modules.iter().map(|module| {
                    let enrolled = overview.progress.is_some();
                    let href = module_path(&slug, &module.id);
                    view! {
                        <li>
                            {if enrolled {
                                view! { <a href=href>{module.title.clone()}</a> }.into_any()
                            } else {
                                view! { <span>{module.title.clone()}</span> }.into_any()
                            }}
                            {module.read.then(|| view! { " " <span class="badge badge-correct">{tr(Msg::ModuleRead)}</span> })}
                            {module.quiz_passed.then(|| view! { " " <span class="badge badge-correct">{tr(Msg::QuizPassed)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn ProgressPanel(progress: LearnerProgress) -> impl IntoView {
    let percent = progress.percent.to_string();
    view! {
        <section class="progress-panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading">{tr(Msg::YourProgress)}</h2>
            <progress max="100" value=percent.clone()>{percent.clone()}"%"</progress>
            <p>
                {fill(tr(Msg::ProgressPercent), &[("percent", &percent)])}" · "
                {fill(tr(Msg::PointsOf), &[("points", &progress.points.to_string()), ("max", &progress.max_points.to_string())])}
            </p>
            {progress.due_at.map(|due| view! { <p>{tr(Msg::DueDate)}": "{date_text(due)}</p> })}
            {match progress.completed_at {
                Some(at) => view! {
                    <p class="notice notice-success">{tr(Msg::CourseCompleted)}" "{tr(Msg::CompletedOn)}": "{date_text(at)}</p>
                }.into_any(),
                None => view! {
                    <h3>{tr(Msg::WhatIsLeft)}</h3>
                    <ul class="left-to-do">
                        {progress.left.into_iter().map(|item| view! { <li><a href=item.href>{item.text}</a></li> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn EnrolPanel(overview: CourseOverview) -> impl IntoView {
    let enrol = ServerAction::<Enrol>::new();
    if !overview.missing_prerequisites.is_empty() {
        return view! {
            <p class="notice">{tr(Msg::FinishFirst)}" "{overview.missing_prerequisites.join(", ")}</p>
        }
        .into_any();
    }
    if !overview.self_enrolment {
        return view! { <p class="notice">{tr(Msg::AssignedOnly)}</p> }.into_any();
    }
    view! {
        <ActionForm action=enrol>
            <CsrfField/>
            <input type="hidden" name="slug" value=overview.slug.clone()/>
            <FieldError form="enrol" name="enrol"/>
            <button type="submit">{tr(Msg::Enrol)}</button>
        </ActionForm>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::date_text;

    #[test]
    fn dates_are_shown_as_iso_days() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(1_803_859_200), "2027-03-01");
        assert_eq!(date_text(951_782_400), "2000-02-29");
    }
}
