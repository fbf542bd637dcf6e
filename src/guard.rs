//! Containing panics: one bad article must never stop the others, freeze
//! the dashboard or leave the terminal in raw mode.
//!
//! [`catch`] runs a piece of work and turns a panic inside it into an
//! error message. The panic hook installed by [`install`] logs such panics
//! with their backtrace (to the log file, never to the terminal) and stays
//! silent on the screen; panics outside a guarded scope go to the previous
//! hook as before (the dashboard's restores the terminal first).

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// The panic's message and where it happened.
pub fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    match info.location() {
        Some(l) => format!("{msg} (at {}:{})", l.file(), l.line()),
        None => msg,
    }
}

/// Logs a panic with its backtrace (to the log file only).
pub fn log_panic(info: &PanicHookInfo<'_>) -> String {
    let msg = describe(info);
    let thread = std::thread::current();
    let backtrace = std::backtrace::Backtrace::force_capture();
    tracing::error!(
        thread = thread.name().unwrap_or("unnamed"),
        "panic: {msg}\n{backtrace}"
    );
    msg
}

/// True inside [`catch`] on this thread.
pub fn is_guarded() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Installs the hook (once per process; later calls do nothing).
pub fn install() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if is_guarded() {
                let msg = log_panic(info);
                LAST.with(|l| *l.borrow_mut() = Some(msg));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `work`; a panic inside it becomes `Err("WHAT: message (at file:line)")`.
pub fn catch<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    install();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = std::panic::catch_unwind(AssertUnwindSafe(work));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| {
        let msg = LAST.with(|l| l.borrow_mut().take()).unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into())
        });
        format!("{what}: {msg}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_thread_goes_on() {
        let r: Result<(), String> = catch("testing", || panic!("boom {}", 7));
        let e = r.unwrap_err();
        assert!(e.starts_with("testing: boom 7 (at "), "{e}");
        assert!(!is_guarded());
        assert_eq!(catch("fine", || 3), Ok(3));
        // nested scopes
        let outer = catch("outer", || catch("inner", || panic!("x")).unwrap_err());
        assert!(outer.unwrap().starts_with("inner: x"));
    }
}
