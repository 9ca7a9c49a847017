//! `tiltas routes`: the page patterns the router serves, one a line. The accessibility tests
//! (end2end/tests/10-accessibility.spec.ts) read them, so a new page without a check fails.

use super::CommandError;

pub fn run() -> Result<(), CommandError> {
    for pattern in crate::http::page_patterns() {
        println!("{pattern}");
    }
    Ok(())
}
