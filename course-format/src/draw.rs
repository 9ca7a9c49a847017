//! Drawing an attempt's questions from a graded assessment's bank: which questions, in which
//! order, and each question's options in which order, all from one seed. The server stores the
//! draw with the attempt, so a reload, another device, a review and a re-grade see the same
//! attempt; a new attempt uses a new seed and draws again.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::{Module, QuestionKind};

/// One question of an attempt, in the order the learner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnQuestion {
    pub question_id: String,
    /// For each option as shown (first shown first), its index in the source file.
    pub option_order: Vec<usize>,
}

/// The questions of one attempt at `module`. Practice modules get every question in source
/// order with options unshuffled. A graded assessment gets `draw` questions (the whole bank
/// when `draw` is not set): first each quota's topic is drawn from, then the rest of the bank,
/// and the result is shuffled, as are the options of every question except true-false, whose
/// "true, false" order is kept because readers expect it.
pub fn draw_questions(module: &Module, seed: u64) -> Vec<DrawnQuestion> {
    let bank: Vec<_> = module.questions().collect();
    let in_order = |index: usize| DrawnQuestion {
        question_id: bank[index].id.clone(),
        option_order: (0..bank[index].options.len()).collect(),
    };
    let Some(assessment) = &module.metadata.assessment else {
        return (0..bank.len()).map(in_order).collect();
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let draw = assessment.draw.map_or(bank.len(), |n| (n as usize).min(bank.len()));
    let mut chosen: Vec<usize> = Vec::with_capacity(draw);
    for (topic, &quota) in &assessment.quotas {
        let mut pool: Vec<usize> =
            (0..bank.len()).filter(|&i| bank[i].topic.as_deref() == Some(topic.as_str()) && !chosen.contains(&i)).collect();
        pool.shuffle(&mut rng);
        chosen.extend(pool.into_iter().take(quota as usize));
    }
    let mut rest: Vec<usize> = (0..bank.len()).filter(|i| !chosen.contains(i)).collect();
    rest.shuffle(&mut rng);
    let missing = draw.saturating_sub(chosen.len());
    chosen.extend(rest.into_iter().take(missing));
    chosen.truncate(draw);
    chosen.shuffle(&mut rng);
    chosen
        .into_iter()
        .map(|index| {
            let mut drawn = in_order(index);
            if bank[index].kind != QuestionKind::TrueFalse {
                drawn.option_order.shuffle(&mut rng);
            }
            drawn
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::model::{Assessment, Block, ModuleMetadata, Question, QuestionOption, Reveal, RichText};

    fn question(id: &str, topic: &str, kind: QuestionKind, options: usize) -> Block {
        Block::Question(Question {
            id: id.into(),
            kind,
            prompt: RichText::from_markdown(id),
            options: (0..options)
                .map(|k| QuestionOption { text: RichText::from_markdown(format!("{k}")), correct: k == 0, feedback: None })
                .collect(),
            explanation: None,
            points: 1,
            topic: Some(topic.into()),
        })
    }

    /// A bank of 20: 12 on "law", 6 on "signs" and 2 true-false questions on "care".
    fn bank(draw: Option<u32>, quotas: &[(&str, u32)]) -> Module {
        let mut blocks: Vec<Block> = (0..12).map(|i| question(&format!("law-{i}"), "law", QuestionKind::Single, 4)).collect();
        blocks.extend((0..6).map(|i| question(&format!("signs-{i}"), "signs", QuestionKind::Multiple, 5)));
        blocks.extend((0..2).map(|i| question(&format!("care-{i}"), "care", QuestionKind::TrueFalse, 2)));
        Module {
            id: "final".into(),
            language: "en".into(),
            file: "09-final.en.md".into(),
            metadata: ModuleMetadata {
                title: "Final".into(),
                order: 9,
                estimated_minutes: 20,
                objectives: vec![],
                content_note: None,
                translation_status: None,
                assessment: Some(Assessment {
                    draw,
                    quotas: quotas.iter().map(|(t, n)| (t.to_string(), *n)).collect::<BTreeMap<_, _>>(),
                    attempts: 3,
                    retake_after_seconds: None,
                    reveal: Reveal::Strict,
                }),
            },
            blocks,
        }
    }

    fn ids(drawn: &[DrawnQuestion]) -> Vec<&str> {
        drawn.iter().map(|d| d.question_id.as_str()).collect()
    }

    #[test]
    fn the_same_seed_draws_the_same_questions_in_the_same_order() {
        let module = bank(Some(10), &[]);
        assert_eq!(draw_questions(&module, 42), draw_questions(&module, 42));
        let draws: BTreeSet<Vec<String>> =
            (0..20).map(|seed| draw_questions(&module, seed).into_iter().map(|d| d.question_id).collect()).collect();
        assert!(draws.len() > 15, "different seeds draw differently; got {} distinct draws of 20", draws.len());
    }

    #[test]
    fn a_draw_has_the_asked_number_of_distinct_questions_and_options_are_a_permutation() {
        let module = bank(Some(10), &[]);
        for seed in 0..50 {
            let drawn = draw_questions(&module, seed);
            assert_eq!(drawn.len(), 10);
            assert_eq!(ids(&drawn).into_iter().collect::<BTreeSet<_>>().len(), 10);
            for d in &drawn {
                let mut sorted = d.option_order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..d.option_order.len()).collect::<Vec<_>>());
                if d.question_id.starts_with("care") {
                    assert_eq!(d.option_order, vec![0, 1], "true-false keeps its order");
                }
            }
        }
        let shuffled = (0..50).flat_map(|seed| draw_questions(&module, seed)).filter(|d| d.option_order != (0..d.option_order.len()).collect::<Vec<_>>()).count();
        assert!(shuffled > 200, "options are shuffled in most questions; {shuffled} of 500 were");
    }

    #[test]
    fn quotas_hold_on_every_draw() {
        let module = bank(Some(6), &[("care", 2), ("signs", 3)]);
        for seed in 0..100 {
            let drawn = draw_questions(&module, seed);
            let count = |topic: &str| drawn.iter().filter(|d| d.question_id.starts_with(topic)).count();
            assert_eq!(drawn.len(), 6);
            assert_eq!(count("care"), 2);
            assert!(count("signs") >= 3);
        }
    }

    #[test]
    fn without_draw_the_whole_bank_is_shuffled_and_practice_is_in_source_order() {
        let module = bank(None, &[]);
        let drawn = draw_questions(&module, 7);
        assert_eq!(drawn.len(), 20);
        let source: Vec<String> = module.questions().map(|q| q.id.clone()).collect();
        assert_ne!(ids(&drawn), source.iter().map(String::as_str).collect::<Vec<_>>());

        let mut practice = module.clone();
        practice.metadata.assessment = None;
        let drawn = draw_questions(&practice, 7);
        assert_eq!(ids(&drawn), source.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(drawn.iter().all(|d| d.option_order == (0..d.option_order.len()).collect::<Vec<_>>()));
    }
}
