//! Account lockout after failed logins (DESIGN §6): at most `LIMIT` failures per account in a
//! fixed window; past that, the account answers "try later" whatever the password, until the
//! window ends. The count lives in the database, so it holds across instances.

use crate::clock::UnixTime;

/// Failures an account may have in one window before it is locked.
pub const LIMIT: u32 = 10;
/// The window, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;

/// The start of the window that contains `now`.
pub fn window_start(now: UnixTime, window_secs: i64) -> UnixTime {
    now - now.rem_euclid(window_secs)
}

/// Whether an account with `failures` in the current window is locked.
pub fn is_locked(failures: u32) -> bool {
    failures >= LIMIT
}

/// Seconds until the current window ends (when a locked account opens again).
pub fn retry_after(now: UnixTime, window_secs: i64) -> i64 {
    window_start(now, window_secs) + window_secs - now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_limits() {
        assert_eq!(window_start(1000, 900), 900);
        assert_eq!(window_start(900, 900), 900);
        assert_eq!(retry_after(1000, 900), 800);
        assert!(!is_locked(LIMIT - 1));
        assert!(is_locked(LIMIT));
    }
}
