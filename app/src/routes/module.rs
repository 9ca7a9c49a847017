//! Reading a module: the content note first when there is one (continue, or skip to a summary
//! and come back later), the text, the module's questions (graded on the server; the page holds
//! no answer until the learner has answered), links to its case scenarios, and "mark as read".

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, tr};
use crate::paths::{GLOSSARY_PATH, course_path, module_path, scenario_path};
use crate::views::learning::{LearnerBlock, ModulePage, QuestionView, QuizSummary, ScenarioCardState};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use tiltas_course::QuestionKind;

#[server(name = LoadModulePage, endpoint = "module_page")]
pub async fn module_page(slug: String, module_id: String) -> Result<ModulePage, AppError> {
    use crate::server::{context, learning};
    context::with_status(async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        Ok(learning::reading::module_page(&state, &enrolled, context::locale(), &module_id).await?)
    }
    .await)
}

#[server(endpoint = "answer_question")]
pub async fn answer_question(
    slug: String,
    module_id: String,
    question_id: String,
    selected: Option<Vec<String>>,
) -> Result<FormSuccess, AppError> {
    use crate::paths::module_anchor_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let chosen: Vec<usize> = selected
            .unwrap_or_default()
            .iter()
            .map(|value| value.parse::<usize>().map_err(|_| AppError::BadRequest))
            .collect::<Result<_, _>>()?;
        let answered = learning::answer(&state.db, &enrolled, &module_id, &question_id, &chosen).await?;
        let message = if answered.completed_course {
            Msg::CourseCompletedMessage
        } else if answered.result.correct {
            Msg::YourAnswerCorrect
        } else {
            Msg::YourAnswerWrong
        };
        Ok(FormSuccess { message, detail: None, redirect_to: Some(module_anchor_path(&slug, &module_id, &format!("question-{question_id}"))) })
    }
    .await;
    forms::respond(&format!("question-{question_id}"), &[], result)
}

#[server(endpoint = "retake_quiz")]
pub async fn retake_quiz(slug: String, module_id: String) -> Result<FormSuccess, AppError> {
    use crate::paths::module_anchor_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        learning::retake(&state.db, &enrolled, &module_id).await?;
        Ok(FormSuccess { message: Msg::TryAgain, detail: None, redirect_to: Some(module_anchor_path(&slug, &module_id, "questions")) })
    }
    .await;
    forms::respond("quiz", &[], result)
}

#[server(endpoint = "mark_module_read")]
pub async fn mark_module_read(slug: String, module_id: String) -> Result<FormSuccess, AppError> {
    use crate::paths::module_anchor_path;
    use crate::server::{context, forms, learning};
    let result = async {
        let (state, enrolled) = context::require_enrolment(&slug).await?;
        let completed = learning::mark_read(&state.db, &enrolled, &module_id).await?;
        let message = if completed { Msg::CourseCompletedMessage } else { Msg::ModuleIsRead };
        Ok(FormSuccess { message, detail: None, redirect_to: Some(module_anchor_path(&slug, &module_id, "module-end")) })
    }
    .await;
    forms::respond("read", &[], result)
}

#[component]
pub fn ModuleReadingPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let module_id = params.get("module").unwrap_or_default();
    // ?note=read: past the content note; ?note=summary: the summary instead of the module.
    let note = use_query_map().read_untracked().get("note").unwrap_or_default();
    view! {
        {load_page(module_page(slug.clone(), module_id.clone()), move |page| {
                let page = page.clone();
                match (page.content_note.clone(), note.as_str()) {
                    (Some(_), "summary") => view! { <ModuleSummaryView page/> }.into_any(),
                    (Some(content_note), shown) if shown != "read" => view! { <ContentNoteGate page content_note/> }.into_any(),
                    _ => view! { <ModuleBody page/> }.into_any(),
                }
            })}
    }
}

#[component]
fn ModuleHeader(page: ModulePage, show_title: bool) -> impl IntoView {
    let percent = page.course_percent.to_string();
    view! {
        <p>
            <a href=course_path(&page.slug)>{page.course_title.clone()}</a>
            " · "<a href=GLOSSARY_PATH>{tr(Msg::GlossaryLink)}</a>
        </p>
        <p class="module-position">
            {fill(tr(Msg::ModuleOf), &[("number", &page.number.to_string()), ("total", &page.total.to_string())])}
            " · "{fill(tr(Msg::ProgressPercent), &[("percent", &percent)])}
        </p>
        <progress max="100" value=percent.clone() aria-label=tr(Msg::YourProgress)>{percent.clone()}"%"</progress>
        {show_title.then(|| view! { <h1>{page.title.clone()}</h1> })}
        {page.language_notice.map(|notice| view! { <p class="notice">{tr(notice)}</p> })}
    }
}

/// Shown before a module with distressing material: the note, and a free choice.
#[component]
fn ContentNoteGate(page: ModulePage, content_note: String) -> impl IntoView {
    let path = module_path(&page.slug, &page.id);
    view! {
        <section class="module">
            <ModuleHeader page=page.clone() show_title=true/>
            <aside class="content-note" role="note">
                <h2>{tr(Msg::ContentNote)}</h2>
                <p>{tr(Msg::ContentNoteIntro)}</p>
                <p>{content_note}</p>
                <p>{tr(Msg::ContentNoteChoice)}</p>
                <div class="button-row">
                    <a class="button" href=format!("{path}?note=read")>{tr(Msg::ContinueToModule)}</a>
                    <a class="button button-secondary" href=format!("{path}?note=summary")>{tr(Msg::SkipToSummary)}</a>
                </div>
            </aside>
        </section>
    }
}

#[component]
fn ModuleSummaryView(page: ModulePage) -> impl IntoView {
    let path = module_path(&page.slug, &page.id);
    view! {
        <section class="module">
            <ModuleHeader page=page.clone() show_title=true/>
            <h2>{tr(Msg::SummaryTitle)}</h2>
            <p>{tr(Msg::SummaryIntro)}</p>
            <ul>{page.objectives.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
            <p>{tr(Msg::ComeBackLater)}</p>
            <div class="button-row">
                <a class="button" href=format!("{path}?note=read")>{tr(Msg::ContinueToModule)}</a>
                <a class="button button-secondary" href=course_path(&page.slug)>{tr(Msg::BackToCourseOverview)}</a>
            </div>
        </section>
    }
}

#[component]
fn ModuleBody(page: ModulePage) -> impl IntoView {
    let mark_read = ServerAction::<MarkModuleRead>::new();
    let slug = page.slug.clone();
    let module_id = page.id.clone();
    let first_question = page.blocks.iter().position(|b| matches!(b, LearnerBlock::Question(_)));
    view! {
        <article class="module" data-enhance="true">
            // Modules usually open with their own `# Title`; the page adds one only when not.
            <ModuleHeader page=page.clone() show_title=!page.opens_with_title/>
            {page.blocks.iter().enumerate().map(|(index, block)| {
                let anchor = (Some(index) == first_question).then_some("questions");
                match block.clone() {
                    LearnerBlock::Text(html) => view! { <div class="module-text" inner_html=html></div> }.into_any(),
                    LearnerBlock::Question(question) => view! {
                        <div id=anchor><QuestionBlock slug=slug.clone() module_id=module_id.clone() question/></div>
                    }.into_any(),
                    LearnerBlock::Scenario { id, title, state } => view! {
                        <ScenarioCard href=scenario_path(&slug, &id) title state/>
                    }.into_any(),
                }
            }).collect_view()}
            {page.quiz.clone().map(|quiz| view! { <QuizResult slug=slug.clone() module_id=module_id.clone() quiz/> })}
            <footer class="module-end" id="module-end">
                <FormOutcome form="read"/>
                {if page.read {
                    view! { <p class="notice notice-success">{tr(Msg::ModuleIsRead)}</p> }.into_any()
                } else {
                    let (slug, module_id) = (slug.clone(), module_id.clone());
                    view! {
                        <ActionForm action=mark_read>
                            <CsrfField/>
                            <input type="hidden" name="slug" value=slug/>
                            <input type="hidden" name="module_id" value=module_id/>
                            <button type="submit">{tr(Msg::MarkRead)}</button>
                        </ActionForm>
                    }.into_any()
                }}
                <p class="button-row">
                    {page.next_module.clone().map(|next| view! {
                        <a class="button" href=module_path(&slug, &next)>{tr(Msg::NextModule)}</a>
                    })}
                    <a class="button button-secondary" href=course_path(&slug)>{tr(Msg::BackToCourseOverview)}</a>
                </p>
            </footer>
        </article>
    }
}

#[component]
fn QuestionBlock(slug: String, module_id: String, question: QuestionView) -> impl IntoView {
    let answer = ServerAction::<AnswerQuestion>::new();
    let form_name = format!("question-{}", question.id);
    let input_type = if question.kind == QuestionKind::Multiple { "checkbox" } else { "radio" };
    let hint = if question.kind == QuestionKind::Multiple { Msg::ChooseAll } else { Msg::ChooseOne };
    let legend_id = format!("question-{}-prompt", question.id);
    let section_id = format!("question-{}", question.id);
    view! {
        <section class="question" id=section_id>
            <FormOutcome form=form_name.clone()/>
            {match question.answered.clone() {
                Some(answered) => view! {
                    <div id=legend_id.clone() class="question-prompt" inner_html=question.prompt_html.clone()></div>
                    <p class="notice" class:notice-success=answered.correct class:notice-error=!answered.correct>
                        {tr(if answered.correct { Msg::YourAnswerCorrect } else { Msg::YourAnswerWrong })}
                    </p>
                    <ul class="answer-options">
                        {question.options_html.iter().zip(answered.options.clone()).map(|(html, option)| view! {
                            <li class:option-correct=option.correct class:option-selected=option.selected>
                                <div inner_html=html.clone()></div>
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
                }.into_any(),
                None => view! {
                    <ActionForm action=answer>
                        <CsrfField/>
                        <input type="hidden" name="slug" value=slug/>
                        <input type="hidden" name="module_id" value=module_id/>
                        <input type="hidden" name="question_id" value=question.id.clone()/>
                        <fieldset aria-describedby=format!("{legend_id}-hint") disabled=!question.open>
                            <legend><div id=legend_id.clone() class="question-prompt" inner_html=question.prompt_html.clone()></div></legend>
                            <p class="field-hint" id=format!("{legend_id}-hint")>{tr(hint)}</p>
                            <FieldError form=form_name name="answer"/>
                            {question.options_html.iter().enumerate().map(|(index, html)| {
                                let id = format!("question-{}-option-{index}", question.id);
                                view! {
                                    <div class="choice">
                                        <input type=input_type id=id.clone() name="selected[]" value=index.to_string()/>
                                        <label for=id inner_html=html.clone()></label>
                                    </div>
                                }
                            }).collect_view()}
                            <button type="submit">{tr(Msg::CheckAnswer)}</button>
                        </fieldset>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn QuizResult(slug: String, module_id: String, quiz: QuizSummary) -> impl IntoView {
    let retake = ServerAction::<RetakeQuiz>::new();
    let values = [
        ("points", quiz.points.to_string()),
        ("max", quiz.max_points.to_string()),
        ("percent", quiz.pass_mark.to_string()),
    ];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    view! {
        <section class="quiz-result" id="quiz-result">
            <h2>{fill(tr(Msg::AttemptNumber), &[("number", &quiz.attempt_number.to_string())])}</h2>
            <FormOutcome form="quiz"/>
            <FieldError form="quiz" name="retake"/>
            {quiz.finished.then(|| if quiz.passed {
                view! { <p class="notice notice-success">{fill(tr(Msg::AttemptPassed), &values)}</p> }.into_any()
            } else {
                view! { <p class="notice notice-error">{fill(tr(Msg::AttemptFailed), &values)}</p> }.into_any()
            })}
            {(quiz.finished && !quiz.passed).then(|| if quiz.may_retake {
                view! {
                    <ActionForm action=retake>
                        <CsrfField/>
                        <input type="hidden" name="slug" value=slug.clone()/>
                        <input type="hidden" name="module_id" value=module_id.clone()/>
                        <button type="submit">{tr(Msg::TryAgain)}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="notice">{tr(Msg::NoAttemptsLeft)}</p> }.into_any()
            })}
        </section>
    }
}

#[component]
fn ScenarioCard(href: String, title: String, state: ScenarioCardState) -> impl IntoView {
    let label = match state {
        ScenarioCardState::NotStarted => Msg::StartScenario,
        ScenarioCardState::InProgress => Msg::ContinueScenario,
        ScenarioCardState::Finished => Msg::SeeScenarioResult,
    };
    view! {
        <section class="scenario-card">
            <p class="preview-label">{tr(Msg::ScenarioLabel)}</p>
            <h2>{title}</h2>
            <p>{tr(Msg::ScenarioIntro)}</p>
            <a class="button" href=href>{tr(label)}</a>
        </section>
    }
}
