//! Translations must not change what is being assessed: the same questions with the
//! same answer key and points, the same scenario paths, scores and outcomes. A
//! mistranslated `[x]` would otherwise silently mark a wrong answer as right for
//! every learner who takes the course in that language.

use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::model::{Module, ScenarioNode};
use crate::module::ModuleLocs;

pub(crate) struct Side<'a> {
    pub path: &'a str,
    pub module: &'a Module,
    pub locs: &'a ModuleLocs,
}

pub(crate) fn compare_translation(src: &Side, tr: &Side, diags: &mut Vec<Diagnostic>) {
    let lang = &src.module.language;
    let mut err = |at: Pos, msg: String| {
        diags.push(
            Diagnostic::error(tr.path, at, Code::TranslationMismatch, msg)
                .with_hint(format!("Translations change the words only; ids, [x] marks, points, targets and scores must match {}.", src.path)),
        );
    };
    if src.module.id != tr.module.id {
        let at = tr.locs.id.as_ref().map_or(Pos::START, |(_, p)| *p);
        err(at, format!("module id `{}` differs from `{}` in the {lang} file", tr.module.id, src.module.id));
    }
    if src.module.metadata.order != tr.module.metadata.order {
        let at = tr.locs.order.map_or(Pos::START, |(_, p)| p);
        err(at, format!("order {} differs from {} in the {lang} file", tr.module.metadata.order, src.module.metadata.order));
    }
    if src.module.metadata.assessment != tr.module.metadata.assessment {
        let at = tr.locs.assessment.map_or(Pos::START, |a| a.assessment);
        err(at, format!("the assessment settings (assessment, draw, quotas, attempts, retake_after, reveal) differ from the {lang} file"));
    }

    for q in src.module.questions() {
        let Some(tq) = tr.module.questions().find(|t| t.id == q.id) else {
            err(Pos::START, format!("question `{}` from the {lang} file is missing in this translation", q.id));
            continue;
        };
        let Some(loc) = tr.locs.questions.get(&q.id) else { continue };
        if q.kind != tq.kind {
            err(loc.kind.unwrap_or(loc.opener), format!("kind is {} here but {} in the {lang} file", tq.kind.as_str(), q.kind.as_str()));
        }
        if q.options.len() != tq.options.len() {
            err(loc.opener, format!("question `{}` has {} options here but {} in the {lang} file", q.id, tq.options.len(), q.options.len()));
        } else {
            for (k, (a, b)) in q.options.iter().zip(&tq.options).enumerate() {
                if a.correct != b.correct {
                    let at = loc.options.get(k).copied().unwrap_or(loc.opener);
                    let (here, there) = if b.correct { ("correct", "wrong") } else { ("wrong", "correct") };
                    err(at, format!("option {} is marked {here} here but {there} in the {lang} file", k + 1));
                }
            }
        }
        if q.topic != tq.topic {
            let shown = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
            err(loc.topic.unwrap_or(loc.opener), format!("topic {} differs from {} in the {lang} file", shown(&tq.topic), shown(&q.topic)));
        }
        if q.points != tq.points {
            err(loc.points.unwrap_or(loc.opener), format!("points {} differ from {} in the {lang} file", tq.points, q.points));
        }
    }
    for tq in tr.module.questions() {
        if !src.module.questions().any(|q| q.id == tq.id)
            && let Some(loc) = tr.locs.questions.get(&tq.id)
        {
            err(loc.opener, format!("question `{}` is not in the {lang} file", tq.id));
        }
    }

    for s in src.module.scenarios() {
        let Some(ts) = tr.module.scenarios().find(|t| t.id == s.id) else {
            err(Pos::START, format!("scenario `{}` from the {lang} file is missing in this translation", s.id));
            continue;
        };
        let Some(loc) = tr.locs.scenarios.get(&s.id) else { continue };
        if s.graded != ts.graded {
            err(loc.opener, format!("scenario `{}` is graded in one file and practice in the other (or has other attempts); it must match the {lang} file", s.id));
        }
        if s.start != ts.start {
            err(loc.start.unwrap_or(loc.opener), format!("start `{}` differs from `{}` in the {lang} file", ts.start, s.start));
        }
        for node in &s.nodes {
            let Some(tnode) = ts.node(node.id()) else {
                err(loc.opener, format!("`{}` from the {lang} file is missing in this scenario", node.id()));
                continue;
            };
            let Some(nloc) = loc.nodes.get(node.id()) else { continue };
            match (node, tnode) {
                (ScenarioNode::Step(a), ScenarioNode::Step(b)) => {
                    if a.choices.len() != b.choices.len() {
                        err(nloc.at, format!("step `{}` has {} choices here but {} in the {lang} file", a.id, b.choices.len(), a.choices.len()));
                        continue;
                    }
                    for (k, (ca, cb)) in a.choices.iter().zip(&b.choices).enumerate() {
                        let at = nloc.items.get(k).copied().unwrap_or(nloc.at);
                        if ca.target != cb.target || ca.score != cb.score {
                            err(at, format!(
                                "choice {} leads to `{}` ({:+}) here but to `{}` ({:+}) in the {lang} file",
                                k + 1, cb.target, cb.score, ca.target, ca.score
                            ));
                        }
                    }
                }
                (ScenarioNode::Branch(a), ScenarioNode::Branch(b)) => {
                    if a.conditions != b.conditions {
                        err(nloc.at, format!("the conditions of branch `{}` differ from the {lang} file", a.id));
                    }
                    if a.otherwise != b.otherwise {
                        err(nloc.otherwise.unwrap_or(nloc.at), format!("`else` leads to `{}` here but `{}` in the {lang} file", b.otherwise, a.otherwise));
                    }
                }
                (ScenarioNode::Ending(a), ScenarioNode::Ending(b)) => {
                    if a.outcome != b.outcome {
                        err(nloc.outcome.unwrap_or(nloc.at), format!("outcome {} differs from {} in the {lang} file", b.outcome.as_str(), a.outcome.as_str()));
                    }
                    if a.points != b.points {
                        err(nloc.points.unwrap_or(nloc.at), format!("points {} differ from {} in the {lang} file", b.points, a.points));
                    }
                }
                _ => err(nloc.at, format!("`{}` is a different kind of part (step, branch or ending) than in the {lang} file", node.id())),
            }
        }
        for tnode in &ts.nodes {
            if s.node(tnode.id()).is_none()
                && let Some(nloc) = loc.nodes.get(tnode.id())
            {
                err(nloc.at, format!("`{}` is not in this scenario in the {lang} file", tnode.id()));
            }
        }
    }
    for ts in tr.module.scenarios() {
        if !src.module.scenarios().any(|s| s.id == ts.id)
            && let Some(loc) = tr.locs.scenarios.get(&ts.id)
        {
            err(loc.opener, format!("scenario `{}` is not in the {lang} file", ts.id));
        }
    }
}
