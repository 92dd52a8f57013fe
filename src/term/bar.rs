//! The progress bar of `folio build` and `folio check` on a terminal, drawn by
//! indicatif on standard error: when to show one (`wanted`, decided as cargo decides),
//! a bar that appears only once the work has taken a second (`Bar`), and `suspend`,
//! which takes the bar off the screen while a message is printed.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::{Progress, Stage};

/// How long work runs before its bar appears: quick builds print only their summary.
pub const DELAY: Duration = Duration::from_secs(1);

/// Whether to show progress: only when standard error is a terminal, as in cargo: not
/// with `--quiet`, not in CI (`CI` or `TF_BUILD` set), not on a dumb terminal
/// (`TERM=dumb`). A pipe, a file or a CI log never sees a bar.
pub fn wanted(quiet: bool) -> bool {
    let env = |key: &str| std::env::var_os(key);
    !quiet
        && std::io::stderr().is_terminal()
        && env("CI").is_none()
        && env("TF_BUILD").is_none()
        && env("TERM").is_none_or(|t| t != "dumb")
}

/// The bar on screen, if any, so that `suspend` can clear it for a message.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Runs `print` with the progress bar (if one is showing) taken off the screen, and
/// draws it again afterwards: messages never land in the middle of a bar.
pub fn suspend<R>(print: impl FnOnce() -> R) -> R {
    let active = ACTIVE.lock().ok().and_then(|a| a.clone());
    match active {
        Some(pb) => pb.suspend(print),
        None => print(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Hidden until `DELAY` has passed.
    Waiting,
    Shown,
    /// Cleared; never drawn again.
    Done,
}

/// A progress bar on standard error that stays hidden for `DELAY`, and is cleared
/// when it is dropped (so an error message never follows a half-drawn line).
pub struct Bar {
    pb: ProgressBar,
    state: Arc<Mutex<State>>,
}

impl Bar {
    /// A bar that appears after `delay` unless `clear` came first.
    pub fn start(delay: Duration) -> Arc<Bar> {
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        // Until the first stage names itself.
        if let Ok(style) = ProgressStyle::with_template("{spinner} working… {elapsed}") {
            pb.set_style(style);
        }
        let state = Arc::new(Mutex::new(State::Waiting));
        let (shown_pb, shown_state) = (pb.clone(), state.clone());
        // A sleeping thread rather than a check on each count: a stage without counts
        // (loading, the search index) shows its bar on time too.
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let Ok(mut state) = shown_state.lock() else {
                return;
            };
            if *state == State::Waiting {
                shown_pb.set_draw_target(ProgressDrawTarget::stderr());
                shown_pb.enable_steady_tick(Duration::from_millis(100));
                if let Ok(mut a) = ACTIVE.lock() {
                    *a = Some(shown_pb.clone());
                }
                *state = State::Shown;
            }
        });
        Arc::new(Bar { pb, state })
    }

    /// Takes the bar off the screen for good: call before printing the summary.
    pub fn clear(&self) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if *state == State::Shown
            && let Ok(mut a) = ACTIVE.lock()
        {
            *a = None;
        }
        *state = State::Done;
        self.pb.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.clear();
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage) {
        let template = if stage.total == 0 {
            format!("{{spinner}} {}… {{elapsed}}", stage.verb)
        } else {
            format!(
                "{{spinner}} {} {{human_pos}}/{{human_len}} {} [{{bar:30}}] {{elapsed}}",
                stage.verb, stage.unit
            )
        };
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        self.pb.set_style(style);
        self.pb.set_length(stage.total as u64);
        self.pb.set_position(0);
        self.pb.reset_elapsed();
    }

    fn advance(&self, n: usize) {
        self.pb.inc(n as u64);
    }
}
