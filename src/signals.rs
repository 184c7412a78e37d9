//! A batch run stopped cleanly by SIGINT (Ctrl-C) or SIGTERM: the first
//! signal only sets a flag, which the run checks (it starts no document
//! after it, stops its workers, writes its manifest and removes its lock);
//! the handler then gives way to the default, so a second signal ends the
//! program at once.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first SIGINT or SIGTERM.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    // An atomic store is all a signal handler may safely do here.
    STOP.store(true, Ordering::SeqCst);
}

/// Catch SIGINT and SIGTERM (unless the program was started with them
/// ignored, as a background job is); the flag they set.
pub fn stop_on_signals() -> &'static AtomicBool {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the sigaction structs are plain data, zeroed and then
        // filled; the handler installed only stores to an atomic.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESETHAND | libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            let mut before: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, &action, &mut before) == 0 && before.sa_sigaction == libc::SIG_IGN {
                libc::sigaction(signal, &before, std::ptr::null_mut());
            }
        }
    }
    &STOP
}
