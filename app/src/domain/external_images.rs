//! Images from other websites in trainers' text, as this deployment shows them. Unless the
//! deployment allows them (`TILTAS_ALLOW_EXTERNAL_IMAGES`), they are not loaded: a learner's
//! browser fetching one would tell that website who reads the course, from where and when.
//! Each becomes a link, in the text's language, that the learner may choose to follow; the
//! replacement itself is `tiltas_course::withhold_external_images`.
//!
//! Used on the server for every learner page (through the cache of course versions) and in the
//! browser by the editor's preview, so that trainers see what learners will.

use crate::i18n::{Locale, Msg};
use std::borrow::Cow;
use tiltas_course::{ExternalImageWording, Module, withhold_external_images};

/// The module as learners are shown it: unless `allowed`, with every image from another
/// website replaced by a link to it.
pub fn show_external_images(module: &mut Module, allowed: bool) {
    if allowed {
        return;
    }
    let locale = Locale::from_code(&module.language).unwrap_or_default();
    module.change_texts(|text| {
        if let Cow::Owned(html) = withhold_external_images(&text.html, &wording(locale)) {
            text.html = html;
        }
    });
}

/// Rendered text in `locale`, as learners are shown it: unless `allowed`, with every image
/// from another website replaced by a link to it.
pub fn show_external_images_in(html: String, locale: Locale, allowed: bool) -> String {
    if allowed {
        return html;
    }
    match withhold_external_images(&html, &wording(locale)) {
        Cow::Owned(replaced) => replaced,
        Cow::Borrowed(_) => html,
    }
}

fn wording(locale: Locale) -> ExternalImageWording<'static> {
    ExternalImageWording { link: Msg::ExternalImageLink.text(locale), inside_link: Msg::ExternalImageInsideLink.text(locale) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "<p><img src=\"https://example.org/poster.png\" alt=\"Poster\"></p>";

    #[test]
    fn withheld_images_are_worded_in_the_language_of_the_text() {
        let english = show_external_images_in(TEXT.to_string(), Locale::En, false);
        assert!(english.contains(">Poster (an image on another website; opening it leaves Tiltas)</a>"), "{english}");
        let lithuanian = show_external_images_in(TEXT.to_string(), Locale::Lt, false);
        assert!(lithuanian.contains(">Poster (paveikslėlis kitoje svetainėje; jį atvėrę išeisite iš Tiltas)</a>"), "{lithuanian}");
        assert_eq!(show_external_images_in(TEXT.to_string(), Locale::En, true), TEXT, "allowed: left as it is");
    }
}
