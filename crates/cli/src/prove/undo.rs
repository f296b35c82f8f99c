//! What `check --prove` leaves on a machine or server while it runs (a temporary
//! server and its folder, a scratch database and its role), undone however the command
//! ends: on return and on error by the guard's `Drop`, on a panic by the panic hook
//! (the release build aborts, so no `Drop` runs), on Ctrl-C and SIGTERM by a signal
//! handler. Only SIGKILL escapes it (docs/proof.md says what is left then).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};

use crate::terminal::warn;

type Action = Box<dyn FnOnce() -> Result<(), String> + Send>;

/// Each pending undo, by its guard's number, oldest first.
static PENDING: Mutex<Vec<(u64, Action)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Undoes its action once, when finished or dropped, unless a signal did first.
pub struct Pending(u64);

/// Registers `undo`, to run when the guard is finished or dropped, or the command is
/// interrupted, whichever comes first.
pub fn pending(undo: impl FnOnce() -> Result<(), String> + Send + 'static) -> Pending {
    install();
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    lock().push((id, Box::new(undo)));
    Pending(id)
}

impl Pending {
    /// Undoes now, saying what could not be undone.
    pub fn finish(self) -> Result<(), String> {
        let result = self.undo();
        std::mem::forget(self);
        result
    }

    /// Runs the action holding the lock, so that a signal meanwhile waits for it to end
    /// before undoing the rest and exiting.
    fn undo(&self) -> Result<(), String> {
        let mut pending = lock();
        match pending.iter().position(|(id, _)| *id == self.0) {
            Some(index) => (pending.remove(index).1)(),
            None => Ok(()),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let _ = self.undo();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(u64, Action)>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Everything still pending, newest first (a scratch database before its server).
fn undo_all(pending: &mut Vec<(u64, Action)>) {
    while let Some((_, undo)) = pending.pop() {
        let _ = undo();
    }
}

fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The lock is kept until exit, so nothing pending is started again meanwhile.
        let handled = ctrlc::set_handler(|| {
            let mut pending = lock();
            undo_all(&mut pending);
            eprintln!("interrupted: the proof's scratch database and server are removed");
            std::process::exit(130);
        });
        if let Err(e) = handled {
            warn(&format!("cannot handle Ctrl-C and SIGTERM ({e}): interrupting --prove may leave its scratch database or server behind"));
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A panic inside an undo holds the lock: then the rest is left to Drop.
            if let Ok(mut pending) = PENDING.try_lock() {
                undo_all(&mut pending);
            }
            previous(info);
        }));
    });
}
