//! Entry point of the `tiltas` binary.

use clap::Parser;
use tiltas_server::cli::{Cli, Command, ServeArgs};
use tiltas_server::commands;

fn main() -> std::process::ExitCode {
    limit_allocator_arenas();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("start the async runtime")
        .block_on(run(Cli::parse()))
}

/// glibc gives each thread that allocates at once an arena of its own, up to eight per core, and
/// rarely hands their memory back: under load the server's resident memory grew from about 80 to
/// 200 MB and stayed there (scripts/bench-suite.sh; `MALLOC_ARENA_MAX=1` kept it near 90 MB).
/// Two arenas keep that bound for a server whose work is short requests. Set before the runtime
/// starts its threads; `MALLOC_ARENA_MAX` in the environment still wins.
fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; no other thread exists yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
    // Each password hash (Argon2) takes a 19 MiB block. glibc maps a block that large on its
    // own and unmaps it when freed, but after the first such free it raises its threshold to that
    // size, so later hashes came from the heap and stayed there: in scripts/bench/serving.sh the
    // most the server ever held went from 62 to 145 MiB in the second its mixed-use clients
    // signed in. A fixed threshold keeps every block of a mebibyte or more mapped on its own and
    // handed back when freed (the same run: 82 MiB at most). `MALLOC_MMAP_THRESHOLD_` still wins.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: as above.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        }
    }
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
