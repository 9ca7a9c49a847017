//! The learning record store on the wire: one statement per `POST {endpoint}/statements`, with
//! HTTP Basic authentication and `X-Experience-API-Version: 1.0.3`, and what its answer means
//! for the worker.
//!
//! ureq (already in the workspace for `tiltas verify`) is a small blocking client with rustls;
//! each request runs on the blocking pool, so the worker never blocks the async runtime.

use crate::domain::xapi::XAPI_VERSION;
use crate::server::delivery::Delivery;
use base64::Engine;
use std::time::Duration;

/// Where statements go. The secret stays out of `Debug` output and logs.
#[derive(Clone)]
pub struct LrsSettings {
    /// The LRS's xAPI endpoint, such as `https://lrs.example/xAPI/` (statements go to its
    /// `statements` resource).
    pub endpoint: url::Url,
    /// Basic authentication: the LRS's key and secret for Tiltas.
    pub key: String,
    pub secret: String,
    pub timeout: Duration,
}

impl std::fmt::Debug for LrsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsSettings").field("endpoint", &self.endpoint.as_str()).field("key", &self.key).finish_non_exhaustive()
    }
}

impl LrsSettings {
    /// The statements resource: the endpoint with `statements` appended.
    pub fn statements_url(&self) -> String {
        let mut base = self.endpoint.to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        format!("{base}statements")
    }

    fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.key, self.secret);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
    }
}

/// What an HTTP status means for a statement: stored, or already there (409 Conflict: a
/// statement with its id exists); worth trying again (429, the LRS's own failure); or refused
/// for good (any other 4xx: a bad statement or bad credentials), kept for inspection.
pub fn classify(status: u16, body: &str) -> Delivery {
    let answer = || format!("HTTP {status}: {}", body.chars().take(300).collect::<String>());
    match status {
        200..=299 | 409 => Delivery::Sent,
        429 => Delivery::Transient(answer()),
        400..=499 => Delivery::Permanent(answer()),
        _ => Delivery::Transient(answer()),
    }
}

/// A connection to the LRS, shared by every send.
#[derive(Clone)]
pub struct Lrs {
    settings: LrsSettings,
    agent: ureq::Agent,
}

impl Lrs {
    pub fn new(settings: LrsSettings) -> Lrs {
        let config = ureq::Agent::config_builder().timeout_global(Some(settings.timeout)).http_status_as_error(false).build();
        Lrs { agent: ureq::Agent::new_with_config(config), settings }
    }

    pub fn settings(&self) -> &LrsSettings {
        &self.settings
    }

    /// Sends one statement (its JSON as stored).
    pub async fn send(&self, statement_json: String) -> Delivery {
        let lrs = self.clone();
        let sent = tokio::task::spawn_blocking(move || {
            let response = lrs
                .agent
                .post(&lrs.settings.statements_url())
                .header("Authorization", &lrs.settings.authorization())
                .header("X-Experience-API-Version", XAPI_VERSION)
                .header("Content-Type", "application/json")
                .send(statement_json.as_str());
            match response {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let body = response.body_mut().read_to_string().unwrap_or_default();
                    classify(status, &body)
                }
                Err(error) => Delivery::Transient(error.to_string()),
            }
        })
        .await;
        sent.unwrap_or_else(|error| Delivery::Transient(format!("the sending task failed: {error}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_delivered_retried_or_given_up() {
        assert_eq!(classify(200, "[\"id\"]"), Delivery::Sent);
        assert_eq!(classify(204, ""), Delivery::Sent);
        assert_eq!(classify(409, "exists"), Delivery::Sent, "the LRS has it already");
        assert!(matches!(classify(429, ""), Delivery::Transient(_)));
        assert!(matches!(classify(503, ""), Delivery::Transient(_)));
        assert!(matches!(classify(400, "bad"), Delivery::Permanent(error) if error.contains("400") && error.contains("bad")));
        assert!(matches!(classify(401, ""), Delivery::Permanent(_)));
    }

    #[test]
    fn the_statements_resource_is_under_the_endpoint_and_the_secret_is_not_shown() {
        let settings = |endpoint: &str| LrsSettings {
            endpoint: url::Url::parse(endpoint).unwrap(),
            key: "tiltas".into(),
            secret: "s3cret".into(),
            timeout: Duration::from_secs(1),
        };
        assert_eq!(settings("https://lrs.example/xAPI").statements_url(), "https://lrs.example/xAPI/statements");
        assert_eq!(settings("https://lrs.example/xAPI/").statements_url(), "https://lrs.example/xAPI/statements");
        assert_eq!(settings("http://x/").authorization(), "Basic dGlsdGFzOnMzY3JldA==");
        assert!(!format!("{:?}", settings("http://x/")).contains("s3cret"));
    }
}
