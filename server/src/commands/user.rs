//! `tiltas user add`: create accounts from the terminal, e.g. in provisioning scripts.

use super::{CommandError, open_migrated};
use crate::cli::{UserAddArgs, UserCommand};
use std::io::BufRead;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::accounts::{self, NewAccount};
use tiltas_app::server::people;

pub async fn run(database_url: &str, command: UserCommand) -> Result<(), CommandError> {
    match command {
        UserCommand::Add(args) => add(database_url, args).await,
    }
}

async fn add(database_url: &str, args: UserAddArgs) -> Result<(), CommandError> {
    let roles = args
        .roles
        .iter()
        .map(|code| {
            Role::from_code(code).ok_or_else(|| {
                CommandError::Invalid(format!("unknown role `{code}`: use learner, trainer or administrator"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Some(line.trim_end_matches(['\r', '\n']).to_string())
    } else {
        None
    };
    let db = open_migrated(database_url).await?;
    let organisation_id = match args.organisation.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(name) => Some(
            people::organisation_named(&db, name)
                .await
                .map_err(|error| CommandError::Invalid(format!("cannot use the organisation: {error}")))?,
        ),
    };
    let account = NewAccount { email: args.email, name: args.name, roles, organisation_id, password };
    let (_, invite) = accounts::create_account(&db, account)
        .await
        .map_err(|error| CommandError::Invalid(format!("cannot create the account: {error}")))?;
    match invite {
        Some(token) => {
            let link = args.base_url.join(&accounts::invite_path(&token)).map_err(|e| CommandError::Invalid(e.to_string()))?;
            println!("Account created. One-time link to set the password (valid 7 days):\n{link}");
        }
        None => println!("Account created."),
    }
    db.close().await;
    Ok(())
}

/// `tiltas admin-link`: a fresh 24-hour link for an administrator. Printed, not logged: the link
/// is a secret for the person at this terminal.
pub async fn admin_link(database_url: &str, email: Option<&str>, base_url: &url::Url) -> Result<(), CommandError> {
    let db = open_migrated(database_url).await?;
    let (email, token) = accounts::administrator_link(&db, email).await.map_err(|error| CommandError::Invalid(error.to_string()))?;
    let link = base_url.join(&accounts::invite_path(&token)).map(|u| u.to_string()).unwrap_or_default();
    println!("Open this one-time link to choose the password for {email}:\n\n    {link}\n");
    println!("(Valid 24 hours; earlier links for {email} no longer work.)");
    Ok(())
}
