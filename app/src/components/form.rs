//! Form building blocks. Every form carries the anti-forgery token and shows the outcome of its
//! last submission, with the person's input kept.

use crate::i18n::Msg;
use crate::page::{FlashOutcome, page_context, tr};
use leptos::prelude::*;

/// The hidden anti-forgery field; the server rejects state-changing posts without it.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=page_context().csrf_token/> }
}

/// The success or general failure message of a form's last submission. Field-specific errors
/// are shown beside their fields instead.
#[component]
pub fn FormOutcome(#[prop(into)] form: String) -> impl IntoView {
    let page = page_context();
    let locale = page.locale;
    page.flash_for(&form).map(|flash| match &flash.outcome {
        FlashOutcome::Success(success) => view! {
            <div class="notice notice-success" role="status">
                <p>{success.message.text(locale)}</p>
                {success.detail.clone().map(|detail| view! { <p class="notice-detail"><code>{detail}</code></p> })}
            </div>
        }
        .into_any(),
        FlashOutcome::Failure(error) if error.field().is_none() => view! {
            <div class="notice notice-error" role="alert">
                <p>{error.message(locale)}</p>
            </div>
        }
        .into_any(),
        FlashOutcome::Failure(_) => ().into_any(),
    })
}

/// A labelled input with its hint and error, pre-filled with what was typed before a failure.
#[component]
pub fn TextField(
    form: &'static str,
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] value: Option<String>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let page = page_context();
    let error = page.field_error(form, name);
    let echoed = page.echoed(form, name);
    // Passwords are never echoed back; anything else prefers what the person just typed.
    let value = if input_type == "password" {
        String::new()
    } else if page.flash_for(form).is_some() && !echoed.is_empty() {
        echoed
    } else {
        value.unwrap_or_default()
    };
    let id = format!("{form}-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [hint.map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <label for=id.clone()>{tr(label)}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{tr(hint)}</p> })}
            {error.clone().map(|message| view! { <p class="field-error" id=error_id>{message}</p> })}
            <input
                id=id
                name=name
                type=input_type
                value=value
                required=required
                autocomplete=autocomplete
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
            />
        </div>
    }
}

/// The error message for a group of inputs (checkboxes, a select) that is not a `TextField`.
#[component]
pub fn FieldError(#[prop(into)] form: String, name: &'static str) -> impl IntoView {
    page_context()
        .field_error(&form, name)
        .map(|message| view! { <p class="field-error" id=format!("{form}-{name}-error")>{message}</p> })
}

/// A labelled choice from a list of `(value, label)` pairs, keeping the person's choice after a
/// failure. `empty_label` is the first, empty choice ("choose…", or "none" where the field is
/// optional); `error_field` is the field name the server reports problems under.
#[component]
pub fn SelectField(
    form: &'static str,
    name: &'static str,
    error_field: &'static str,
    label: Msg,
    options: Vec<(String, String)>,
    empty_label: Msg,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let chosen = page_context().echoed(form, name);
    let id = format!("{form}-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <FieldError form=form name=error_field/>
            <select id=id name=name required=required>
                <option value="">{tr(empty_label)}</option>
                {options.into_iter().map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The organisation picker of account forms: "no organisation" where one is optional,
/// "choose…" where it is required.
#[component]
pub fn OrganisationSelect(
    form: &'static str,
    organisations: Vec<(String, String)>,
    empty_label: Msg,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    view! {
        <SelectField form=form name="organisation_id" error_field="organisation" label=Msg::Organisation
            options=organisations empty_label=empty_label required=required/>
    }
}

/// A new password and its repetition, as every form that sets a password asks for them.
#[component]
pub fn NewPasswordFields(form: &'static str, password: &'static str, confirmation: &'static str, label: Msg) -> impl IntoView {
    view! {
        <TextField form=form name=password label=label input_type="password" autocomplete="new-password" hint=Msg::PasswordHint/>
        <TextField form=form name=confirmation label=Msg::ConfirmPassword input_type="password" autocomplete="new-password"/>
    }
}
