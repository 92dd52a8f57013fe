//! Progress of long work, as the pipeline reports it: which stage runs and how far it
//! got. The pipeline calls a `Reporter`; whether and how that is shown (a bar on a
//! terminal, nothing in a pipe or a CI log) is left to the commands and `term::bar`,
//! so nothing here knows about terminals.

use std::fmt;
use std::sync::Arc;

/// One stage of long work: `verb` and `unit` make the text, as in
/// "rendering 4,210/10,000 pages"; a `total` of 0 means the stage has no count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub verb: &'static str,
    pub total: usize,
    pub unit: &'static str,
}

/// What receives progress: implemented by the terminal's bar, and by tests.
pub trait Progress: Send + Sync {
    /// A new stage begins; the count starts at 0.
    fn stage(&self, stage: Stage);
    /// `n` more items of the current stage are done (called from any thread).
    fn advance(&self, n: usize);
}

/// The pipeline's handle on a `Progress`: silent by default, cheap to clone.
#[derive(Clone, Default)]
pub struct Reporter(Option<Arc<dyn Progress>>);

impl Reporter {
    pub fn new(progress: Arc<dyn Progress>) -> Reporter {
        Reporter(Some(progress))
    }

    /// Starts a stage of `total` `unit`s (0: a stage without a count).
    pub fn stage(&self, verb: &'static str, total: usize, unit: &'static str) {
        if let Some(p) = &self.0 {
            p.stage(Stage { verb, total, unit });
        }
    }

    /// Counts `n` more items of the current stage as done.
    pub fn advance(&self, n: usize) {
        if let Some(p) = &self.0 {
            p.advance(n);
        }
    }
}

impl fmt::Debug for Reporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Reporter(on)"
        } else {
            "Reporter(off)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<String>>);

    impl Progress for Log {
        fn stage(&self, s: Stage) {
            self.0
                .lock()
                .unwrap()
                .push(format!("{} {} {}", s.verb, s.total, s.unit));
        }
        fn advance(&self, n: usize) {
            self.0.lock().unwrap().push(format!("+{n}"));
        }
    }

    #[test]
    fn a_reporter_passes_stages_and_counts_on() {
        let log = Arc::new(Log::default());
        let r = Reporter::new(log.clone());
        r.stage("rendering", 2, "pages");
        r.advance(1);
        r.clone().advance(1);
        assert_eq!(
            *log.0.lock().unwrap(),
            ["rendering 2 pages", "+1", "+1"].map(String::from)
        );
        // The default reporter is silent and costs nothing.
        Reporter::default().stage("loading", 0, "");
        Reporter::default().advance(3);
    }
}
