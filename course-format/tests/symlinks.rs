//! Symbolic links in a course folder are refused and never followed: a trainer's folder with
//! `images/x.png -> /proc/self/environ` must not publish the server's environment to learners.
//! `tiltas check` and `tiltas import` (through `load_course_dir` and `load_courses_root`) report
//! each link as an error at its path.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use tiltas_course::fs::{load_course_dir, load_courses_root};
use tiltas_course::{Code, Diagnostic};

const SECRET: &str = "TILTAS_TEST_SECRET=never-published";

/// A fresh folder holding `courses/` (a copy of the `first-contact` fixture) and `outside/`,
/// the rest of the server: a secret file and a named pipe. Opening the pipe for reading blocks
/// until something writes to it, so a loader that opened anything through a link would hang.
struct Folders {
    root: PathBuf,
}

impl Folders {
    fn new(name: &str) -> Folders {
        let root = std::env::temp_dir().join(format!("tiltas-symlinks-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let course = root.join("courses/first-contact");
        std::fs::create_dir_all(course.join("images")).unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-contact");
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), course.join(entry.file_name())).unwrap();
        }
        let outside = root.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("environ"), SECRET).unwrap();
        let made = std::process::Command::new("mkfifo").arg(outside.join("pipe")).status().expect("run mkfifo");
        assert!(made.success(), "mkfifo failed");
        Folders { root }
    }

    fn courses(&self) -> PathBuf {
        self.root.join("courses")
    }

    fn course(&self) -> PathBuf {
        self.courses().join("first-contact")
    }

    fn outside(&self, name: &str) -> PathBuf {
        self.root.join("outside").join(name)
    }
}

impl Drop for Folders {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs `load` on another thread and fails the test if it blocks: it opened the pipe.
fn without_blocking<T: Send + 'static>(load: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || done.send(load()));
    result.recv_timeout(Duration::from_secs(10)).expect("the loader opened a file through a link and blocked")
}

fn assert_nothing_read(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        assert!(!diagnostic.to_string().contains(SECRET), "{diagnostic}");
    }
}

#[test]
fn linked_files_and_folders_in_a_course_are_errors_and_nothing_is_read_through_them() {
    let folders = Folders::new("course");
    let course = folders.course();
    symlink(folders.outside("environ"), course.join("images/x.png")).unwrap();
    symlink(folders.outside("pipe"), course.join("images/pipe.png")).unwrap();
    symlink(folders.root.join("outside"), course.join("handouts")).unwrap();

    let loaded = without_blocking({
        let course = course.clone();
        move || load_course_dir(&course)
    });
    let problems = loaded.expect_err("a course with links must not load");
    assert_nothing_read(&problems);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let at = |rel: &str| format!("{}:1:1: error: a symbolic link, which a course may not contain", course.join(rel).display());
    for rel in ["handouts", "images/pipe.png", "images/x.png"] {
        assert!(shown.iter().any(|line| line.starts_with(&at(rel))), "{rel} is not reported: {shown:#?}");
    }
    assert!(problems.iter().all(|d| d.code == Code::Symlink), "{shown:#?}");

    // `tiltas import` reads the folder of courses: the course is refused there too.
    let set = without_blocking({
        let courses = folders.courses();
        move || load_courses_root(&courses)
    });
    assert!(set.has_errors() && set.courses.is_empty(), "{:#?}", set.diagnostics);
    assert_eq!(set.diagnostics.iter().filter(|d| d.code == Code::Symlink).count(), 3, "{:#?}", set.diagnostics);
    assert_nothing_read(&set.diagnostics);
    assert!(set.sources.values().flatten().all(|f| !f.contents.windows(SECRET.len()).any(|w| w == SECRET.as_bytes())));
}

#[test]
fn a_linked_course_folder_or_glossary_is_an_error() {
    let folders = Folders::new("root");
    symlink(folders.root.join("outside"), folders.courses().join("elsewhere")).unwrap();
    symlink(folders.outside("environ"), folders.courses().join("glossary.toml")).unwrap();

    let set = without_blocking({
        let courses = folders.courses();
        move || load_courses_root(&courses)
    });
    let linked: Vec<&str> = set.diagnostics.iter().filter(|d| d.code == Code::Symlink && d.is_error()).map(|d| d.path.as_str()).collect();
    assert_eq!(linked.len(), 2, "{:#?}", set.diagnostics);
    assert!(linked.iter().any(|p| p.ends_with("courses/elsewhere")) && linked.iter().any(|p| p.ends_with("courses/glossary.toml")));
    assert!(set.glossary.is_none());
    assert_nothing_read(&set.diagnostics);
    assert_eq!(set.courses.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(), ["first-contact"], "the other course still loads");
}
