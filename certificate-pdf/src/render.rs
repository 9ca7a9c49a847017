//! Drawing the laid-out certificate with krilla, as a tagged PDF/UA-1 document.
//!
//! Every piece of text is drawn inside a marked-content span and hung into the structure tree
//! in reading order (heading, name, statement, course, details table, verification, footer);
//! frame and rules are marked as artifacts; the QR code is a figure whose alternative text is
//! the verification sentence. Screen readers then read the certificate like a document, and
//! krilla's PDF/UA-1 validator refuses to write a file that breaks those rules.

use std::num::NonZeroU16;

use krilla::Document;
use krilla::SerializeSettings;
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, SpanTag, TableHeaderScope, Tag, TagGroup, TagTree,
};

use crate::layout::{
    CertificateLayout, INNER_FRAME_INSET, Ink, OUTER_FRAME_INSET, PAGE_HEIGHT, PAGE_WIDTH, Rule,
    TextBlock,
};
use crate::{CertificateDocument, PdfError};

/// A deep blue-grey: reads as formal and prints well in greyscale.
const ACCENT: (u8, u8, u8) = (31, 58, 95);
const BODY: (u8, u8, u8) = (28, 28, 30);
const MUTED: (u8, u8, u8) = (88, 92, 99);
const TABLE_RULE: (u8, u8, u8) = (200, 204, 210);

fn color((red, green, blue): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(red, green, blue)
}

fn ink_color(ink: Ink) -> rgb::Color {
    match ink {
        Ink::Accent => color(ACCENT),
        Ink::Body => color(BODY),
        Ink::Muted => color(MUTED),
    }
}

pub(crate) fn write_pdf(
    doc: &CertificateDocument<'_>,
    layout: &CertificateLayout<'_>,
) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|error| PdfError::Export(format!("{error:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });

    let title = document_title(doc);
    document.set_metadata(
        Metadata::new()
            .title(title.clone())
            .language(doc.language.to_owned())
            .creator("Tiltas".to_owned()),
    );
    // PDF/UA-1 asks for an outline; one entry leading to the page is all a one-page file needs.
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(
        title,
        XyzDestination::new(0, Point::from_xy(0.0, 0.0)),
    ));
    document.set_outline(outline);

    let page_settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError::Export("invalid page size".to_owned()))?;
    let mut page = document.start_page_with(page_settings);
    let mut surface = page.surface();
    let mut tree = TagTree::new().with_lang(Some(doc.language.to_owned()));

    draw_frame(&mut surface, layout);

    let heading_title = doc.heading.to_owned();
    let mut heading = TagGroup::new(Tag::Hn(NonZeroU16::MIN, Some(heading_title)));
    draw_block(&mut surface, &layout.heading, &mut heading);
    tree.push(heading);
    for block in [&layout.holder_name, &layout.statement, &layout.course_title] {
        let mut paragraph = TagGroup::new(Tag::P);
        draw_block(&mut surface, block, &mut paragraph);
        tree.push(paragraph);
    }

    tree.push(draw_details(&mut surface, layout));

    let mut verify_label = TagGroup::new(Tag::P);
    draw_block(&mut surface, &layout.verify_label, &mut verify_label);
    tree.push(verify_label);
    let mut url_paragraph = TagGroup::new(Tag::P);
    let mut link = TagGroup::new(Tag::Link);
    draw_block(&mut surface, &layout.verify_url, &mut link);

    let alt_text = format!("{} {}", doc.verify_label.trim(), doc.verify_url);
    let mut figure = TagGroup::new(Tag::Figure(Some(alt_text)));
    draw_qr_code(&mut surface, layout, &mut figure);

    let mut footer = TagGroup::new(Tag::P);
    draw_block(&mut surface, &layout.platform_line, &mut footer);
    surface.finish();

    // The address is also a link, for people who open the certificate on a screen.
    let (left, top, right, bottom) = layout.verify_url.bounds();
    if let Some(rect) = Rect::from_ltrb(left, top, right, bottom) {
        let target = Target::Action(LinkAction::new(doc.verify_url.to_owned()).into());
        let annotation = Annotation::new_link(
            LinkAnnotation::new(rect, target),
            Some(doc.verify_url.to_owned()),
        );
        link.push(page.add_tagged_annotation(annotation));
    }
    page.finish();
    url_paragraph.push(link);
    tree.push(url_paragraph);
    tree.push(figure);
    tree.push(footer);
    document.set_tag_tree(tree);

    document
        .finish()
        .map_err(|error| PdfError::Export(error.to_string()))
}

/// "Certificate of completion — Name": what a viewer shows in its title bar and what a
/// search index lists.
fn document_title(doc: &CertificateDocument<'_>) -> String {
    let name: Vec<&str> = doc.holder_name.split_whitespace().collect();
    format!("{} — {}", doc.heading.trim(), name.join(" "))
}

fn draw_block(surface: &mut Surface<'_>, block: &TextBlock<'_>, group: &mut TagGroup) {
    for line in &block.lines {
        surface.set_fill(Some(Fill {
            paint: ink_color(line.ink).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
        surface.draw_glyphs(
            Point::from_xy(line.left, line.baseline),
            &line.shaped.glyphs,
            line.face.pdf_font.clone(),
            &line.shaped.text,
            line.size,
            false,
        );
        surface.end_tagged();
        group.push(id);
    }
}

/// Marks lines that are decoration only, so assistive technology skips them.
fn draw_artifact_lines(surface: &mut Surface<'_>, lines: &[Rule], width: f32, rgb: (u8, u8, u8)) {
    let mut builder = PathBuilder::new();
    for &(x1, y1, x2, y2) in lines {
        builder.move_to(x1, y1);
        builder.line_to(x2, y2);
    }
    let Some(path) = builder.finish() else {
        return;
    };
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: color(rgb).into(),
        width,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.end_tagged();
}

fn frame_lines(inset: f32) -> [Rule; 4] {
    let (left, top) = (inset, inset);
    let (right, bottom) = (PAGE_WIDTH - inset, PAGE_HEIGHT - inset);
    [
        (left, top, right, top),
        (right, top, right, bottom),
        (right, bottom, left, bottom),
        (left, bottom, left, top),
    ]
}

fn draw_frame(surface: &mut Surface<'_>, layout: &CertificateLayout<'_>) {
    draw_artifact_lines(surface, &frame_lines(OUTER_FRAME_INSET), 1.6, ACCENT);
    draw_artifact_lines(surface, &frame_lines(INNER_FRAME_INSET), 0.5, ACCENT);
    draw_artifact_lines(surface, &[layout.heading_rule], 0.8, ACCENT);
}

/// The details as a table of rows, each with the label as row header and the value as cell.
fn draw_details(surface: &mut Surface<'_>, layout: &CertificateLayout<'_>) -> TagGroup {
    let rules: Vec<Rule> = layout
        .details
        .iter()
        .map(|row| {
            (
                layout.details_left,
                row.rule_y,
                layout.details_right,
                row.rule_y,
            )
        })
        .collect();
    draw_artifact_lines(surface, &rules, 0.5, TABLE_RULE);

    let mut table = TagGroup::new(Tag::Table);
    for row in &layout.details {
        let mut header = TagGroup::new(Tag::TH(TableHeaderScope::Row));
        draw_block(surface, &row.label, &mut header);
        let mut cell = TagGroup::new(Tag::TD);
        draw_block(surface, &row.value, &mut cell);
        table.push(TagGroup::with_children(
            Tag::TR,
            vec![header.into(), cell.into()],
        ));
    }
    table
}

fn draw_qr_code(surface: &mut Surface<'_>, layout: &CertificateLayout<'_>, figure: &mut TagGroup) {
    let qr = &layout.qr;
    let Some(path) = qr.matrix.to_path(qr.left, qr.top, qr.module) else {
        return;
    };
    let id = surface.start_tagged(ContentTag::Other);
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: rgb::Color::black().into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    surface.draw_path(&path);
    surface.end_tagged();
    figure.push(id);
}
