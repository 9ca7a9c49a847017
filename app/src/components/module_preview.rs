//! How a module looks to the trainer who writes it: the learner's text, and beside each
//! question and scenario the answer key, feedback and where each choice leads, so the whole
//! module can be checked on one page. Learner pages never use this: it shows the answers.
//!
//! Takes the locale as a value because it also renders inside the editor island in the
//! browser, where the page's context is not available.

use crate::i18n::{Locale, Msg, fill};
use leptos::prelude::*;
use tiltas_course::{Block, Module, Outcome, Question, RichText, Scenario, ScenarioNode};

#[component]
pub fn ModulePreview(module: Module, locale: Locale) -> impl IntoView {
    let t = move |msg: Msg| msg.text(locale);
    let bank = module.questions().count();
    view! {
        <article class="module-preview">
            {module.metadata.content_note.clone().map(|note| view! {
                <aside class="content-note"><strong>{t(Msg::ContentNote)}": "</strong>{note}</aside>
            })}
            {module.metadata.assessment.clone().map(|a| {
                let values = [
                    ("draw", a.draw.map_or(bank, |n| n as usize).to_string()),
                    ("bank", bank.to_string()),
                    ("attempts", a.attempts.to_string()),
                    ("reveal", a.reveal.as_str().to_string()),
                ];
                let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                view! { <p class="notice">{fill(t(Msg::PreviewAssessment), &values)}</p> }
            })}
            {module.blocks.into_iter().map(|block| match block {
                Block::Markdown(text) => rich(&text, "module-text").into_any(),
                Block::Question(question) => view! { <QuestionKey question locale/> }.into_any(),
                Block::Scenario(scenario) => view! { <ScenarioMap scenario locale/> }.into_any(),
            }).collect_view()}
        </article>
    }
}

/// Trainer Markdown, already rendered and sanitised by `tiltas_course::render_markdown`.
pub fn rich(text: &RichText, class: &'static str) -> impl IntoView + use<> {
    view! { <div class=class inner_html=text.html.clone()></div> }
}

#[component]
fn QuestionKey(question: Question, locale: Locale) -> impl IntoView {
    let t = move |msg: Msg| msg.text(locale);
    let points = fill(t(Msg::PointsValue), &[("points", &question.points.to_string())]);
    view! {
        <section class="preview-question" id=format!("question-{}", question.id)>
            <p class="preview-label">
                <code>{question.id.clone()}</code>" · "{question.kind.as_str()}" · "{points}
                {question.topic.clone().map(|topic| view! { " · "<code>{topic}</code> })}
            </p>
            {rich(&question.prompt, "question-prompt")}
            <ul class="preview-options">
                {question.options.into_iter().map(|option| view! {
                    <li class:option-correct=option.correct>
                        {option.correct.then(|| view! { <span class="badge badge-correct">{t(Msg::CorrectOption)}</span> })}
                        {rich(&option.text, "option-text")}
                        {option.feedback.map(|feedback| view! {
                            <div class="preview-feedback"><span class="preview-label">{t(Msg::OptionFeedback)}</span>{rich(&feedback, "feedback")}</div>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            {question.explanation.map(|explanation| view! {
                <div class="preview-feedback"><span class="preview-label">{t(Msg::Explanation)}</span>{rich(&explanation, "explanation")}</div>
            })}
        </section>
    }
}

#[component]
fn ScenarioMap(scenario: Scenario, locale: Locale) -> impl IntoView {
    let t = move |msg: Msg| msg.text(locale);
    view! {
        <section class="preview-scenario">
            <p class="preview-label">{t(Msg::ScenarioLabel)}" · "<code>{scenario.id.clone()}</code></p>
            <h3>{scenario.title.clone()}</h3>
            {scenario.nodes.into_iter().map(|node| match node {
                ScenarioNode::Step(step) => view! {
                    <div class="preview-step" id=format!("step-{}", step.id)>
                        <p class="preview-label">{t(Msg::StepLabel)}" "<code>{step.id.clone()}</code></p>
                        {rich(&step.narrative, "narrative")}
                        <ol class="preview-options">
                            {step.choices.into_iter().map(|choice| view! {
                                <li>
                                    {rich(&choice.text, "option-text")}
                                    <p class="preview-label">
                                        {t(Msg::LeadsTo)}" "<a href=format!("#step-{}", choice.target)><code>{choice.target.clone()}</code></a>
                                        {(choice.score != 0).then(|| format!(" · {} {:+}", t(Msg::ScoreChange), choice.score))}
                                    </p>
                                    <div class="preview-feedback">{rich(&choice.feedback, "feedback")}</div>
                                </li>
                            }).collect_view()}
                        </ol>
                    </div>
                }.into_any(),
                ScenarioNode::Branch(branch) => view! {
                    <div class="preview-step" id=format!("step-{}", branch.id)>
                        <p class="preview-label"><code>{branch.id.clone()}</code></p>
                        <ul>
                            {branch.conditions.into_iter().map(|condition| view! {
                                <li>{format!("{} {} {} → ", t(Msg::ScoreChange), condition.comparison.as_str(), condition.value)}<code>{condition.target}</code></li>
                            }).collect_view()}
                            <li>{t(Msg::BranchOtherwise)}" → "<code>{branch.otherwise}</code></li>
                        </ul>
                    </div>
                }.into_any(),
                ScenarioNode::Ending(ending) => view! {
                    <div class="preview-step preview-ending" id=format!("step-{}", ending.id)>
                        <p class="preview-label">
                            {t(Msg::EndingLabel)}" "<code>{ending.id.clone()}</code>" · "{t(outcome_label(ending.outcome))}
                            " · "{fill(t(Msg::PointsValue), &[("points", &ending.points.to_string())])}
                        </p>
                        {rich(&ending.narrative, "narrative")}
                    </div>
                }.into_any(),
            }).collect_view()}
        </section>
    }
}

pub fn outcome_label(outcome: Outcome) -> Msg {
    match outcome {
        Outcome::GoodPractice => Msg::OutcomeGoodPractice,
        Outcome::Mixed => Msg::OutcomeMixed,
        Outcome::Harmful => Msg::OutcomeHarmful,
    }
}
