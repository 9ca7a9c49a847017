//! Error pages that set the right HTTP status and never show internals.

use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::tr;
use leptos::prelude::*;

/// Sets the response status during server rendering (routes render with `SsrMode::Async`, so
/// the status is decided before any byte is sent).
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Sends a person who is not signed in to the sign-in page.
pub fn redirect_to_sign_in() {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect("/login");
}

/// Sends a signed-in person away from pages meant for signing in.
pub fn redirect_to_home() {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect("/");
}

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::Unauthenticated {
        // The redirect sets its own 302 status.
        redirect_to_sign_in();
    } else {
        set_http_status(error.status_code());
    }
    let (title, body) = match error {
        // A rule that keeps the page closed for now, such as a prerequisite to finish first.
        AppError::Invalid { message, .. } => (Msg::NotAvailableYet, message),
        AppError::Forbidden => (Msg::ForbiddenTitle, Msg::ForbiddenBody),
        AppError::NotEnrolled => (Msg::NotAvailableYet, Msg::NotEnrolledBody),
        AppError::PrerequisitesMissing => (Msg::NotAvailableYet, Msg::FinishFirst),
        AppError::NotFound => (Msg::NotFoundTitle, Msg::NotFoundBody),
        AppError::Unauthenticated => (Msg::SignIn, Msg::NeedSignIn),
        _ => (Msg::InternalTitle, Msg::InternalBody),
    };
    view! {
        <section class="error-page">
            <h1>{tr(title)}</h1>
            <p>{tr(body)}</p>
            <p><a href="/">{tr(Msg::BackHome)}</a></p>
        </section>
    }
}

/// Renders a page's loaded data, or the error page for the failure.
pub fn page_or_error<T, V: IntoView + 'static>(result: &Result<T, AppError>, render: impl FnOnce(&T) -> V) -> AnyView {
    match result {
        Ok(data) => render(data).into_any(),
        Err(error) => view! { <ErrorPage error=error.clone()/> }.into_any(),
    }
}

/// Loads a page's data on the server and renders it, or the error page. Unlike `<Await>`, the
/// data is not also written into the page for hydration: these pages have no islands, and on a
/// slow connection a module's text should not travel twice.
pub fn load_page<T, V>(
    data: impl std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    render: impl FnOnce(&T) -> V + Send + 'static,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    V: IntoView + 'static,
{
    Suspend::new(async move {
        let result = data.await;
        page_or_error(&result, render)
    })
}
