//! CSV for spreadsheets. Every export starts with a UTF-8 byte-order mark, without which Excel
//! reads the file as Windows-1257 or 1252 and garbles Lithuanian letters, and every cell a
//! spreadsheet would run as a formula is neutralised (CSV injection: a learner named
//! `=HYPERLINK(…)` must not become a link in an administrator's spreadsheet).

use std::borrow::Cow;

/// The UTF-8 byte-order mark, written once at the start of a file.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// A cell as text a spreadsheet shows as it is: one that starts with `=`, `+`, `-` or `@` (or a
/// tab or carriage return, which some spreadsheets skip before looking) gets a leading
/// apostrophe, as OWASP recommends.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Rows as CSV lines (quoted where needed, CRLF line ends as Excel writes them), every cell
/// neutralised. Exports call it once per chunk of rows read from the database, so a file of any
/// length is written with bounded memory.
pub fn csv_lines<R, C>(rows: R) -> Vec<u8>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|cell| neutralise(cell.as_ref()).into_owned()).collect();
        // Writing to a Vec cannot fail.
        writer.write_record(&cells).expect("CSV to memory");
    }
    writer.into_inner().expect("CSV to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_text_is_quoted() {
        let lines = csv_lines([["=1+1", "Ona Kazlauskienė"], ["-5", "\"Šalčininkai\", LT"], ["@SUM(A1)", "+370"]]);
        assert_eq!(
            String::from_utf8(lines).unwrap(),
            "'=1+1,Ona Kazlauskienė\r\n'-5,\"\"\"Šalčininkai\"\", LT\"\r\n'@SUM(A1),'+370\r\n"
        );
        assert_eq!(neutralise("plain"), "plain");
        assert_eq!(neutralise("\t=cmd"), "'\t=cmd");
    }
}
