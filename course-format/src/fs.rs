//! Reading courses from disk. Kept apart from the parser so that the parsing core
//! never touches the file system and also runs in the browser.

use std::io;
use std::path::{Path, PathBuf};

use crate::course::{CourseSet, ParsedCourse, parse_course, parse_courses};
use crate::diagnostic::{Code, Diagnostic, Pos};
use crate::glossary::{GLOSSARY_FILE, Glossary, parse_glossary};
use crate::ids::parse_module_file_name;
use crate::model::SourceFile;

/// Every file under `dir`, recursively, with paths relative to `dir` using `/`.
/// Hidden files and folders (`.git`, `.DS_Store`) and editor backups (`name~`) are
/// skipped: they are not part of the course and should not change its hash.
///
/// Symbolic links are refused, files and folders alike, and never followed: a course folder
/// with `images/x.png -> /proc/self/environ` would otherwise publish whatever the server can
/// read to every learner of the course. Each link found is one error (paths as shown, under
/// `dir`), so `tiltas check` lists them all at once; an unreadable file stops the reading.
pub fn read_course_files(dir: &Path) -> Result<Vec<SourceFile>, Vec<Diagnostic>> {
    let shown = |rel: &str| dir.join(rel).display().to_string();
    let mut out = Vec::new();
    let mut links = Vec::new();
    let mut stack: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
    while let Some((abs, rel)) = stack.pop() {
        let entries = std::fs::read_dir(&abs).map_err(|e| vec![io_error(&shown(&rel), &e)])?;
        for entry in entries {
            let entry = entry.map_err(|e| vec![io_error(&shown(&rel), &e)])?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let rel_path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            // `DirEntry::file_type` does not follow links, unlike `Path::is_file`.
            let file_type = entry.file_type().map_err(|e| vec![io_error(&shown(&rel_path), &e)])?;
            if file_type.is_symlink() {
                links.push(symlink_error(&shown(&rel_path)));
            } else if file_type.is_dir() {
                stack.push((entry.path(), rel_path));
            } else if file_type.is_file() {
                let contents = read_regular_file(&entry.path()).map_err(|e| vec![io_error(&shown(&rel_path), &e)])?;
                out.push(SourceFile::new(rel_path, contents));
            }
        }
    }
    if !links.is_empty() {
        links.sort_by(|a, b| a.path.cmp(&b.path));
        return Err(links);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Reads a file that was a regular file when its folder was listed. If it has been replaced
/// by a link since, opening it follows the link, so the opened file is compared with the
/// listed one (device and inode) and refused when they differ.
fn read_regular_file(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let listed = std::fs::symlink_metadata(path)?;
    let mut file = std::fs::File::open(path)?;
    if !listed.is_file() || !same_file(&listed, &file.metadata()?) {
        return Err(io::Error::other("the file was replaced while it was being read"));
    }
    let mut contents = Vec::with_capacity(listed.len() as usize);
    file.read_to_end(&mut contents)?;
    Ok(contents)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    b.is_file()
}

fn symlink_error(path: &str) -> Diagnostic {
    Diagnostic::error(path, Pos::START, Code::Symlink, "a symbolic link, which a course may not contain")
        .with_hint("Copy the file or folder into the course instead of linking to it: Tiltas does not follow links, so that a course cannot publish files from elsewhere on the server.")
}

fn io_error(path: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error(path, Pos::START, Code::Io, format!("cannot read: {e}"))
}

fn slug_of(dir: &Path) -> String {
    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Loads and checks the course in `dir` (the folder name is the course id).
/// Diagnostic paths are prefixed with `dir`, ready to print.
pub fn load_course_dir(dir: &Path) -> Result<ParsedCourse, Vec<Diagnostic>> {
    let shown = dir.display().to_string();
    let prefix = |d: Diagnostic| Diagnostic {
        path: format!("{}/{}", shown.trim_end_matches('/'), d.path),
        ..d
    };
    let files = read_course_files(dir)?;
    match parse_course(&slug_of(dir), &files) {
        Ok(p) => Ok(ParsedCourse {
            course: p.course,
            warnings: p.warnings.into_iter().map(prefix).collect(),
        }),
        Err(d) => Err(d.into_iter().map(prefix).collect()),
    }
}

/// The glossary beside the course folders, if there is one; its problems go to `diagnostics`.
pub fn load_glossary(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Glossary> {
    let path = root.join(GLOSSARY_FILE);
    let shown = path.display().to_string();
    // Not followed either: the glossary is shown to every learner.
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        diagnostics.push(symlink_error(&shown));
        return None;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            diagnostics.push(io_error(&shown, &e));
            return None;
        }
    };
    match parse_glossary(&shown, &text) {
        Ok(glossary) => Some(glossary),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    }
}

/// Warnings for the glossary's avoided variants in every module file of `inputs`, with paths
/// relative to the folder of courses.
pub fn check_terms(glossary: &Glossary, inputs: &[(String, Vec<SourceFile>)]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (slug, files) in inputs {
        for file in files {
            let Some(name) = parse_module_file_name(file.path.rsplit('/').next().unwrap_or(&file.path)) else { continue };
            let Ok(text) = std::str::from_utf8(&file.contents) else { continue };
            found.extend(glossary.avoided_variants(&format!("{slug}/{}", file.path), &name.language, text));
        }
    }
    found
}

/// Loads every course folder directly under `root` (hidden folders skipped; loose
/// files such as a README are ignored; a link is refused like a link inside a course)
/// and checks prerequisites between them. Diagnostic paths are prefixed with `root`.
pub fn load_courses_root(root: &Path) -> CourseSet {
    let shown = root.display().to_string();
    let shown = shown.trim_end_matches('/');
    let mut inputs = Vec::new();
    let mut diagnostics = Vec::new();
    match std::fs::read_dir(root) {
        Err(e) => diagnostics.push(io_error(shown, &e)),
        Ok(entries) => {
            let mut dirs = Vec::new();
            for entry in entries.filter_map(Result::ok).filter(|e| !e.file_name().to_string_lossy().starts_with('.')) {
                match entry.file_type() {
                    // Only links to folders are refused here: a link to a loose file is ignored
                    // like the file would be, and finding out reads no contents.
                    Ok(kind) if kind.is_symlink() && entry.path().is_dir() => {
                        diagnostics.push(symlink_error(&entry.path().display().to_string()));
                    }
                    Ok(kind) if kind.is_dir() => dirs.push(entry.path()),
                    _ => {}
                }
            }
            dirs.sort();
            for dir in dirs {
                match read_course_files(&dir) {
                    Ok(files) => inputs.push((slug_of(&dir), files)),
                    Err(problems) => diagnostics.extend(problems),
                }
            }
        }
    }
    let mut set = parse_courses(&inputs);
    if let Some(glossary) = load_glossary(root, &mut diagnostics) {
        set.diagnostics.extend(check_terms(&glossary, &inputs));
        set.glossary = Some(glossary);
    }
    for d in &mut set.diagnostics {
        d.path = format!("{shown}/{}", d.path);
    }
    set.diagnostics.extend(diagnostics);
    set
}
