//! Reading and writing files without surprises: only regular files are
//! read (a FIFO would block the load forever, `/dev/zero` would never end),
//! every read has a size cap, and every write that replaces a file the
//! editor cares about (a report, an export) is atomic.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Larger than the cap (after decompression, for gzip).
    TooLarge,
    /// Not a regular file: a FIFO, a device, a socket, a folder.
    NotRegular(&'static str),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge => f.write_str("over the size limit"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            ReadError::Io(e) => f.write_str(&io_reason(e)),
        }
    }
}

/// What kind of non-regular file this is, for messages.
pub fn file_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Opens a file for reading only if it is a regular file. On Unix the open
/// itself cannot block (O_NONBLOCK: a FIFO with no writer would otherwise
/// hang), and the type is checked on the open handle, so swapping the file
/// for a FIFO or device between a check and the open changes nothing.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path).map_err(ReadError::Io)?;
    let ft = file.metadata().map_err(ReadError::Io)?.file_type();
    if !ft.is_file() {
        return Err(ReadError::NotRegular(file_kind(&ft)));
    }
    Ok(file)
}

/// Reads a regular file whole, refusing more than `cap` bytes (after gzip
/// decompression when `gz`): memory stays bounded by the cap whatever the
/// file claims or holds.
pub fn read_capped(path: &Path, cap: u64, gz: bool) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if !gz && len > cap {
        return Err(ReadError::TooLarge);
    }
    let mut reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(io::BufReader::new(file)))
    } else {
        Box::new(file)
    };
    let mut bytes = Vec::with_capacity(if gz { 0 } else { len.min(cap) as usize });
    (&mut reader)
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder
/// is written, flushed to disk and renamed over the target, so a full disk,
/// a crash or a kill leaves either the old file or the new one, never a
/// partial file. The folder must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.tmp-{}-{attempt}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|_| file.sync_all())
        .and_then(|_| {
            drop(file);
            std::fs::rename(&tmp, path)
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // make the rename itself durable
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// An I/O error as a person reads it.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
    }
}

/// Whether background threads leave the cores to everything else
/// ([`background_threads_idle`]).
static IDLE_BACKGROUND: AtomicBool = AtomicBool::new(false);

/// From now on, [`yield_to_foreground`] puts background threads in Linux's
/// idle scheduling class: they run only when no other thread of the machine
/// wants the core, and a waking UI thread takes it from them at once. The
/// dashboard asks for it (a niceness still lets a background thread finish
/// its slice while a keystroke waits, several milliseconds); headless
/// commands and tests do not (there the analysis is the foreground, and
/// other processes must not starve it).
pub fn background_threads_idle(on: bool) {
    IDLE_BACKGROUND.store(on, Ordering::Relaxed);
}

/// Lowers the calling thread's scheduling priority: the idle class after
/// [`background_threads_idle`], else niceness `nice` (Linux, where a thread
/// is its own task; nothing elsewhere).
pub fn yield_to_foreground(nice: i32) {
    lower_calling_thread(IDLE_BACKGROUND.load(Ordering::Relaxed), nice);
}

/// The idle class when `idle` (and the system grants it), else niceness
/// `nice`; true when the thread is in the idle class.
fn lower_calling_thread(idle: bool, nice: i32) -> bool {
    #[cfg(target_os = "linux")]
    if idle {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sched_setscheduler on the calling thread (pid 0) with a
        // valid parameter only changes its scheduling class; a thread may
        // always lower its own.
        if unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } == 0 {
            return true;
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = idle;
    set_thread_niceness(nice);
    false
}

/// Sets the calling thread's niceness (Linux; nothing elsewhere).
pub fn set_thread_niceness(nice: i32) {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread (`who` 0) only changes its
    // niceness; failure is harmless and ignored.
    unsafe {
        let _ = libc::setpriority(libc::PRIO_PROCESS, 0, nice);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_background_thread_goes_to_the_idle_class_or_to_its_niceness() {
        // (fresh threads: a thread cannot raise its own priority again)
        let idle = std::thread::spawn(|| {
            let granted = lower_calling_thread(true, 10);
            // SAFETY: queries the calling thread's class.
            (granted, unsafe { libc::sched_getscheduler(0) })
        })
        .join()
        .unwrap();
        assert!(idle.0, "a thread may always lower itself to the idle class");
        assert_eq!(idle.1, libc::SCHED_IDLE);
        let niced = std::thread::spawn(|| {
            // SAFETY (all three): query the calling thread's niceness and class.
            let before = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
            let granted = lower_calling_thread(false, 7);
            let class = unsafe { libc::sched_getscheduler(0) };
            let nice = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
            // (a process already nicer than 7 may not raise itself)
            (granted, class, nice, before.max(7))
        })
        .join()
        .unwrap();
        assert!(!niced.0);
        assert_eq!(niced.1, libc::SCHED_OTHER);
        assert_eq!(niced.2, niced.3);
    }

    #[test]
    fn caps_and_types_are_enforced() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"0123456789").unwrap();
        assert_eq!(read_capped(&f, 10, false).unwrap(), b"0123456789");
        assert!(matches!(
            read_capped(&f, 9, false),
            Err(ReadError::TooLarge)
        ));
        assert!(matches!(
            read_capped(dir.path(), 9, false),
            Err(ReadError::NotRegular(_)) | Err(ReadError::Io(_))
        ));
        #[cfg(unix)]
        {
            assert!(matches!(
                read_capped(Path::new("/dev/zero"), 1 << 20, false),
                Err(ReadError::NotRegular("a device"))
            ));
            let fifo = dir.path().join("pipe");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                // must return at once, not wait for a writer
                assert!(matches!(
                    read_capped(&fifo, 10, false),
                    Err(ReadError::NotRegular("a FIFO"))
                ));
            }
        }
    }

    #[test]
    fn gzip_bombs_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("b.gz");
        let mut enc =
            flate2::write::GzEncoder::new(File::create(&f).unwrap(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            enc.write_all(&zeros).unwrap();
        }
        enc.finish().unwrap();
        assert!(std::fs::metadata(&f).unwrap().len() < 1 << 20);
        assert!(matches!(
            read_capped(&f, 1 << 20, true),
            Err(ReadError::TooLarge)
        ));
    }

    #[test]
    fn atomic_write_replaces_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("report.md");
        std::fs::write(&f, b"old").unwrap();
        write_atomic(&f, b"new content").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"new content");
        // no temporary file is left behind
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
        // a folder that does not exist: an error, and nothing written
        assert!(write_atomic(&dir.path().join("no/such/x.md"), b"x").is_err());
    }
}
