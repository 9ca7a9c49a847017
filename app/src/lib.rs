//! Tiltas's web application: pages, components and server functions, rendered on the server
//! and, in islands mode, hydrated only where a part is interactive.
//!
//! Read in this order: `page` (what every page knows), `i18n`, `domain` (pure rules), `views`
//! (what each page receives), `paths`, `routes` (one module per page with its server functions),
//! `components`, and with the `ssr` feature `server` (services and storage).

pub mod charts;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod page;
pub mod paths;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::error_page::ErrorPage;
use crate::components::layout::Layout;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::tr;

/// The HTML document. Called once per request on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let page = server::document::prepare_page();
    #[cfg(not(feature = "ssr"))]
    let page = page::PageContext::default();
    let lang = page.locale.code();
    provide_context(page.clone());
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="referrer" content="same-origin"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone()/>
                // Only pages with islands load the WebAssembly: the editor's live preview carries
                // the course parser and sanitiser, which learners' pages have no use for.
                {page.loads_islands.then(|| view! { <HydrationScripts options=options.clone() islands=true/> })}
                <script src="/quick-exit.js" defer></script>
                <script src="/enhance.js" defer></script>
                <script src="/offline.js" defer></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text=tr(Msg::AppName)/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <ErrorPage error=AppError::NotFound/> }>
                    <Route path=path!("/") view=routes::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=routes::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=routes::register::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/invite/:token") view=routes::invite::InvitePage ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view=routes::profile::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/organisations") view=routes::admin_organisations::OrganisationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/people") view=routes::admin_people::PeoplePage ssr=SsrMode::Async/>
                    // Before any "/admin/people/:id": the router takes the first route that matches.
                    <Route path=path!("/admin/people/import") view=routes::admin_people_import::PeopleImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cohorts") view=routes::admin_cohorts::CohortsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cohorts/:id") view=routes::admin_cohorts::CohortPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/people/:id") view=routes::admin_person::PersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses") view=routes::catalogue::CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/glossary") view=routes::glossary::GlossaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=routes::offline::OfflinePage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug") view=routes::course::CoursePage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/modules/:module") view=routes::module::ModuleReadingPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/scenarios/:scenario") view=routes::scenario::ScenarioPlayPage ssr=SsrMode::Async/>
                    <Route path=path!("/certificates") view=routes::certificates::MyCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/certificates/:id") view=routes::certificates::CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:id") view=routes::certificates::VerificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/certificates") view=routes::admin_certificates::AdminCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reports") view=routes::admin_reports::ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reports/people") view=routes::admin_report_people::ReportPeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reports/people/:id") view=routes::admin_report_people::ReportPersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/assignments") view=routes::admin_assignments::AssignmentsPage ssr=SsrMode::Async/>
                    // Issue 13, audit and privacy.
                    <Route path=path!("/admin/audit") view=routes::admin_audit::AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/single-sign-on") view=routes::admin_single_sign_on::SingleSignOnPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/people/:id/erase") view=routes::admin_erase::ErasurePage ssr=SsrMode::Async/>
                    <Route path=path!("/author/courses/:slug/results") view=routes::course_results::CourseResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/author") view=routes::editor_courses::EditorCoursesPage ssr=SsrMode::Async/>
                    <Route path=path!("/author/courses/:slug") view=routes::course_editor::CourseEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/author/courses/:slug/files/:file") view=routes::file_editor::FileEditorPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The browser entry point: hydrates the interactive islands, nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
