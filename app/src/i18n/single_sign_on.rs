//! The translation table, single sign-on with OpenID Connect (issue 15): the administrators'
//! provider page, the sign-in buttons and every reason a sign-in through a provider is refused.
//! Each area of the table is a macro that appends its lines and hands the table on to the next
//! (see `i18n::messages`).

macro_rules! single_sign_on_messages {
    ([$next:ident $(, $rest:ident)*] $($table:tt)*) => {
        $next! { [$($rest),*] $($table)*
            // The administrators' page.
            NavSingleSignOn => "Single sign-on", "Vienkartinis prisijungimas";
            SsoTitle => "Single sign-on (OpenID Connect)", "Vienkartinis prisijungimas (OpenID Connect)";
            SsoIntro => "People can sign in with the account they already have at their organisation's identity provider. Register Tiltas at the provider as a confidential client using the authorisation code flow, then enter the provider here.", "Žmonės gali prisijungti paskyra, kurią jau turi savo organizacijos tapatybės teikėjo sistemoje. Užregistruokite Tiltą pas tapatybės teikėją kaip konfidencialų klientą, naudojantį autorizacijos kodo srautą, ir įveskite teikėjo duomenis čia.";
            SsoRedirectUri => "Redirect URI to register at every provider:", "Peradresavimo adresas (redirect URI), kurį reikia užregistruoti pas kiekvieną teikėją:";
            SsoProvidersHeading => "Identity providers", "Tapatybės teikėjai";
            SsoNoProviders => "No identity provider is configured: everyone signs in with a password.", "Nesukonfigūruotas nė vienas tapatybės teikėjas: visi jungiasi slaptažodžiu.";
            SsoAddProvider => "Add an identity provider", "Pridėti tapatybės teikėją";
            SsoChangeProvider => "Change {provider}", "Keisti: {provider}";
            SsoDisplayName => "Name on the sign-in button", "Pavadinimas ant prisijungimo mygtuko";
            SsoIssuerUrl => "Issuer URL", "Išdavėjo adresas (issuer URL)";
            SsoIssuerHint => "Exactly as the provider names itself, e.g. https://login.example.lt/realms/staff. Its address /.well-known/openid-configuration must answer.", "Tiksliai taip, kaip teikėjas save vadina, pvz., https://login.example.lt/realms/staff. Turi atsakyti jo adresas /.well-known/openid-configuration.";
            SsoClientId => "Client ID", "Kliento identifikatorius (client ID)";
            SsoClientSecret => "Client secret", "Kliento slaptasis raktas (client secret)";
            SsoSecretKeptHint => "A secret is saved and is never shown. Leave this empty to keep it, or enter a new one.", "Slaptasis raktas išsaugotas ir niekada nerodomas. Palikite lauką tuščią, kad jis liktų, arba įveskite naują.";
            SsoEmailClaim => "Claim giving the email address", "Teiginys (claim), kuriame pateikiamas el. pašto adresas";
            SsoNameClaim => "Claim giving the name", "Teiginys (claim), kuriame pateikiamas vardas ir pavardė";
            SsoNewAccountsOrganisation => "Organisation of new accounts", "Naujų paskyrų organizacija";
            SsoNewAccountsRole => "Role of new accounts", "Naujų paskyrų vaidmuo";
            SsoCreateAccounts => "Create an account when someone signs in for the first time", "Sukurti paskyrą, kai asmuo prisijungia pirmą kartą";
            SsoCreateAccountsHint => "Unticked, only people who already have a Tiltas account with the same email address can sign in through this provider.", "Nepažymėjus, per šį teikėją galės prisijungti tik asmenys, jau turintys Tilto paskyrą tuo pačiu el. pašto adresu.";
            SsoCreatesAccounts => "Creates accounts", "Kuria paskyras";
            SsoExistingAccountsOnly => "Existing accounts only", "Tik esamos paskyros";
            SsoSaveProvider => "Save the provider", "Išsaugoti teikėją";
            SsoRemoveProvider => "Remove {provider}", "Pašalinti: {provider}";
            SsoProviderSaved => "The identity provider is saved.", "Tapatybės teikėjas išsaugotas.";
            SsoProviderRemoved => "The identity provider is removed. Its sign-in button is gone.", "Tapatybės teikėjas pašalintas. Jo prisijungimo mygtuko nebeliko.";
            SsoIssuerInvalid => "Enter the issuer's address starting with https:// (http:// only for a provider on this computer), without ? or #.", "Įveskite išdavėjo adresą, prasidedantį https:// (http:// tik šiame kompiuteryje veikiančiam teikėjui), be ? ir #.";
            SsoClientIdRequired => "Enter the client ID the provider gave Tiltas (at most 500 characters).", "Įveskite kliento identifikatorių, kurį Tiltui suteikė teikėjas (ne daugiau kaip 500 simbolių).";
            SsoClientSecretRequired => "Enter the client secret the provider gave Tiltas (at most 500 characters).", "Įveskite kliento slaptąjį raktą, kurį Tiltui suteikė teikėjas (ne daugiau kaip 500 simbolių).";
            SsoClaimInvalid => "Enter a claim name: letters, digits and _ : . - / only.", "Įveskite teiginio pavadinimą: tik raidės, skaitmenys ir _ : . - /.";
            SsoRoleInvalid => "Choose the role of new accounts: learner, trainer or organisation administrator.", "Pasirinkite naujų paskyrų vaidmenį: besimokantysis, instruktorius arba organizacijos administratorius.";
            SsoRoleNeedsOrganisation => "An organisation administrator belongs to an organisation: choose one.", "Organizacijos administratorius priklauso organizacijai: pasirinkite ją.";
            SsoProviderNameTaken => "Another identity provider already has this name.", "Kitas tapatybės teikėjas jau turi šį pavadinimą.";
            // Organisations that use single sign-on only.
            SsoOrganisationsHeading => "Passwords by organisation", "Slaptažodžiai pagal organizaciją";
            SsoOrganisationsIntro => "Switch passwords off for an organisation whose people sign in through an identity provider: they can then no longer sign in with a Tiltas password, and get no links to set one.", "Išjunkite slaptažodžius organizacijai, kurios darbuotojai jungiasi per tapatybės teikėją: tada jie nebegalės prisijungti Tilto slaptažodžiu ir negaus nuorodų jam nustatyti.";
            SsoSignInColumn => "Sign-in", "Prisijungimas";
            SsoPasswordsAllowed => "Passwords allowed", "Slaptažodžiai leidžiami";
            SsoOnly => "Single sign-on only", "Tik vienkartinis prisijungimas";
            SsoSwitchPasswordsOff => "Switch passwords off for {organisation}", "Išjungti slaptažodžius: {organisation}";
            SsoSwitchPasswordsOn => "Allow passwords again for {organisation}", "Vėl leisti slaptažodžius: {organisation}";
            SsoPasswordsSwitchedOff => "Passwords are switched off for this organisation.", "Šios organizacijos slaptažodžiai išjungti.";
            SsoPasswordsSwitchedOn => "Passwords are allowed again for this organisation.", "Šios organizacijos slaptažodžiai vėl leidžiami.";
            SsoNoOrganisations => "There are no organisations yet.", "Organizacijų dar nėra.";
            // The sign-in page.
            SignInWith => "Sign in with {provider}", "Prisijungti per {provider}";
            SignInWithPassword => "Or sign in with your email address and password", "Arba prisijunkite el. pašto adresu ir slaptažodžiu";
            PasswordsOffForOrganisation => "Your organisation signs in through single sign-on, not with a Tiltas password. Use the “Sign in with …” button on this page.", "Jūsų organizacija jungiasi vienkartiniu prisijungimu, o ne Tilto slaptažodžiu. Spauskite šiame puslapyje esantį mygtuką „Prisijungti per …“.";
            PersonCreatedSingleSignOn => "The person is added. Their organisation signs in through single sign-on, so they need no link: they sign in with their organisation's account.", "Asmuo pridėtas. Jo organizacija jungiasi vienkartiniu prisijungimu, todėl nuorodos nereikia: jis prisijungs savo organizacijos paskyra.";
            PasswordsOffNoLink => "Passwords are switched off for this person's organisation: they sign in through single sign-on and need no password link.", "Šio asmens organizacijos slaptažodžiai išjungti: jis jungiasi vienkartiniu prisijungimu, todėl slaptažodžio nuorodos nereikia.";
            // Why a sign-in through a provider did not succeed.
            SsoProviderUnknown => "This sign-in option no longer exists. Choose another one.", "Šio prisijungimo būdo nebėra. Pasirinkite kitą.";
            SsoProviderUnreachable => "The identity provider could not be reached. Please try again in a few minutes, or ask your administrator.", "Nepavyko susisiekti su tapatybės teikėju. Bandykite dar kartą po kelių minučių arba kreipkitės į administratorių.";
            SsoCancelled => "Sign-in was cancelled or refused at the identity provider. You are not signed in.", "Prisijungimas tapatybės teikėjo sistemoje atšauktas arba atmestas. Jūs neprisijungę.";
            SsoExpired => "This sign-in took too long or was already used. Please start again.", "Šis prisijungimas truko per ilgai arba jau buvo panaudotas. Pradėkite iš naujo.";
            SsoTokenRefused => "The identity provider's answer could not be verified, so you were not signed in. Please try again, or ask your administrator.", "Nepavyko patikrinti tapatybės teikėjo atsakymo, todėl jūs neprisijungėte. Bandykite dar kartą arba kreipkitės į administratorių.";
            SsoEmailMissing => "The identity provider did not give a verified email address, so Tiltas cannot tell who you are. Ask your administrator.", "Tapatybės teikėjas nepateikė patvirtinto el. pašto adreso, todėl Tiltas negali nustatyti, kas jūs esate. Kreipkitės į administratorių.";
            SsoNoAccount => "There is no Tiltas account for the email address your identity provider gave. Ask your administrator to create one.", "Nėra Tilto paskyros su el. pašto adresu, kurį pateikė jūsų tapatybės teikėjas. Paprašykite administratoriaus ją sukurti.";
            AuditSingleSignOnChanged => "Single sign-on settings changed", "Pakeisti vienkartinio prisijungimo nustatymai";
        }
    };
}
