//! Command-line interface and configuration. Every flag can also be set by the environment
//! variable named beside it in `--help`.

use crate::http::listener::ListenerSettings;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::time::Duration;
use tiltas_app::server::storage::DEFAULT_DATABASE_URL;

mod email;
mod xapi;
pub use email::{EmailArgs, Secret, SmtpTls};
pub use xapi::XapiArgs;

#[derive(Debug, Parser)]
#[command(name = "tiltas", version, about = "Tiltas: training for people who meet victims of trafficking.")]
pub struct Cli {
    /// Database: a SQLite file (created if absent) or a PostgreSQL server shared by several instances.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    /// Log filter, e.g. `info`, `debug`, `tiltas_app=debug,info`.
    #[arg(long, env = "TILTAS_LOG", default_value = "info", global = true)]
    pub log: String,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the web application (the default).
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Validate courses written in Markdown: a course folder or a folder of courses.
    Check {
        /// For example `courses/` or `courses/recognising-trafficking`.
        path: std::path::PathBuf,
    },
    /// Check a folder of courses and store each course whose files changed as a new version.
    Import {
        /// The folder of all courses, for example `courses/`.
        path: std::path::PathBuf,
    },
    /// Print a fresh one-time link (valid 24 hours) where an administrator sets a new password:
    /// the founding administrator's first sign-in, or recovery by whoever runs the server.
    AdminLink {
        /// The administrator's email; needed only when there are several administrators.
        #[arg(long)]
        email: Option<String>,
        /// Public address of this deployment, as given to `tiltas serve`.
        #[arg(long, env = "TILTAS_BASE_URL", default_value = "http://127.0.0.1:3000/")]
        base_url: url::Url,
    },
    /// Check a downloaded certificate credential: its signature against the issuer's key (from
    /// a DID document file, or fetched from the issuer when online), its dates and, online,
    /// whether it is revoked. Exits non-zero if anything fails.
    Verify(VerifyArgs),
    /// Erase the personal data of accounts nobody has signed in to for the retention period
    /// (counted from their creation if they never did); administrators never. Run it daily, e.g.
    /// from cron or a systemd timer. Does nothing when no period is set.
    Retention(RetentionArgs),
    /// Print the pattern of every page the web application serves, one a line (for the
    /// browser tests, which check each one).
    Routes,
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// List the accounts that would be erased, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Days without a sign-in after which an account is erased. Unset: retention is off.
    #[arg(long, env = "TILTAS_RETENTION_INACTIVE_DAYS", value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub days: Option<u32>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The credential file, as downloaded from the certificate's page.
    pub credential: std::path::PathBuf,
    /// The issuer's DID document (did.json) saved earlier, to check offline. Without it, the
    /// document is fetched from the issuer.
    #[arg(long)]
    pub did_document: Option<std::path::PathBuf>,
    /// Do not use the network: needs --did-document, and skips the revocation check.
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: SocketAddr,

    /// Folder with the built browser assets (`pkg/`), as produced by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Public address of this deployment, used in links such as invitations.
    /// Defaults to http://<site-addr>. Cookies are marked Secure when it is https.
    #[arg(long, env = "TILTAS_BASE_URL")]
    pub base_url: Option<url::Url>,

    /// Let learners create their own accounts.
    #[arg(long, env = "TILTAS_SELF_REGISTRATION", default_value_t = false)]
    pub self_registration: bool,

    /// Support contacts shown in every page's footer; separate several with `;`.
    #[arg(long, env = "TILTAS_SUPPORT_CONTACTS", value_delimiter = ';', default_value = "Emergency / Skubi pagalba: 112")]
    pub support_contacts: Vec<String>,

    /// Where the quick exit button goes: a neutral site.
    #[arg(long, env = "TILTAS_QUICK_EXIT_URL", default_value = "https://www.google.com/search?q=weather")]
    pub quick_exit_url: url::Url,

    /// Email of the founding administrator, created on first start.
    #[arg(long, env = "TILTAS_ADMIN_EMAIL", default_value = "admin@tiltas.local")]
    pub admin_email: String,

    /// Let learners' browsers load images from other websites that trainers put in course text.
    /// Off, each such image is shown as a link instead, so that no other website learns who
    /// reads the courses.
    #[arg(long, env = "TILTAS_ALLOW_EXTERNAL_IMAGES", default_value_t = false)]
    pub allow_external_images: bool,

    /// How many load balancers in front of Tiltas each append the address they received a
    /// request from to X-Forwarded-For. The client is the entry that many places from the right;
    /// entries further left are written by the client and ignored. 0: no proxy, use the connection.
    #[arg(long, env = "TILTAS_TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,

    /// Folder of courses in Markdown, checked and imported at start-up when it exists (as by
    /// `tiltas import`). Any error in it stops the start.
    #[arg(long = "courses", env = "TILTAS_COURSES_DIR", default_value = "courses")]
    pub courses_dir: std::path::PathBuf,

    /// Who issues certificates: the training body running this deployment, printed on every
    /// certificate and named as the issuer of its signed credential.
    #[arg(long, env = "TILTAS_ISSUER_NAME", default_value = "Tiltas")]
    pub issuer_name: String,

    /// File of the key that signs certificates' credentials, made (readable by its owner only)
    /// on first start. Instances sharing one database should be given the same file.
    #[arg(long, env = "TILTAS_SIGNING_KEY_FILE", default_value = "data/credential-signing.key")]
    pub signing_key_file: std::path::PathBuf,

    /// Longest time a request may take before it is answered with 408.
    #[arg(long, env = "TILTAS_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,

    /// Longest time a client may take to send a request's line and headers (from connecting,
    /// or from the request's first byte on a kept-alive connection); slower clients are cut off.
    #[arg(long, env = "TILTAS_HEADER_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout_seconds: u64,

    /// Longest time a connection may stay open with nothing moving: no next request on a
    /// kept-alive connection, or a response the client does not read. Longer than a load
    /// balancer's own idle timeout (often 60 s), so that the balancer closes first.
    #[arg(long, env = "TILTAS_IDLE_TIMEOUT_SECONDS", default_value_t = 75, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout_seconds: u64,

    /// Most connections open at once. Further clients wait (in the system's listen queue) until
    /// one closes. Keep it under the process's open-file limit (`ulimit -n`).
    #[arg(long, env = "TILTAS_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,

    /// On SIGTERM or Ctrl-C, how long requests in flight may take to finish before their
    /// connections are closed and the server exits. Keep it under the time your supervisor
    /// waits before killing the process (`docker stop` waits 10 s, Kubernetes 30 s).
    #[arg(long, env = "TILTAS_SHUTDOWN_GRACE_SECONDS", default_value_t = 8)]
    pub shutdown_grace_seconds: u64,

    /// Add `Server-Timing: app;dur=<milliseconds>` to every response, for benchmarks
    /// (scripts/bench-suite.sh). Off by default: exact server times help a remote client probe,
    /// for example, which emails have accounts.
    #[arg(long, env = "TILTAS_SERVER_TIMING", default_value_t = false)]
    pub server_timing: bool,

    #[command(flatten)]
    pub email: EmailArgs,

    #[command(flatten)]
    pub xapi: XapiArgs,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs::parse_from_env_only()
    }
}

impl ServeArgs {
    /// The serve settings when `tiltas` is run without a subcommand.
    fn parse_from_env_only() -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["tiltas"]).args
    }

    /// The limits of the listener that serves the HTTP stack.
    pub fn listener_settings(&self) -> ListenerSettings {
        ListenerSettings {
            header_timeout: Duration::from_secs(self.header_timeout_seconds),
            idle_timeout: Duration::from_secs(self.idle_timeout_seconds),
            max_connections: self.max_connections as usize,
            shutdown_grace: Duration::from_secs(self.shutdown_grace_seconds),
        }
    }

    pub fn public_base_url(&self) -> url::Url {
        self.base_url.clone().unwrap_or_else(|| {
            url::Url::parse(&format!("http://{}/", self.site_addr)).expect("a socket address makes a valid URL")
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin, prints a one-time link where the person sets a password.
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// learner, trainer or administrator; repeat for several.
    #[arg(long = "role", required = true)]
    pub roles: Vec<String>,
    /// Organisation name; created if it does not exist. Required for learners.
    #[arg(long)]
    pub organisation: Option<String>,
    /// Read the password from the first line of standard input instead of issuing an invitation.
    #[arg(long)]
    pub password_stdin: bool,
    /// Public address used in the printed invitation link.
    #[arg(long, env = "TILTAS_BASE_URL", default_value = "http://127.0.0.1:3000/")]
    pub base_url: url::Url,
}
