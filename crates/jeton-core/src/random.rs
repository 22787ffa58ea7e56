//! Randomness is injected like the clock. Production uses the operating system's CSPRNG.

pub trait Random: Send + Sync + 'static {
    fn fill(&self, buf: &mut [u8]);
}

#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        // The OS CSPRNG failing is not something a server can recover from or work around:
        // continuing with predictable secrets would be far worse than stopping.
        getrandom::fill(buf).expect("the operating system's random number generator failed");
    }
}
