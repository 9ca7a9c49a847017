//! Entry point of the `tiltas` binary.

use clap::Parser;
use tiltas_server::cli::{Cli, Command, ServeArgs};
use tiltas_server::commands;

/// jemalloc serves every allocation of the process, SQLite's included. Under glibc's malloc a
/// module page spent a third of its processor time allocating and freeing, a third of that
/// waiting for the locks of the two arenas that ten threads shared
/// (scripts/profile-module-page.sh); with jemalloc's per-thread caches the learner's pages served
/// 1.8 to 1.9 times the requests a second (README, "Benchmark suite", "jemalloc instead of
/// glibc's malloc").
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read once at start (`MALLOC_CONF` in the environment is read after
/// them). jemalloc hands freed pages back to the system some seconds after they were last used
/// (its decay), but only when it next allocates or frees; its background thread does it on time
/// for an idle server too, which is what the idle memory target measures.
// SAFETY: jemalloc reads this symbol, a NUL-terminated C string, once; nothing else names it.
#[unsafe(export_name = "malloc_conf")]
static ALLOCATOR_SETTINGS: &[u8; 23] = b"background_thread:true\0";

fn main() -> std::process::ExitCode {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("start the async runtime")
        .block_on(run(Cli::parse()))
}

async fn run(cli: Cli) -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&cli.log).unwrap_or_else(|_| "info".into()))
        .with_target(false)
        .init();
    let outcome = match cli.command {
        None => commands::serve::run(&cli.database_url, ServeArgs::default()).await,
        Some(Command::Serve(args)) => commands::serve::run(&cli.database_url, *args).await,
        Some(Command::Migrate) => commands::migrate::run(&cli.database_url).await,
        Some(Command::User(command)) => commands::user::run(&cli.database_url, command).await,
        Some(Command::Check { path }) => commands::check::run(&path),
        Some(Command::Import { path }) => commands::import::run(&cli.database_url, &path).await,
        Some(Command::Retention(args)) => commands::retention::run(&cli.database_url, &args).await,
        Some(Command::Routes) => commands::routes::run(),
        Some(Command::AdminLink { email, base_url }) => commands::user::admin_link(&cli.database_url, email.as_deref(), &base_url).await,
        // Blocking network calls: run off the async workers.
        Some(Command::Verify(args)) => tokio::task::spawn_blocking(move || commands::verify::run(&args))
            .await
            .unwrap_or_else(|error| Err(commands::CommandError::Invalid(error.to_string()))),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tiltas: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
