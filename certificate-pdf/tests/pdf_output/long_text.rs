//! Long names and course titles wrap or shrink but stay on the page, inside the frame, above
//! the details table, and complete in the text layer.

use crate::support::{
    VERIFY_URL, Word, extracted_text, lithuanian_certificate, lithuanian_details, render_to_file,
    words_with_boxes,
};

/// The frame's inner line is 30 pt inside the page edge; text must stay inside it.
const FRAME_INSET: f32 = 30.0;

/// 70 characters.
const LONG_NAME: &str = "Aleksandra Konstancija Marija Elžbieta Žemaitytė-Ąžuolaitienė-Čiurlytė";
/// 120 characters.
const LONG_TITLE: &str = "Prekybos žmonėmis aukų atpažinimas, pirmoji pagalba ir nukreipimas: \
                          tarpinstitucinis bendradarbiavimas praktikoje Kaune.";
const LONG_UNBROKEN_NAME: &str =
    "ĄžuolaitėčiūrienėžemaitytėkonstancijamarijaaleksandraČiurlionienėŠiaulytė";

fn assert_inside_frame(page: (f32, f32), words: &[Word]) {
    assert_eq!((page.0.round(), page.1.round()), (842.0, 595.0));
    for word in words {
        assert!(
            word.x_min >= FRAME_INSET
                && word.y_min >= FRAME_INSET
                && word.x_max <= page.0 - FRAME_INSET
                && word.y_max <= page.1 - FRAME_INSET,
            "{word:?} is outside the frame of a {page:?} page"
        );
    }
}

/// The words of `text`'s lines, located in `words` in order.
fn boxes_of<'w>(words: &'w [Word], text: &str) -> Vec<&'w Word> {
    let wanted: Vec<&str> = text.split_whitespace().collect();
    let start = words
        .windows(wanted.len())
        .position(|window| {
            window
                .iter()
                .zip(&wanted)
                .all(|(word, want)| word.text == *want)
        })
        .unwrap_or_else(|| panic!("{text:?} not found as consecutive words"));
    words[start..start + wanted.len()].iter().collect()
}

#[test]
fn long_name_and_title_stay_inside_the_frame_and_complete() {
    assert_eq!(LONG_NAME.chars().count(), 70);
    assert_eq!(LONG_TITLE.chars().count(), 120);
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LONG_NAME, LONG_TITLE, VERIFY_URL, &details);
    let pdf = render_to_file(&doc, "long-text");

    let text = extracted_text(&pdf);
    assert!(text.contains(LONG_NAME), "name incomplete:\n{text}");
    assert!(text.contains(LONG_TITLE), "title incomplete:\n{text}");

    let (page, words) = words_with_boxes(&pdf);
    assert_inside_frame(page, &words);

    // The title ends above the first row of the details table.
    let title_bottom = boxes_of(&words, LONG_TITLE)
        .iter()
        .map(|word| word.y_max)
        .fold(f32::MIN, f32::max);
    let table_top = boxes_of(&words, "Baigimo data")[0].y_min;
    assert!(
        title_bottom < table_top,
        "title ({title_bottom}) runs into the table ({table_top})"
    );
}

#[test]
fn a_name_without_spaces_is_broken_rather_than_cut_off() {
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LONG_UNBROKEN_NAME, "Kursas", VERIFY_URL, &details);
    let pdf = render_to_file(&doc, "unbroken-name");
    let (page, words) = words_with_boxes(&pdf);
    assert_inside_frame(page, &words);
    // Broken between letters, the name comes back as consecutive pieces.
    let text = extracted_text(&pdf);
    assert!(text.replace(' ', "").contains(LONG_UNBROKEN_NAME), "{text}");
}

#[test]
fn many_detail_rows_and_long_values_stay_inside_the_frame() {
    let long_value = "Lietuvos Respublikos vidaus reikalų ministerijos Viešojo saugumo tarnybos \
                      mokymo centras, Vilnius";
    let mut details = lithuanian_details();
    details.push(("Išdavusi institucija", long_value.to_owned()));
    details.push(("Kursų trukmė", "12 akademinių valandų".to_owned()));
    let doc = lithuanian_certificate(LONG_NAME, LONG_TITLE, VERIFY_URL, &details);
    let pdf = render_to_file(&doc, "many-details");
    let (page, words) = words_with_boxes(&pdf);
    assert_inside_frame(page, &words);
    let text = extracted_text(&pdf);
    assert!(text.contains(long_value), "{text}");
    assert!(text.contains(LONG_TITLE), "{text}");
}
