//! The files a certificate's holder downloads: the printable PDF, in the language they choose,
//! and (in `credential`) the signed Open Badges credential.

use super::{CertificatesError, CertificatesResult};
use crate::domain::calendar::date_text;
use crate::i18n::{Locale, Msg};
use crate::server::context::AppState;
use crate::server::learning::course_title;
use crate::server::storage::certificates::{self as store, CertificateRow};
use tiltas_certificate_pdf::{CertificateDocument, render};

/// A file to send: its name for the browser, its media type and its bytes.
#[derive(Debug)]
pub struct Download {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The certificate row, for its holder or an administrator; anyone else, and any unknown id,
/// gets "not found".
pub(super) async fn readable_certificate(state: &AppState, viewer_id: &str, is_admin: bool, id: &str) -> CertificatesResult<CertificateRow> {
    store::by_id(&mut *state.db.pool().acquire().await?, id)
        .await?
        .filter(|row| is_admin || row.user_id == viewer_id)
        .ok_or(CertificatesError::NotFound)
}

/// The certificate as an A4 landscape PDF in `language`. Rendering is CPU work of some tens of
/// milliseconds, so it runs on the blocking pool rather than holding up the async workers.
pub async fn certificate_pdf(state: &AppState, viewer_id: &str, is_admin: bool, id: &str, language: Locale) -> CertificatesResult<Download> {
    let row = readable_certificate(state, viewer_id, is_admin, id).await?;
    let course = state.versions.load(&state.db, &row.version_id).await?;
    let title = course_title(&course, language.code());
    let verify_url = state.config.link(&crate::paths::verify_path(&row.id));
    let issuer = state.config.issuer_name.clone();
    let filename = format!("certificate-{}-{}.pdf", row.code, language.code());
    let bytes = crate::server::off_runtime(move || {
        let text = |msg: Msg| msg.text(language);
        let mut details = vec![(text(Msg::IssuedOn), date_text(row.issued_at))];
        details.push((text(Msg::ExpiresOn), row.expires_at.map(date_text).unwrap_or_else(|| text(Msg::NoExpiry).to_string())));
        details.push((text(Msg::CertificateCode), row.code.clone()));
        details.push((text(Msg::IssuedBy), issuer));
        if let Some(organisation) = &row.organisation_name {
            details.push((text(Msg::IssuingOrganisation), organisation.clone()));
        }
        if let (Some(points), Some(max)) = (row.points, row.max_points)
            && max > 0
        {
            details.push((text(Msg::CertificateScore), format!("{} %", points * 100 / max)));
        }
        render(&CertificateDocument {
            language: language.code(),
            heading: text(Msg::CertificateTitle),
            holder_name: if row.holder_erased_at.is_some() { text(Msg::HolderErased) } else { &row.holder_name },
            statement: text(Msg::CertificateStatement),
            course_title: &title,
            details: &details,
            verify_label: text(Msg::VerifyAt),
            verify_url: &verify_url,
            platform_line: text(Msg::CertificatePlatformLine),
        })
    })
    .await
    .map_err(|error| CertificatesError::Document(error.to_string()))?;
    Ok(Download { filename, content_type: "application/pdf", bytes })
}
