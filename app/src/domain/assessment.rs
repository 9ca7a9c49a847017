//! The attempt and reveal rules of graded items (assessments and graded scenarios), as pure
//! functions of the rules, what the learner has done and the time. Documented for trainers in
//! docs/authoring.md, "Graded assessments".

use serde::{Deserialize, Serialize};
use tiltas_course::Reveal;

/// How many attempts a graded item allows and how long to wait between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRule {
    pub attempts: u32,
    pub wait_seconds: Option<u64>,
}

/// What a learner has done with one graded item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttemptHistory {
    /// Attempts started, the open one included.
    pub used: u32,
    pub open: bool,
    pub passed: bool,
    pub last_finished_at: Option<i64>,
    /// Extra attempts an administrator granted.
    pub grants: u32,
    /// A grant was made after the newest attempt started: the next attempt need not wait.
    pub granted_since_last_attempt: bool,
}

/// Whether the learner may start another attempt now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextAttempt {
    /// An attempt is in progress: continue it.
    InProgress,
    Available,
    /// The wait after the last attempt ends at this time (seconds since 1970).
    WaitUntil(i64),
    Passed,
    /// Every attempt is used and none passed: the item is failed until an administrator grants
    /// another attempt.
    NoneLeft,
}

impl AttemptRule {
    /// Attempts allowed in all: the rule's own plus those granted.
    pub fn allowed(&self, history: &AttemptHistory) -> u32 {
        self.attempts.saturating_add(history.grants)
    }

    pub fn next(&self, history: &AttemptHistory, now: i64) -> NextAttempt {
        if history.open {
            return NextAttempt::InProgress;
        }
        if history.passed {
            return NextAttempt::Passed;
        }
        if history.used >= self.allowed(history) {
            return NextAttempt::NoneLeft;
        }
        // A grant made after the last attempt is an administrator's decision that the learner
        // may try again now; it is not held back by the wait.
        if let (Some(wait), Some(finished), false) = (self.wait_seconds, history.last_finished_at, history.granted_since_last_attempt) {
            let until = finished.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
            if now < until {
                return NextAttempt::WaitUntil(until);
            }
        }
        NextAttempt::Available
    }

    /// Attempts the learner can still start, the open one not counted.
    pub fn remaining(&self, history: &AttemptHistory) -> u32 {
        if history.passed { 0 } else { self.allowed(history).saturating_sub(history.used) }
    }
}

/// How much of a graded question the learner may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Disclosure {
    /// Only that an answer was recorded.
    Recorded,
    /// Whether each answer was right, but not which option was.
    RightOrWrong,
    /// The correct options, the feedback and the explanation.
    Full,
}

/// What an attempt may show: everything once the assessment is passed or no attempt remains
/// (whatever the rule), and before that only what the trainer's reveal rule allows.
pub fn disclosure(reveal: Reveal, attempt_finished: bool, next: NextAttempt) -> Disclosure {
    match (next, reveal) {
        (NextAttempt::Passed | NextAttempt::NoneLeft, _) => Disclosure::Full,
        (_, Reveal::AfterEachAttempt) if attempt_finished => Disclosure::Full,
        (_, Reveal::RightOrWrong) => Disclosure::RightOrWrong,
        _ => Disclosure::Recorded,
    }
}

/// A sign that a question may need a trainer's look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionFlag {
    /// Nearly everyone answers it wrongly: it may mislead, or its key may be wrong.
    NearlyAllWrong,
    /// Nearly everyone answers it rightly: it may be trivial, or give its answer away.
    NearlyAllRight,
}

/// Flags a question once it has enough answers to say anything: at most 20% or at least 95%
/// right out of 10 or more answers.
pub fn question_flag(answers: i64, correct: i64) -> Option<QuestionFlag> {
    const ENOUGH: i64 = 10;
    if answers < ENOUGH {
        return None;
    }
    if correct * 100 <= answers * 20 {
        Some(QuestionFlag::NearlyAllWrong)
    } else if correct * 100 >= answers * 95 {
        Some(QuestionFlag::NearlyAllRight)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600;

    fn rule(attempts: u32, wait_hours: Option<u64>) -> AttemptRule {
        AttemptRule { attempts, wait_seconds: wait_hours.map(|h| h * 3600) }
    }

    fn failed(used: u32, last_finished_at: i64) -> AttemptHistory {
        AttemptHistory { used, last_finished_at: Some(last_finished_at), ..AttemptHistory::default() }
    }

    #[test]
    fn attempts_count_up_to_the_limit_and_then_none_are_left() {
        let three = rule(3, None);
        assert_eq!(three.next(&AttemptHistory::default(), 0), NextAttempt::Available);
        assert_eq!(three.next(&failed(2, 0), 0), NextAttempt::Available);
        assert_eq!(three.next(&failed(3, 0), 0), NextAttempt::NoneLeft);
        assert_eq!(three.remaining(&failed(1, 0)), 2);
        let open = AttemptHistory { used: 3, open: true, ..AttemptHistory::default() };
        assert_eq!(three.next(&open, 0), NextAttempt::InProgress);
        let passed = AttemptHistory { used: 1, passed: true, last_finished_at: Some(0), ..AttemptHistory::default() };
        assert_eq!(three.next(&passed, 0), NextAttempt::Passed);
        assert_eq!(three.remaining(&passed), 0);
    }

    #[test]
    fn the_wait_after_an_attempt_is_enforced_to_the_second() {
        let daily = rule(3, Some(24));
        let finished = 1_000_000;
        assert_eq!(daily.next(&failed(1, finished), finished + HOUR), NextAttempt::WaitUntil(finished + 24 * HOUR));
        assert_eq!(daily.next(&failed(1, finished), finished + 24 * HOUR - 1), NextAttempt::WaitUntil(finished + 24 * HOUR));
        assert_eq!(daily.next(&failed(1, finished), finished + 24 * HOUR), NextAttempt::Available);
        // With no attempt left there is nothing to wait for.
        assert_eq!(daily.next(&failed(3, finished), finished + HOUR), NextAttempt::NoneLeft);
    }

    #[test]
    fn a_grant_adds_one_attempt_and_skips_the_wait_once() {
        let daily = rule(2, Some(24));
        let finished = 1_000_000;
        let granted = AttemptHistory { grants: 1, granted_since_last_attempt: true, ..failed(2, finished) };
        assert_eq!(daily.next(&granted, finished + 2 * HOUR), NextAttempt::Available);
        assert_eq!(daily.remaining(&granted), 1);
        // The granted attempt is used and failed: none left again, and the old grant does not
        // skip the wait of a later attempt.
        let used = AttemptHistory { used: 3, last_finished_at: Some(finished + 3 * HOUR), granted_since_last_attempt: false, ..granted };
        assert_eq!(daily.next(&used, finished + 4 * HOUR), NextAttempt::NoneLeft);
        let two_grants = AttemptHistory { grants: 2, ..used };
        assert_eq!(daily.next(&two_grants, finished + 4 * HOUR), NextAttempt::WaitUntil(finished + 27 * HOUR));
    }

    #[test]
    fn questions_are_flagged_only_with_enough_answers_at_either_extreme() {
        assert_eq!(question_flag(9, 0), None, "too few answers to judge");
        assert_eq!(question_flag(10, 2), Some(QuestionFlag::NearlyAllWrong));
        assert_eq!(question_flag(10, 3), None);
        assert_eq!(question_flag(20, 19), Some(QuestionFlag::NearlyAllRight));
        assert_eq!(question_flag(20, 18), None);
    }

    #[test]
    fn the_strict_rule_shows_nothing_until_passed_or_out_of_attempts() {
        use Disclosure::*;
        use NextAttempt::*;
        assert_eq!(disclosure(Reveal::Strict, false, InProgress), Recorded);
        assert_eq!(disclosure(Reveal::Strict, true, Available), Recorded);
        assert_eq!(disclosure(Reveal::Strict, true, WaitUntil(5)), Recorded);
        assert_eq!(disclosure(Reveal::Strict, true, Passed), Full);
        assert_eq!(disclosure(Reveal::Strict, true, NoneLeft), Full);
    }

    #[test]
    fn the_other_rules_show_marks_during_or_everything_after_each_attempt() {
        use Disclosure::*;
        use NextAttempt::*;
        assert_eq!(disclosure(Reveal::RightOrWrong, false, InProgress), RightOrWrong);
        assert_eq!(disclosure(Reveal::RightOrWrong, true, Available), RightOrWrong);
        assert_eq!(disclosure(Reveal::RightOrWrong, true, NoneLeft), Full);
        assert_eq!(disclosure(Reveal::AfterEachAttempt, false, InProgress), Recorded);
        assert_eq!(disclosure(Reveal::AfterEachAttempt, true, Available), Full);
    }
}
