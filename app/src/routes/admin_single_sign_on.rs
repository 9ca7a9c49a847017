//! Single sign-on's administration (issue 15), for platform administrators only: the OpenID
//! Connect providers people may sign in with, and which organisations sign in through one only
//! (their passwords switched off).
//!
//! One provider form is shown at a time: the form to add one, or, with `?edit=<id>`, the form to
//! change that one, so every form works as a plain post. A client secret is typed but never
//! shown back.

use crate::components::error_page::load_page;
use crate::components::form::{CsrfField, FieldError, FormOutcome, TextField};
use crate::domain::roles::Role;
use crate::domain::single_sign_on::ROLES_FOR_NEW_ACCOUNTS;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{FormSuccess, page_context, tr};
use crate::paths::ADMIN_SINGLE_SIGN_ON_PATH;
use crate::views::single_sign_on::{OrganisationSignIn, ProviderSummary, SingleSignOnOverview};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The form name of the provider form (adding or changing), for its outcome and echoed fields.
const PROVIDER_FORM: &str = "sso-provider";

#[server(name = LoadSingleSignOnPage, endpoint = "single_sign_on_overview")]
pub async fn single_sign_on_page() -> Result<SingleSignOnOverview, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, single_sign_on};
    context::with_status(async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        Ok(single_sign_on::overview(&state).await?)
    }
    .await)
}

/// Adds a provider (`provider_id` empty) or changes one.
#[allow(clippy::too_many_arguments)] // One argument per form field, as server functions take them.
#[server(endpoint = "save_sso_provider")]
pub async fn save_sso_provider(
    #[server(default)] provider_id: String,
    name: String,
    issuer_url: String,
    client_id: String,
    #[server(default)] client_secret: String,
    email_claim: String,
    name_claim: String,
    #[server(default)] organisation_id: String,
    #[server(default)] role: String,
    #[server(default)] create_accounts: Option<String>,
) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::domain::single_sign_on::ProviderInput;
    use crate::server::{context, forms, single_sign_on};
    let create = create_accounts.is_some();
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        let input = ProviderInput {
            name: name.clone(),
            issuer_url: issuer_url.clone(),
            client_id: client_id.clone(),
            client_secret,
            email_claim: email_claim.clone(),
            name_claim: name_claim.clone(),
            organisation_id: organisation_id.clone(),
            role: role.clone(),
            create_accounts: create,
        };
        let by = single_sign_on::Changer { user_id: &admin.id, client_address: &context::viewer().client_ip };
        single_sign_on::save_provider(&state, &by, &provider_id, &input).await?;
        Ok(FormSuccess { message: Msg::SsoProviderSaved, detail: None, redirect_to: Some(ADMIN_SINGLE_SIGN_ON_PATH.into()) })
    }
    .await;
    // Never the secret.
    forms::respond(
        PROVIDER_FORM,
        &[
            ("name", &name),
            ("issuer_url", &issuer_url),
            ("client_id", &client_id),
            ("email_claim", &email_claim),
            ("name_claim", &name_claim),
            ("organisation_id", &organisation_id),
            ("role", &role),
            ("create_accounts", if create { "on" } else { "off" }),
        ],
        result,
    )
}

#[server(endpoint = "remove_sso_provider")]
pub async fn remove_sso_provider(provider_id: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, forms, single_sign_on};
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        let by = single_sign_on::Changer { user_id: &admin.id, client_address: &context::viewer().client_ip };
        single_sign_on::remove_provider(&state, &by, &provider_id).await?;
        Ok(FormSuccess { message: Msg::SsoProviderRemoved, detail: None, redirect_to: Some(ADMIN_SINGLE_SIGN_ON_PATH.into()) })
    }
    .await;
    forms::respond("sso-providers", &[], result)
}

/// `passwords` is `off` (single sign-on only) or `on`.
#[server(endpoint = "set_organisation_passwords")]
pub async fn set_organisation_passwords(organisation_id: String, passwords: String) -> Result<FormSuccess, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, forms, single_sign_on};
    let result = async {
        let admin = context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        let disabled = match passwords.as_str() {
            "off" => true,
            "on" => false,
            _ => return Err(AppError::BadRequest),
        };
        let by = single_sign_on::Changer { user_id: &admin.id, client_address: &context::viewer().client_ip };
        single_sign_on::set_passwords_disabled(&state, &by, &organisation_id, disabled).await?;
        let message = if disabled { Msg::SsoPasswordsSwitchedOff } else { Msg::SsoPasswordsSwitchedOn };
        Ok(FormSuccess::message(message))
    }
    .await;
    forms::respond("sso-organisations", &[], result)
}

#[component]
pub fn SingleSignOnPage() -> impl IntoView {
    let editing = use_query_map().read_untracked().get("edit").unwrap_or_default();
    load_page(single_sign_on_page(), move |overview| {
        let overview = overview.clone();
        let edited = overview.providers.iter().find(|p| p.id == editing).cloned();
        let organisations: Vec<(String, String)> = overview.organisations.iter().map(|o| (o.id.clone(), o.name.clone())).collect();
        view! {
            <section>
                <h1>{tr(Msg::SsoTitle)}</h1>
                <p>{tr(Msg::SsoIntro)}</p>
                <p>{tr(Msg::SsoRedirectUri)}" "<code>{overview.redirect_uri.clone()}</code></p>
                <h2>{tr(Msg::SsoProvidersHeading)}</h2>
                <FormOutcome form="sso-providers"/>
                <FieldError form="sso-providers" name="sso"/>
                <ProviderList providers=overview.providers.clone()/>
                <h2>{match &edited {
                    Some(provider) => fill(tr(Msg::SsoChangeProvider), &[("provider", &provider.name)]),
                    None => tr(Msg::SsoAddProvider).to_string(),
                }}</h2>
                <ProviderForm provider=edited organisations/>
                <h2>{tr(Msg::SsoOrganisationsHeading)}</h2>
                <p>{tr(Msg::SsoOrganisationsIntro)}</p>
                <FormOutcome form="sso-organisations"/>
                <FieldError form="sso-organisations" name="organisation_id"/>
                <OrganisationPasswords organisations=overview.organisations.clone()/>
            </section>
        }
    })
}

#[component]
fn ProviderList(providers: Vec<ProviderSummary>) -> impl IntoView {
    if providers.is_empty() {
        return view! { <p>{tr(Msg::SsoNoProviders)}</p> }.into_any();
    }
    view! {
        <ul class="provider-list">
            {providers.into_iter().map(|provider| {
                let remove = ServerAction::<RemoveSsoProvider>::new();
                let accounts = if provider.create_accounts {
                    format!("{} ({}{})", tr(Msg::SsoCreatesAccounts), tr(provider.role.label()),
                        provider.organisation_name.as_ref().map(|o| format!(", {o}")).unwrap_or_default())
                } else {
                    tr(Msg::SsoExistingAccountsOnly).to_string()
                };
                view! {
                    <li>
                        <h3>{provider.name.clone()}</h3>
                        <dl>
                            <dt>{tr(Msg::SsoIssuerUrl)}</dt><dd><code>{provider.issuer_url.clone()}</code></dd>
                            <dt>{tr(Msg::SsoClientId)}</dt><dd><code>{provider.client_id.clone()}</code></dd>
                            <dt>{tr(Msg::SsoEmailClaim)}</dt><dd><code>{provider.email_claim.clone()}</code></dd>
                            <dt>{tr(Msg::SsoNameClaim)}</dt><dd><code>{provider.name_claim.clone()}</code></dd>
                            <dt>{tr(Msg::SsoCreateAccounts)}</dt><dd>{accounts}</dd>
                        </dl>
                        <p>
                            <a href=format!("{ADMIN_SINGLE_SIGN_ON_PATH}?edit={}", provider.id)>
                                {fill(tr(Msg::SsoChangeProvider), &[("provider", &provider.name)])}
                            </a>
                        </p>
                        <ActionForm action=remove>
                            <CsrfField/>
                            <input type="hidden" name="provider_id" value=provider.id.clone()/>
                            <button type="submit" class="button-secondary small">
                                {fill(tr(Msg::SsoRemoveProvider), &[("provider", &provider.name)])}
                            </button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The form to add a provider, or to change `provider`. After a failure it shows what was typed
/// (never the secret).
#[component]
fn ProviderForm(provider: Option<ProviderSummary>, organisations: Vec<(String, String)>) -> impl IntoView {
    let save = ServerAction::<SaveSsoProvider>::new();
    let page = page_context();
    let failed = page.flash_for(PROVIDER_FORM).is_some();
    let current = |typed: &str, stored: Option<String>| if failed { page.echoed(PROVIDER_FORM, typed) } else { stored.unwrap_or_default() };
    let stored = provider.clone();
    let field = move |pick: fn(&ProviderSummary) -> String| stored.as_ref().map(pick);
    let chosen_organisation = current("organisation_id", provider.as_ref().and_then(|p| p.organisation_id.clone()));
    let chosen_role = current("role", provider.as_ref().map(|p| p.role.code().to_string()).or(Some(Role::Learner.code().into())));
    let creates = if failed { page.echoed(PROVIDER_FORM, "create_accounts") == "on" } else { provider.as_ref().is_none_or(|p| p.create_accounts) };
    let is_new = provider.is_none();
    view! {
        <FormOutcome form=PROVIDER_FORM/>
        <FieldError form=PROVIDER_FORM name="sso"/>
        <ActionForm action=save>
            <CsrfField/>
            <input type="hidden" name="provider_id" value=provider.as_ref().map(|p| p.id.clone()).unwrap_or_default()/>
            <TextField form=PROVIDER_FORM name="name" label=Msg::SsoDisplayName autocomplete="off" value=field(|p| p.name.clone()).unwrap_or_default()/>
            <TextField form=PROVIDER_FORM name="issuer_url" label=Msg::SsoIssuerUrl input_type="url" autocomplete="off"
                hint=Msg::SsoIssuerHint value=field(|p| p.issuer_url.clone()).unwrap_or_default()/>
            <TextField form=PROVIDER_FORM name="client_id" label=Msg::SsoClientId autocomplete="off" value=field(|p| p.client_id.clone()).unwrap_or_default()/>
            {if is_new {
                view! { <TextField form=PROVIDER_FORM name="client_secret" label=Msg::SsoClientSecret input_type="password" autocomplete="off"/> }.into_any()
            } else {
                view! { <TextField form=PROVIDER_FORM name="client_secret" label=Msg::SsoClientSecret input_type="password" autocomplete="off"
                    hint=Msg::SsoSecretKeptHint required=false/> }.into_any()
            }}
            <TextField form=PROVIDER_FORM name="email_claim" label=Msg::SsoEmailClaim autocomplete="off"
                value=field(|p| p.email_claim.clone()).unwrap_or_else(|| "email".into())/>
            <TextField form=PROVIDER_FORM name="name_claim" label=Msg::SsoNameClaim autocomplete="off"
                value=field(|p| p.name_claim.clone()).unwrap_or_else(|| "name".into())/>
            <div class="field">
                <label class="checkbox">
                    <input type="checkbox" name="create_accounts" value="on" checked=creates aria-describedby="sso-provider-create-hint"/>
                    {tr(Msg::SsoCreateAccounts)}
                </label>
                <p class="field-hint" id="sso-provider-create-hint">{tr(Msg::SsoCreateAccountsHint)}</p>
            </div>
            <div class="field">
                <label for="sso-provider-organisation_id">{tr(Msg::SsoNewAccountsOrganisation)}</label>
                <FieldError form=PROVIDER_FORM name="organisation"/>
                <select id="sso-provider-organisation_id" name="organisation_id">
                    <option value="">{tr(Msg::NoOrganisation)}</option>
                    {organisations.into_iter().map(|(id, name)| {
                        let selected = id == chosen_organisation;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sso-provider-role">{tr(Msg::SsoNewAccountsRole)}</label>
                <FieldError form=PROVIDER_FORM name="role"/>
                <select id="sso-provider-role" name="role">
                    {ROLES_FOR_NEW_ACCOUNTS.into_iter().map(|role| {
                        let selected = role.code() == chosen_role;
                        view! { <option value=role.code() selected=selected>{tr(role.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{tr(Msg::SsoSaveProvider)}</button>
        </ActionForm>
    }
}

#[component]
fn OrganisationPasswords(organisations: Vec<OrganisationSignIn>) -> impl IntoView {
    if organisations.is_empty() {
        return view! { <p>{tr(Msg::SsoNoOrganisations)}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <thead><tr>
                <th scope="col">{tr(Msg::OrganisationName)}</th>
                <th scope="col">{tr(Msg::SsoSignInColumn)}</th>
                <th scope="col"><span class="visually-hidden">{tr(Msg::SsoOrganisationsHeading)}</span></th>
            </tr></thead>
            <tbody>
                {organisations.into_iter().map(|organisation| {
                    let switch = ServerAction::<SetOrganisationPasswords>::new();
                    let (status, to, label) = if organisation.passwords_disabled {
                        (Msg::SsoOnly, "on", Msg::SsoSwitchPasswordsOn)
                    } else {
                        (Msg::SsoPasswordsAllowed, "off", Msg::SsoSwitchPasswordsOff)
                    };
                    view! {
                        <tr>
                            <td>{organisation.name.clone()}</td>
                            <td>{tr(status)}</td>
                            <td>
                                <ActionForm action=switch>
                                    <CsrfField/>
                                    <input type="hidden" name="organisation_id" value=organisation.id.clone()/>
                                    <input type="hidden" name="passwords" value=to/>
                                    <button type="submit" class="small">{fill(tr(label), &[("organisation", &organisation.name)])}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
