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

/// A CSV file as a stream of byte chunks: the byte-order mark and `header`, then the rows of
/// `next_chunk(cursor)` until it returns no rows. `next_chunk` reads one bounded batch (keyset
/// pagination: the cursor is where the previous batch ended, `None` at first) and returns its
/// rows with the cursor after them, so an export of any size holds one batch in memory at a time.
pub fn csv_stream<E, F, Fut>(header: Vec<String>, next_chunk: F) -> impl futures_util::Stream<Item = Result<Vec<u8>, E>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<Vec<String>>, Option<String>), E>>,
{
    enum Step {
        Header(Vec<String>),
        After(Option<String>),
        Done,
    }
    use futures_util::StreamExt;
    // Fused: a response compressor polls once more after the end, which an unfold alone
    // answers with a panic.
    futures_util::stream::unfold((Step::Header(header), next_chunk), |(step, mut next_chunk)| async move {
        match step {
            Step::Header(header) => {
                let mut bytes = BYTE_ORDER_MARK.to_vec();
                bytes.extend(csv_lines([header]));
                Some((Ok(bytes), (Step::After(None), next_chunk)))
            }
            Step::After(cursor) => match next_chunk(cursor).await {
                Ok((rows, _)) if rows.is_empty() => None,
                Ok((rows, cursor)) => {
                    let next = if cursor.is_some() { Step::After(cursor) } else { Step::Done };
                    Some((Ok(csv_lines(rows)), (next, next_chunk)))
                }
                Err(error) => Some((Err(error), (Step::Done, next_chunk))),
            },
            Step::Done => None,
        }
    })
    .fuse()
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
        assert_eq!(String::from_utf8(csv_lines([["a,b"]])).unwrap(), "\"a,b\"\r\n");
        assert_eq!(neutralise("\t=cmd"), "'\t=cmd");
    }

    #[tokio::test]
    async fn a_stream_is_the_header_then_each_chunk_until_one_is_empty() {
        use futures_util::StreamExt;
        // Three chunks of two rows, each asked for with the cursor the previous one returned.
        let chunks = csv_stream(vec!["n".to_string()], |cursor: Option<String>| async move {
            let start: u32 = cursor.map_or(0, |c| c.parse().unwrap());
            let rows: Vec<Vec<String>> = (start..(start + 2).min(6)).map(|n| vec![n.to_string()]).collect();
            Ok::<_, ()>((rows, Some((start + 2).to_string())))
        });
        let parts: Vec<Vec<u8>> = chunks.map(|chunk| chunk.unwrap()).collect().await;
        assert_eq!(parts.len(), 4, "the header and three chunks");
        let mut ended = Box::pin(csv_stream(vec!["n".to_string()], |_| async { Ok::<_, ()>((Vec::new(), None)) }));
        while ended.next().await.is_some() {}
        assert!(ended.next().await.is_none(), "polled again after the end, as a compressor does, it stays ended");
        assert_eq!(parts.concat(), b"\xEF\xBB\xBFn\r\n0\r\n1\r\n2\r\n3\r\n4\r\n5\r\n");
    }
}
