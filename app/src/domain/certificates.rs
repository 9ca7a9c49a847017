//! What a certificate says about itself: its state on a given day, when it expires, and its
//! short code for people. Plain rules, tested here; storage and pages build on them.

use crate::domain::calendar::add_months;
use serde::{Deserialize, Serialize};

/// A certificate's state as a verifier sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateState {
    Valid,
    /// Past its expiry date.
    Expired,
    /// A newer certificate for the same person and course replaced it.
    Superseded,
    /// Withdrawn by an administrator.
    Revoked,
}

/// The facts a certificate's state depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub superseded: bool,
}

/// Revocation outweighs everything, then replacement, then expiry.
pub fn state(standing: Standing, now: i64) -> CertificateState {
    if standing.revoked_at.is_some_and(|at| at <= now) {
        CertificateState::Revoked
    } else if standing.superseded {
        CertificateState::Superseded
    } else if standing.expires_at.is_some_and(|at| at <= now) {
        CertificateState::Expired
    } else {
        CertificateState::Valid
    }
}

/// When a certificate issued at `issued_at` expires, for a course valid `validity_months`.
pub fn expiry(issued_at: i64, validity_months: Option<u32>) -> Option<i64> {
    validity_months.map(|months| add_months(issued_at, months))
}

/// How long before its expiry a certificate may be renewed by taking the course again: long
/// enough to fit a course into a working month or two, so nobody has to go without one.
pub const RENEWAL_WINDOW_SECONDS: i64 = 90 * 86_400;

/// Why a learner who completed a course may take it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TakeAgain {
    /// A newer version of the course was published after the learner's.
    NewerVersion,
    Expired,
    /// The certificate expires within the renewal window; the day it expires.
    ExpiresSoon { expires_at: i64 },
}

/// Whether a learner who completed a course may take it again, given whether a newer version
/// exists and the state and expiry of their newest certificate for it. A revoked certificate is
/// an administrator's decision, which taking the course again must not undo.
pub fn take_again(newer_version: bool, certificate: Option<(CertificateState, Option<i64>)>, now: i64) -> Option<TakeAgain> {
    match certificate {
        Some((CertificateState::Revoked, _)) => None,
        _ if newer_version => Some(TakeAgain::NewerVersion),
        Some((CertificateState::Expired, _)) => Some(TakeAgain::Expired),
        Some((CertificateState::Valid, Some(expires_at))) if expires_at - now <= RENEWAL_WINDOW_SECONDS => {
            Some(TakeAgain::ExpiresSoon { expires_at })
        }
        _ => None,
    }
}

/// Letters and digits people cannot confuse (Crockford's base 32: no I, L, O or U).
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A short code people can read out or type, such as `TLT-7KQ2-M9XD`, from 40 random bits. It is
/// for reading, not for finding: certificate addresses use the long unguessable id.
pub fn human_code(random: u64) -> String {
    let digit = |k: u32| CODE_ALPHABET[((random >> (5 * k)) & 31) as usize] as char;
    let part = |from: u32| (from..from + 4).map(digit).collect::<String>();
    format!("TLT-{}-{}", part(0), part(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn revocation_outweighs_replacement_which_outweighs_expiry() {
        let valid = Standing { expires_at: Some(10 * DAY), revoked_at: None, superseded: false };
        assert_eq!(state(valid, DAY), CertificateState::Valid);
        assert_eq!(state(valid, 10 * DAY), CertificateState::Expired);
        assert_eq!(state(Standing { superseded: true, ..valid }, 10 * DAY), CertificateState::Superseded);
        assert_eq!(state(Standing { revoked_at: Some(2 * DAY), superseded: true, ..valid }, 3 * DAY), CertificateState::Revoked);
        assert_eq!(state(Standing { expires_at: None, ..valid }, 1000 * DAY), CertificateState::Valid);
    }

    #[test]
    fn expiry_follows_the_calendar_and_may_be_none() {
        assert_eq!(expiry(0, None), None);
        assert_eq!(expiry(0, Some(12)), Some(365 * DAY));
    }

    #[test]
    fn a_course_is_taken_again_after_expiry_near_it_or_for_a_newer_version_never_after_revocation() {
        let now = 1000 * DAY;
        let valid_for = |days: i64| Some((CertificateState::Valid, Some(now + days * DAY)));
        assert_eq!(take_again(false, valid_for(365), now), None);
        assert_eq!(take_again(false, valid_for(30), now), Some(TakeAgain::ExpiresSoon { expires_at: now + 30 * DAY }));
        assert_eq!(take_again(false, Some((CertificateState::Expired, Some(now - DAY))), now), Some(TakeAgain::Expired));
        assert_eq!(take_again(false, Some((CertificateState::Valid, None)), now), None, "a certificate that never expires");
        assert_eq!(take_again(false, None, now), None, "no certificate yet (awaiting approval) and no newer version");
        assert_eq!(take_again(true, valid_for(365), now), Some(TakeAgain::NewerVersion));
        assert_eq!(take_again(true, None, now), Some(TakeAgain::NewerVersion));
        assert_eq!(take_again(true, Some((CertificateState::Revoked, None)), now), None);
    }

    #[test]
    fn codes_are_short_unambiguous_and_differ_by_their_bits() {
        let code = human_code(0x0123_4567_89ab);
        assert_eq!(code.len(), 13);
        assert!(code.starts_with("TLT-"));
        assert!(code.chars().skip(4).all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))));
        assert_ne!(human_code(1), human_code(2));
        assert!(!code[4..].contains(['I', 'L', 'O', 'U']), "no letters that look like digits or each other");
    }
}
