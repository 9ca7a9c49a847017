//! The translation table, xAPI (issue 15): the downloads of learning records as xAPI statements.
//! Each area of the table is a macro that appends its lines and hands the table on to the next
//! (see `i18n::messages`).

macro_rules! xapi_messages {
    ([$next:ident $(, $rest:ident)*] $($table:tt)*) => {
        $next! { [$($rest),*] $($table)*
            // xAPI (issue 15, part "xAPI").
            XapiRecords => "Learning records (xAPI)", "Mokymosi įrašai (xAPI)";
            XapiLearnerDownload => "Download this person's learning records as xAPI statements (JSON)", "Atsisiųsti šio asmens mokymosi įrašus kaip xAPI teiginius (JSON)";
            XapiCourseDownload => "Download this course's learning records as xAPI statements (JSON)", "Atsisiųsti šio kurso mokymosi įrašus kaip xAPI teiginius (JSON)";
            XapiPseudonymous => "Learners are named by a pseudonym in the statements, never by their name or email address.", "Teiginiuose besimokantieji nurodomi pseudonimu, niekada ne vardu ar el. pašto adresu.";
        }
    };
}
