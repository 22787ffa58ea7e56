//! Refresh token rules (RFC 6749 §6, RFC 9700 §4.14).

use crate::clock::UnixTime;
use crate::error::OAuthError;
use crate::scope::ScopeSet;

/// RFC 6749 §6: a refresh request may narrow the scope, never widen it. Without `scope`, the
/// new tokens carry the scope originally granted.
pub fn narrowed_scope(
    granted: &ScopeSet,
    requested: Option<&ScopeSet>,
) -> Result<ScopeSet, OAuthError> {
    match requested {
        None => Ok(granted.clone()),
        Some(r) if r.is_subset(granted) => Ok(r.clone()),
        Some(r) => Err(OAuthError::invalid_scope(format!(
            "the refresh token was not granted: {}",
            r.difference(granted)
        ))),
    }
}

/// The longest grace period a domain may configure (DESIGN §5, like Hydra's).
pub const MAX_GRACE_PERIOD_SECS: i64 = 60;

/// What presenting an already-rotated refresh token means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReusedRefresh {
    /// Within the grace period and the successor is unused: answer as a fresh rotation.
    GraceRetry,
    /// Reuse: someone holds a copy. Revoke the whole grant (RFC 9700 §4.14.2).
    Replay,
}

pub fn judge_reuse(
    rotated_at: UnixTime,
    now: UnixTime,
    grace_secs: i64,
    successor_used: bool,
    already_retried: bool,
) -> ReusedRefresh {
    let grace = grace_secs.clamp(0, MAX_GRACE_PERIOD_SECS);
    if grace > 0 && !successor_used && !already_retried && now - rotated_at <= grace {
        ReusedRefresh::GraceRetry
    } else {
        ReusedRefresh::Replay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing() {
        let g = ScopeSet::parse("a b").unwrap();
        assert_eq!(narrowed_scope(&g, None).unwrap(), g);
        assert_eq!(
            narrowed_scope(&g, Some(&ScopeSet::parse("a").unwrap()))
                .unwrap()
                .to_string(),
            "a"
        );
        let e = narrowed_scope(&g, Some(&ScopeSet::parse("a c").unwrap())).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidScope);
    }

    #[test]
    fn reuse_is_replay_unless_inside_an_unused_grace_window() {
        assert_eq!(
            judge_reuse(100, 101, 0, false, false),
            ReusedRefresh::Replay
        );
        assert_eq!(
            judge_reuse(100, 110, 30, false, false),
            ReusedRefresh::GraceRetry
        );
        assert_eq!(
            judge_reuse(100, 131, 30, false, false),
            ReusedRefresh::Replay
        );
        assert_eq!(
            judge_reuse(100, 110, 30, true, false),
            ReusedRefresh::Replay
        );
        assert_eq!(
            judge_reuse(100, 110, 30, false, true),
            ReusedRefresh::Replay
        );
        // A configured grace longer than allowed is capped.
        assert_eq!(
            judge_reuse(100, 200, 3600, false, false),
            ReusedRefresh::Replay
        );
    }
}
