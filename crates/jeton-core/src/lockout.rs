//! Sign-in throttling (DESIGN §6). Passwords are guessable, so once a limit is reached an
//! attempt is refused *before* its password is checked. Every attempt is counted *before* it
//! is checked (and taken back if it succeeds), so a burst of parallel attempts cannot all
//! slip under the limit while their hashes run. The limits are keyed so that a stranger
//! cannot lock a person out:
//!
//! - **Per account and address**: an address that fails `LIMIT` times on one account in a
//!   `WINDOW_SECS` window is refused for that account until the window ends. A guesser gets
//!   10 tries per 15 minutes per account per address; the person at their own address is not
//!   affected by what someone elsewhere does. An IPv6 address counts by its /64, the block
//!   one subscriber gets, so a guesser cannot take a fresh address for every ten tries.
//! - **Per account, from everywhere, briefly**: `ACCOUNT_LIMIT` failures in an
//!   `ACCOUNT_WINDOW_SECS` window lock the account for the rest of that short window. Only a
//!   guesser spread over ten or more networks reaches it, and each lock lasts at most five
//!   minutes; such a guesser can renew it every window (the price of capping distributed
//!   guessing at 100 tries per 5 minutes per account).
//!
//! There is no limit on an address across accounts: people behind one NAT share an address,
//! and a colleague's typos must not lock anyone else out. The counts live in the database, so
//! they hold across instances.

use std::net::IpAddr;

use crate::clock::UnixTime;
use crate::ids::DomainId;

/// Failures one address may have on one account in a window before that pair is refused.
pub const LIMIT: u32 = 10;
/// The per-address window, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Failures an account may have from all addresses in the short window before it is locked.
pub const ACCOUNT_LIMIT: u32 = 100;
/// The account-wide window (the longest an account-wide lock lasts), in seconds.
pub const ACCOUNT_WINDOW_SECS: i64 = 5 * 60;

/// The start of the window that contains `now`.
pub fn window_start(now: UnixTime, window_secs: i64) -> UnixTime {
    now - now.rem_euclid(window_secs)
}

/// Seconds until the current window ends (when a lock opens again).
pub fn retry_after(now: UnixTime, window_secs: i64) -> i64 {
    window_start(now, window_secs) + window_secs - now
}

/// The failure counters one sign-in attempt reads and, when it fails, increments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginKeys {
    /// This account from this address.
    pub pair: String,
    /// This account from everywhere.
    pub account: String,
}

impl LoginKeys {
    /// `username` is the normalized name typed (an unknown name is counted like a known one,
    /// so the answer says nothing about which exist). Parts are joined with spaces, which no
    /// domain id, username or address contains, so two different triples never share a key
    /// (`:` would not do: IPv6 addresses and usernames may contain it).
    pub fn new(domain_id: &DomainId, username: &str, ip: IpAddr) -> Self {
        let address = address_key(ip);
        Self {
            pair: format!("login {domain_id} {username} {address}"),
            account: format!("login-all {domain_id} {username}"),
        }
    }
}

/// The address a limit counts by: an IPv4 address itself (also when mapped into IPv6), an
/// IPv6 address by its /64.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// With `pair` and `account` the counts *including* this attempt (counted up front), whether
/// it is refused before its password is checked, and for how many seconds.
pub fn refused_after_counting(now: UnixTime, pair: u32, account: u32) -> Option<u64> {
    refused_for(now, pair.saturating_sub(1), account.saturating_sub(1))
}

/// Whether an attempt with these failure counts is refused before its password is checked,
/// and for how many seconds (at least 1).
pub fn refused_for(now: UnixTime, pair_failures: u32, account_failures: u32) -> Option<u64> {
    let pair = (pair_failures >= LIMIT).then(|| retry_after(now, WINDOW_SECS));
    let account =
        (account_failures >= ACCOUNT_LIMIT).then(|| retry_after(now, ACCOUNT_WINDOW_SECS));
    pair.max(account).map(|s| s.max(1) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        assert_eq!(window_start(1000, 900), 900);
        assert_eq!(window_start(900, 900), 900);
        assert_eq!(retry_after(1000, 900), 800);
    }

    #[test]
    fn limits_per_pair_and_briefly_per_account() {
        let now = 1_800_000_000;
        assert_eq!(refused_for(now, LIMIT - 1, ACCOUNT_LIMIT - 1), None);
        let pair = refused_for(now, LIMIT, 0).unwrap();
        assert!(pair > 0 && pair <= WINDOW_SECS as u64);
        let account = refused_for(now, 0, ACCOUNT_LIMIT).unwrap();
        assert!(
            account <= ACCOUNT_WINDOW_SECS as u64,
            "an account-wide lock is short"
        );
        // Both: the longer wait.
        assert_eq!(
            refused_for(now, LIMIT, ACCOUNT_LIMIT),
            Some(pair.max(account))
        );
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn keys_separate_addresses_and_domains() {
        let d1 = DomainId::from("d1");
        let a = LoginKeys::new(&d1, "alice", ip("198.51.100.1"));
        let b = LoginKeys::new(&d1, "alice", ip("198.51.100.2"));
        let c = LoginKeys::new(&DomainId::from("d2"), "alice", ip("198.51.100.1"));
        assert_ne!(a.pair, b.pair);
        assert_eq!(a.account, b.account);
        assert_ne!(a.account, c.account);
        // With ':' as the separator these two would collide.
        let x = LoginKeys::new(&d1, "alice:2001", ip("::db8:1"));
        let y = LoginKeys::new(&d1, "alice", ip("2001::db8:1"));
        assert_ne!(x.pair, y.pair);
    }

    #[test]
    fn ipv6_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(
            address_key(ip("2001:db8:1:2:aaaa::1")),
            address_key(ip("2001:db8:1:2:bbbb::2"))
        );
        assert_ne!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(address_key(ip("::ffff:198.51.100.7")), "198.51.100.7");
        assert_eq!(address_key(ip("198.51.100.7")), "198.51.100.7");
    }

    #[test]
    fn counting_up_front_refuses_the_attempt_past_the_limit() {
        let now = 1_800_000_000;
        assert_eq!(
            refused_after_counting(now, LIMIT, 1),
            None,
            "the tenth try is checked"
        );
        assert!(
            refused_after_counting(now, LIMIT + 1, 1).is_some(),
            "the eleventh is not"
        );
        assert!(refused_after_counting(now, 1, ACCOUNT_LIMIT + 1).is_some());
    }
}
