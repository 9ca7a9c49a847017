//! The harness of the HTTP tests: the real router on a test database, and a `Browser` that keeps
//! cookies and posts forms with the anti-forgery token as a browser without JavaScript does.
//!
//! Each `http_*.rs` file is its own test binary and uses part of this module, so items unused
//! by one binary are expected (`dead_code` is allowed for that reason only).
//! Databases, people and fixture courses come from `tiltas_app::server::testing`.
#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{Request, Response, StatusCode, header};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tiltas_app::server::context::AppState;
use tiltas_app::server::storage::Db;
use tiltas_app::server::testing::{PASSWORD, app_state};
use tiltas_server::http::{SiteAssets, router};
use tower::ServiceExt;

pub fn app(db: &Db) -> Router {
    app_with_registration(db, false)
}

pub fn app_with_registration(db: &Db, self_registration: bool) -> Router {
    let mut state = app_state(db);
    Arc::make_mut(&mut state.config).site.self_registration = self_registration;
    router_for(state)
}

/// The router on a given application state.
pub fn router_for(state: AppState) -> Router {
    // Generous: on a loaded two-core CI machine, PostgreSQL creating and dropping the other tests'
    // databases can stall a request for seconds; the timeout is not what these tests examine.
    router(state, SiteAssets::new(&std::env::temp_dir().to_string_lossy()), Duration::from_secs(120))
}

/// A browser: keeps cookies between requests and sends `Accept: text/html` like a navigation.
pub struct Browser {
    pub app: Router,
    pub cookies: BTreeMap<String, String>,
    pub language: Option<&'static str>,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Browser {
    pub fn new(db: &Db) -> Browser {
        Browser::on(app(db))
    }

    pub fn on(app: Router) -> Browser {
        Browser { app, cookies: BTreeMap::new(), language: None }
    }

    /// A browser in which `email` (made by `testing::person`) has signed in.
    pub async fn signed_in(db: &Db, email: &str) -> Browser {
        let mut browser = Browser::new(db);
        browser.sign_in(email, PASSWORD).await;
        browser
    }

    /// The anti-forgery token this browser's pages carry: derived from the session when signed
    /// in, the cookie's otherwise (as the forms' hidden field has it).
    pub fn form_token(&self) -> String {
        match self.cookies.get("tiltas_session") {
            Some(session) => tiltas_app::server::accounts::session_form_token(session),
            None => self.cookies.get("tiltas_csrf").cloned().unwrap_or_default(),
        }
    }

    /// The `Cookie` header this browser sends.
    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn send(&mut self, request: http::request::Builder, body: Body) -> Page {
        let mut request = request.header(header::ACCEPT, "text/html");
        if !self.cookies.is_empty() {
            request = request.header(header::COOKIE, self.cookie_header());
        }
        if let Some(language) = self.language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        let response = self.app.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        self.keep_cookies(&response);
        let status = response.status();
        let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string());
        let body = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
        Page { status, location, body }
    }

    fn keep_cookies(&mut self, response: &Response<Body>) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path), Body::empty()).await
    }

    /// A GET with this browser's cookies but without `Accept: text/html`, as an `<img>` or a
    /// download fetches a file: the raw response, headers and bytes.
    pub async fn fetch(&self, path: &str) -> Response<Body> {
        let request = Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty()).unwrap();
        self.app.clone().oneshot(request).await.unwrap()
    }

    /// Calls a server function as a script would (no `text/html`), with this browser's cookies
    /// and form token: the function answers with its HTTP status instead of a redirect.
    pub async fn call_function(&self, path: &str, fields: &str) -> Response<Body> {
        let csrf = self.form_token();
        let body = if fields.is_empty() { format!("csrf={csrf}") } else { format!("csrf={csrf}&{fields}") };
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.app.clone().oneshot(request).await.unwrap()
    }

    /// Posts a form as a browser without JavaScript would, from `referer`.
    pub async fn post_form(&mut self, path: &str, referer: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.form_token();
        self.post_form_with_token(path, referer, &csrf, fields).await
    }

    /// `post_form` with fields held as owned strings.
    pub async fn post_owned_form(&mut self, path: &str, referer: &str, fields: &[(&str, String)]) -> Page {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.post_form(path, referer, &borrowed).await
    }

    pub async fn post_form_with_token(&mut self, path: &str, referer: &str, csrf: &str, fields: &[(&str, &str)]) -> Page {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", csrf)
            .extend_pairs(fields)
            .finish();
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::REFERER, format!("http://tiltas.test{referer}"));
        self.send(request, Body::from(body)).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post_form("/api/sign_in", "/login", &[("email", email), ("password", password)]).await
    }
}

/// The whole body of a response as bytes.
pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
}
