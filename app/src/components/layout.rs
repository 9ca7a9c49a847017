//! The frame around every page: the quick exit, navigation for the person's roles, the
//! language switch and the support footer.

use crate::paths::{ADMIN_AUDIT_PATH, ADMIN_CERTIFICATES_PATH, ADMIN_COHORTS_PATH, ADMIN_REPORTS_PATH, ADMIN_SINGLE_SIGN_ON_PATH, CERTIFICATES_PATH};
use crate::components::form::CsrfField;
use crate::domain::roles::Role;
use crate::i18n::{Locale, Msg};
use crate::page::{page_context, tr};
use crate::routes::language::SetLanguage;
use crate::routes::login::SignOut;
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <QuickExit/>
        <SiteHeader/>
        <main id="main" tabindex="-1">{children()}</main>
        // Where `enhance.js` announces what changed after a form updated the page in place.
        <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
        <SiteFooter/>
    }
}

/// A link that works without JavaScript; with it, `quick-exit.js` replaces the history entry
/// so the back button does not return here, and a double Esc does the same.
#[component]
fn QuickExit() -> impl IntoView {
    let page = page_context();
    view! {
        <a
            id="quick-exit"
            class="quick-exit"
            href=page.site.quick_exit_url.clone()
            rel="noreferrer"
            title=tr(Msg::QuickExitHint)
            data-exit-url=page.site.quick_exit_url
        >
            {tr(Msg::QuickExit)}
        </a>
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let page = page_context();
    let user = page.user.clone();
    let is_admin = user.as_ref().is_some_and(|u| u.has_role(Role::Administrator));
    // Organisation administrators manage their own organisation's people and assignments.
    let administers = is_admin || user.as_ref().is_some_and(|u| u.has_role(Role::OrganisationAdministrator));
    let is_trainer = user.as_ref().is_some_and(|u| u.has_role(Role::Trainer));
    let self_registration = page.site.self_registration;
    view! {
        <header class="site-header">
            <a class="brand" href="/">{tr(Msg::AppName)}</a>
            <nav aria-label=tr(Msg::NavMain)>
                <ul>
                    <li><a href="/">{tr(Msg::NavHome)}</a></li>
                    {user.is_some().then(|| view! {
                        <li><a href="/courses">{tr(Msg::NavCourses)}</a></li>
                        <li><a href=CERTIFICATES_PATH>{tr(Msg::NavMyCertificates)}</a></li>
                    })}
                    {is_trainer.then(|| view! { <li><a href="/author">{tr(Msg::NavAuthoring)}</a></li> })}
                    {administers.then(|| view! {
                        <li><a href="/admin/organisations">{tr(Msg::NavOrganisations)}</a></li>
                        <li><a href="/admin/people">{tr(Msg::NavPeople)}</a></li>
                        <li><a href="/admin/assignments">{tr(Msg::NavAssignments)}</a></li>
                        <li><a href=ADMIN_COHORTS_PATH>{tr(Msg::CohortsTitle)}</a></li>
                    })}
                    {is_admin.then(|| view! {
                        <li><a href=ADMIN_CERTIFICATES_PATH>{tr(Msg::NavCertificates)}</a></li>
                        <li><a href=ADMIN_AUDIT_PATH>{tr(Msg::NavAudit)}</a></li>
                        <li><a href=ADMIN_SINGLE_SIGN_ON_PATH>{tr(Msg::NavSingleSignOn)}</a></li>
                    })}
                    {administers.then(|| view! { <li><a href=ADMIN_REPORTS_PATH>{tr(Msg::NavReports)}</a></li> })}
                    {match user {
                        Some(_) => view! {
                            <li><a href="/profile">{tr(Msg::NavProfile)}</a></li>
                            <li><SignOutButton/></li>
                        }.into_any(),
                        None => view! {
                            <li><a href="/login">{tr(Msg::SignIn)}</a></li>
                            {self_registration.then(|| view! { <li><a href="/register">{tr(Msg::Register)}</a></li> })}
                        }.into_any(),
                    }}
                </ul>
            </nav>
            <LanguageSwitch/>
        </header>
    }
}

#[component]
fn SignOutButton() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <ActionForm action=sign_out>
            <CsrfField/>
            <button type="submit" class="link-button">{tr(Msg::SignOut)}</button>
        </ActionForm>
    }
}

/// One button per language, each labelled in its own language so anyone can find theirs.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = page_context().locale;
    let set_language = ServerAction::<SetLanguage>::new();
    view! {
        <ActionForm action=set_language>
            <CsrfField/>
            <fieldset class="language-switch">
                <legend class="visually-hidden">{tr(Msg::ChangeLanguage)}</legend>
                {Locale::ALL.into_iter().map(|locale| view! {
                    <button
                        type="submit"
                        name="language"
                        value=locale.code()
                        lang=locale.code()
                        aria-pressed=if locale == current { "true" } else { "false" }
                    >
                        {locale.native_name()}
                    </button>
                }).collect_view()}
            </fieldset>
        </ActionForm>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let page = page_context();
    view! {
        <footer class="site-footer">
            <h2>{tr(Msg::FooterSupport)}</h2>
            <ul>
                {page.site.support_contacts.into_iter().map(|contact| view! { <li>{contact}</li> }).collect_view()}
            </ul>
            <p>{tr(Msg::FooterAbout)}</p>
        </footer>
    }
}
