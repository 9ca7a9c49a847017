//! Grading a learner's answer to a question. Pure: the server decides when to call
//! it and what to store.

use serde::{Deserialize, Serialize};

use crate::model::{Question, RichText};

/// What the learner sees after answering: whether it was right, the points, and for
/// each option whether it is correct and its feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub correct: bool,
    pub points_awarded: u32,
    pub points_possible: u32,
    pub options: Vec<OptionResult>,
    pub explanation: Option<RichText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionResult {
    /// The learner ticked this option.
    pub selected: bool,
    /// This option is one of the correct answers.
    pub correct: bool,
    /// The learner's handling of this option was right (ticked a correct option or
    /// left a wrong one unticked).
    pub answered_correctly: bool,
    pub feedback: Option<RichText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GradeError {
    /// An option index that the question does not have: a tampered or stale request.
    OptionOutOfRange { index: usize, options: usize },
}

impl std::fmt::Display for GradeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GradeError::OptionOutOfRange { index, options } => {
                write!(f, "option {index} does not exist; the question has {options} options")
            }
        }
    }
}

impl std::error::Error for GradeError {}

/// Grades an answer given as the indices (0-based) of the options the learner
/// selected. Repeated indices count once.
///
/// The rule is all-or-nothing for every kind:
/// - `single` and `true-false`: full points if the one correct option, and only it,
///   is selected.
/// - `multiple`: full points only if exactly the set of correct options is selected;
///   a missing correct option or an extra wrong one gives 0 points. There is no
///   partial credit because it rewards guessing: ticking everything would earn most
///   of the points on safety-critical knowledge (for example, which indicators
///   call for a referral) without knowing it.
///
/// An index outside the question's options is an error rather than a wrong answer,
/// so that a broken client cannot go unnoticed.
pub fn grade_question(question: &Question, selected: &[usize]) -> Result<QuestionResult, GradeError> {
    let n = question.options.len();
    let mut chosen = vec![false; n];
    for &i in selected {
        if i >= n {
            return Err(GradeError::OptionOutOfRange { index: i, options: n });
        }
        chosen[i] = true;
    }
    let options: Vec<OptionResult> = question
        .options
        .iter()
        .zip(&chosen)
        .map(|(o, &sel)| OptionResult {
            selected: sel,
            correct: o.correct,
            answered_correctly: sel == o.correct,
            feedback: o.feedback.clone(),
        })
        .collect();
    let correct = n > 0 && options.iter().all(|o| o.answered_correctly);
    Ok(QuestionResult {
        correct,
        points_awarded: if correct { question.points } else { 0 },
        points_possible: question.points,
        options,
        explanation: question.explanation.clone(),
    })
}

/// Whether `awarded` out of `possible` points reaches a course's pass mark (a
/// percentage). Integer arithmetic, so 70% of 10 points is exactly 7. A course with
/// nothing to score is passed by completing it.
pub fn meets_pass_mark(pass_mark: u8, awarded: u32, possible: u32) -> bool {
    possible == 0 || u64::from(awarded) * 100 >= u64::from(pass_mark) * u64::from(possible)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QuestionKind, QuestionOption};

    fn q(kind: QuestionKind, correct: &[bool], points: u32) -> Question {
        Question {
            id: "q".into(),
            kind,
            prompt: RichText::from_markdown("?"),
            options: correct
                .iter()
                .enumerate()
                .map(|(i, &c)| QuestionOption {
                    text: RichText::from_markdown(format!("option {i}")),
                    correct: c,
                    feedback: Some(RichText::from_markdown(format!("feedback {i}"))),
                })
                .collect(),
            explanation: Some(RichText::from_markdown("because")),
            points,
            topic: None,
        }
    }

    #[test]
    fn single_choice() {
        let question = q(QuestionKind::Single, &[false, true, false], 2);
        let r = grade_question(&question, &[1]).unwrap();
        assert!(r.correct);
        assert_eq!(r.points_awarded, 2);
        assert_eq!(r.points_possible, 2);
        assert_eq!(
            r.options.iter().map(|o| o.answered_correctly).collect::<Vec<_>>(),
            vec![true, true, true]
        );
        let r = grade_question(&question, &[0]).unwrap();
        assert!(!r.correct);
        assert_eq!(r.points_awarded, 0);
        assert_eq!(
            r.options.iter().map(|o| o.answered_correctly).collect::<Vec<_>>(),
            vec![false, false, true]
        );
        // Ticking the right one and a wrong one is not the one correct answer.
        assert!(!grade_question(&question, &[0, 1]).unwrap().correct);
        assert!(!grade_question(&question, &[]).unwrap().correct);
        assert!(grade_question(&question, &[1, 1]).unwrap().correct);
    }

    #[test]
    fn true_false() {
        let question = q(QuestionKind::TrueFalse, &[false, true], 1);
        assert!(grade_question(&question, &[1]).unwrap().correct);
        assert!(!grade_question(&question, &[0]).unwrap().correct);
        assert!(!grade_question(&question, &[0, 1]).unwrap().correct);
    }

    #[test]
    fn multiple_is_all_or_nothing() {
        let question = q(QuestionKind::Multiple, &[true, false, true, false], 3);
        assert_eq!(grade_question(&question, &[0, 2]).unwrap().points_awarded, 3);
        assert_eq!(grade_question(&question, &[2, 0]).unwrap().points_awarded, 3);
        assert_eq!(grade_question(&question, &[0]).unwrap().points_awarded, 0);
        assert_eq!(grade_question(&question, &[0, 1, 2]).unwrap().points_awarded, 0);
        assert_eq!(grade_question(&question, &[0, 1, 2, 3]).unwrap().points_awarded, 0);
        let r = grade_question(&question, &[0]).unwrap();
        assert_eq!(
            r.options.iter().map(|o| (o.selected, o.correct, o.answered_correctly)).collect::<Vec<_>>(),
            vec![(true, true, true), (false, false, true), (false, true, false), (false, false, true)]
        );
        assert_eq!(r.options[2].feedback.as_ref().unwrap().markdown, "feedback 2");
        assert_eq!(r.explanation.unwrap().markdown, "because");
    }

    #[test]
    fn out_of_range_is_an_error() {
        let question = q(QuestionKind::Single, &[true, false], 1);
        assert_eq!(
            grade_question(&question, &[2]),
            Err(GradeError::OptionOutOfRange { index: 2, options: 2 })
        );
    }

    #[test]
    fn pass_mark() {
        assert!(meets_pass_mark(70, 7, 10));
        assert!(!meets_pass_mark(70, 6, 10));
        assert!(meets_pass_mark(100, 3, 3));
        assert!(!meets_pass_mark(100, 2, 3));
        assert!(meets_pass_mark(0, 0, 5));
        assert!(meets_pass_mark(70, 0, 0));
        assert!(!meets_pass_mark(67, 2, 3)); // 66.7% is below 67%
        assert!(meets_pass_mark(66, 2, 3));
    }
}
