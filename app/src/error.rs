//! The application layer's error, returned by every server function.
//!
//! It carries only what a person may see (a message key and the field it concerns). Causes
//! such as database errors are logged on the server where they happen and become `Internal`,
//! so no internal text ever reaches a browser.

use crate::i18n::{Locale, Msg, fill};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("the signed-in person lacks the role required")]
    Forbidden,
    /// A learner opened a course they are not enrolled in.
    #[error("not enrolled in the course")]
    NotEnrolled,
    /// A learner opened a course whose prerequisite courses they have not completed.
    #[error("prerequisites not completed")]
    PrerequisitesMissing,
    #[error("not found")]
    NotFound,
    /// Input a person can correct; `field` names the form field to show the message beside.
    #[error("invalid input in field {field}")]
    Invalid { field: String, message: Msg },
    #[error("sign-in throttled")]
    TooManyAttempts { minutes: i64 },
    #[error("the request could not be read")]
    BadRequest,
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn invalid(field: &str, message: Msg) -> AppError {
        AppError::Invalid { field: field.to_string(), message }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::NotEnrolled | AppError::PrerequisitesMissing => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::TooManyAttempts { .. } => 429,
            AppError::BadRequest => 400,
            AppError::Internal => 500,
        }
    }

    /// The field the message belongs beside, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            // Shown beside the enrolment button of the course page.
            AppError::PrerequisitesMissing => Some("enrol"),
            _ => None,
        }
    }

    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::Unauthenticated => Msg::NeedSignIn.text(locale).to_string(),
            AppError::Forbidden => Msg::ForbiddenBody.text(locale).to_string(),
            AppError::NotEnrolled => Msg::NotEnrolledBody.text(locale).to_string(),
            AppError::PrerequisitesMissing => Msg::FinishFirst.text(locale).to_string(),
            AppError::NotFound => Msg::NotFoundBody.text(locale).to_string(),
            AppError::Invalid { message, .. } => message.text(locale).to_string(),
            AppError::TooManyAttempts { minutes } => {
                fill(Msg::TooManyAttempts.text(locale), &[("minutes", &minutes.to_string())])
            }
            AppError::BadRequest => Msg::FormExpired.text(locale).to_string(),
            AppError::Internal => Msg::InternalBody.text(locale).to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            _ => AppError::Internal,
        }
    }
}

// The conversions from each service's error, in one place. Causes are logged here, once, and
// never sent on.

#[cfg(feature = "ssr")]
impl From<crate::server::storage::StorageError> for AppError {
    fn from(error: crate::server::storage::StorageError) -> Self {
        tracing::error!(%error, "storage failure");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::accounts::AccountsError> for AppError {
    fn from(error: crate::server::accounts::AccountsError) -> Self {
        use crate::server::accounts::AccountsError;
        match error {
            AccountsError::Invalid { field, message } => AppError::Invalid { field, message },
            AccountsError::TooManyAttempts { minutes } => AppError::TooManyAttempts { minutes },
            AccountsError::NoSuchPerson => AppError::NotFound,
            AccountsError::NotPermitted => AppError::Forbidden,
            AccountsError::Hashing(detail) => {
                tracing::error!(%detail, "password hashing failed");
                AppError::Internal
            }
            AccountsError::Storage(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::authoring::AuthoringError> for AppError {
    /// The failures a form cannot point at a field for. Forms that can (a taken course id, a bad
    /// file name) match those cases themselves before falling back on this.
    fn from(error: crate::server::authoring::AuthoringError) -> Self {
        use crate::server::authoring::AuthoringError;
        match error {
            AuthoringError::NoSuchCourse | AuthoringError::NoSuchFile => AppError::NotFound,
            AuthoringError::CourseExists => AppError::invalid("slug", Msg::CourseIdTaken),
            AuthoringError::FileExists => AppError::invalid("file_name", Msg::ModuleFileExists),
            AuthoringError::BadFileName => AppError::invalid("file_name", Msg::ModuleFileNameInvalid),
            AuthoringError::BadZip(_) => AppError::invalid("zip", Msg::ZipInvalid),
            AuthoringError::Invalid(_) => AppError::invalid("publish", Msg::PublishBlocked),
            AuthoringError::PublishedMeanwhile => AppError::invalid("publish", Msg::PublishedMeanwhile),
            AuthoringError::ChangedDuringUpload => AppError::invalid("zip", Msg::UploadChangedMeanwhile),
            AuthoringError::Import(error) => {
                tracing::error!(%error, "publishing a course failed");
                AppError::Internal
            }
            AuthoringError::Storage(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::learning::LearningError> for AppError {
    fn from(error: crate::server::learning::LearningError) -> Self {
        use crate::server::learning::LearningError;
        match error {
            LearningError::NoSuchCourse | LearningError::NoSuchItem => AppError::NotFound,
            LearningError::NotEnrolled => AppError::NotEnrolled,
            LearningError::NotOpenToSelfEnrolment => AppError::invalid("enrol", Msg::AssignedOnly),
            LearningError::PrerequisitesMissing(_) => AppError::PrerequisitesMissing,
            LearningError::NotALearner => AppError::invalid("learner_id", Msg::ChooseLearner),
            LearningError::LearnersOnly => AppError::Forbidden,
            LearningError::NothingChosen => AppError::invalid("answer", Msg::NothingChosen),
            // Only a tampered or stale form names an option that does not exist.
            LearningError::BadAnswer => AppError::BadRequest,
            LearningError::AttemptFinished => AppError::invalid("answer", Msg::AttemptFinished),
            LearningError::AlreadyPassed => AppError::invalid("retake", Msg::AlreadyPassed),
            LearningError::NoAttemptsLeft => AppError::invalid("retake", Msg::NoAttemptsLeft),
            LearningError::NotYet => AppError::invalid("retake", Msg::AttemptNotYet),
            LearningError::NotGraded => AppError::invalid("item_id", Msg::ChooseGradedItem),
            LearningError::ReasonMissing => AppError::invalid("reason", Msg::GrantReasonMissing),
            LearningError::ChoiceAlreadyMade => AppError::invalid("choice", Msg::ChoiceAlreadyMade),
            LearningError::NotDueForRenewal => AppError::invalid("take_again", Msg::NotDueForRenewal),
            LearningError::Corrupt(detail) => {
                tracing::error!(%detail, "stored course content could not be read");
                AppError::Internal
            }
            LearningError::Storage(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::certificates::CertificatesError> for AppError {
    fn from(error: crate::server::certificates::CertificatesError) -> Self {
        use crate::server::certificates::CertificatesError;
        match error {
            CertificatesError::NotFound => AppError::NotFound,
            CertificatesError::NoSuchLearnerOrCourse => AppError::invalid("learner_id", Msg::ChooseLearnerAndCourse),
            CertificatesError::NotAwarded => AppError::invalid("course_slug", Msg::CourseAwardsNoCertificate),
            CertificatesError::ReasonMissing => AppError::invalid("reason", Msg::CertificateReasonMissing),
            CertificatesError::AlreadyRevoked => AppError::invalid("reason", Msg::AlreadyRevoked),
            CertificatesError::NothingChosen => AppError::invalid("enrolment_ids", Msg::ChooseCompletions),
            CertificatesError::Document(detail) => {
                tracing::error!("certificate document failed: {detail}");
                AppError::Internal
            }
            CertificatesError::Storage(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::admin_reports::ReportsError> for AppError {
    fn from(error: crate::server::admin_reports::ReportsError) -> Self {
        use crate::server::admin_reports::ReportsError;
        match error {
            ReportsError::NotFound => AppError::NotFound,
            ReportsError::Invalid { field, message } => AppError::invalid(field, message),
            ReportsError::Learning(error) => error.into(),
            ReportsError::Storage(error) => error.into(),
        }
    }
}

// Issue 13, audit and privacy.
#[cfg(feature = "ssr")]
impl From<crate::server::privacy::PrivacyError> for AppError {
    fn from(error: crate::server::privacy::PrivacyError) -> Self {
        use crate::server::privacy::PrivacyError;
        match error {
            PrivacyError::NotFound => AppError::NotFound,
            PrivacyError::Invalid { field, message } => AppError::Invalid { field, message },
            PrivacyError::Serialisation(detail) => {
                tracing::error!(%detail, "personal data download failed");
                AppError::Internal
            }
            PrivacyError::Storage(error) => error.into(),
        }
    }
}

// Cohorts and the CSV import of people (issue 13).
#[cfg(feature = "ssr")]
impl From<crate::server::cohorts::CohortsError> for AppError {
    fn from(error: crate::server::cohorts::CohortsError) -> Self {
        use crate::server::cohorts::CohortsError;
        match error {
            CohortsError::Invalid { field, message } => AppError::Invalid { field, message },
            // The lines themselves are shown by the form, which has them (`routes::admin_cohorts`).
            CohortsError::Lines(_) => AppError::invalid("emails", Msg::CohortEmailsRejected),
            CohortsError::NotFound => AppError::NotFound,
            CohortsError::Learning(error) => error.into(),
            CohortsError::Storage(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::xapi::export::ExportError> for AppError {
    fn from(error: crate::server::xapi::export::ExportError) -> Self {
        use crate::server::xapi::export::ExportError;
        match error {
            ExportError::NotFound => AppError::NotFound,
            ExportError::Storage(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::people_import::ImportError> for AppError {
    fn from(error: crate::server::people_import::ImportError) -> Self {
        use crate::server::people_import::ImportError;
        match error {
            // The row-by-row report is the preview's to show; this is for callers without it.
            ImportError::Rows(_) => AppError::invalid("csv", Msg::ImportHasErrors),
            ImportError::Accounts(error) => error.into(),
            ImportError::Storage(error) => error.into(),
        }
    }
}

// Single sign-on (issue 15). A refused sign-in is told beside the sign-in page's provider
// buttons (field `sso`); the cause was logged where it was found.
#[cfg(feature = "ssr")]
impl From<crate::server::single_sign_on::SsoError> for AppError {
    fn from(error: crate::server::single_sign_on::SsoError) -> Self {
        use crate::server::single_sign_on::SsoError;
        match error {
            SsoError::Invalid { field, message } => AppError::Invalid { field, message },
            SsoError::Refused(refusal) => AppError::invalid("sso", refusal.message()),
            SsoError::Storage(error) => error.into(),
        }
    }
}

/// For the few plain axum handlers (course files, the zip download): the status, a redirect to
/// sign in for `Unauthenticated`, and the error itself in the response's extensions, so that the
/// viewer middleware, which knows the person's language, writes the message.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::{StatusCode, header};
        let mut response = if self == AppError::Unauthenticated {
            (StatusCode::FOUND, [(header::LOCATION, "/login")]).into_response()
        } else {
            StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
        };
        response.extensions_mut().insert(self);
        response
    }
}
