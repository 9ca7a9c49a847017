//! The read models of the pages inside a course: a module with its questions, a scenario being
//! played, and the files a module shows. Questions carry only their public view until the
//! learner has answered them in the current attempt.

use super::activity::activity;
use super::assessment_page::{assessment_view, reviewed};
use super::{Enrolled, LearningError, LearningResult, course_title};
use crate::i18n::{Locale, Msg};
use crate::server::context::AppState;
use crate::server::storage::activity::{self as store, Answer, Choice};
use crate::server::storage::courses;
use crate::views::learning::{
    LearnerBlock, ModulePage, PathEntry, PlayView, QuestionState, QuestionView, QuizSummary, ScenarioCardState, ScenarioPage,
};
use tiltas_course::{Block, Module, Question, Scenario, ScenarioNode, TranslationStatus, public_question, public_step};

/// A module of the learner's course, in the learner's language where it exists. `requested` is
/// a module id, or the file name a Markdown link to another module resolves to.
pub async fn module_page(state: &AppState, enrolled: &Enrolled, locale: Locale, requested: &str) -> LearningResult<ModulePage> {
    let language = locale.code();
    let course = &enrolled.course;
    let outline = course.modules_in(&course.metadata.source_language);
    let module_id =
        course.modules.values().flatten().find(|m| m.file == requested).map_or(requested, |m| m.id.as_str()).to_string();
    let number = outline.iter().position(|m| m.id == module_id).ok_or(LearningError::NoSuchItem)? + 1;
    let module = enrolled.module(&module_id, language).ok_or(LearningError::NoSuchItem)?;
    let source = enrolled.source_module(&module_id).ok_or(LearningError::NoSuchItem)?;

    let graded = enrolled.rules.module(&module_id).and_then(|m| m.assessment.clone());
    let mut conn = state.db.pool().acquire().await?;
    let activity = activity(&mut conn, &enrolled.enrolment.id).await?;
    let attempts = activity.module_attempts(&module_id);
    let latest = attempts.last().copied();
    let answers = match (latest, &graded) {
        (Some(attempt), None) => store::answers(&mut conn, &attempt.id).await?,
        _ => Vec::new(),
    };
    let assessment = match &graded {
        Some(rules) => Some(assessment_view(&mut conn, enrolled, &activity, rules, module).await?),
        None => None,
    };
    drop(conn);

    let open = latest.is_none_or(|a| a.is_open());
    let mut blocks: Vec<LearnerBlock> = module
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Markdown(text) => Some(LearnerBlock::Text(text.html.clone())),
            // A graded assessment's questions are a bank: the attempt shows its own draw.
            Block::Question(_) if graded.is_some() => None,
            Block::Question(question) => Some(LearnerBlock::Question(practice_question(source, question, &answers, open))),
            Block::Scenario(scenario) => Some(LearnerBlock::Scenario {
                id: scenario.id.clone(),
                title: scenario.title.clone(),
                state: match activity.scenario_plays(&scenario.id).last() {
                    None => ScenarioCardState::NotStarted,
                    Some(play) if play.is_finished() => ScenarioCardState::Finished,
                    Some(_) => ScenarioCardState::InProgress,
                },
            }),
        })
        .collect();
    let key = (enrolled.enrolment.version_id.clone(), module_id.clone(), language.to_string());
    link_first_uses(state, key, &mut blocks).await?;
    let quiz = latest.filter(|_| graded.is_none()).map(|attempt| QuizSummary {
        attempt_number: attempt.attempt_number,
        finished: !attempt.is_open(),
        points: attempt.points,
        max_points: attempt.max_points,
    });
    let language_notice = if module.language != language && course.metadata.languages.iter().any(|l| l == language) {
        Some(Msg::OnlySourceLanguage)
    } else if module.metadata.translation_status == Some(TranslationStatus::Draft) {
        Some(Msg::DraftTranslation)
    } else {
        None
    };
    let opens_with_title = matches!(blocks.first(), Some(LearnerBlock::Text(html)) if html.trim_start().starts_with("<h1"));
    Ok(ModulePage {
        slug: enrolled.enrolment.course_slug.clone(),
        course_title: course_title(course, language),
        title: module.metadata.title.clone(),
        number,
        total: outline.len(),
        course_percent: activity.status(enrolled).percent,
        language_notice,
        content_note: module.metadata.content_note.clone(),
        objectives: module.metadata.objectives.clone(),
        blocks,
        quiz,
        assessment,
        read: activity.read.contains(&module_id),
        next_module: outline.get(number).map(|m| m.id.clone()),
        opens_with_title,
        id: module_id,
    })
}

/// Links the first use of each glossary term in the module's text to its entry.
async fn link_first_uses(state: &AppState, key: (String, String, String), blocks: &mut [LearnerBlock]) -> LearningResult<()> {
    let texts = || {
        blocks
            .iter()
            .filter_map(|b| match b {
                LearnerBlock::Text(html) => Some(html.clone()),
                _ => None,
            })
            .collect()
    };
    let linked = state.glossary.linked(&state.db, key, texts).await?;
    let mut linked = linked.iter();
    for block in blocks.iter_mut() {
        if let LearnerBlock::Text(html) = block
            && let Some(text) = linked.next()
        {
            html.clone_from(text);
        }
    }
    Ok(())
}

/// A practice question: open while the try is, and with its marks, feedback and explanation as
/// soon as it is answered.
fn practice_question(source: &Module, shown: &Question, answers: &[Answer], open: bool) -> QuestionView {
    let public = public_question(shown);
    let in_order: Vec<usize> = (0..shown.options.len()).collect();
    let reviewed = answers
        .iter()
        .find(|a| a.question_id == shown.id)
        .and_then(|a| source.questions().find(|q| q.id == shown.id).and_then(|key| reviewed(key, shown, a, &in_order)));
    QuestionView {
        id: public.id,
        kind: public.kind,
        prompt_html: public.prompt.html,
        options_html: public.options.into_iter().map(|o| o.html).collect(),
        state: match reviewed {
            Some(answered) => QuestionState::Reviewed(answered),
            None => QuestionState::Unanswered { open },
        },
    }
}

/// A scenario as the learner stands in it: not started, at a step (its public view only), or
/// at an ending with the path taken and the good-practice path.
pub async fn scenario_page(state: &AppState, enrolled: &Enrolled, locale: Locale, scenario_id: &str) -> LearningResult<ScenarioPage> {
    let (module, _) = enrolled.scenario(scenario_id).ok_or(LearningError::NoSuchItem)?;
    // The learner's language for every text; translations share the graph.
    let scenario = enrolled
        .module(&module.id, locale.code())
        .and_then(|m| m.scenarios().find(|s| s.id == scenario_id))
        .ok_or(LearningError::NoSuchItem)?;
    let mut conn = state.db.pool().acquire().await?;
    let activity = activity(&mut conn, &enrolled.enrolment.id).await?;
    let plays = activity.scenario_plays(scenario_id);
    let choices = match plays.last() {
        Some(latest) => store::choices(&mut conn, &latest.id).await?,
        None => Vec::new(),
    };
    drop(conn);
    let path: Vec<PathEntry> = choices.iter().filter_map(|c| path_entry(scenario, &c.step_id, choice_index(c))).collect();
    // A graded scenario keeps its good-practice path back while graded plays remain.
    let graded = enrolled.rules.scenario(scenario_id).and_then(|s| s.graded);
    let history = activity.record().scenario_history(scenario_id);
    let plays_left = graded.is_some_and(|rule| rule.remaining(&history) > 0);
    let view = match plays.last() {
        None => PlayView::NotStarted,
        Some(play) => match scenario.node(&play.node) {
            Some(ScenarioNode::Ending(ending)) => PlayView::Ended {
                last: path.last().cloned(),
                outcome: ending.outcome,
                points: ending.points,
                max_points: scenario.max_points(),
                narrative_html: ending.narrative.html.clone(),
                good_practice: (!plays_left).then(|| {
                    tiltas_course::best_path(scenario)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|c| path_entry(scenario, &c.step, c.choice))
                        .collect()
                }),
                path,
            },
            Some(ScenarioNode::Step(_)) => {
                let step = public_step(scenario, &play.node).ok_or(LearningError::NoSuchItem)?;
                PlayView::AtStep {
                    step_id: play.node.clone(),
                    narrative_html: step.narrative.html,
                    choices_html: step.choices.into_iter().map(|c| c.html).collect(),
                    last: path.last().cloned(),
                }
            }
            _ => return Err(LearningError::Corrupt(format!("play stands at {}, which is not a step or an ending", play.node))),
        },
    };
    let may_replay = matches!(view, PlayView::Ended { .. }) && (graded.is_none() || plays_left);
    Ok(ScenarioPage {
        slug: enrolled.enrolment.course_slug.clone(),
        module_id: module.id.clone(),
        scenario_id: scenario_id.to_string(),
        title: scenario.title.clone(),
        view,
        may_replay,
        graded: graded.map(|rule| (rule.allowed(&history), history.used)),
    })
}

fn choice_index(choice: &Choice) -> usize {
    choice.choice_index.max(0) as usize
}

/// A choice made at a step and the feedback it earned (shown only once chosen).
fn path_entry(scenario: &Scenario, step_id: &str, index: usize) -> Option<PathEntry> {
    let ScenarioNode::Step(step) = scenario.node(step_id)? else { return None };
    let choice = step.choices.get(index)?;
    Some(PathEntry { choice_html: choice.text.html.clone(), feedback_html: choice.feedback.html.clone() })
}

/// Kinds of files a module may show or link to, by extension, with their media type. Anything
/// else in a course folder (Markdown, TOML: the answer keys) is never served to learners.
const LEARNER_FILE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("svg", "image/svg+xml"),
    ("pdf", "application/pdf"),
];

/// The media type of a file a learner may be served, `None` for any other kind.
pub fn learner_file_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    LEARNER_FILE_TYPES.iter().find(|(known, _)| *known == extension).map(|(_, media_type)| *media_type)
}

/// A file of the learner's course version, with its media type: only an image or PDF that a
/// module of the version refers to.
pub async fn course_file(state: &AppState, enrolled: &Enrolled, path: &str) -> LearningResult<(&'static str, Vec<u8>)> {
    let media_type = learner_file_type(path).ok_or(LearningError::NoSuchItem)?;
    let referenced = enrolled.course.modules.values().flatten().any(|m| tiltas_course::referenced_files(m).contains(path));
    if !referenced {
        return Err(LearningError::NoSuchItem);
    }
    let bytes = courses::version_file(&state.db, &enrolled.enrolment.version_id, path).await?.ok_or(LearningError::NoSuchItem)?;
    Ok((media_type, bytes))
}
