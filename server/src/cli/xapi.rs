//! xAPI settings of `tiltas serve` (issue 15): the learning record store statements are sent to.
//! Without `--xapi-endpoint` statements are still recorded (administrators can export them) but
//! nothing is sent.

use super::Secret;
use clap::Args;
use tiltas_app::server::xapi::lrs::LrsSettings;

#[derive(Debug, Args, Clone)]
pub struct XapiArgs {
    /// The learning record store's xAPI endpoint, such as `https://lrs.example/xAPI/`; statements
    /// are posted to its `statements` resource. Unset: statements are kept for export only.
    #[arg(long, env = "TILTAS_XAPI_ENDPOINT")]
    pub xapi_endpoint: Option<url::Url>,

    /// The key (Basic authentication user name) the LRS gave Tiltas.
    #[arg(long, env = "TILTAS_XAPI_KEY")]
    pub xapi_key: Option<String>,

    /// The secret that goes with the key. Prefer --xapi-secret-file: a command line is visible to
    /// everyone on the machine.
    #[arg(long, env = "TILTAS_XAPI_SECRET", hide_env_values = true, conflicts_with = "xapi_secret_file")]
    pub xapi_secret: Option<Secret>,

    /// File holding the secret (its first line), such as a container secret.
    #[arg(long, env = "TILTAS_XAPI_SECRET_FILE")]
    pub xapi_secret_file: Option<std::path::PathBuf>,
}

impl XapiArgs {
    /// Where statements go, or `None` when no endpoint is set. An error names what is missing.
    pub fn settings(&self) -> Result<Option<LrsSettings>, String> {
        let Some(endpoint) = self.xapi_endpoint.clone() else {
            return Ok(None);
        };
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(format!("--xapi-endpoint must be an http or https address, not {endpoint}"));
        }
        let secret = match (&self.xapi_secret, &self.xapi_secret_file) {
            (Some(secret), _) => secret.0.clone(),
            (None, Some(path)) => std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read --xapi-secret-file {}: {error}", path.display()))?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
            (None, None) => return Err("--xapi-endpoint needs --xapi-secret-file or --xapi-secret".into()),
        };
        let key = self.xapi_key.clone().filter(|key| !key.is_empty()).ok_or("--xapi-endpoint needs --xapi-key (TILTAS_XAPI_KEY)")?;
        Ok(Some(LrsSettings { endpoint, key, secret, timeout: std::time::Duration::from_secs(30) }))
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn xapi_args(args: &[&str]) -> super::XapiArgs {
        // Flags only; these assume no TILTAS_XAPI_* variables.
        let cli = Cli::try_parse_from(["tiltas", "serve"].iter().chain(args)).expect("the flags parse");
        match cli.command {
            Some(Command::Serve(serve)) => serve.xapi,
            other => panic!("not serve: {other:?}"),
        }
    }

    #[test]
    fn without_an_endpoint_nothing_is_sent() {
        assert!(xapi_args(&["--xapi-key", "k"]).settings().unwrap().is_none());
    }

    #[test]
    fn an_endpoint_needs_a_key_and_a_secret_which_never_shows() {
        let endpoint = ["--xapi-endpoint", "https://lrs.example/xAPI/"];
        let error = |extra: &[&str]| xapi_args(&[&endpoint[..], extra].concat()).settings().unwrap_err();
        assert!(error(&["--xapi-key", "k"]).contains("secret"));
        assert!(error(&["--xapi-secret", "s3cret"]).contains("--xapi-key"));
        let settings = xapi_args(&[&endpoint[..], &["--xapi-key", "k", "--xapi-secret", "s3cret"]].concat()).settings().unwrap().unwrap();
        assert_eq!(settings.statements_url(), "https://lrs.example/xAPI/statements");
        assert!(!format!("{settings:?}").contains("s3cret"));
        assert!(!format!("{:?}", xapi_args(&["--xapi-secret", "s3cret"])).contains("s3cret"));
        let ftp = xapi_args(&["--xapi-endpoint", "ftp://lrs.example/", "--xapi-key", "k", "--xapi-secret", "s"]);
        assert!(ftp.settings().unwrap_err().contains("http"));
    }
}
