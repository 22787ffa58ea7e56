//! Sign-in throttling (DESIGN §6). Passwords are guessable, so failures are refused *before*
//! the password is checked once a limit is reached — but the limits are keyed so that a
//! stranger cannot lock a person out:
//!
//! - **Per account and address**: an address that fails `LIMIT` times on one account in a
//!   `WINDOW_SECS` window is refused for that account until the window ends. A guesser gets
//!   10 tries per 15 minutes per account per address; the person at their own address is not
//!   affected by what someone elsewhere does.
//! - **Per account, from everywhere, briefly**: `ACCOUNT_LIMIT` failures in an
//!   `ACCOUNT_WINDOW_SECS` window lock the account for the rest of that short window. Only a
//!   guesser spread over many addresses reaches it, and the lock lasts minutes, not hours.
//!
//! There is no limit on an address across accounts: people behind one NAT share an address,
//! and a colleague's typos must not lock anyone else out. The counts live in the database, so
//! they hold across instances.

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
    /// so the answer says nothing about which exist).
    pub fn new(domain_id: &DomainId, username: &str, address: &str) -> Self {
        Self {
            pair: format!("login:{domain_id}:{username}:{address}"),
            account: format!("login-all:{domain_id}:{username}"),
        }
    }
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

    #[test]
    fn keys_separate_addresses_and_domains() {
        let a = LoginKeys::new(&DomainId::from("d1"), "alice", "198.51.100.1");
        let b = LoginKeys::new(&DomainId::from("d1"), "alice", "198.51.100.2");
        let c = LoginKeys::new(&DomainId::from("d2"), "alice", "198.51.100.1");
        assert_ne!(a.pair, b.pair);
        assert_eq!(a.account, b.account);
        assert_ne!(a.account, c.account);
    }
}
