//! Fitting a piece of text into a box: shrink it, wrap it, or both.
//!
//! Names and course titles come from people and course authors and can be long (a
//! 120-character title is realistic). They must never run off the page, and a certificate
//! looks best when such text stays large and its lines are of similar length, so the search
//! goes: one line at the full size, one line slightly smaller, then more lines, and only as a
//! last resort the smallest size.
//!
//! The logic is independent of fonts: it takes a function giving the width of a string in em,
//! which keeps it testable with a fake measure.

/// How a piece of text may be fitted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FitLimits {
    /// Width of the box in points.
    pub(crate) max_width: f32,
    /// The size the text is designed at.
    pub(crate) max_size: f32,
    /// Below this the text is no longer comfortable to read on paper.
    pub(crate) min_size: f32,
    /// More lines than this look like a paragraph, not a title.
    pub(crate) max_lines: usize,
}

/// Text broken into lines at one font size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FittedText {
    pub(crate) size: f32,
    pub(crate) lines: Vec<String>,
}

/// Before adding a line, the text may shrink to this share of its size: a slightly smaller
/// single line reads better than a line broken into two.
const SHRINK_BEFORE_WRAPPING: f32 = 0.8;
const SIZE_STEP: f32 = 0.5;

/// Fits `text` into `limits`, using `width_em` to measure a candidate line.
///
/// Always returns lines that are no wider than `max_width`: if even `max_lines` lines at
/// `min_size` are not enough, it returns as many lines as needed at `min_size` (words too long
/// for a line are broken between characters), and the caller decides whether the height fits.
pub(crate) fn fit_text(
    text: &str,
    limits: FitLimits,
    width_em: impl Fn(&str) -> f32,
) -> FittedText {
    let words: Vec<&str> = text.split_whitespace().collect();
    let max_lines = limits.max_lines.max(1);
    for line_count in 1..=max_lines {
        let smallest = if line_count == max_lines {
            limits.min_size
        } else {
            (limits.max_size * SHRINK_BEFORE_WRAPPING).max(limits.min_size)
        };
        for size in sizes_from_largest(limits.max_size, smallest) {
            let width_in_em = limits.max_width / size;
            let lines = wrap_words(&words, width_in_em, &width_em);
            if lines.len() <= line_count {
                let lines = balance_lines(&words, lines.len(), width_in_em, &width_em);
                return FittedText { size, lines };
            }
        }
    }
    let size = limits.min_size;
    FittedText {
        size,
        lines: wrap_words(&words, limits.max_width / size, &width_em),
    }
}

/// Sizes from `largest` down to `smallest` in half-point steps, both ends included.
fn sizes_from_largest(largest: f32, smallest: f32) -> impl Iterator<Item = f32> {
    let steps = ((largest - smallest) / SIZE_STEP).floor().max(0.0) as usize;
    (0..=steps)
        .map(move |step| largest - step as f32 * SIZE_STEP)
        .chain(std::iter::once(smallest))
}

/// Greedy line filling: as many words on each line as fit in `max_width_em`.
fn wrap_words(words: &[&str], max_width_em: f32, width_em: &impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in words {
        let candidate = if current.is_empty() {
            (*word).to_owned()
        } else {
            format!("{current} {word}")
        };
        if width_em(&candidate) <= max_width_em {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if width_em(word) <= max_width_em {
            current = (*word).to_owned();
        } else {
            // A single word wider than the line (a long URL, a name without spaces): break it
            // between characters rather than let it overflow.
            let mut pieces = break_word(word, max_width_em, width_em);
            current = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Characters after which a long word breaks most naturally: the parts of a URL and the
/// hyphen of a double surname.
const PREFERRED_BREAK_AFTER: &[char] = &['/', '?', '&', '=', '#', '-'];

/// Breaks a word that is wider than a line into pieces that fit, after a URL separator or a
/// hyphen where one is available on the line, otherwise between any two characters.
fn break_word(word: &str, max_width_em: f32, width_em: &impl Fn(&str) -> f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for character in word.chars() {
        current.push(character);
        if width_em(&current) <= max_width_em || current.chars().count() == 1 {
            continue;
        }
        current.pop();
        let preferred = current
            .char_indices()
            .filter(|(_, c)| PREFERRED_BREAK_AFTER.contains(c))
            .map(|(index, c)| index + c.len_utf8())
            .rfind(|&end| end < current.len())
            // The part moved to the next line must still leave room there.
            .filter(|&end| width_em(&format!("{}{character}", &current[end..])) <= max_width_em);
        let rest = match preferred {
            Some(end) => current.split_off(end),
            None => String::new(),
        };
        pieces.push(std::mem::take(&mut current));
        current = rest;
        current.push(character);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Re-wraps into the same number of lines but as narrow as possible, so a two-line title is
/// two lines of similar length instead of a full line and a stray word.
fn balance_lines(
    words: &[&str],
    line_count: usize,
    max_width_em: f32,
    width_em: &impl Fn(&str) -> f32,
) -> Vec<String> {
    let mut best = wrap_words(words, max_width_em, width_em);
    if line_count <= 1 {
        return best;
    }
    let (mut too_narrow, mut wide_enough) = (max_width_em / line_count as f32, max_width_em);
    for _ in 0..16 {
        let middle = (too_narrow + wide_enough) / 2.0;
        let lines = wrap_words(words, middle, width_em);
        if lines.len() <= line_count {
            wide_enough = middle;
            best = lines;
        } else {
            too_narrow = middle;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half an em wide: easy to reason about.
    fn half_em(text: &str) -> f32 {
        text.chars().count() as f32 * 0.5
    }

    fn limits(max_width: f32, max_lines: usize) -> FitLimits {
        FitLimits {
            max_width,
            max_size: 20.0,
            min_size: 10.0,
            max_lines,
        }
    }

    fn widest_line(fitted: &FittedText) -> f32 {
        fitted
            .lines
            .iter()
            .map(|line| half_em(line) * fitted.size)
            .fold(0.0, f32::max)
    }

    #[test]
    fn short_text_keeps_full_size_on_one_line() {
        let fitted = fit_text("Short title", limits(500.0, 3), half_em);
        assert_eq!(fitted.size, 20.0);
        assert_eq!(fitted.lines, ["Short title"]);
    }

    #[test]
    fn slightly_long_text_shrinks_before_wrapping() {
        // 20 characters at 20pt are 200pt wide; the box is 180pt.
        let fitted = fit_text("abcde fghij klmno pq", limits(180.0, 3), half_em);
        assert_eq!(fitted.lines.len(), 1);
        assert!(fitted.size < 20.0 && fitted.size >= 16.0, "{}", fitted.size);
    }

    #[test]
    fn long_text_wraps_into_balanced_lines_within_the_width() {
        let title = "word ".repeat(24);
        let fitted = fit_text(title.trim(), limits(400.0, 3), half_em);
        assert!(fitted.lines.len() > 1 && fitted.lines.len() <= 3);
        assert!(widest_line(&fitted) <= 400.0);
        let lengths: Vec<usize> = fitted.lines.iter().map(|line| line.len()).collect();
        let (shortest, longest) = (lengths.iter().min().unwrap(), lengths.iter().max().unwrap());
        assert!(longest - shortest <= 5, "unbalanced lines {lengths:?}");
        assert_eq!(fitted.lines.join(" "), title.trim());
    }

    #[test]
    fn text_that_cannot_fit_in_max_lines_uses_the_minimum_size_and_more_lines() {
        let title = "word ".repeat(100);
        let fitted = fit_text(title.trim(), limits(200.0, 2), half_em);
        assert_eq!(fitted.size, 10.0);
        assert!(fitted.lines.len() > 2);
        assert!(widest_line(&fitted) <= 200.0);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_between_characters() {
        let url = format!("https://example.org/{}", "x".repeat(80));
        let fitted = fit_text(&url, limits(150.0, 1), half_em);
        assert!(fitted.lines.len() > 1);
        assert!(widest_line(&fitted) <= 150.0);
        assert_eq!(fitted.lines.concat(), url);
    }

    #[test]
    fn a_long_url_breaks_after_a_slash() {
        let url = "https://mokymai.tiltas.lt/pazymejimai/patikrinti?kodas=7K3F-Q9PX-M2WD";
        let fitted = fit_text(url, limits(300.0, 2), half_em);
        // 40 characters fit on a line at the size chosen for two lines.
        assert_eq!(fitted.size, 15.0);
        assert_eq!(
            fitted.lines,
            [
                "https://mokymai.tiltas.lt/pazymejimai/",
                "patikrinti?kodas=7K3F-Q9PX-M2WD"
            ]
        );
    }

    #[test]
    fn whitespace_is_normalised() {
        let fitted = fit_text("  two \n words ", limits(500.0, 1), half_em);
        assert_eq!(fitted.lines, ["two words"]);
    }

    #[test]
    fn sizes_include_both_ends() {
        let sizes: Vec<f32> = sizes_from_largest(12.0, 10.8).collect();
        assert_eq!(sizes.first(), Some(&12.0));
        assert_eq!(sizes.last(), Some(&10.8));
        assert!(sizes.iter().all(|size| *size >= 10.8));
    }
}
