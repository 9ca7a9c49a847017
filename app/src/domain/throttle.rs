//! How failed sign-ins (and registrations) slow down whoever keeps failing: per account (guessing
//! one person's password) and per client address (trying many accounts). Instead of locking an
//! account after a few failures, which would let anyone lock an administrator out, each failure
//! past a few free ones doubles the wait before the next try, up to a ceiling a real person can
//! wait out. Failures are forgotten after a quiet period.
//!
//! The counting itself is one atomic statement in storage (`storage::throttle::reserve`), which
//! computes the same schedule as [`ThrottlePolicy::wait_after`] in SQL, so parallel attempts each
//! see their own count.

/// The schedule of one kind of key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed without any wait.
    pub free_failures: i64,
    /// The wait after the first failure past the free ones; it doubles with each further one.
    pub first_wait_seconds: i64,
    /// How many doublings at most: the longest wait is `first_wait_seconds << max_doublings`.
    pub max_doublings: i64,
    /// A key quiet this long starts again from zero.
    pub forget_after_seconds: i64,
}

/// One person's password: 5 free tries, then 15 s, 30 s, … up to 16 minutes.
pub const PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy { free_failures: 5, first_wait_seconds: 15, max_doublings: 6, forget_after_seconds: 24 * 3600 };
/// One address (a police station may share one): 50 free tries, then 5 s, … up to about 10 minutes.
pub const PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { free_failures: 50, first_wait_seconds: 5, max_doublings: 7, forget_after_seconds: 24 * 3600 };
/// Accounts created from one address: 10 free, then 60 s, … up to about an hour.
pub const REGISTRATIONS_PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { free_failures: 10, first_wait_seconds: 60, max_doublings: 6, forget_after_seconds: 24 * 3600 };

impl ThrottlePolicy {
    /// The wait before the next try once `failures` failures are counted.
    pub fn wait_after(&self, failures: i64) -> i64 {
        if failures < self.free_failures {
            0
        } else {
            self.first_wait_seconds << (failures - self.free_failures).min(self.max_doublings)
        }
    }

    pub fn longest_wait_seconds(&self) -> i64 {
        self.first_wait_seconds << self.max_doublings
    }
}

/// Whole minutes to tell a person, rounded up so "wait 0 minutes" never appears.
pub fn minutes_to_wait(retry_after_seconds: i64) -> i64 {
    (retry_after_seconds.max(1) + 59) / 60
}

/// The address a throttle counts a request under. Behind `trusted_proxies` load balancers, each
/// appending the address it received the request from to `X-Forwarded-For`, the client is the
/// entry that many places from the right: everything further left was written by the client
/// and proves nothing. Without proxies, or when the header is shorter than it must be, the
/// connection's own address counts. IPv6 addresses count by their /64 network, which one
/// household or phone gets whole, so walking through addresses gains nothing.
pub fn client_address(forwarded_for: &[&str], trusted_proxies: usize, peer: Option<std::net::IpAddr>) -> String {
    let entries: Vec<&str> = forwarded_for.iter().flat_map(|header| header.split(',')).map(str::trim).collect();
    let forwarded = (trusted_proxies > 0 && entries.len() >= trusted_proxies)
        .then(|| entries[entries.len() - trusted_proxies].parse::<std::net::IpAddr>().ok())
        .flatten();
    match forwarded.or(peer) {
        Some(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(std::net::IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        Some(std::net::IpAddr::V4(v4)) => v4.to_string(),
        None => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_failures_then_doubling_waits_up_to_a_ceiling() {
        let policy = ThrottlePolicy { free_failures: 3, first_wait_seconds: 10, max_doublings: 2, forget_after_seconds: 100 };
        let waits: Vec<i64> = (0..8).map(|failures| policy.wait_after(failures)).collect();
        assert_eq!(waits, [0, 0, 0, 10, 20, 40, 40, 40]);
        assert_eq!(policy.longest_wait_seconds(), 40);
        assert!(PER_ACCOUNT.longest_wait_seconds() <= 20 * 60, "a person can wait it out");
    }

    #[test]
    fn waiting_time_is_rounded_up() {
        assert_eq!(minutes_to_wait(1), 1);
        assert_eq!(minutes_to_wait(60), 1);
        assert_eq!(minutes_to_wait(61), 2);
        assert_eq!(minutes_to_wait(0), 1);
    }

    #[test]
    fn the_client_is_the_entry_the_trusted_proxies_added_and_ipv6_counts_by_network() {
        let peer = Some("10.0.0.9".parse().unwrap());
        // The client wrote "6.6.6.6" itself; the one proxy appended the real address.
        assert_eq!(client_address(&["6.6.6.6, 198.51.100.7"], 1, peer), "198.51.100.7");
        assert_eq!(client_address(&["6.6.6.6, 198.51.100.7", "10.0.0.2"], 2, peer), "198.51.100.7");
        assert_eq!(client_address(&["6.6.6.6, 198.51.100.7"], 0, peer), "10.0.0.9", "no proxy: the header is the client's");
        assert_eq!(client_address(&["198.51.100.7"], 2, peer), "10.0.0.9", "too short for two proxies");
        assert_eq!(client_address(&["not an address"], 1, peer), "10.0.0.9");
        assert_eq!(client_address(&["2001:db8:aa:bb:1:2:3:4"], 1, None), "2001:db8:aa:bb::/64");
        assert_eq!(
            client_address(&["2001:db8:aa:bb:ffff::1"], 1, None),
            client_address(&["2001:db8:aa:bb:1::9"], 1, None),
            "one /64 network is one address"
        );
        assert_eq!(client_address(&[], 0, Some("::ffff:192.0.2.1".parse().unwrap())), "192.0.2.1");
        assert_eq!(client_address(&[], 0, None), "unknown");
    }
}
