//! How many failed sign-ins are tolerated before an account or an address has to wait.
//!
//! Counting is per account (guessing one person's password) and per client address (trying
//! many accounts). The address limit is higher because a police station may share one address.

/// A fixed window: failures counted since `window_started_at`, forgotten once it is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailureWindow {
    pub failures: i64,
    pub window_started_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: i64,
    pub window_seconds: i64,
}

pub const PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy { max_failures: 5, window_seconds: 15 * 60 };
pub const PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { max_failures: 50, window_seconds: 15 * 60 };

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused; try again after this many seconds.
    Locked { retry_after_seconds: i64 },
}

impl ThrottlePolicy {
    pub fn verdict(&self, window: Option<FailureWindow>, now: i64) -> Verdict {
        match window {
            Some(w) if now < w.window_started_at + self.window_seconds && w.failures >= self.max_failures => {
                Verdict::Locked { retry_after_seconds: w.window_started_at + self.window_seconds - now }
            }
            _ => Verdict::Allowed,
        }
    }

    /// The window after one more failure: a new window starts when the old one is over.
    pub fn record_failure(&self, window: Option<FailureWindow>, now: i64) -> FailureWindow {
        match window {
            Some(w) if now < w.window_started_at + self.window_seconds => {
                FailureWindow { failures: w.failures + 1, window_started_at: w.window_started_at }
            }
            _ => FailureWindow { failures: 1, window_started_at: now },
        }
    }
}

/// Whole minutes to tell a person, rounded up so "wait 0 minutes" never appears.
pub fn minutes_to_wait(retry_after_seconds: i64) -> i64 {
    (retry_after_seconds.max(1) + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_within_the_window_only() {
        let policy = ThrottlePolicy { max_failures: 3, window_seconds: 100 };
        let mut window = None;
        for _ in 0..3 {
            assert_eq!(policy.verdict(window, 10), Verdict::Allowed);
            window = Some(policy.record_failure(window, 10));
        }
        assert_eq!(policy.verdict(window, 10), Verdict::Locked { retry_after_seconds: 100 });
        assert_eq!(policy.verdict(window, 109), Verdict::Locked { retry_after_seconds: 1 });
        assert_eq!(policy.verdict(window, 110), Verdict::Allowed);
        let fresh = policy.record_failure(window, 110);
        assert_eq!(fresh, FailureWindow { failures: 1, window_started_at: 110 });
    }

    #[test]
    fn waiting_time_is_rounded_up() {
        assert_eq!(minutes_to_wait(1), 1);
        assert_eq!(minutes_to_wait(60), 1);
        assert_eq!(minutes_to_wait(61), 2);
        assert_eq!(minutes_to_wait(0), 1);
    }
}
