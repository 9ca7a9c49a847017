//! Questions on a module page: practice questions (answer and feedback straight away, tried again
//! freely) and a graded assessment (start an attempt, answer its drawn questions, see only what
//! the reveal rule allows, the result, and when the next attempt opens). Answers are graded on
//! the server; the page holds no answer key.

use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::domain::assessment::NextAttempt;
use crate::domain::calendar::datetime_text;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::views::learning::{AnsweredQuestion, AssessmentView, QuestionState, QuestionView, QuizSummary};
use leptos::prelude::*;
use tiltas_course::{QuestionKind, Reveal};

/// More options than any sensible question has; see `answer_question`.
#[cfg(feature = "ssr")]
const MAX_CHOSEN_VALUES: usize = 64;

/// `submission_id` comes only from a device that queued the answer while offline (see
/// `learning::SubmissionId`); the page's own form has no such field.
#[server(endpoint = "answer_question")]
pub async fn answer_question(
    slug: String,
    module_id: String,
    question_id: String,
    selected: Option<Vec<String>>,
    #[server(default)] submission_id: Option<String>,
) -> Result<FormSuccess, AppError> {
    use crate::paths::module_anchor_path;
    use crate::server::learning::AnswerFeedback;
    use crate::server::{context, forms, learning};
    let mut form = format!("question-{question_id}");
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let selected = selected.unwrap_or_default();
        // A form shows a few options: a post with more values than any question has is not a
        // person answering, and is refused before any work is done for it.
        if selected.len() > MAX_CHOSEN_VALUES {
            return Err(AppError::BadRequest);
        }
        let chosen: Vec<usize> = selected
            .iter()
            .map(|value| value.parse::<usize>().map_err(|_| AppError::BadRequest))
            .collect::<Result<_, _>>()?;
        let submission = learning::SubmissionId::from_form(submission_id.as_deref()).ok_or(AppError::BadRequest)?;
        let answered = learning::answer_submitted(&state, &enrolled, &module_id, &question_id, &chosen, submission.as_ref()).await?;
        let graded = enrolled.rules.module(&module_id).is_some_and(|m| m.assessment.is_some());
        let message = match answered.feedback {
            _ if answered.completed_course => Msg::CourseCompletedMessage,
            _ if graded && answered.finished_attempt => Msg::AttemptDone,
            AnswerFeedback::Correct => Msg::YourAnswerCorrect,
            AnswerFeedback::Wrong => Msg::YourAnswerWrong,
            AnswerFeedback::Recorded => Msg::AnswerRecorded,
        };
        let anchor = if graded && answered.finished_attempt {
            // The question's own block is gone once the attempt ends: the message goes with the
            // result, at the top of the assessment.
            form = "quiz".to_string();
            "assessment".to_string()
        } else {
            format!("question-{question_id}")
        };
        Ok(FormSuccess { message, detail: None, redirect_to: Some(module_anchor_path(&slug, &module_id, &anchor)) })
    }
    .await;
    forms::respond(&form, &[], result)
}

/// Starts the next attempt: practice questions again, or a new draw of a graded assessment.
#[server(endpoint = "start_attempt")]
pub async fn start_attempt(slug: String, module_id: String) -> Result<FormSuccess, AppError> {
    use crate::paths::module_anchor_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        learning::start_attempt(&state, &enrolled, &module_id).await?;
        let graded = enrolled.rules.module(&module_id).is_some_and(|m| m.assessment.is_some());
        let (message, anchor) = if graded { (Msg::AttemptStarted, "assessment") } else { (Msg::TryAgain, "questions") };
        Ok(FormSuccess { message, detail: None, redirect_to: Some(module_anchor_path(&slug, &module_id, anchor)) })
    }
    .await;
    forms::respond("quiz", &[], result)
}

#[component]
pub fn QuestionBlock(slug: String, module_id: String, question: QuestionView, #[prop(default = false)] graded: bool) -> impl IntoView {
    let answer = ServerAction::<AnswerQuestion>::new();
    let form_name = format!("question-{}", question.id);
    let input_type = if question.kind == QuestionKind::Multiple { "checkbox" } else { "radio" };
    let hint = if question.kind == QuestionKind::Multiple { Msg::ChooseAll } else { Msg::ChooseOne };
    let legend_id = format!("question-{}-prompt", question.id);
    let section_id = format!("question-{}", question.id);
    let prompt = question.prompt_html.clone();
    view! {
        <section class="question" id=section_id>
            <FormOutcome form=form_name.clone()/>
            {match question.state.clone() {
                QuestionState::Reviewed(answered) => view! {
                    <div id=legend_id.clone() class="question-prompt" inner_html=prompt></div>
                    <ReviewedOptions options_html=question.options_html.clone() answered/>
                }.into_any(),
                QuestionState::Recorded { correct } => view! {
                    <div id=legend_id.clone() class="question-prompt" inner_html=prompt></div>
                    <p class="notice" class:notice-success=correct == Some(true) class:notice-error=correct == Some(false)>
                        {tr(match correct {
                            Some(true) => Msg::YourAnswerCorrect,
                            Some(false) => Msg::YourAnswerWrong,
                            None => Msg::AnswerRecorded,
                        })}
                    </p>
                }.into_any(),
                QuestionState::Unanswered { open } => view! {
                    <ActionForm action=answer>
                        <CsrfField/>
                        <input type="hidden" name="slug" value=slug/>
                        <input type="hidden" name="module_id" value=module_id/>
                        <input type="hidden" name="question_id" value=question.id.clone()/>
                        <fieldset aria-describedby=format!("{legend_id}-hint") disabled=!open>
                            <legend><div id=legend_id.clone() class="question-prompt" inner_html=prompt></div></legend>
                            <p class="field-hint" id=format!("{legend_id}-hint")>{tr(hint)}</p>
                            <FieldError form=form_name name="answer"/>
                            // Values are positions as shown: a graded attempt shows its own order.
                            {question.options_html.iter().enumerate().map(|(index, html)| {
                                let id = format!("question-{}-option-{index}", question.id);
                                view! {
                                    <div class="choice">
                                        <input type=input_type id=id.clone() name="selected[]" value=index.to_string()/>
                                        <label for=id inner_html=html.clone()></label>
                                    </div>
                                }
                            }).collect_view()}
                            <button type="submit">{tr(if graded { Msg::RecordAnswer } else { Msg::CheckAnswer })}</button>
                        </fieldset>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReviewedOptions(options_html: Vec<String>, answered: AnsweredQuestion) -> impl IntoView {
    view! {
        <p class="notice" class:notice-success=answered.correct class:notice-error=!answered.correct>
            {tr(if answered.correct { Msg::YourAnswerCorrect } else { Msg::YourAnswerWrong })}
        </p>
        <ul class="answer-options">
            {options_html.into_iter().zip(answered.options).map(|(html, option)| view! {
                <li class:option-correct=option.correct class:option-selected=option.selected>
                    <div inner_html=html></div>
                    <p class="option-marks">
                        {option.selected.then(|| view! { <span class="badge">{tr(Msg::YouChose)}</span> })}
                        {option.correct.then(|| view! { " " <span class="badge badge-correct">{tr(Msg::RightAnswer)}</span> })}
                    </p>
                    {option.feedback_html.map(|html| view! { <div class="feedback" inner_html=html></div> })}
                </li>
            }).collect_view()}
        </ul>
        {answered.explanation_html.map(|html| view! {
            <div class="explanation"><strong>{tr(Msg::Explanation)}": "</strong><div inner_html=html></div></div>
        })}
    }
}

/// The result of the newest practice try, and trying again.
#[component]
pub fn PracticeResult(slug: String, module_id: String, quiz: QuizSummary) -> impl IntoView {
    let again = ServerAction::<StartAttempt>::new();
    let values = [("points", quiz.points.to_string()), ("max", quiz.max_points.to_string())];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    view! {
        <section class="quiz-result" id="quiz-result">
            <FormOutcome form="quiz"/>
            {quiz.finished.then(|| view! {
                <p class="notice">{fill(tr(Msg::PracticeScore), &values)}</p>
                <ActionForm action=again>
                    <CsrfField/>
                    <input type="hidden" name="slug" value=slug.clone()/>
                    <input type="hidden" name="module_id" value=module_id.clone()/>
                    <button type="submit">{tr(Msg::TryAgain)}</button>
                </ActionForm>
            })}
        </section>
    }
}

fn wait_text(seconds: u64) -> String {
    let n = |value: u64| [("n", value.to_string())];
    let shown = |msg: Msg, value: u64| fill(tr(msg), &n(value).iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
    if seconds.is_multiple_of(86_400) {
        shown(Msg::WaitDays, seconds / 86_400)
    } else if seconds.is_multiple_of(3600) {
        shown(Msg::WaitHours, seconds / 3600)
    } else {
        shown(Msg::WaitMinutes, seconds.div_ceil(60))
    }
}

/// A graded assessment: its rules, the attempt in progress or the newest result, and the way to
/// the next attempt.
#[component]
pub fn AssessmentSection(slug: String, module_id: String, assessment: AssessmentView) -> impl IntoView {
    let start = ServerAction::<StartAttempt>::new();
    let rules = [
        ("count", assessment.question_count.to_string()),
        ("percent", assessment.pass_mark.to_string()),
        ("used", assessment.attempts_used.to_string()),
        ("allowed", assessment.attempts_allowed.to_string()),
    ];
    let rules: Vec<(&str, &str)> = rules.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reveal = match assessment.reveal {
        Reveal::Strict => Msg::RevealStrict,
        Reveal::RightOrWrong => Msg::RevealRightOrWrong,
        Reveal::AfterEachAttempt => Msg::RevealAfterEachAttempt,
    };
    let latest = assessment.latest.clone();
    let in_progress = latest.as_ref().is_some_and(|a| !a.finished);
    let next_number = (assessment.attempts_used + 1).to_string();
    view! {
        <section class="assessment" id="assessment" aria-labelledby="assessment-heading">
            <h2 id="assessment-heading">{tr(Msg::AssessmentHeading)}</h2>
            <p>{fill(tr(Msg::AssessmentRules), &rules)}</p>
            {assessment.wait_seconds.map(|wait| view! { <p>{fill(tr(Msg::AssessmentWait), &[("wait", &wait_text(wait))])}</p> })}
            <p>{tr(reveal)}</p>
            // Shown by offline.js when the course is kept on the device, where this is the one
            // part that cannot be used without a connection.
            <p class="notice" hidden=true data-offline-unavailable=slug.clone()>{tr(Msg::OfflineAssessmentUnavailable)}</p>
            <FormOutcome form="quiz"/>
            <FieldError form="quiz" name="retake"/>
            {latest.map(|attempt| {
                let values = [
                    ("number", attempt.number.to_string()),
                    ("points", attempt.points.to_string()),
                    ("max", attempt.max_points.to_string()),
                    ("percent", assessment.pass_mark.to_string()),
                    ("answered", attempt.answered.to_string()),
                    ("total", attempt.questions.len().to_string()),
                ];
                let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let hidden = attempt.finished && attempt.questions.is_empty();
                view! {
                    <h3>{fill(tr(Msg::AttemptNumber), &values)}</h3>
                    {if !attempt.finished {
                        view! { <p class="attempt-progress">{fill(tr(Msg::AttemptProgress), &values)}</p> }.into_any()
                    } else if attempt.passed {
                        view! { <p class="notice notice-success">{fill(tr(Msg::AttemptPassed), &values)}</p> }.into_any()
                    } else {
                        view! { <p class="notice notice-error">{fill(tr(Msg::AttemptFailed), &values)}</p> }.into_any()
                    }}
                    {hidden.then(|| view! { <p>{tr(Msg::AnswersHidden)}</p> })}
                    {attempt.questions.into_iter().map(|question| view! {
                        <QuestionBlock slug=slug.clone() module_id=module_id.clone() question graded=true/>
                    }).collect_view()}
                }
            })}
            {(!in_progress).then(|| match assessment.next {
                NextAttempt::Available => view! {
                    <ActionForm action=start>
                        <CsrfField/>
                        <input type="hidden" name="slug" value=slug.clone()/>
                        <input type="hidden" name="module_id" value=module_id.clone()/>
                        <button type="submit">{fill(tr(Msg::StartAttempt), &[("number", &next_number)])}</button>
                    </ActionForm>
                }.into_any(),
                NextAttempt::WaitUntil(at) => view! {
                    <p class="notice">{fill(tr(Msg::NextAttemptAt), &[("time", &datetime_text(at))])}</p>
                }.into_any(),
                NextAttempt::NoneLeft => view! { <p class="notice notice-error">{tr(Msg::NoAttemptsLeft)}</p> }.into_any(),
                NextAttempt::Passed | NextAttempt::InProgress => ().into_any(),
            })}
        </section>
    }
}
