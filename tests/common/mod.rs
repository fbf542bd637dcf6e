//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod dashboard;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("newsdesk-review-")
        .tempdir()
        .unwrap()
}

/// The test executable, re-invoked to run only `test_name` with `env` set:
/// the way these tests start child processes under `cargo test`.
pub fn child_command(test_name: &str, env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", test_name, "--nocapture", "--test-threads=1"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null());
    cmd
}

/// Every byte of a file, to prove it unchanged.
pub fn snapshot(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The files in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// Small xorshift generator seeded from the clock (seed printed by callers).
pub struct Rng(pub u64);

impl Rng {
    pub fn from_clock() -> Rng {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        Rng(nanos | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn is_root() -> bool {
    // root (CAP_DAC_OVERRIDE) can write files whatever their mode: find out
    // by trying on a 0444 file
    let dir = tempdir();
    let f = dir.path().join("probe");
    std::fs::write(&f, b"x").unwrap();
    set_mode(&f, 0o444);
    std::fs::OpenOptions::new().write(true).open(&f).is_ok()
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
