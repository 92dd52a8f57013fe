//! Stage timings of a build, printed with the process's memory when `FOLIO_TIMINGS`
//! is set (`FOLIO_TIMINGS=1 folio build`); the benchmarks in `bench/` read them.

use std::time::{Duration, Instant};

/// The time each stage took, lap by lap.
pub struct Laps {
    at: Instant,
    /// The process's CPU time (user and system) at the start of the lap.
    cpu: Duration,
    pub list: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn lap(&mut self, name: &'static str) {
        if std::env::var_os("FOLIO_TIMINGS").is_some() {
            let cpu = cpu_time();
            crate::term::bar::suspend(|| {
                eprintln!(
                    "  {name:<10} {:>6} ms  {:>6} ms CPU  {:>6} MB resident, {:>6} MB peak",
                    self.at.elapsed().as_millis(),
                    cpu.saturating_sub(self.cpu).as_millis(),
                    resident_mb("VmRSS:"),
                    resident_mb("VmHWM:")
                )
            });
            self.cpu = cpu;
        }
        self.list.push((name, self.at.elapsed()));
        self.at = Instant::now();
    }
}

/// The CPU time (user and system, all threads) this process has used so far, from
/// `/proc/self/stat` (zero elsewhere).
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The command name in parentheses may hold spaces: count fields after it.
            let rest = &s[s.rfind(')')? + 2..];
            let mut f = rest.split_whitespace().skip(11);
            Some(f.next()?.parse::<u64>().ok()? + f.next()?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // Linux reports in clock ticks of 1/100 s (USER_HZ) on every architecture it runs.
    Duration::from_millis(ticks * 10)
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
            cpu: if std::env::var_os("FOLIO_TIMINGS").is_some() {
                cpu_time()
            } else {
                Duration::ZERO
            },
            list: Vec::new(),
        }
    }
}
