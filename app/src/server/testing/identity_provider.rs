//! A real OpenID Connect provider for the single sign-on tests (issue 15): npm `oidc-provider`
//! run by node from `scripts/oidc-provider/provider.mjs` (installed by `scripts/setup.sh --test`),
//! on a port of its own from 3490, stopped when dropped.
//!
//! `sign_in` plays the person's browser at the provider: it follows the redirects from the
//! authorisation address, fills in the development sign-in form, and returns the address the
//! provider sends the person back to (Tiltas's callback, with the code and the state), for the
//! test to open in Tiltas's router. The provider's signing key is a test key in the repository,
//! so that tests can also sign tokens no honest provider would issue (`signing_key_pem`).

use openidconnect::reqwest;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

pub const CLIENT_ID: &str = "tiltas";
pub const CLIENT_SECRET: &str = "tiltas-test-secret";
/// The key id of the provider's signing key in its JWKS.
pub const KEY_ID: &str = "tiltas-test-key";

/// Ports 3490 to 3498 are the tests' (3499 is the browser journey's).
static NEXT_PORT: AtomicU16 = AtomicU16::new(3490);

pub struct IdentityProvider {
    child: Child,
    pub issuer: String,
    redirect_uri: String,
    http: reqwest::Client,
}

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/oidc-provider")
}

/// The PEM of the provider's RSA signing key.
pub fn signing_key_pem() -> String {
    std::fs::read_to_string(provider_dir().join("test-signing-key.pem")).expect("the test identity provider's key")
}

impl IdentityProvider {
    /// Starts a provider whose client `CLIENT_ID` may send people back to `redirect_uri`, and waits
    /// until its discovery document answers.
    pub async fn start(redirect_uri: &str) -> IdentityProvider {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test identity provider is not installed: run scripts/setup.sh --test (npm ci in scripts/oidc-provider)"
        );
        let port = NEXT_PORT.fetch_add(1, Ordering::SeqCst);
        assert!(port <= 3498, "more identity providers than ports set aside");
        let child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .args(["--port", &port.to_string(), "--redirect-uri", redirect_uri])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs the test identity provider");
        let http = reqwest::ClientBuilder::new().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
        let provider = IdentityProvider { child, issuer: format!("http://127.0.0.1:{port}"), redirect_uri: redirect_uri.into(), http };
        let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
        for _ in 0..200 {
            if provider.http.get(&discovery).send().await.is_ok_and(|r| r.status().is_success()) {
                return provider;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the test identity provider did not start on port {port}");
    }

    /// Signs in at the provider as `login` from its authorisation address; returns where the
    /// provider sends the browser back to.
    pub async fn sign_in(&self, authorize_url: &str, login: &str) -> String {
        let mut cookies = BTreeMap::new();
        let mut next = Some((authorize_url.to_string(), None::<Vec<(&str, String)>>));
        for _ in 0..12 {
            let Some((url, form)) = next.take() else { break };
            if url.starts_with(&self.redirect_uri) {
                return url;
            }
            let cookie = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            let request = match &form {
                Some(fields) => self.http.post(&url).form(fields),
                None => self.http.get(&url),
            };
            let response = request.header("cookie", cookie).send().await.expect("the identity provider answers");
            for value in response.headers().get_all("set-cookie") {
                let text = value.to_str().unwrap_or_default();
                if let Some((name, value)) = text.split(';').next().and_then(|pair| pair.split_once('=')) {
                    cookies.insert(name.to_string(), value.to_string());
                }
            }
            let status = response.status();
            if status.is_redirection() {
                let location = response.headers().get("location").and_then(|v| v.to_str().ok()).expect("a redirect's location");
                next = Some((self.absolute(location), None));
                continue;
            }
            let body = response.text().await.unwrap_or_default();
            assert!(status.is_success(), "the identity provider answered {status}: {body}");
            let action = body
                .split("action=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("no form on the identity provider's page: {body}"));
            let prompt = if body.contains("name=\"prompt\" value=\"login\"") { "login" } else { "consent" };
            let fields = vec![("prompt", prompt.to_string()), ("login", login.to_string()), ("password", "any password".to_string())];
            next = Some((self.absolute(&action.replace("&amp;", "&")), Some(fields)));
        }
        panic!("the identity provider never sent the browser back to {}", self.redirect_uri);
    }

    fn absolute(&self, location: &str) -> String {
        if location.starts_with("http://") || location.starts_with("https://") { location.to_string() } else { format!("{}{location}", self.issuer) }
    }
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a test puts in an ID token it signs itself.
#[derive(Clone, Debug)]
pub struct TestToken {
    pub issuer: String,
    pub audience: String,
    /// From now; negative for a token that has expired.
    pub expires_in_seconds: i64,
    pub nonce: String,
    pub email: String,
}

/// `token` signed RS256 with the key in `pem` under the provider's key id: with
/// `signing_key_pem()` it is as the provider would sign it.
pub fn signed_id_token(token: &TestToken, pem: &str) -> String {
    use openidconnect::core::{CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
    use openidconnect::{Audience, EmptyAdditionalClaims, EndUserEmail, IssuerUrl, JsonWebKeyId, Nonce, StandardClaims, SubjectIdentifier};
    let now = chrono::Utc::now();
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(token.issuer.clone()).expect("an issuer URL"),
        vec![Audience::new(token.audience.clone())],
        now + chrono::Duration::seconds(token.expires_in_seconds),
        now - chrono::Duration::seconds(60),
        StandardClaims::new(SubjectIdentifier::new(token.email.clone())).set_email(Some(EndUserEmail::new(token.email.clone()))),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(token.nonce.clone())));
    let key = CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(KEY_ID.into()))).expect("an RSA key");
    let signed = CoreIdToken::new(claims, &key, CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, None, None).expect("a signed token");
    serde_json::to_value(&signed).ok().and_then(|v| v.as_str().map(str::to_string)).expect("a compact token")
}

/// The PEM of another RSA key, which the provider does not publish: a forger's.
pub fn stranger_key_pem() -> String {
    std::fs::read_to_string(provider_dir().join("stranger-signing-key.pem")).expect("the stranger's key")
}
