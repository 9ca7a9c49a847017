//! Edits to a course folder held in memory, the way a trainer's slip, a bad merge, a wrong
//! encoding or a hostile upload could change it. Edits are data (which file, where, what), so
//! proptest shrinks a failure to the fewest and smallest edits that still break the parser, and
//! positions are `Index`es that adapt to whatever size the file has by then.

use proptest::prelude::*;
use proptest::sample::Index;
use tiltas_course::SourceFile;

use super::generated::{line_text, module_name, one_of, text, toml_value};

#[derive(Debug, Clone)]
pub enum Edit {
    /// Bytes removed, usually from a character boundary; sometimes from the middle of a
    /// character, leaving invalid UTF-8.
    DeleteBytes { file: Index, at: Index, len: u8, on_boundary: bool },
    InsertText { file: Index, at: Index, text: String },
    InsertByte { file: Index, at: Index, byte: u8 },
    DuplicateBytes { file: Index, at: Index, len: u8 },
    Truncate { file: Index, at: Index },
    DeleteLine { file: Index, line: Index },
    DuplicateLine { file: Index, line: Index },
    SwapLines { file: Index, a: Index, b: Index },
    InsertLine { file: Index, line: Index, text: String },
    ReplaceLine { file: Index, line: Index, text: String },
    /// A line from any fixture file (another course, another language) put into this one.
    SpliceLine { file: Index, line: Index, from: Index },
    /// The values of two `key = value` or `key: value` lines exchanged.
    SwapValues { file: Index, a: Index, b: Index },
    /// A `key = value` or `key: value` line removed: a missing required key.
    RemoveKey { file: Index, key: Index },
    ReplaceValue { file: Index, key: Index, value: String },
    CrLf { file: Index },
    ByteOrderMark { file: Index },
    RemoveFile { file: Index },
    RenameFile { file: Index, name: String },
    CopyFile { file: Index, name: String },
    AddFile { name: String, contents: String },
}

/// An edit of any kind, to the files' contents or to the folder (files removed, renamed, copied
/// or added).
pub fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        40 => content_edit(),
        1 => i().prop_map(|file| Edit::RemoveFile { file }),
        1 => (i(), file_name()).prop_map(|(file, name)| Edit::RenameFile { file, name }),
        1 => (i(), file_name()).prop_map(|(file, name)| Edit::CopyFile { file, name }),
        1 => (file_name(), text(12)).prop_map(|(name, contents)| Edit::AddFile { name, contents }),
    ]
}

/// An edit to a file's contents only: the folder keeps its files and their names.
pub fn content_edit() -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        3 => (i(), i(), 1u8..12, prop::bool::weighted(0.9))
            .prop_map(|(file, at, len, on_boundary)| Edit::DeleteBytes { file, at, len, on_boundary }),
        4 => (i(), i(), text(4)).prop_map(|(file, at, text)| Edit::InsertText { file, at, text }),
        1 => (i(), i(), any::<u8>()).prop_map(|(file, at, byte)| Edit::InsertByte { file, at, byte }),
        1 => (i(), i(), 1u8..40).prop_map(|(file, at, len)| Edit::DuplicateBytes { file, at, len }),
        1 => (i(), i()).prop_map(|(file, at)| Edit::Truncate { file, at }),
        3 => (i(), i()).prop_map(|(file, line)| Edit::DeleteLine { file, line }),
        2 => (i(), i()).prop_map(|(file, line)| Edit::DuplicateLine { file, line }),
        2 => (i(), i(), i()).prop_map(|(file, a, b)| Edit::SwapLines { file, a, b }),
        3 => (i(), i(), line_text(6)).prop_map(|(file, line, text)| Edit::InsertLine { file, line, text }),
        2 => (i(), i(), line_text(6)).prop_map(|(file, line, text)| Edit::ReplaceLine { file, line, text }),
        3 => (i(), i(), i()).prop_map(|(file, line, from)| Edit::SpliceLine { file, line, from }),
        2 => (i(), i(), i()).prop_map(|(file, a, b)| Edit::SwapValues { file, a, b }),
        2 => (i(), i()).prop_map(|(file, key)| Edit::RemoveKey { file, key }),
        3 => (i(), i(), toml_value()).prop_map(|(file, key, value)| Edit::ReplaceValue { file, key, value }),
        1 => i().prop_map(|file| Edit::CrLf { file }),
        1 => i().prop_map(|file| Edit::ByteOrderMark { file }),
    ]
}

/// Names a file in a course folder may get: module names, the course file (again), files in
/// sub-folders, names that normalise to others, and nonsense.
fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => module_name(),
        1 => one_of(&[
            "course.toml", "./course.toml", "/course.toml", "images/a.png", "notes/x.md", "glossary.toml", "", "/",
            "..", "../01-x.en.md", "a\\b.md", "01-x.en.md/", ".md", "ą.md",
        ]),
    ]
}

/// Applies `edits` in order. `line_pool` holds every line of every fixture file, for splicing.
pub fn apply(files: &mut Vec<SourceFile>, edits: &[Edit], line_pool: &[String]) {
    for edit in edits {
        apply_one(files, edit, line_pool);
    }
}

fn apply_one(files: &mut Vec<SourceFile>, edit: &Edit, line_pool: &[String]) {
    if let Edit::AddFile { name, contents } = edit {
        files.push(SourceFile::new(name.clone(), contents.clone()));
        return;
    }
    if files.is_empty() {
        return;
    }
    let file_index = |file: &Index| file.index(files.len());
    match edit {
        Edit::RemoveFile { file } => {
            files.remove(file_index(file));
        }
        Edit::RenameFile { file, name } => {
            let k = file_index(file);
            files[k].path = name.clone();
        }
        Edit::CopyFile { file, name } => {
            let copy = SourceFile::new(name.clone(), files[file_index(file)].contents.clone());
            files.push(copy);
        }
        Edit::DeleteBytes { file, .. }
        | Edit::InsertText { file, .. }
        | Edit::InsertByte { file, .. }
        | Edit::DuplicateBytes { file, .. }
        | Edit::Truncate { file, .. }
        | Edit::CrLf { file }
        | Edit::ByteOrderMark { file } => {
            let k = file_index(file);
            edit_bytes(&mut files[k].contents, edit);
        }
        Edit::DeleteLine { file, .. }
        | Edit::DuplicateLine { file, .. }
        | Edit::SwapLines { file, .. }
        | Edit::InsertLine { file, .. }
        | Edit::ReplaceLine { file, .. }
        | Edit::SpliceLine { file, .. }
        | Edit::SwapValues { file, .. }
        | Edit::RemoveKey { file, .. }
        | Edit::ReplaceValue { file, .. } => {
            let k = file_index(file);
            // Line edits work on the text as a trainer's editor would show it; invalid bytes
            // become U+FFFD, which is itself a useful input.
            let text = String::from_utf8_lossy(&files[k].contents).into_owned();
            let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            edit_lines(&mut lines, edit, line_pool);
            files[k].contents = lines.join("\n").into_bytes();
        }
        Edit::AddFile { .. } => unreachable!("handled above"),
    }
}

/// The start of the character that byte `at` falls in (any byte not marked as a UTF-8
/// continuation byte counts as a start, so this also works on invalid text).
fn char_start(bytes: &[u8], mut at: usize) -> usize {
    while at > 0 && at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
        at -= 1;
    }
    at
}

/// The end of the character that starts at or after byte `at`, as `char_start` sees them.
fn char_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
        at += 1;
    }
    at
}

fn edit_bytes(bytes: &mut Vec<u8>, edit: &Edit) {
    let place = |at: &Index, bytes: &[u8]| char_start(bytes, at.index(bytes.len() + 1));
    match edit {
        Edit::DeleteBytes { at, len, on_boundary, .. } => {
            let (start, end) = if *on_boundary {
                let start = place(at, bytes);
                (start, char_end(bytes, (start + *len as usize).min(bytes.len())))
            } else {
                let start = at.index(bytes.len() + 1);
                (start, (start + *len as usize).min(bytes.len()))
            };
            bytes.drain(start..end);
        }
        Edit::InsertText { at, text, .. } => {
            let at = place(at, bytes);
            bytes.splice(at..at, text.bytes());
        }
        Edit::InsertByte { at, byte, .. } => {
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, *byte);
        }
        Edit::DuplicateBytes { at, len, .. } => {
            let start = place(at, bytes);
            let end = char_end(bytes, (start + *len as usize).min(bytes.len()));
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Edit::Truncate { at, .. } => {
            let at = place(at, bytes);
            bytes.truncate(at);
        }
        Edit::CrLf { .. } => {
            let crlf = String::from_utf8_lossy(bytes).replace('\n', "\r\n");
            *bytes = crlf.into_bytes();
        }
        Edit::ByteOrderMark { .. } => {
            bytes.splice(0..0, "\u{feff}".bytes());
        }
        _ => unreachable!("not a byte edit: {edit:?}"),
    }
}

/// `key = value` (TOML) or `key: value` (inside blocks): the byte index where the value starts.
fn value_start(line: &str) -> Option<usize> {
    let key_end = line.find(['=', ':'])?;
    let key = line[..key_end].trim();
    let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    plain.then_some(key_end + 1)
}

fn key_lines(lines: &[String]) -> Vec<usize> {
    (0..lines.len()).filter(|&k| value_start(&lines[k]).is_some()).collect()
}

fn edit_lines(lines: &mut Vec<String>, edit: &Edit, line_pool: &[String]) {
    let n = lines.len();
    match edit {
        Edit::DeleteLine { line, .. } => {
            lines.remove(line.index(n));
        }
        Edit::DuplicateLine { line, .. } => {
            let k = line.index(n);
            lines.insert(k, lines[k].clone());
        }
        Edit::SwapLines { a, b, .. } => lines.swap(a.index(n), b.index(n)),
        Edit::InsertLine { line, text, .. } => lines.insert(line.index(n + 1), text.clone()),
        Edit::ReplaceLine { line, text, .. } => lines[line.index(n)] = text.clone(),
        Edit::SpliceLine { line, from, .. } => {
            if !line_pool.is_empty() {
                lines.insert(line.index(n + 1), from.get(line_pool).clone());
            }
        }
        Edit::SwapValues { a, b, .. } => {
            let keyed = key_lines(lines);
            if keyed.is_empty() {
                return;
            }
            let (a, b) = (*a.get(&keyed), *b.get(&keyed));
            let (va, vb) = (value_start(&lines[a]).unwrap_or(0), value_start(&lines[b]).unwrap_or(0));
            let (value_a, value_b) = (lines[a][va..].to_string(), lines[b][vb..].to_string());
            lines[a].replace_range(va.., &value_b);
            lines[b].replace_range(vb.., &value_a);
        }
        Edit::RemoveKey { key, .. } => {
            let keyed = key_lines(lines);
            if !keyed.is_empty() {
                lines.remove(*key.get(&keyed));
            }
        }
        Edit::ReplaceValue { key, value, .. } => {
            let keyed = key_lines(lines);
            if keyed.is_empty() {
                return;
            }
            let k = *key.get(&keyed);
            let start = value_start(&lines[k]).unwrap_or(0);
            lines[k].replace_range(start.., &format!(" {value}"));
        }
        _ => unreachable!("not a line edit: {edit:?}"),
    }
}
