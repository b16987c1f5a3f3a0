//! Up-to-date stamps for `cargo xtask codegen`: a crate is not generated
//! again when its inputs (the spec, the job's options, the generator binary
//! and the committed IR baseline) are those of the last run and its
//! generated files are still the ones that run wrote. What that run printed
//! (report and warnings) is printed again instead, so a second run says
//! the same as the first.
//!
//! Stamps live beside the xtask binary (`target/<profile>/clientgen-stamps`):
//! `cargo clean` removes them, a clean clone has none, and a rebuilt
//! generator never trusts a stamp of an older one.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use clientgen::project::Job;
use clientgen::write;

/// What a stamp records of one run of a job.
#[derive(Debug, PartialEq, Eq)]
pub struct Stamp {
    fingerprint: u64,
    /// Each generated file (relative to the job's `out`) and its hash.
    files: Vec<(PathBuf, u64)>,
    /// What the run printed to stdout, then to stderr.
    stdout: String,
    stderr: String,
}

impl Stamp {
    /// The stamp of a run whose inputs had `fingerprint` (see [`fingerprint`]).
    pub fn new(fingerprint: u64, files: &[write::RenderedFile], stdout: String, stderr: String) -> Self {
        let files = files.iter().map(|f| (f.path.clone(), hash_bytes(f.contents.as_bytes()))).collect();
        Self { fingerprint, files, stdout, stderr }
    }

    /// What the recorded run printed, when `job`, whose inputs now have
    /// `fingerprint`, would generate nothing new.
    pub fn replay_if_fresh(job: &Job, fingerprint: u64) -> Option<(String, String)> {
        let stamp = Self::parse(&fs::read_to_string(stamp_path(job)?).ok()?)?;
        stamp.is_fresh(job, fingerprint).then_some((stamp.stdout, stamp.stderr))
    }

    /// Records the stamp; a failure only costs the next run its shortcut.
    pub fn record(&self, job: &Job) {
        let Some(path) = stamp_path(job) else { return };
        let written = path.parent().is_some_and(|dir| fs::create_dir_all(dir).is_ok()) && {
            // Written whole, then renamed: a concurrent run never reads half a stamp.
            let partial = path.with_extension(format!("{}.partial", std::process::id()));
            fs::write(&partial, self.render()).is_ok() && fs::rename(&partial, &path).is_ok()
        };
        if !written {
            let _ = fs::remove_file(&path);
        }
    }

    fn is_fresh(&self, job: &Job, fingerprint: u64) -> bool {
        if fingerprint != self.fingerprint {
            return false;
        }
        let unchanged =
            |(path, hash): &(PathBuf, u64)| fs::read(job.out.join(path)).is_ok_and(|b| hash_bytes(&b) == *hash);
        if !self.files.iter().all(unchanged) {
            return false;
        }
        // A generated file that is not in the stamp would be removed by a run.
        let mut expected: Vec<PathBuf> = self.files.iter().map(|(p, _)| job.out.join(p)).collect();
        expected.sort();
        write::generated_files_under(&job.out).is_ok_and(|found| found == expected)
    }

    fn render(&self) -> String {
        let mut text = format!("fingerprint {:016x}\n", self.fingerprint);
        for (path, hash) in &self.files {
            text.push_str(&format!("file {hash:016x} {}\n", path.display()));
        }
        text.push_str(&format!("stdout {}\n{}", self.stdout.len(), self.stdout));
        text.push_str(&format!("stderr {}\n{}", self.stderr.len(), self.stderr));
        text
    }

    /// The stamp in `text`; `None` for anything unexpected (then the job runs).
    fn parse(text: &str) -> Option<Self> {
        let (first, mut rest) = text.split_once('\n')?;
        let fingerprint = u64::from_str_radix(first.strip_prefix("fingerprint ")?, 16).ok()?;
        let mut files = Vec::new();
        while let Some(line) = rest.strip_prefix("file ") {
            let (line, after) = line.split_once('\n')?;
            let (hash, path) = line.split_once(' ')?;
            files.push((PathBuf::from(path), u64::from_str_radix(hash, 16).ok()?));
            rest = after;
        }
        let (stdout, rest) = take_section(rest, "stdout ")?;
        let (stderr, rest) = take_section(rest, "stderr ")?;
        rest.is_empty().then_some(Self { fingerprint, files, stdout, stderr })
    }
}

/// A `<label><length>\n<text>` section and what follows it.
fn take_section<'t>(text: &'t str, label: &str) -> Option<(String, &'t str)> {
    let (head, rest) = text.strip_prefix(label)?.split_once('\n')?;
    let length: usize = head.parse().ok()?;
    Some((rest.get(..length)?.to_string(), rest.get(length..)?))
}

/// Everything a job's output depends on besides the generated files:
/// the generator binary (its path, size and modification time), the job
/// (spec and output paths, options, profile, version), the spec's bytes
/// and the baseline's. `None` when one cannot be read (then no stamp).
pub fn fingerprint(job: &Job) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let meta = fs::metadata(&exe).ok()?;
    let mut hasher = DefaultHasher::new();
    (exe, meta.len(), meta.modified().ok()?).hash(&mut hasher);
    format!("{job:?}").hash(&mut hasher);
    fs::read(&job.spec).ok()?.hash(&mut hasher);
    job.baseline.as_ref().map(|path| fs::read(path).ok()).hash(&mut hasher);
    Some(hasher.finish())
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// `<crate>-<hash of out>.stamp` in [`stamps_dir`].
fn stamp_path(job: &Job) -> Option<PathBuf> {
    let out = hash_bytes(job.out.as_os_str().as_encoded_bytes());
    Some(stamps_dir()?.join(format!("{}-{out:016x}.stamp", job.options.emit.crate_name)))
}

/// `clientgen-stamps` beside the binary.
fn stamps_dir() -> Option<PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join("clientgen-stamps"))
}

/// Forgets every stamp: the next run generates every crate.
pub fn remove_all() {
    if let Some(dir) = stamps_dir() {
        let _ = fs::remove_dir_all(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_stamp_reads_back_as_written() {
        let stamp = Stamp {
            fingerprint: 0xfeed,
            files: vec![("src/lib.rs".into(), 1), ("Cargo.toml".into(), u64::MAX)],
            stdout: "x: no change\n".into(),
            stderr: "spec.json: warning: /paths: odd\nfile 12 a\n".into(),
        };
        assert_eq!(Stamp::parse(&stamp.render()), Some(stamp));
    }

    #[test]
    fn a_damaged_stamp_is_no_stamp() {
        let text = Stamp { fingerprint: 1, files: vec![], stdout: "abc".into(), stderr: String::new() }.render();
        for cut in [0, 5, text.len() - 4, text.len() - 1] {
            assert_eq!(Stamp::parse(&text[..cut]), None, "cut at {cut}");
        }
        assert_eq!(Stamp::parse(&format!("{text}more")), None);
        assert!(Stamp::parse(&text).is_some());
    }

    #[test]
    fn stamps_of_two_outputs_do_not_collide() {
        let job = |out: &str| {
            let mut job = clientgen::project::standalone_job(
                Path::new("spec.json"),
                Path::new(out),
                Some("same"),
                Default::default(),
                Path::new("runtime"),
            );
            job.out = out.into();
            job
        };
        assert_ne!(stamp_path(&job("/a/same")), stamp_path(&job("/b/same")));
    }
}
