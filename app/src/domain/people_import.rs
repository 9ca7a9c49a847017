//! Reading a CSV file of people to import: the rules that need no database. The file must be
//! UTF-8 (a byte-order mark is allowed, as Excel writes one), start with a header row naming its
//! columns in any order (`name` and `email` required; `organisation`, `roles`, `cohort`
//! optional), and hold at most `MAX_ROWS` people. Every problem found is reported with its line
//! and column, and reading goes on past it, so one preview shows them all.
//!
//! What the rows mean against the database (known organisations, existing people, cohorts, and
//! what the administrator may do) is the import service's part: `server::people_import`.

#[cfg(feature = "ssr")]
use super::accounts::{MAX_NAME_CHARS, validate_email, validate_name};
use super::roles::Role;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// At most this many people per file: a county's whole staff fits, and the preview stays a page
/// a browser can show.
pub const MAX_ROWS: usize = 5000;

/// The largest file read: 5,000 rows of about 200 characters.
pub const MAX_BYTES: usize = 1024 * 1024;

/// The columns of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    Name,
    Email,
    Organisation,
    Roles,
    Cohort,
}

impl Column {
    pub const ALL: [Column; 5] = [Column::Name, Column::Email, Column::Organisation, Column::Roles, Column::Cohort];

    /// The header a file names the column with.
    pub fn header(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Email => "email",
            Column::Organisation => "organisation",
            Column::Roles => "roles",
            Column::Cohort => "cohort",
        }
    }
}

/// One thing wrong with the file, where it is, and the value concerned (if any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The file's line, from 1 (the header is line 1). 0: the file as a whole.
    pub line: u32,
    pub column: Option<Column>,
    /// Filled in with `{value}`.
    pub message: Msg,
    pub value: String,
}

impl RowProblem {
    pub fn new(line: u32, column: Option<Column>, message: Msg, value: impl Into<String>) -> RowProblem {
        RowProblem { line, column, message, value: value.into() }
    }
}

/// One person of the file, checked on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u32,
    pub name: String,
    /// Normalised (lower case, trimmed).
    pub email: String,
    /// As written, trimmed; empty when not given.
    pub organisation: String,
    /// At least one: `learner` when the column is empty or absent.
    pub roles: Vec<Role>,
    /// Empty when not given.
    pub cohort: String,
}

/// The rows that could be read and every problem found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<RowProblem>,
}

/// The text of an uploaded file: UTF-8, without a byte-order mark. Bytes that are not UTF-8
/// are reported at the line where the first one is.
pub fn file_text(bytes: &[u8]) -> Result<&str, RowProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(RowProblem::new(0, None, Msg::ImportTooLarge, (MAX_BYTES / 1024).to_string()));
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let line = bytes[..error.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u32 + 1;
        RowProblem::new(line, None, Msg::ImportNotUtf8, "")
    })
}

#[cfg(feature = "ssr")]
/// The role codes of a `roles` cell, separated by `;` (commas are accepted too, as people type
/// them); empty means learner.
fn roles_cell(cell: &str) -> Result<Vec<Role>, String> {
    let mut roles = Vec::new();
    for code in cell.split([';', ',']).map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty()) {
        let role = Role::from_code(&code).ok_or(code)?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if roles.is_empty() {
        roles.push(Role::Learner);
    }
    roles.sort();
    Ok(roles)
}

#[cfg(feature = "ssr")]
/// Reads the file's text: the header, then each row, checking what can be checked without the
/// database. Emails repeated in the file are reported at each later line.
pub fn parse(text: &str) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    // Browsers send a textarea's lines with CRLF, as Excel saves CSV; the csv reader counts a
    // record after a CRLF as starting on the line before, so lines are made LF first.
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(_)) | None => {
            parsed.problems.push(RowProblem::new(1, None, Msg::ImportNoHeader, ""));
            return parsed;
        }
    };
    let mut positions: Vec<(Column, usize)> = Vec::new();
    for (index, cell) in header.iter().enumerate() {
        let name = cell.trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        match Column::ALL.into_iter().find(|c| c.header() == name) {
            Some(column) if positions.iter().any(|(c, _)| *c == column) => {
                parsed.problems.push(RowProblem::new(1, Some(column), Msg::ImportColumnTwice, name))
            }
            Some(column) => positions.push((column, index)),
            None => parsed.problems.push(RowProblem::new(1, None, Msg::ImportUnknownColumn, cell.trim())),
        }
    }
    for required in [Column::Name, Column::Email] {
        if !positions.iter().any(|(c, _)| *c == required) {
            parsed.problems.push(RowProblem::new(1, Some(required), Msg::ImportMissingColumn, required.header()));
        }
    }
    if !parsed.problems.is_empty() {
        return parsed;
    }
    let mut first_line_of: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut count = 0usize;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as u32);
                parsed.problems.push(RowProblem::new(line, None, Msg::ImportMalformed, ""));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as u32);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            parsed.problems.push(RowProblem::new(line, None, Msg::ImportTooManyRows, MAX_ROWS.to_string()));
            break;
        }
        let cell = |column: Column| {
            positions.iter().find(|(c, _)| *c == column).and_then(|(_, i)| record.get(*i)).unwrap_or("").trim().to_string()
        };
        let before = parsed.problems.len();
        let name = validate_name(&cell(Column::Name))
            .map_err(|message| parsed.problems.push(RowProblem::new(line, Some(Column::Name), message, cell(Column::Name))))
            .unwrap_or_default();
        let email = match validate_email(&cell(Column::Email)) {
            Ok(email) => match first_line_of.get(&email) {
                Some(first) => {
                    parsed.problems.push(RowProblem::new(line, Some(Column::Email), Msg::ImportDuplicateEmail, first.to_string()));
                    email
                }
                None => {
                    first_line_of.insert(email.clone(), line);
                    email
                }
            },
            Err(message) => {
                let shown = if cell(Column::Email).is_empty() { Msg::ImportEmailMissing } else { message };
                parsed.problems.push(RowProblem::new(line, Some(Column::Email), shown, cell(Column::Email)));
                String::new()
            }
        };
        let roles = roles_cell(&cell(Column::Roles)).unwrap_or_else(|unknown| {
            parsed.problems.push(RowProblem::new(line, Some(Column::Roles), Msg::ImportUnknownRole, unknown));
            Vec::new()
        });
        let cohort = cell(Column::Cohort);
        if cohort.chars().count() > MAX_NAME_CHARS {
            parsed.problems.push(RowProblem::new(line, Some(Column::Cohort), Msg::NameTooLong, ""));
        }
        if parsed.problems.len() == before {
            parsed.rows.push(ImportRow { line, name, email, organisation: cell(Column::Organisation), roles, cohort });
        }
    }
    if count == 0 && parsed.problems.is_empty() {
        parsed.problems.push(RowProblem::new(2, None, Msg::ImportNoRows, ""));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(parsed: &ParsedFile) -> Vec<(u32, Option<Column>, Msg)> {
        parsed.problems.iter().map(|p| (p.line, p.column, p.message)).collect()
    }

    #[test]
    fn columns_come_in_any_order_and_roles_default_to_learner() {
        let parsed = parse("Email,Roles,Name,cohort\nona@vpk.lt,,Ona Petraitė,Intake 1\njonas@vpk.lt,trainer; Learner,Jonas,\n");
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.rows[0], ImportRow {
            line: 2,
            name: "Ona Petraitė".into(),
            email: "ona@vpk.lt".into(),
            organisation: String::new(),
            roles: vec![Role::Learner],
            cohort: "Intake 1".into(),
        });
        assert_eq!(parsed.rows[1].roles, vec![Role::Learner, Role::Trainer]);
        assert_eq!(parsed.rows[1].line, 3);
    }

    #[test]
    fn lines_are_counted_alike_with_crlf_line_ends() {
        let parsed = parse("name,email\r\nOna,ona@policija.lt\r\nJonas,not-an-address\r\n");
        assert_eq!(parsed.problems.iter().map(|p| (p.line, p.column)).collect::<Vec<_>>(), vec![(3, Some(Column::Email))]);
        assert_eq!(parsed.rows[0].line, 2);
    }

    #[test]
    fn each_bad_row_is_reported_at_its_line_and_column() {
        let text = "name,email,roles\n\
                    Ona,ona@vpk.lt,\n\
                    ,missing-name@vpk.lt,\n\
                    Jonas,not-an-email,\n\
                    Petras,ONA@vpk.lt,\n\
                    Rūta,ruta@vpk.lt,chief\n";
        let parsed = parse(text);
        assert_eq!(
            messages(&parsed),
            [
                (3, Some(Column::Name), Msg::NameRequired),
                (4, Some(Column::Email), Msg::EmailInvalid),
                (5, Some(Column::Email), Msg::ImportDuplicateEmail),
                (6, Some(Column::Roles), Msg::ImportUnknownRole),
            ]
        );
        assert_eq!(parsed.problems[2].value, "2", "the duplicate names the first line");
        assert_eq!(parsed.rows.len(), 1, "only the good row is kept");
    }

    #[test]
    fn the_header_must_name_name_and_email_once_and_nothing_else() {
        assert_eq!(messages(&parse("name,mail\nOna,ona@vpk.lt\n")), vec![
            (1, None, Msg::ImportUnknownColumn),
            (1, Some(Column::Email), Msg::ImportMissingColumn),
        ]);
        assert_eq!(messages(&parse("name,email,Name\n")), vec![(1, Some(Column::Name), Msg::ImportColumnTwice)]);
        assert_eq!(messages(&parse("")), vec![(1, None, Msg::ImportNoHeader)]);
        assert_eq!(messages(&parse("name,email\n\n")), vec![(2, None, Msg::ImportNoRows)]);
    }

    #[test]
    fn too_many_rows_stop_the_reading() {
        let mut text = String::from("name,email\n");
        for i in 0..MAX_ROWS + 3 {
            text.push_str(&format!("P{i},p{i}@vpk.lt\n"));
        }
        let parsed = parse(&text);
        assert_eq!(parsed.rows.len(), MAX_ROWS);
        assert_eq!(messages(&parsed), vec![(MAX_ROWS as u32 + 2, None, Msg::ImportTooManyRows)]);
    }

    #[test]
    fn files_must_be_utf8_and_may_start_with_a_byte_order_mark() {
        assert_eq!(file_text("\u{feff}name,email\n".as_bytes()), Ok("name,email\n"));
        let latin1 = b"name,email\nOna,ona@vpk.lt\nR\xfbta,ruta@vpk.lt\n";
        assert_eq!(file_text(latin1).unwrap_err(), RowProblem::new(3, None, Msg::ImportNotUtf8, ""));
        assert_eq!(file_text(&vec![b'a'; MAX_BYTES + 1]).unwrap_err().message, Msg::ImportTooLarge);
    }
}
