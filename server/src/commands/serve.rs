//! `tiltas serve`: migrate, import the course folder, make sure an administrator can sign in,
//! start the email worker when a mail server is configured (and the xAPI worker when an LRS is), and serve until SIGTERM or Ctrl-C,
//! letting in-flight requests finish within the shutdown grace period (see `http::listener`).

use super::import::import_at_start;
use super::{CommandError, open_migrated};
use crate::cli::ServeArgs;
use crate::http::{self, SiteAssets};
use tiltas_app::page::SiteSettings;
use tiltas_app::server::accounts::{self, FirstAdministrator};
use tiltas_app::server::certificates::{self, credential::CredentialKey};
use tiltas_app::server::context::{AppConfig, AppState};
use tiltas_app::server::email::smtp::Smtp;
use tiltas_app::server::email::worker::{self, WorkerTiming};
use tiltas_app::server::xapi::lrs::Lrs;
use tiltas_app::server::xapi::worker as xapi_worker;

pub async fn run(database_url: &str, args: ServeArgs) -> Result<(), CommandError> {
    // Settings first: a mistake in them stops the start before anything is changed.
    let email = args.email.settings().map_err(CommandError::Invalid)?;
    let lrs = args.xapi.settings().map_err(CommandError::Invalid)?;
    let db = open_migrated(database_url).await?;
    import_at_start(&db, &args.courses_dir).await?;
    let base_url = args.public_base_url();
    let config = AppConfig {
        base_url: base_url.clone(),
        site: SiteSettings {
            quick_exit_url: args.quick_exit_url.to_string(),
            support_contacts: args.support_contacts.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
            self_registration: args.self_registration,
        },
        trusted_proxies: args.trusted_proxies,
        issuer_name: args.issuer_name.trim().to_string(),
        credential_key: CredentialKey::new(crate::signing_key::load_or_create(&args.signing_key_file)?),
        allow_external_images: args.allow_external_images,
        email: email.as_ref().map(|(_, options)| options.clone()),
    };
    let state = AppState::new(db.clone(), config);
    certificates::credential::register_deployment_key(&state)
        .await
        .map_err(|error| CommandError::Invalid(format!("cannot record the credential signing key: {error}")))?;

    match accounts::ensure_first_administrator(&db, &args.admin_email).await {
        Ok(FirstAdministrator::Ready) => {}
        Ok(FirstAdministrator::SetupLink { email, token }) => {
            let link = state.config.link(&accounts::invite_path(&token));
            // Printed, not logged: the link is a secret for the person at this terminal.
            println!("\nNo administrator has set a password yet.");
            println!("Open this one-time link to choose the password for {email}:\n\n    {link}\n");
            println!("(Valid 24 hours. Restarting Tiltas, or `tiltas admin-link`, prints a new one.)\n");
        }
        Err(error) => {
            return Err(CommandError::Invalid(format!("cannot prepare the first administrator: {error}")));
        }
    }

    let (stop_email, email_stopping) = tokio::sync::watch::channel(false);
    let email_worker = match email {
        Some((smtp_settings, options)) => {
            let smtp = Smtp::new(&smtp_settings).map_err(|error| CommandError::Invalid(error.to_string()))?;
            tracing::info!(settings = ?smtp_settings, "email is sent through this mail server");
            Some(tokio::spawn(worker::run(state.clone(), options, smtp, WorkerTiming::default(), email_stopping)))
        }
        None => None,
    };
    let (stop_xapi, xapi_stopping) = tokio::sync::watch::channel(false);
    let xapi_worker = match lrs {
        Some(settings) => {
            tracing::info!(settings = ?settings, "xAPI statements are sent to this learning record store");
            Some(tokio::spawn(xapi_worker::run(state.clone(), Lrs::new(settings), WorkerTiming::default(), xapi_stopping)))
        }
        None => None,
    };

    let assets = SiteAssets::new(&args.site_root);
    let router = http::router(state, assets, std::time::Duration::from_secs(args.request_timeout_seconds));
    let router = if args.server_timing { http::server_timing::with_server_timing(router) } else { router };
    let listener = tokio::net::TcpListener::bind(args.site_addr).await?;
    let settings = args.listener_settings();
    tracing::info!(address = %args.site_addr, base_url = %base_url, ?settings, "Tiltas is listening");
    // The email worker is told to stop when the requests in flight are, and gets the same grace
    // period: it finishes the message in hand and gives the rest of its batch back.
    let signalled_at = std::sync::Arc::new(std::sync::OnceLock::new());
    let signal = {
        let signalled_at = signalled_at.clone();
        async move {
            shutdown_signal().await;
            let _ = signalled_at.set(tokio::time::Instant::now());
            let _ = stop_email.send(true);
            let _ = stop_xapi.send(true);
        }
    };
    let grace = settings.shutdown_grace;
    http::listener::serve(listener, router, settings, signal).await?;
    let deadline = signalled_at.get().copied().unwrap_or_else(tokio::time::Instant::now) + grace;
    // A worker still sending at the deadline is stopped: its claim expires and what it held goes
    // again later, with the same Message-ID or statement id.
    for (name, worker) in [("email", email_worker), ("xAPI", xapi_worker)] {
        if let Some(mut handle) = worker
            && tokio::time::timeout_at(deadline, &mut handle).await.is_err()
        {
            tracing::warn!(worker = name, "a worker was still sending at the end of the grace period; stopping it");
            handle.abort();
        }
    }
    tracing::info!("stopped; closing the database");
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
