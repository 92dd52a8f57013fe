//! Stage timings of a build, printed with the process's memory when `FOLIO_TIMINGS`
//! is set (`FOLIO_TIMINGS=1 folio build`); the benchmarks in `bench/` read them.

use std::time::{Duration, Instant};

/// The time each stage took, lap by lap.
pub struct Laps {
    at: Instant,
    pub list: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn lap(&mut self, name: &'static str) {
        if std::env::var_os("FOLIO_TIMINGS").is_some() {
            crate::term::bar::suspend(|| {
                eprintln!(
                    "  {name:<10} {:>6} ms  {:>6} MB resident, {:>6} MB peak",
                    self.at.elapsed().as_millis(),
                    resident_mb("VmRSS:"),
                    resident_mb("VmHWM:")
                )
            });
        }
        self.list.push((name, self.at.elapsed()));
        self.at = Instant::now();
    }
}

/// A memory figure of this process from `/proc/self/status`, in MB (0 elsewhere).
fn resident_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            at: Instant::now(),
            list: Vec::new(),
        }
    }
}
