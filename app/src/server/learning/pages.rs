//! The read models of the learner's overview pages: the catalogue, the dashboard and a course's
//! page. Each reads on one connection with a fixed number of queries, whatever the number of
//! courses or enrolments.

use super::activity::{Activity, activities, activity};
use super::{LearningResult, course_title, course_titles, localised, missing_prerequisites, with_course};
use crate::domain::progress::Requirement;
use crate::i18n::{Locale, Msg, fill};
use crate::paths::{course_path, module_anchor_path, module_path, scenario_path};
use crate::server::context::AppState;
use crate::server::storage::enrolments::{self, EnrolmentScope};
use crate::views::learning::{CatalogueEntry, CourseOverview, DashboardCourse, LearnerProgress, LeftToDo, ModuleSummary};
use tiltas_course::Course;

/// Every published course, as the learner `user_id` sees it in the catalogue.
pub async fn catalogue_page(state: &AppState, user_id: &str, locale: Locale) -> LearningResult<Vec<CatalogueEntry>> {
    let language = locale.code();
    let published = state.versions.published(&state.db).await?;
    let completed = enrolments::completed_slugs(&state.db, user_id).await?;
    let mut conn = state.db.pool().acquire().await?;
    let enrolled: Vec<String> =
        enrolments::enrolments(&mut conn, EnrolmentScope::Learner(user_id)).await?.into_iter().map(|e| e.course_slug).collect();
    let title_of = |slug: &str| published.iter().find(|c| c.slug == slug).map_or_else(|| slug.to_string(), |c| course_title(c, language));
    Ok(published
        .iter()
        .map(|course| {
            let meta = &course.metadata;
            CatalogueEntry {
                slug: course.slug.clone(),
                title: course_title(course, language),
                summary: localised(&meta.summary, language, &meta.source_language),
                audience: meta.audience.clone(),
                languages: meta.languages.clone(),
                estimated_minutes: meta.estimated_minutes,
                module_count: course.modules_in(&meta.source_language).len(),
                certificate: meta.certificate.awarded,
                self_enrolment: meta.self_enrolment,
                enrolled: enrolled.contains(&course.slug),
                completed: completed.contains(&course.slug),
                missing_prerequisites: meta.prerequisites.iter().filter(|p| !completed.contains(p)).map(|p| title_of(p)).collect(),
            }
        })
        .collect())
}

/// The learner's courses on the home page: due soonest first, then in enrolment order.
pub async fn dashboard_page(state: &AppState, user_id: &str, locale: Locale) -> LearningResult<Vec<DashboardCourse>> {
    let scope = EnrolmentScope::Learner(user_id);
    let mut conn = state.db.pool().acquire().await?;
    let enrolments = enrolments::enrolments(&mut conn, scope).await?;
    let activities = activities(&mut conn, scope).await?;
    drop(conn);
    let mut courses = Vec::new();
    for enrolment in enrolments {
        let enrolled = with_course(state, enrolment).await?;
        let activity = activities.get(&enrolled.enrolment.id).cloned().unwrap_or_default();
        let status = activity.status(&enrolled);
        let slug = enrolled.enrolment.course_slug.clone();
        courses.push(DashboardCourse {
            title: course_title(&enrolled.course, locale.code()),
            percent: status.percent,
            next: status.remaining.first().map(|r| describe_requirement(&enrolled.course, &slug, locale, r)),
            due_at: enrolled.enrolment.due_at,
            completed_at: activity.completion.map(|c| c.completed_at),
            slug,
        });
    }
    courses.sort_by_key(|c| c.due_at.unwrap_or(i64::MAX));
    Ok(courses)
}

/// A course's page: what it is and, once enrolled, the learner's progress through it.
pub async fn course_page(state: &AppState, user_id: &str, slug: &str, locale: Locale) -> LearningResult<CourseOverview> {
    let language = locale.code();
    let enrolment = enrolments::enrolment(&state.db, user_id, slug).await?;
    let course = match &enrolment {
        Some(enrolment) => state.versions.load(&state.db, &enrolment.version_id).await?,
        None => state.versions.latest(&state.db, slug).await?,
    };
    let meta = &course.metadata;
    let source = meta.source_language.as_str();
    let missing = missing_prerequisites(&state.db, user_id, &course).await?;
    let mut modules: Vec<ModuleSummary> = course
        .modules_in(source)
        .iter()
        .map(|m| ModuleSummary {
            id: m.id.clone(),
            title: module_title(&course, language, &m.id),
            read: false,
            has_questions: m.questions().next().is_some(),
            graded: m.is_graded(),
            quiz_passed: false,
            has_content_note: m.metadata.content_note.is_some(),
        })
        .collect();
    let progress = match enrolment {
        None => None,
        Some(enrolment) => {
            let mut conn = state.db.pool().acquire().await?;
            let activity: Activity = activity(&mut conn, &enrolment.id).await?;
            drop(conn);
            let enrolled = with_course(state, enrolment).await?;
            let status = activity.status(&enrolled);
            let take_again = match activity.completion {
                Some(_) => super::renewal::reason_to_take_again(state, &enrolled.enrolment).await?,
                None => None,
            };
            for module in &mut modules {
                module.read = activity.read.contains(&module.id);
                module.quiz_passed = module.graded
                    && !status.remaining.iter().any(|r| matches!(r, Requirement::PassAssessment { module_id } if *module_id == module.id));
            }
            Some(LearnerProgress {
                percent: status.percent,
                points: status.points,
                max_points: status.max_points,
                failed: status.failed,
                due_at: enrolled.enrolment.due_at,
                completed_at: activity.completion.map(|c| c.completed_at),
                take_again,
                left: status.remaining.iter().map(|r| describe_requirement(&course, slug, locale, r)).collect(),
            })
        }
    };
    Ok(CourseOverview {
        title: course_title(&course, language),
        summary: localised(&meta.summary, language, source),
        estimated_minutes: meta.estimated_minutes,
        certificate: meta.certificate.awarded,
        self_enrolment: meta.self_enrolment,
        missing_prerequisites: course_titles(state, &missing, language).await?,
        modules,
        progress,
        slug: slug.to_string(),
    })
}

/// A module's title in `language`, else in the source language.
fn module_title(course: &Course, language: &str, module_id: &str) -> String {
    let mut in_order = course.modules_in(language).iter().chain(course.modules_in(&course.metadata.source_language));
    in_order.find(|m| m.id == module_id).map(|m| m.metadata.title.clone()).unwrap_or_default()
}

/// One requirement as the learner reads it, with where to go to meet it.
pub fn describe_requirement(course: &Course, slug: &str, locale: Locale, requirement: &Requirement) -> LeftToDo {
    let language = locale.code();
    let text = |msg: Msg, values: &[(&str, &str)]| fill(msg.text(locale), values);
    match requirement {
        Requirement::ReadModule { module_id } => LeftToDo {
            text: text(Msg::LeftRead, &[("module", &module_title(course, language, module_id))]),
            href: module_path(slug, module_id),
        },
        Requirement::PassAssessment { module_id } => LeftToDo {
            text: text(Msg::LeftAssessment, &[("module", &module_title(course, language, module_id))]),
            href: module_anchor_path(slug, module_id, "assessment"),
        },
        Requirement::FinishScenario { module_id, scenario_id } => {
            let title = course
                .modules_in(language)
                .iter()
                .chain(course.modules_in(&course.metadata.source_language))
                .filter(|m| &m.id == module_id)
                .flat_map(|m| m.scenarios())
                .find(|s| &s.id == scenario_id)
                .map(|s| s.title.clone())
                .unwrap_or_default();
            LeftToDo { text: text(Msg::LeftScenario, &[("scenario", &title)]), href: scenario_path(slug, scenario_id) }
        }
        Requirement::ReachPassMark { points, needed_percent, max_points } => LeftToDo {
            text: text(
                Msg::LeftPassMark,
                &[("points", &points.to_string()), ("max", &max_points.to_string()), ("percent", &needed_percent.to_string())],
            ),
            href: course_path(slug),
        },
    }
}
