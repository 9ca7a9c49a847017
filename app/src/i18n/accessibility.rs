//! The translation table, accessibility (issue 16): names that assistive technology reads out.
//! Each area of the table is a macro that appends its lines and hands the table on to the next
//! (see `i18n::messages`).

macro_rules! accessibility_messages {
    ([$next:ident $(, $rest:ident)*] $($table:tt)*) => {
        $next! { [$($rest),*] $($table)*
            // Accessibility (issue 16, part "accessibility, kept by tests").
            ScrollableTable => "Table: scroll sideways to see all of it", "Lentelė: slinkite į šoną, kad matytumėte visą";
        }
    };
}
