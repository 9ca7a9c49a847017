//! The translation layer: every string the UI shows comes from [`Msg`].
//!
//! Translations are a compile-time table rather than runtime resource files so that a missing
//! Lithuanian (or English) string is a build error, not a blank label found by a learner. The
//! table is small enough that the browser bundle does not notice it.

use serde::{Deserialize, Serialize};

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Lt,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Lt];

    /// The BCP 47 tag, as used in `lang` attributes, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Lt => "lt",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "lt" => Some(Locale::Lt),
            _ => None,
        }
    }

    /// The language's own name, so a person can find it whatever language is showing.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Lt => "Lietuvių",
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(locale) = Locale::from_code(primary)
                && quality > 0.0
                && best.is_none_or(|(_, q)| quality > q)
            {
                best = Some((locale, quality));
            }
        }
        best.map(|(locale, _)| locale)
    }
}

/// Replaces `{name}` placeholders in a translated string.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}", name = name), value);
    }
    text
}

macro_rules! messages {
    ($($key:ident => $en:literal, $lt:literal;)*) => {
        /// A translatable message. Variants name the meaning, not the English wording.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            pub fn text(self, locale: Locale) -> &'static str {
                match locale {
                    Locale::En => match self { $(Msg::$key => $en,)* },
                    Locale::Lt => match self { $(Msg::$key => $lt,)* },
                }
            }
        }
    };
}

messages! {
    AppName => "Tiltas", "Tiltas";
    AppTagline => "Training for people who meet victims of trafficking", "Mokymai tiems, kurie susiduria su prekybos žmonėmis aukomis";
    SkipToContent => "Skip to main content", "Pereiti prie pagrindinio turinio";
    NavHome => "Home", "Pradžia";
    NavProfile => "Profile", "Profilis";
    NavOrganisations => "Organisations", "Organizacijos";
    NavPeople => "People", "Žmonės";
    NavMain => "Main navigation", "Pagrindinė navigacija";
    SignIn => "Sign in", "Prisijungti";
    SignOut => "Sign out", "Atsijungti";
    Register => "Create an account", "Susikurti paskyrą";
    QuickExit => "Quick exit", "Greitai išeiti";
    QuickExitHint => "Leaves this site at once for a neutral page. Pressing Esc twice does the same.", "Iškart išeina iš šios svetainės į neutralų puslapį. Tą patį padaro dukart paspaustas Esc.";
    ChangeLanguage => "Change language", "Pakeisti kalbą";
    FooterSupport => "Need to talk to someone?", "Norite su kuo nors pasikalbėti?";
    FooterAbout => "Tiltas is open-source training software for anti-trafficking work.", "Tiltas yra atvirojo kodo mokymų programa kovai su prekyba žmonėmis.";
    LoginTitle => "Sign in to Tiltas", "Prisijunkite prie Tiltas";
    Email => "Email address", "El. pašto adresas";
    Password => "Password", "Slaptažodis";
    LoginFailed => "The email address or password is not correct.", "Neteisingas el. pašto adresas arba slaptažodis.";
    TooManyAttempts => "Too many sign-in attempts. Please wait {minutes} minutes and try again.", "Per daug bandymų prisijungti. Palaukite {minutes} min. ir bandykite dar kartą.";
    NeedSignIn => "Please sign in to continue.", "Norėdami tęsti, prisijunkite.";
    SignedOut => "You have signed out.", "Atsijungėte.";
    FormExpired => "This form has expired. Please try again.", "Šios formos galiojimas baigėsi. Bandykite dar kartą.";
    WelcomeNamed => "Welcome, {name}", "Sveiki, {name}";
    WelcomeAnonymous => "Welcome to Tiltas", "Sveiki atvykę į Tiltas";
    HomeAnonymousIntro => "Tiltas trains police officers, border guards, social workers and labour inspectors to recognise trafficking and to support the people affected. Sign in with the account your organisation gave you.", "Tiltas moko policijos pareigūnus, pasieniečius, socialinius darbuotojus ir darbo inspektorius atpažinti prekybą žmonėmis ir padėti nukentėjusiems. Prisijunkite paskyra, kurią jums suteikė jūsų organizacija.";
    HomeYourRoles => "Your roles", "Jūsų vaidmenys";
    HomeYourOrganisation => "Your organisation", "Jūsų organizacija";
    HomeAdminIntro => "As an administrator you manage organisations and the people who learn, teach and administer in Tiltas.", "Kaip administratorius tvarkote organizacijas ir žmones, kurie Tiltas mokosi, moko ir administruoja.";
    HomeTrainerIntro => "As a trainer you write and maintain course modules.", "Kaip instruktorius rengiate ir atnaujinate kursų modulius.";
    NotFoundTitle => "Page not found", "Puslapis nerastas";
    NotFoundBody => "The address may be mistyped, or the page has moved.", "Adresas gali būti neteisingas arba puslapis perkeltas.";
    ForbiddenTitle => "You do not have access to this page", "Neturite prieigos prie šio puslapio";
    ForbiddenBody => "Your account does not have the role this page needs. If you think it should, ask your administrator.", "Jūsų paskyra neturi šiam puslapiui reikalingo vaidmens. Jei manote, kad turėtų, kreipkitės į administratorių.";
    InternalTitle => "Something went wrong", "Kažkas nepavyko";
    DatabaseUnavailable => "Tiltas cannot reach its database just now. You are still signed in: please try again in a moment.", "Tiltas šiuo metu negali pasiekti savo duomenų bazės. Jūs tebesate prisijungę: po akimirkos bandykite dar kartą.";
    InternalBody => "We could not complete this. Nothing you entered has been shared. Please try again in a moment.", "Nepavyko to atlikti. Niekas, ką įvedėte, nebuvo atskleista. Po akimirkos bandykite dar kartą.";
    BackHome => "Go to the home page", "Eiti į pradžios puslapį";
    EmailInvalid => "Enter an email address like name@example.lt.", "Įveskite el. pašto adresą, pvz., vardas@pavyzdys.lt.";
    NameRequired => "Enter a name.", "Įveskite vardą.";
    NameTooLong => "Use at most 120 characters.", "Naudokite ne daugiau kaip 120 simbolių.";
    PasswordTooShort => "Use at least 12 characters.", "Naudokite bent 12 simbolių.";
    PasswordTooLong => "Use at most 200 characters.", "Naudokite ne daugiau kaip 200 simbolių.";
    PasswordsDiffer => "The two passwords do not match.", "Slaptažodžiai nesutampa.";
    CurrentPasswordWrong => "Your current password is not correct.", "Dabartinis slaptažodis neteisingas.";
    EmailTaken => "An account with this email address already exists.", "Paskyra su šiuo el. pašto adresu jau yra.";
    OrganisationNameTaken => "An organisation with this name already exists.", "Organizacija tokiu pavadinimu jau yra.";
    OrganisationRequired => "Choose the organisation this person belongs to.", "Pasirinkite, kuriai organizacijai priklauso šis asmuo.";
    OrganisationUnknown => "This organisation no longer exists. Choose another.", "Šios organizacijos nebėra. Pasirinkite kitą.";
    RoleRequired => "Choose at least one role.", "Pasirinkite bent vieną vaidmenį.";
    InviteTitle => "Set your password", "Nustatykite slaptažodį";
    InviteIntro => "Choose a password for your Tiltas account. You will use it with your email address to sign in.", "Pasirinkite Tiltas paskyros slaptažodį. Jį naudosite kartu su el. pašto adresu prisijungdami.";
    InviteInvalid => "This invitation link is not valid or has expired. Ask your administrator for a new one.", "Šis kvietimo saitas negalioja arba baigėsi jo galiojimas. Paprašykite administratoriaus naujo.";
    NewPassword => "New password", "Naujas slaptažodis";
    ConfirmPassword => "Repeat the new password", "Pakartokite naują slaptažodį";
    PasswordHint => "At least 12 characters. A short sentence is easy to remember.", "Bent 12 simbolių. Trumpą sakinį lengva įsiminti.";
    SavePassword => "Save password", "Išsaugoti slaptažodį";
    ProfileTitle => "Your profile", "Jūsų profilis";
    Name => "Name", "Vardas ir pavardė";
    PreferredLanguage => "Preferred language", "Pageidaujama kalba";
    Save => "Save", "Išsaugoti";
    ProfileSaved => "Your profile was saved.", "Jūsų profilis išsaugotas.";
    ChangePassword => "Change password", "Pakeisti slaptažodį";
    CurrentPassword => "Current password", "Dabartinis slaptažodis";
    PasswordChanged => "Your password was changed. Other devices have been signed out.", "Slaptažodis pakeistas. Kituose įrenginiuose esate atjungti.";
    OrganisationsTitle => "Organisations", "Organizacijos";
    OrganisationsIntro => "Every learner belongs to one organisation, such as a county police headquarters or a municipal social services department.", "Kiekvienas besimokantysis priklauso vienai organizacijai, pavyzdžiui, apskrities vyriausiajam policijos komisariatui ar savivaldybės socialinių paslaugų skyriui.";
    OrganisationName => "Organisation name", "Organizacijos pavadinimas";
    AddOrganisation => "Add organisation", "Pridėti organizaciją";
    OrganisationCreated => "Organisation added.", "Organizacija pridėta.";
    NoOrganisations => "There are no organisations yet. Add the first one below.", "Organizacijų dar nėra. Pridėkite pirmąją žemiau.";
    PeopleCount => "People", "Žmonės";
    PeopleTitle => "People", "Žmonės";
    PeopleIntro => "Create an account and give the person the one-time link shown, so they set their own password. Nobody, including administrators, ever sees another person's password.", "Sukurkite paskyrą ir perduokite asmeniui parodytą vienkartinį saitą, kad jis pats nustatytų slaptažodį. Niekas, net administratoriai, nemato kito asmens slaptažodžio.";
    AddPerson => "Add a person", "Pridėti asmenį";
    CreateAccount => "Create account", "Sukurti paskyrą";
    Roles => "Roles", "Vaidmenys";
    RoleLearner => "Learner", "Besimokantysis";
    RoleTrainer => "Trainer", "Instruktorius";
    RoleAdministrator => "Administrator", "Administratorius";
    AuditSignedIn => "Signed in", "Prisijungė";
    AuditSignInFailed => "Failed sign-in", "Nepavykęs prisijungimas";
    AuditPersonCreated => "Account created", "Sukurta paskyra";
    AuditPersonEdited => "Details changed", "Pakeisti duomenys";
    AuditRolesChanged => "Roles changed", "Pakeisti vaidmenys";
    AuditDeactivated => "Account deactivated", "Paskyra išjungta";
    AuditReactivated => "Account reactivated", "Paskyra vėl įjungta";
    AuditInvitationRenewed => "New sign-in link issued", "Išduota nauja prisijungimo nuoroda";
    AuditPeopleImported => "People imported from CSV", "Žmonės importuoti iš CSV";
    AuditCertificateIssued => "Certificate issued", "Išduotas pažymėjimas";
    AuditCertificateApproved => "Certificate approved", "Patvirtintas pažymėjimas";
    AuditCertificateRevoked => "Certificate revoked", "Atšauktas pažymėjimas";
    AuditReportExported => "Report exported", "Eksportuota ataskaita";
    AuditPersonalDataExported => "Personal data downloaded", "Atsisiųsti asmens duomenys";
    AuditPersonErased => "Personal data erased", "Ištrinti asmens duomenys";
    AuditRetentionApplied => "Retention rule applied", "Pritaikyta saugojimo taisyklė";
    RoleOrganisationAdministrator => "Organisation administrator", "Organizacijos administratorius";
    Organisation => "Organisation", "Organizacija";
    NoOrganisation => "No organisation", "Be organizacijos";
    PersonCreated => "Account created. Give this one-time link to the person so they can set their password. It works once, for 7 days:", "Paskyra sukurta. Perduokite šį vienkartinį saitą asmeniui, kad jis nustatytų slaptažodį. Jis veikia vieną kartą, 7 dienas:";
    InviteRenewed => "New one-time link (earlier links no longer work):", "Naujas vienkartinis saitas (ankstesni saitai nebegalioja):";
    NewInviteLink => "New link", "Naujas saitas";
    Status => "Status", "Būsena";
    StatusActive => "Active", "Aktyvi";
    StatusInvited => "Waiting for the person to set a password", "Laukiama, kol asmuo nustatys slaptažodį";
    NoPeople => "No accounts yet.", "Paskyrų dar nėra.";
    RegisterTitle => "Create your account", "Susikurkite paskyrą";
    RegisterIntro => "Learners from the organisations listed can create their own account here.", "Čia savo paskyrą gali susikurti išvardytų organizacijų besimokantieji.";
    RegistrationClosed => "Accounts are created by an administrator of your organisation. Ask them for an invitation.", "Paskyras kuria jūsų organizacijos administratorius. Paprašykite jo kvietimo.";
    ChooseOrganisation => "Choose…", "Pasirinkite…";
    Actions => "Actions", "Veiksmai";
    NavCourses => "Courses", "Kursai";
    CatalogueTitle => "Courses", "Kursai";
    CatalogueIntro => "Courses you can take. Each shows who it is for, how long it takes and whether it leads to a certificate.", "Kursai, kuriuos galite išklausyti. Prie kiekvieno nurodyta, kam jis skirtas, kiek trunka ir ar suteikiamas pažymėjimas.";
    FilterAudience => "For", "Kam skirta";
    FilterLanguage => "Language", "Kalba";
    FilterAll => "All", "Visi";
    FilterApply => "Show courses", "Rodyti kursus";
    NoCoursesMatch => "No course matches these choices.", "Nėra kursų, atitinkančių šiuos pasirinkimus.";
    AudienceAny => "Anyone", "Visiems";
    AudiencePolice => "Police officers", "Policijos pareigūnams";
    AudienceBorderGuard => "Border guards", "Pasieniečiams";
    AudienceSocialWorker => "Social workers", "Socialiniams darbuotojams";
    AudienceLabourInspector => "Labour inspectors", "Darbo inspektoriams";
    EstimatedMinutes => "About {minutes} minutes", "Apie {minutes} min.";
    ModuleCount => "Modules: {count}", "Moduliai: {count}";
    CertificateAwarded => "Certificate on completion", "Baigus suteikiamas pažymėjimas";
    NoCertificate => "No certificate", "Pažymėjimas nesuteikiamas";
    Enrol => "Enrol", "Užsiregistruoti";
    ContinueCourse => "Continue", "Tęsti";
    AssignedOnly => "This course is assigned by an administrator. Ask yours if you need it.", "Šį kursą priskiria administratorius. Jei jo reikia, kreipkitės į savo administratorių.";
    FinishFirst => "Finish these courses first:", "Pirmiausia baikite šiuos kursus:";
    NotEnrolledBody => "You are not enrolled in this course. Enrol from the course page to read it.", "Nesate užsiregistravę į šį kursą. Norėdami jį skaityti, užsiregistruokite kurso puslapyje.";
    YourProgress => "Your progress", "Jūsų pažanga";
    ProgressPercent => "{percent}% done", "Atlikta {percent}%";
    PointsOf => "{points} of {max} points", "{points} iš {max} taškų";
    WhatIsLeft => "What is left", "Kas liko";
    LeftRead => "Read the module “{module}”", "Perskaitykite modulį „{module}“";
    LeftAssessment => "Pass the assessment “{module}”", "Išlaikykite vertinimą „{module}“";
    LeftScenario => "Play the case scenario “{scenario}” to an ending", "Atlikite atvejo scenarijų „{scenario}“ iki pabaigos";
    LeftPassMark => "Reach the pass mark: you have {points} of {max} points and need {percent}%. Replay a graded scenario while you have plays left.", "Pasiekite išlaikymo ribą: turite {points} iš {max} taškų, reikia {percent}%. Pakartokite vertinamą scenarijų, jei dar liko bandymų.";
    CourseFailed => "An assessment has no attempts left, so the course cannot be completed yet. An administrator can grant you another attempt: please contact your trainer or administrator.", "Vertinimui nebeliko bandymų, todėl kurso kol kas baigti negalima. Administratorius gali suteikti dar vieną bandymą: kreipkitės į savo instruktorių arba administratorių.";
    CourseCompleted => "You completed this course.", "Jūs baigėte šį kursą.";
    CompletedOn => "Completed", "Baigta";
    LearnersOnly => "Courses are taken with a learner account. An administrator can add the learner role to yours.", "Kursai einami su besimokančiojo paskyra. Administratorius gali jūsų paskyrai suteikti besimokančiojo vaidmenį.";
    Registered => "Your registration is done. If the address already had an account, sign in with its password.", "Registracija atlikta. Jei šiuo adresu paskyra jau buvo sukurta, prisijunkite jos slaptažodžiu.";
    ActiveAdministratorLink => "An administrator who has a password cannot be sent a new link from here. Whoever runs the server can print one with `tiltas admin-link`.", "Administratoriui, kuris jau turi slaptažodį, naujo saito iš čia išduoti negalima. Serverį prižiūrintis asmuo gali jį atspausdinti komanda `tiltas admin-link`.";
    ChooseAdministrator => "There are several administrators: name one with --email.", "Yra keli administratoriai: nurodykite vieną su --email.";
    SharedComputer => "This is a shared computer: sign me out when the browser closes", "Tai bendras kompiuteris: atjungti mane, kai naršyklė bus uždaryta";
    TakeCourseAgain => "Take the course again", "Kursą išeiti iš naujo";
    TakingCourseAgain => "You are taking the course again from the start. Your earlier certificate stays verifiable until the new one replaces it.", "Kursą einate iš naujo nuo pradžių. Ankstesnis pažymėjimas lieka patikrinamas, kol jį pakeis naujas.";
    TakeAgainNewerVersion => "A newer version of this course has been published. Taking it again gives you a certificate for the new version.", "Paskelbta naujesnė šio kurso versija. Išėję kursą iš naujo gausite pažymėjimą už naująją versiją.";
    TakeAgainExpired => "Your certificate for this course has expired. Take the course again to get a new one.", "Jūsų šio kurso pažymėjimo galiojimas baigėsi. Išeikite kursą iš naujo, kad gautumėte naują.";
    TakeAgainExpiresSoon => "Your certificate for this course is valid until {date}. You can renew it now by taking the course again.", "Jūsų šio kurso pažymėjimas galioja iki {date}. Jį galite atnaujinti dabar, išėję kursą iš naujo.";
    NotDueForRenewal => "This course can be taken again when your certificate has expired or will expire within 90 days, or when a newer version is published.", "Kursą išeiti iš naujo galima, kai pažymėjimo galiojimas baigėsi arba baigsis per 90 dienų, arba kai paskelbiama naujesnė kurso versija.";
    Modules => "Modules", "Moduliai";
    ModuleRead => "Read", "Perskaityta";
    QuizPassed => "Assessment passed", "Vertinimas išlaikytas";
    GradedBadge => "Graded assessment", "Vertinimas";
    DueDate => "Due", "Terminas";
    ModuleOf => "Module {number} of {total}", "Modulis {number} iš {total}";
    OnlySourceLanguage => "This module is not yet available in your language; it is shown in English.", "Šis modulis dar neišverstas į jūsų kalbą, todėl rodomas anglų kalba.";
    DraftTranslation => "This translation is a draft and has not been reviewed yet.", "Šis vertimas yra juodraštis ir dar nebuvo peržiūrėtas.";
    ContentNoteIntro => "Before you start: this module contains material that some people find distressing.", "Prieš pradedant: šiame modulyje yra medžiagos, kuri kai kuriems žmonėms gali būti sunki.";
    ContentNoteChoice => "You can read it now, or look at its summary and come back later. Nothing is lost either way.", "Galite jį skaityti dabar arba peržiūrėti santrauką ir grįžti vėliau. Bet kuriuo atveju nieko neprarasite.";
    ContinueToModule => "Continue to the module", "Tęsti modulį";
    SkipToSummary => "Skip to the summary", "Pereiti prie santraukos";
    SummaryTitle => "Summary", "Santrauka";
    SummaryIntro => "In this module you will learn to:", "Šiame modulyje išmoksite:";
    ComeBackLater => "Come back to the module whenever you are ready. Your progress is kept.", "Grįžkite į modulį, kai būsite pasirengę. Jūsų pažanga išsaugoma.";
    BackToCourseOverview => "Back to the course", "Atgal į kursą";
    CheckAnswer => "Check my answer", "Tikrinti atsakymą";
    YourAnswerCorrect => "Your answer is correct.", "Jūsų atsakymas teisingas.";
    YourAnswerWrong => "Your answer is not correct.", "Jūsų atsakymas neteisingas.";
    YouChose => "you chose this", "pasirinkote";
    RightAnswer => "correct answer", "teisingas atsakymas";
    ChooseOne => "Choose one answer.", "Pasirinkite vieną atsakymą.";
    ChooseAll => "Choose every answer that applies.", "Pasirinkite visus tinkamus atsakymus.";
    NothingChosen => "Choose an answer before checking it.", "Prieš tikrindami pasirinkite atsakymą.";
    AttemptNumber => "Attempt {number}", "Bandymas {number}";
    AttemptPassed => "You passed with {points} of {max} points.", "Išlaikėte: {points} iš {max} taškų.";
    AttemptFailed => "You have {points} of {max} points; the pass mark is {percent}%.", "Turite {points} iš {max} taškų; išlaikymo riba yra {percent}%.";
    TryAgain => "Try the questions again", "Bandyti klausimus dar kartą";
    NoAttemptsLeft => "You have used all your attempts. An administrator can grant you another one: please contact your trainer or administrator.", "Išnaudojote visus bandymus. Administratorius gali suteikti dar vieną: kreipkitės į savo instruktorių arba administratorių.";
    AttemptNotYet => "Your next attempt is not open yet. The page shows when it opens.", "Kitas bandymas dar neprasidėjo. Puslapyje nurodyta, kada jį galėsite pradėti.";
    PracticeLabel => "Practice questions: you see the answer and feedback straight away. They do not count toward completing the course; try them as often as you like.", "Praktiniai klausimai: atsakymą ir grįžtamąjį ryšį matote iš karto. Jie neįskaičiuojami baigiant kursą; bandykite kiek norite kartų.";
    PracticeScore => "You scored {points} of {max} points in this practice.", "Šioje praktikoje surinkote {points} iš {max} taškų.";
    AssessmentHeading => "Graded assessment", "Vertinimas";
    AssessmentRules => "Each attempt has {count} questions, drawn from a larger set, and you need {percent}% to pass. Attempts: {used} of {allowed} used.", "Kiekviename bandyme yra {count} klausimų, atrinktų iš didesnio rinkinio; norint išlaikyti, reikia {percent}%. Panaudota bandymų: {used} iš {allowed}.";
    AssessmentWait => "After an attempt that does not pass, the next one opens {wait} later.", "Po neišlaikyto bandymo kitą galima pradėti po {wait}.";
    WaitMinutes => "{n} min", "{n} min.";
    WaitHours => "{n} h", "{n} val.";
    WaitDays => "{n} days", "{n} d.";
    RevealStrict => "While you answer, you only see that each answer was recorded. The correct answers and explanations are shown once you pass or have no attempts left.", "Atsakydami matysite tik tai, kad atsakymas užfiksuotas. Teisingi atsakymai ir paaiškinimai rodomi, kai išlaikote arba nebelieka bandymų.";
    RevealRightOrWrong => "While you answer, you see whether each answer was right, but not the correct answer. The correct answers and explanations are shown once you pass or have no attempts left.", "Atsakydami matysite, ar atsakymas teisingas, bet ne teisingą atsakymą. Teisingi atsakymai ir paaiškinimai rodomi, kai išlaikote arba nebelieka bandymų.";
    RevealAfterEachAttempt => "After each attempt you see the correct answers and explanations.", "Po kiekvieno bandymo matysite teisingus atsakymus ir paaiškinimus.";
    StartAttempt => "Start attempt {number}", "Pradėti {number} bandymą";
    AttemptStarted => "The attempt has started. Take your time: you can leave and come back, and your answers are kept.", "Bandymas prasidėjo. Neskubėkite: galite išeiti ir sugrįžti, atsakymai išsaugomi.";
    AttemptProgress => "{answered} of {total} questions answered", "Atsakyta į {answered} iš {total} klausimų";
    RecordAnswer => "Record my answer", "Užfiksuoti atsakymą";
    AnswerRecorded => "Your answer is recorded.", "Jūsų atsakymas užfiksuotas.";
    AttemptDone => "The attempt is finished. Your result is below.", "Bandymas baigtas. Jūsų rezultatas pateiktas žemiau.";
    NextAttemptAt => "Your next attempt opens at {time}.", "Kitą bandymą galėsite pradėti {time}.";
    AnswersHidden => "The correct answers are shown once you pass or have no attempts left.", "Teisingi atsakymai rodomi, kai išlaikote arba nebelieka bandymų.";
    ScenarioGraded => "This scenario is graded: your best play counts toward your result. Plays used: {used} of {allowed}.", "Šis scenarijus vertinamas: į rezultatą įskaičiuojamas geriausias bandymas. Panaudota bandymų: {used} iš {allowed}.";
    GoodPracticeHidden => "The path of good practice is shown once you have no graded plays left.", "Gerosios praktikos kelias rodomas, kai nebelieka vertinamų bandymų.";
    ChooseGradedItem => "Choose an assessment or graded scenario of this course.", "Pasirinkite šio kurso vertinimą arba vertinamą scenarijų.";
    GrantReasonMissing => "Write why you grant another attempt; the reason is kept in the record.", "Nurodykite, kodėl suteikiate dar vieną bandymą; priežastis išsaugoma įraše.";
    GrantAttempt => "Grant another attempt", "Suteikti dar vieną bandymą";
    GrantItem => "Assessment or scenario", "Vertinimas arba scenarijus";
    GrantReason => "Reason (kept in the record)", "Priežastis (išsaugoma įraše)";
    AttemptGranted => "Another attempt was granted and recorded.", "Dar vienas bandymas suteiktas ir užfiksuotas.";
    NoAttemptsLeftBadge => "No attempts left", "Nebeliko bandymų";
    BankQuestions => "Assessment questions", "Vertinimo klausimai";
    TimesDrawn => "Drawn", "Atrinkta";
    FlagTooHard => "Nearly everyone gets this wrong: check whether it misleads.", "Beveik visi atsako neteisingai: patikrinkite, ar klausimas neklaidina.";
    FlagTooEasy => "Nearly everyone gets this right: check whether it gives the answer away.", "Beveik visi atsako teisingai: patikrinkite, ar klausimas neišduoda atsakymo.";
    AttemptFinished => "This attempt is already finished. Start a new attempt to answer again.", "Šis bandymas jau baigtas. Norėdami atsakyti dar kartą, pradėkite naują bandymą.";
    AlreadyPassed => "You have already passed this assessment.", "Šį vertinimą jau išlaikėte.";
    MarkRead => "I have read this module", "Perskaičiau šį modulį";
    ModuleIsRead => "You have read this module.", "Šį modulį perskaitėte.";
    NextModule => "Next module", "Kitas modulis";
    StartScenario => "Start the scenario", "Pradėti scenarijų";
    ContinueScenario => "Continue the scenario", "Tęsti scenarijų";
    SeeScenarioResult => "See how the scenario ended", "Peržiūrėti scenarijaus pabaigą";
    ScenarioIntro => "Each step describes a situation. Choose what you would do. Every choice is final and has consequences, as in real work.", "Kiekviename žingsnyje aprašoma situacija. Pasirinkite, ką darytumėte. Kiekvienas pasirinkimas galutinis ir turi pasekmių, kaip ir tikrame darbe.";
    ScenarioStarted => "The scenario has started. Take your time over each choice.", "Scenarijus prasidėjo. Kiekvieną pasirinkimą apsvarstykite neskubėdami.";
    ConfirmChoice => "Confirm my choice", "Patvirtinti pasirinkimą";
    WhatHappened => "What happened", "Kas įvyko";
    ChoiceAlreadyMade => "That choice was already made. The scenario continues from where you are.", "Šis pasirinkimas jau padarytas. Scenarijus tęsiamas nuo ten, kur esate.";
    ScenarioEnded => "The scenario has ended", "Scenarijus baigėsi";
    YourPath => "Your choices", "Jūsų pasirinkimai";
    GoodPracticePath => "What good practice would have been", "Kokia būtų buvusi gera praktika";
    PlayAgain => "Play the scenario again", "Atlikti scenarijų dar kartą";
    Outcome => "Outcome", "Rezultatas";
    DashboardTitle => "My courses", "Mano kursai";
    DashboardEmpty => "You are not enrolled in any course yet.", "Dar nesate užsiregistravę į jokį kursą.";
    BrowseCourses => "Browse the courses", "Peržiūrėti kursus";
    NextStep => "Next", "Toliau";
    CompletedCourses => "Completed courses", "Baigti kursai";
    CourseCompletedMessage => "Well done: you have completed the course.", "Puiku: baigėte kursą.";
    EnrolledMessage => "You are enrolled. Start with the first module.", "Užsiregistravote. Pradėkite nuo pirmojo modulio.";
    AssignmentsTitle => "Course assignments", "Kursų priskyrimai";
    NavMyCertificates => "My certificates", "Mano pažymėjimai";
    NavCertificates => "Certificates", "Pažymėjimai";
    MyCertificatesTitle => "My certificates", "Mano pažymėjimai";
    NoCertificatesYet => "You have no certificates yet. Complete a course that awards one.", "Pažymėjimų dar neturite. Baikite kursą, už kurį suteikiamas pažymėjimas.";
    CertificateTitle => "Certificate of completion", "Kurso baigimo pažymėjimas";
    CertificateCode => "Certificate code", "Pažymėjimo kodas";
    CertificateHolder => "Awarded to", "Suteiktas";
    IssuingOrganisation => "Organisation", "Organizacija";
    IssuedBy => "Issued by", "Išdavė";
    CertificateScore => "Score", "Įvertinimas";
    CertificateStatement => "has completed the course", "baigė kursą";
    CertificatePlatformLine => "Tiltas: training for people who meet victims of trafficking in human beings", "Tiltas: mokymai žmonėms, kurie susiduria su prekybos žmonėmis aukomis";
    DownloadPdf => "Download the certificate (PDF)", "Atsisiųsti pažymėjimą (PDF)";
    DownloadCredential => "Download the signed digital credential (Open Badges 3.0)", "Atsisiųsti pasirašytą skaitmeninį pažymėjimą (Open Badges 3.0)";
    CredentialHelp => "The digital credential is a file signed by this deployment: a wallet or verifier that supports Open Badges 3.0 can check it without contacting anyone.", "Skaitmeninis pažymėjimas yra šios sistemos pasirašytas failas: jį gali patikrinti bet kuri Open Badges 3.0 palaikanti piniginė ar tikrinimo priemonė, nesikreipdama į nieką.";
    IssuedOn => "Issued", "Išduotas";
    ExpiresOn => "Valid until", "Galioja iki";
    NoExpiry => "Does not expire", "Neterminuotas";
    CertificateStatus => "Status", "Būsena";
    StateValid => "Valid", "Galioja";
    StateExpired => "Expired", "Nebegalioja: pasibaigė terminas";
    StateSuperseded => "Replaced by a newer certificate", "Pakeistas naujesniu pažymėjimu";
    StateRevoked => "Revoked", "Atšauktas";
    RevokedOn => "on {date}", "{date}";
    VerifyAt => "Anyone can check this certificate at", "Šį pažymėjimą bet kas gali patikrinti adresu";
    VerifyTitle => "Certificate check", "Pažymėjimo patikra";
    VerifyIntro => "This page shows whether a certificate issued through Tiltas is valid.", "Šiame puslapyje matyti, ar per Tiltą išduotas pažymėjimas galioja.";
    RevokeCertificate => "Revoke this certificate", "Atšaukti šį pažymėjimą";
    RevocationReason => "Reason (kept in the record, never shown publicly)", "Priežastis (išsaugoma įraše, viešai nerodoma)";
    CertificateRevoked => "The certificate was revoked.", "Pažymėjimas atšauktas.";
    CertificateReasonMissing => "Write the reason; it is kept in the record.", "Nurodykite priežastį; ji išsaugoma įraše.";
    CertificateNoteMissing => "Write where and when the training took place; the note is kept in the record.", "Nurodykite, kur ir kada vyko mokymai; pastaba išsaugoma įraše.";
    AlreadyRevoked => "This certificate is already revoked.", "Šis pažymėjimas jau atšauktas.";
    AuditTrail => "Record", "Įrašai";
    AdminCertificatesTitle => "Certificates", "Pažymėjimai";
    AwaitingApproval => "Completions awaiting approval", "Baigimai, laukiantys patvirtinimo";
    NoneAwaiting => "No completion is waiting for approval.", "Patvirtinimo nelaukia nė vienas baigimas.";
    ApproveColumn => "Approve", "Patvirtinti";
    ApproveSelected => "Issue certificates for the chosen completions", "Išduoti pažymėjimus už pasirinktus baigimus";
    ChooseCompletions => "Choose at least one completion to approve.", "Pasirinkite bent vieną baigimą, kurį norite patvirtinti.";
    CertificatesApproved => "Certificates issued.", "Pažymėjimai išduoti.";
    IssueByHand => "Issue a certificate for training done elsewhere", "Išduoti pažymėjimą už kitur baigtus mokymus";
    IssueNote => "Note: where and when the training took place", "Pastaba: kur ir kada vyko mokymai";
    IssueCertificate => "Issue the certificate", "Išduoti pažymėjimą";
    CertificateIssued => "Certificate issued.", "Pažymėjimas išduotas.";
    ChooseLearnerAndCourse => "Choose a learner and a course.", "Pasirinkite besimokantįjį ir kursą.";
    CourseAwardsNoCertificate => "This course does not award certificates.", "Už šį kursą pažymėjimas nesuteikiamas.";
    IssuedCertificates => "Issued certificates", "Išduoti pažymėjimai";
    NoCertificatesIssued => "No certificate has been issued yet.", "Dar neišduotas nė vienas pažymėjimas.";
    NavAssignments => "Assignments", "Priskyrimai";
    AssignmentsIntro => "Assign a course to a learner, with a due date if there is one. It appears on the learner's dashboard.", "Priskirkite kursą besimokančiajam, jei reikia, su terminu. Jis atsiras besimokančiojo pradžios puslapyje.";
    AssignCourse => "Assign course", "Priskirti kursą";
    Learner => "Learner", "Besimokantysis";
    Course => "Course", "Kursas";
    ChooseLearner => "Choose a learner.", "Pasirinkite besimokantįjį.";
    ChooseCourse => "Choose a course.", "Pasirinkite kursą.";
    DueDateInvalid => "Enter the due date as a date, e.g. 2027-03-31.", "Įveskite terminą kaip datą, pvz., 2027-03-31.";
    CourseAssigned => "Course assigned.", "Kursas priskirtas.";
    NoAssignments => "No learner is enrolled in a course yet.", "Dar nė vienas besimokantysis neužsiregistravo į kursą.";
    Progress => "Progress", "Pažanga";
    ResultsTitle => "Results", "Rezultatai";
    ResultsLink => "Learners' results", "Besimokančiųjų rezultatai";
    ResultsIntro => "How learners are doing in this course, across all its versions. Learners are not named unless you are also an administrator.", "Kaip besimokantiesiems sekasi šiame kurse, visose jo versijose. Besimokantieji nenurodomi, nebent esate ir administratorius.";
    CompletionRate => "Completion", "Baigimas";
    CompletionRateValue => "{completed} of {enrolled} enrolled learners completed", "Baigė {completed} iš {enrolled} užsiregistravusių";
    QuestionResults => "Questions", "Klausimai";
    QuestionResultsHint => "A question many learners get wrong may be unclear rather than hard.", "Klausimas, į kurį daug kas atsako neteisingai, gali būti neaiškus, o ne sunkus.";
    Question => "Question", "Klausimas";
    AnswersCount => "Answers", "Atsakymai";
    CorrectShare => "Correct", "Teisingi";
    ScenarioResults => "Scenario choices", "Scenarijų pasirinkimai";
    ScenarioResultsHint => "How many learners chose each option at each step, on their first play.", "Kiek besimokančiųjų pirmą kartą žaisdami pasirinko kiekvieną variantą kiekviename žingsnyje.";
    Choice => "Choice", "Pasirinkimas";
    TimesChosen => "Chosen", "Pasirinkta";
    LearnersList => "Learners", "Besimokantieji";
    NoResultsYet => "No learner has answered yet.", "Dar niekas neatsakė.";
    NotAvailableYet => "Not available yet", "Dar neprieinama";
    ProblemIo => "The file could not be read", "Failo nepavyko perskaityti";
    ProblemSymlink => "A symbolic link, which a course may not contain", "Simbolinė nuoroda, kurios kurse negali būti";
    ProblemNotUtf8 => "The file is not UTF-8 text", "Failas nėra UTF-8 tekstas";
    ProblemTooDeep => "Quotes, lists or HTML nested too deep", "Citatos, sąrašai ar HTML įdėti per giliai";
    ProblemBadSlug => "The course id is not valid", "Netinkamas kurso identifikatorius";
    ProblemMissingCourseToml => "course.toml is missing", "Trūksta course.toml";
    ProblemTomlSyntax => "TOML syntax error", "TOML sintaksės klaida";
    ProblemFrontMatter => "Front matter (+++) missing or not closed", "Trūksta priekinės dalies (+++) arba ji neuždaryta";
    ProblemUnknownKey => "Unknown key", "Nežinomas raktas";
    ProblemMissingKey => "Required key missing", "Trūksta privalomo rakto";
    ProblemInvalidValue => "Value of the wrong kind or out of range", "Netinkamo tipo arba ribų reikšmė";
    ProblemNoModules => "The course has no modules", "Kursas neturi modulių";
    ProblemBadFileName => "Not a module file name", "Netinkamas modulio failo pavadinimas";
    ProblemLanguageNotListed => "Language not listed in course.toml", "Kalba nenurodyta course.toml";
    ProblemMissingTranslation => "Translation missing", "Trūksta vertimo";
    ProblemTranslationStatusMissing => "translation_status missing", "Trūksta translation_status";
    ProblemTranslationStatusForbidden => "translation_status in the source language", "translation_status šaltinio kalba";
    ProblemTranslationMismatch => "Translation differs from the source", "Vertimas skiriasi nuo šaltinio";
    ProblemDuplicateId => "Id used twice", "Identifikatorius panaudotas du kartus";
    ProblemBadId => "Id not valid", "Netinkamas identifikatorius";
    ProblemUnterminatedBlock => "Block not closed with :::", "Blokas neuždarytas :::";
    ProblemStrayBlockEnd => "::: without an open block", "::: be atidaryto bloko";
    ProblemUnknownBlock => "Unknown block type", "Nežinomas bloko tipas";
    ProblemQuestionSyntax => "Question syntax", "Klausimo sintaksė";
    ProblemEmptyPrompt => "Question without text", "Klausimas be teksto";
    ProblemNoOptions => "Question without options", "Klausimas be atsakymų variantų";
    ProblemEmptyOption => "Empty option", "Tuščias atsakymo variantas";
    ProblemNoCorrectOption => "No correct option marked", "Nepažymėtas teisingas variantas";
    ProblemTooManyCorrect => "More than one correct option", "Daugiau nei vienas teisingas variantas";
    ProblemTrueFalseOptions => "True/false needs two options", "Teisinga/neteisinga klausimui reikia dviejų variantų";
    ProblemScenarioSyntax => "Scenario syntax", "Scenarijaus sintaksė";
    ProblemEmptyNarrative => "Step without text", "Žingsnis be teksto";
    ProblemNoChoices => "Step without choices", "Žingsnis be pasirinkimų";
    ProblemChoiceWithoutFeedback => "Choice without feedback", "Pasirinkimas be grįžtamojo ryšio";
    ProblemMissingTarget => "Points to a step that does not exist", "Nurodo neegzistuojantį žingsnį";
    ProblemUnreachable => "Cannot be reached from the start", "Nepasiekiamas nuo pradžios";
    ProblemNoEnding => "Scenario without an ending", "Scenarijus be pabaigos";
    ProblemNoWayOut => "No ending can be reached from here", "Iš čia nepasiekiama jokia pabaiga";
    ProblemBranchWithoutElse => "Branch without else", "Šakojimas be else";
    ProblemBranchLoop => "Branches go round in a circle", "Šakojimai sudaro ratą";
    ProblemMissingSources => "Sources section missing or not last", "Trūksta šaltinių skyriaus arba jis ne paskutinis";
    ProblemBrokenLink => "Link to a missing file", "Nuoroda į neegzistuojantį failą";
    ProblemUnsafeLink => "Link or image that will be removed", "Nuoroda ar paveikslėlis bus pašalinti";
    ProblemExternalImage => "Image from another website, shown to learners as a link", "Paveikslėlis iš kitos svetainės, besimokantiesiems rodomas kaip nuoroda";
    ProblemPrerequisite => "Prerequisite problem", "Išankstinio kurso problema";
    ProblemSuspicious => "Probably not what you meant", "Tikriausiai ne tai, ką turėjote omenyje";
    ProblemGlossary => "Problem in the glossary", "Terminų žodyno klaida";
    ProblemAvoidedTerm => "A term the glossary says to avoid", "Terminas, kurio žodynas siūlo vengti";
    PreviewAssessment => "Graded assessment: each attempt draws {draw} of the {bank} questions below, in a shuffled order; {attempts} attempts; reveal rule “{reveal}”.", "Vertinimas: kiekviename bandyme atsitiktine tvarka atrenkama {draw} iš toliau pateiktų {bank} klausimų; bandymų: {attempts}; atskleidimo taisyklė „{reveal}“.";
    ProblemAssessment => "Graded assessment settings", "Vertinimo nustatymai";
    ProblemNoLongerUsed => "No longer used", "Nebenaudojama";
    GlossaryTitle => "Glossary of terms", "Terminų žodynas";
    GlossaryIntro => "The terms these courses use, in English and Lithuanian, with short definitions and their sources. Translators and reviewers: the variants to avoid are listed under each term.", "Šiuose kursuose vartojami terminai anglų ir lietuvių kalbomis, su trumpais apibrėžimais ir šaltiniais. Vertėjams ir recenzentams: kiekvieno termino variantai, kurių reikia vengti, nurodyti prie termino.";
    GlossaryEmpty => "No glossary has been published with the courses.", "Su kursais terminų žodynas nepaskelbtas.";
    GlossarySource => "Source", "Šaltinis";
    GlossaryOtherLanguages => "In other languages", "Kitomis kalbomis";
    GlossaryAvoid => "Avoid", "Vengti";
    GlossaryLink => "Glossary of terms", "Terminų žodynas";
    CourseRetired => "Retired: removed from the course folder, so no longer offered to new learners", "Nebenaudojamas: pašalintas iš kursų aplanko, todėl naujiems besimokantiesiems nebesiūlomas";
    NavAuthoring => "Course editor", "Kursų redaktorius";
    AuthorTitle => "Course editor", "Kursų redaktorius";
    AuthorIntro => "Write and update courses in Markdown. Your changes are saved as drafts and reach learners only when you publish.", "Rašykite ir atnaujinkite kursus Markdown kalba. Pakeitimai išsaugomi kaip juodraščiai ir besimokančiuosius pasiekia tik juos paskelbus.";
    NoCourses => "There are no courses yet. Start one below, or upload a course folder.", "Kursų dar nėra. Pradėkite naują žemiau arba įkelkite kurso aplanką.";
    CourseId => "Course id", "Kurso identifikatorius";
    CourseIdHint => "Lowercase letters, digits and hyphens, e.g. labour-exploitation. It is the course's folder name and part of its address.", "Mažosios raidės, skaitmenys ir brūkšneliai, pvz., labour-exploitation. Tai kurso aplanko pavadinimas ir adreso dalis.";
    CourseIdInvalid => "Use only lowercase letters, digits and hyphens, e.g. labour-exploitation.", "Naudokite tik mažąsias raides, skaitmenis ir brūkšnelius, pvz., labour-exploitation.";
    CourseIdTaken => "A course with this id already exists.", "Kursas su tokiu identifikatoriumi jau yra.";
    CourseTitle => "Title", "Pavadinimas";
    CourseTitleEnglish => "Title in English", "Pavadinimas anglų kalba";
    PublishedVersion => "Published version", "Paskelbta versija";
    NotPublished => "Not published yet", "Dar nepaskelbta";
    UnpublishedChanges => "Unpublished changes", "Nepaskelbti pakeitimai";
    StartCourse => "Start a new course", "Pradėti naują kursą";
    UploadCourse => "Upload a course folder as a zip", "Įkelti kurso aplanką kaip zip failą";
    UploadHint => "A zip of one course folder with course.toml in it, at most 16 MB. It replaces the course's unpublished working copy; nothing reaches learners until you publish.", "Vieno kurso aplanko zip failas su course.toml, ne didesnis nei 16 MB. Jis pakeičia nepaskelbtą kurso darbinę kopiją; besimokančiuosius niekas nepasiekia, kol nepaskelbiate.";
    ZipFile => "Zip file", "Zip failas";
    Upload => "Upload", "Įkelti";
    ZipMissing => "Choose a zip file to upload.", "Pasirinkite įkeliamą zip failą.";
    ZipInvalid => "This file is not a usable course zip. It must be a zip of one course folder with course.toml in it, at most 16 MB unpacked to at most 64 MB.", "Šis failas nėra tinkamas kurso zip failas. Tai turi būti vieno kurso aplanko su course.toml zip failas, ne didesnis nei 16 MB, išpakuotas ne didesnis nei 64 MB.";
    Files => "Files", "Failai";
    FileChanged => "changed, not published", "pakeistas, nepaskelbtas";
    Edit => "Edit", "Redaguoti";
    RemoveFile => "Remove", "Pašalinti";
    FileRemoved => "The file was removed from the working copy. Publish to remove it for learners.", "Failas pašalintas iš darbinės kopijos. Paskelbkite, kad jis būtų pašalintas ir besimokantiesiems.";
    AddModule => "Add a module", "Pridėti modulį";
    ModuleFileName => "File name", "Failo pavadinimas";
    ModuleFileNameHint => "NN-name.<language>.md, e.g. 05-referral.en.md. A translation uses the same NN-name with its own language code.", "NN-pavadinimas.<kalba>.md, pvz., 05-referral.lt.md. Vertimas naudoja tą patį NN-pavadinimą su savo kalbos kodu.";
    ModuleFileNameInvalid => "Use the form NN-name.<language>.md, e.g. 05-referral.en.md.", "Naudokite formą NN-pavadinimas.<kalba>.md, pvz., 05-referral.en.md.";
    ModuleFileExists => "The course already has a file with this name.", "Kursas jau turi failą tokiu pavadinimu.";
    ModuleTitle => "Module title", "Modulio pavadinimas";
    CourseStarted => "Course started as a draft, with a first module. Write it, then publish.", "Kursas pradėtas kaip juodraštis su pirmuoju moduliu. Parašykite jį ir paskelbkite.";
    UploadSaved => "The zip was unpacked into the course's working copy. Check the problems listed, then publish.", "Zip failas išpakuotas į kurso darbinę kopiją. Peržiūrėkite išvardytas problemas ir paskelbkite.";
    ModuleAdded => "Module added as a draft. Open it to write its text.", "Modulis pridėtas kaip juodraštis. Atidarykite jį ir parašykite tekstą.";
    CheckPassed => "No errors: the course can be published.", "Klaidų nėra: kursą galima paskelbti.";
    CheckProblems => "Problems found by the course check", "Kurso patikros rastos problemos";
    SeverityError => "error", "klaida";
    SeverityWarning => "warning", "įspėjimas";
    LineColumn => "line {line}, column {column}", "{line} eilutė, {column} stulpelis";
    Hint => "Hint", "Patarimas";
    Publish => "Publish", "Paskelbti";
    PublishHint => "Publishing makes a new version that learners see. Learners who already started the course finish the version they began.", "Paskelbus sukuriama nauja versija, kurią mato besimokantieji. Jau pradėję kursą besimokantieji baigia pradėtą versiją.";
    PublishedAs => "Published. Learners now get version", "Paskelbta. Besimokantieji dabar gauna versiją";
    PublishUnchanged => "Nothing new to publish: the working copy is the same as the published version.", "Nėra ką skelbti: darbinė kopija tokia pati kaip paskelbta versija.";
    PublishBlocked => "The course has errors, listed on this page. Fix them, then publish again. Nothing was published.", "Kurse yra klaidų, jos išvardytos šiame puslapyje. Ištaisykite jas ir paskelbkite dar kartą. Niekas nebuvo paskelbta.";
    PublishedMeanwhile => "Someone else published this course while you were publishing it, so nothing was published. Review the course as it is now, then publish again.", "Kol skelbėte šį kursą, jį paskelbė kažkas kitas, todėl niekas nebuvo paskelbta. Peržiūrėkite, koks kursas yra dabar, ir paskelbkite dar kartą.";
    UploadChangedMeanwhile => "This course changed while your zip was being uploaded (someone saved a file or published it), so nothing was replaced. Review the course as it is now, then upload the zip again.", "Kol buvo įkeliamas jūsų zip failas, šis kursas pasikeitė (kažkas išsaugojo failą arba jį paskelbė), todėl niekas nebuvo pakeista. Peržiūrėkite, koks kursas yra dabar, ir įkelkite zip failą dar kartą.";
    DiscardChanges => "Discard unpublished changes", "Atmesti nepaskelbtus pakeitimus";
    ChangesDiscarded => "Unpublished changes were discarded.", "Nepaskelbti pakeitimai atmesti.";
    DownloadZip => "Download the published course as a zip", "Atsisiųsti paskelbtą kursą zip failu";
    EditorTitle => "Editing", "Redaguojama";
    EditorText => "Markdown text", "Markdown tekstas";
    EditorHelp => "The format is described in the authoring guide (docs/authoring.md).", "Formatas aprašytas kursų rengimo vadove (docs/authoring.md).";
    Preview => "Preview", "Peržiūra";
    PreviewPartial => "Questions and scenarios appear in the preview once the errors are fixed.", "Klausimai ir scenarijai peržiūroje pasirodys ištaisius klaidas.";
    PreviewLive => "The preview and the check update as you type.", "Peržiūra ir patikra atnaujinamos jums rašant.";
    SaveDraft => "Save draft and check", "Išsaugoti juodraštį ir patikrinti";
    SaveAndPublish => "Save and publish", "Išsaugoti ir paskelbti";
    FileSaved => "Draft saved. Learners do not see it until you publish.", "Juodraštis išsaugotas. Besimokantieji jo nemato, kol nepaskelbiate.";
    NoProblemsInFile => "No problems in this file.", "Šiame faile problemų nėra.";
    BackToCourse => "Back to the course", "Atgal į kursą";
    CorrectOption => "correct", "teisingas";
    OptionFeedback => "Feedback", "Grįžtamasis ryšys";
    Explanation => "Explanation", "Paaiškinimas";
    PointsValue => "{points} points", "taškų: {points}";
    ScenarioLabel => "Case scenario", "Atvejo scenarijus";
    StepLabel => "Step", "Žingsnis";
    LeadsTo => "leads to", "veda į";
    ScoreChange => "score", "balai";
    EndingLabel => "Ending", "Pabaiga";
    BranchOtherwise => "otherwise", "kitu atveju";
    OutcomeGoodPractice => "Good practice", "Gera praktika";
    OutcomeMixed => "Partly helpful", "Iš dalies naudinga";
    OutcomeHarmful => "Harmful", "Žalinga";
    ContentNote => "Content note", "Turinio įspėjimas";
    ExternalImageLink => "{alt} (an image on another website; opening it leaves Tiltas)", "{alt} (paveikslėlis kitoje svetainėje; jį atvėrę išeisite iš Tiltas)";
    ExternalImageInsideLink => "{alt} (an image on another website, not shown)", "{alt} (paveikslėlis kitoje svetainėje, nerodomas)";
    // Reports (issue 13, part "reports"): completion report, drill-down, exports and charts.
    NavReports => "Reports", "Ataskaitos";
    ReportsTitle => "Completion report", "Mokymų baigimo ataskaita";
    ReportsIntro => "Who is enrolled, who has started and finished, what is overdue, and which certificates are valid or running out. Choose a number to see the people behind it.", "Kas įrašytas, kas pradėjo ir baigė mokymus, kas pradelsta ir kurie pažymėjimai galioja ar baigia galioti. Pasirinkite skaičių, kad pamatytumėte, kurie žmonės už jo slypi.";
    ReportGroupBy => "Rows by", "Eilutės pagal";
    ReportCohort => "Cohort", "Grupė";
    ReportExpiringDays => "Expiring within (days)", "Baigia galioti per (dienų)";
    ReportShow => "Show report", "Rodyti ataskaitą";
    ReportEnrolled => "Enrolled", "Įrašyta";
    ReportNotStarted => "Not started", "Nepradėta";
    ReportInProgress => "In progress", "Pradėta";
    ReportCompleted => "Completed", "Baigta";
    ReportOverdue => "Overdue", "Pradelsta";
    ReportCertificatesValid => "Valid certificates", "Galiojantys pažymėjimai";
    ReportCertificatesExpiring => "Certificates expiring within {days} days", "Pažymėjimai, kurių galiojimas baigiasi per {days} d.";
    ReportCertificatesExpired => "Expired certificates", "Nebegaliojantys pažymėjimai";
    ReportDaysInvalid => "Enter a whole number of days from 1 to 3650.", "Įveskite sveikąjį dienų skaičių nuo 1 iki 3650.";
    ReportStatusUnknown => "This report figure does not exist.", "Tokio ataskaitos rodiklio nėra.";
    ReportNoCohort => "In no cohort", "Nepriskirti jokiai grupei";
    ReportOtherOrganisations => "Other organisations", "Kitos organizacijos";
    ReportTotal => "Total", "Iš viso";
    ReportDueDate => "Due date", "Terminas";
    ReportCompletedOn => "Completed on", "Baigimo data";
    ReportIssuedOn => "Issued on", "Išdavimo data";
    ReportExpiresOn => "Valid until", "Galioja iki";
    ReportNothing => "Nothing matches these filters.", "Pagal šiuos filtrus nieko nerasta.";
    ReportDownloadCsv => "Download as CSV (for spreadsheets)", "Atsisiųsti CSV failą (skaičiuoklei)";
    ReportTableCaption => "Enrolments and certificates", "Įrašymai ir pažymėjimai";
    ReportChartsTitle => "Charts", "Diagramos";
    ReportCompletionsChart => "Courses completed per month, by organisation", "Per mėnesį baigti kursai pagal organizacijas";
    ReportCompletionsChartDescription => "Completions in each of the last 12 months, one line for each of the {count} organisations with the most completions, the rest together. The same figures are in the table below the chart.", "Kiekvieno iš paskutinių 12 mėnesių baigimų skaičius: po liniją kiekvienai iš {count} organizacijų, turinčių daugiausia baigimų, o likusios kartu. Tie patys skaičiai pateikti lentelėje po diagrama.";
    ReportScoresChart => "Best scores at graded assessments", "Geriausi vertinamųjų testų rezultatai";
    ReportScoresChartDescription => "How many learners' best score at a graded assessment falls in each band of 10 percent, {count} in all. The same figures are in the table below the chart.", "Kiek besimokančiųjų geriausias vertinamojo testo rezultatas patenka į kiekvieną 10 procentų intervalą; iš viso {count}. Tie patys skaičiai pateikti lentelėje po diagrama.";
    ReportChartFigures => "The chart's figures", "Diagramos skaičiai";
    ReportMonth => "Month", "Mėnuo";
    ReportScoreBand => "Score", "Rezultatas";
    ReportLearners => "Learners", "Besimokantieji";
    ReportBack => "Back to the report", "Grįžti į ataskaitą";
    ReportNextPage => "Next page", "Kitas puslapis";
    ReportFirstPage => "First page", "Pirmas puslapis";
    ReportNobody => "Nobody is counted here.", "Čia nieko nėra.";
    ReportPeopleIntro => "The people counted under this figure, by name.", "Žmonės, įskaičiuoti į šį skaičių, pagal vardą.";
    ReportDeactivated => "This account is deactivated.", "Ši paskyra išjungta.";
    ReportCohorts => "Cohorts", "Grupės";
    ReportNotEnrolled => "Not enrolled in any course.", "Neįrašytas į jokį kursą.";
    ReportEnrolledOn => "Enrolled on", "Įrašymo data";
    ReportProgress => "Progress", "Pažanga";
    ReportAttempts => "Graded attempts", "Vertinami bandymai";
    ReportAttemptItem => "Assessment or scenario", "Testas ar scenarijus";
    ReportAttemptNumber => "Attempt", "Bandymas";
    ReportPoints => "Points", "Taškai";
    ReportPassed => "Passed", "Išlaikyta";
    ReportNotPassed => "Not passed", "Neišlaikyta";
    ReportNoAttempts => "No graded attempts yet.", "Vertinamų bandymų dar nėra.";
    ReportCertificateCode => "Code", "Kodas";
    ReportCertificates => "Certificates", "Pažymėjimai";
    ReportNoCertificates => "No certificates.", "Pažymėjimų nėra.";
    // People and organisations administration (issue 13, part "people-admin").
    HomeOrganisationAdminIntro => "As an administrator of {organisation} you manage its people and their course assignments.", "Kaip organizacijos „{organisation}“ administratorius tvarkote jos žmones ir jiems priskirtus kursus.";
    StatusDeactivated => "Deactivated", "Išjungta";
    StatusErased => "Personal data erased", "Asmens duomenys ištrinti";
    AccountDeactivated => "This account has been deactivated. Ask your administrator if you need access again.", "Ši paskyra išjungta. Jei vėl reikia prieigos, kreipkitės į savo administratorių.";
    MayNotGrantAdministrator => "Only a platform administrator can give or remove the administrator role.", "Administratoriaus vaidmenį suteikti arba atimti gali tik platformos administratorius.";
    CannotRemoveOwnAdministrator => "You cannot remove your own administrator role. Another administrator can do it if needed.", "Negalite atimti savo paties administratoriaus vaidmens. Jei reikia, tai gali padaryti kitas administratorius.";
    CannotDeactivateYourself => "You cannot deactivate your own account.", "Negalite išjungti savo paties paskyros.";
    CannotResetYourOwnPassword => "Change your own password on your profile page.", "Savo slaptažodį pakeiskite profilio puslapyje.";
    ReactivateFirst => "This account is deactivated. Reactivate it first, then issue a new link.", "Ši paskyra išjungta. Pirmiausia ją vėl įjunkite, tada išduokite naują saitą.";
    SearchPeople => "Name or email address", "Vardas, pavardė arba el. pašto adresas";
    ShowPeople => "Show people", "Rodyti žmones";
    NoPeopleMatch => "Nobody matches these choices.", "Nėra žmonių, atitinkančių šiuos pasirinkimus.";
    PeopleShown => "Showing {first}–{last} of {total}", "Rodomi {first}–{last} iš {total}";
    PagesOfPeople => "Pages of the list", "Sąrašo puslapiai";
    PageOf => "page {page} of {pages}", "{page} puslapis iš {pages}";
    PreviousPage => "Previous page", "Ankstesnis puslapis";
    NextPage => "Next page", "Kitas puslapis";
    BackToPeople => "Back to the list of people", "Atgal į žmonių sąrašą";
    AccountCreatedOn => "Created", "Sukurta";
    LastSignIn => "Last sign-in", "Paskutinis prisijungimas";
    NeverSignedIn => "Never", "Niekada";
    EditDetails => "Details", "Duomenys";
    PersonSaved => "The details were saved.", "Duomenys išsaugoti.";
    SaveRoles => "Save roles", "Išsaugoti vaidmenis";
    RolesSaved => "The roles were saved.", "Vaidmenys išsaugoti.";
    SigningIn => "Signing in", "Prisijungimas";
    DeactivateHint => "A deactivated person cannot sign in and is signed out everywhere at once. Their records and certificates stay, and the account can be reactivated.", "Išjungtos paskyros savininkas negali prisijungti ir iš karto atjungiamas visuose įrenginiuose. Jo įrašai ir pažymėjimai išlieka, o paskyrą galima vėl įjungti.";
    Deactivate => "Deactivate account", "Išjungti paskyrą";
    PersonDeactivated => "The account was deactivated and all its sessions ended. Its records and certificates are kept.", "Paskyra išjungta, visos jos sesijos baigtos. Jos įrašai ir pažymėjimai išsaugoti.";
    ReactivateHint => "This account is deactivated: the person cannot sign in. Reactivating it lets them sign in again with their password.", "Ši paskyra išjungta: asmuo negali prisijungti. Vėl įjungus paskyrą, jis galės prisijungti savo slaptažodžiu.";
    Reactivate => "Reactivate account", "Vėl įjungti paskyrą";
    PersonReactivated => "The account was reactivated. The person can sign in again.", "Paskyra vėl įjungta. Asmuo vėl gali prisijungti.";
    ResetPasswordHint => "A new one-time link lets the person choose a new password. Their current password stops working at once and they are signed out everywhere.", "Naujas vienkartinis saitas leidžia asmeniui pasirinkti naują slaptažodį. Dabartinis slaptažodis iš karto nebegalioja, o asmuo atjungiamas visuose įrenginiuose.";
    ResetPassword => "Reset the password", "Nustatyti slaptažodį iš naujo";
    RenewInviteHint => "The person has not set a password yet. A new one-time link replaces the earlier ones.", "Asmuo dar nenustatė slaptažodžio. Naujas vienkartinis saitas pakeičia ankstesnius.";
    RenameOrganisation => "New name", "Naujas pavadinimas";
    Rename => "Rename", "Pervadinti";
    NewNameFor => "New name for {organisation}", "Naujas organizacijos „{organisation}“ pavadinimas";
    OrganisationRenamed => "Organisation renamed.", "Organizacija pervadinta.";
    ErasedPersonUnchangeable => "This person's personal data has been erased, so their account can no longer be changed.", "Šio asmens duomenys ištrinti, todėl jo paskyros nebegalima keisti.";
    // Issue 13, audit and privacy: the audit log, the learner's data download, erasure.
    NavAudit => "Audit log", "Audito žurnalas";
    AuditTitle => "Audit log", "Audito žurnalas";
    AuditIntro => "What was done and by whom: sign-ins, changes to people and certificates, exports and erasures, newest first. Entries are never changed or deleted.", "Kas ir ką atliko: prisijungimai, asmenų ir pažymėjimų pakeitimai, eksportai ir ištrynimai, naujausi viršuje. Įrašai niekada nekeičiami ir netrinami.";
    AuditActionFilter => "Action", "Veiksmas";
    AuditAllActions => "All actions", "Visi veiksmai";
    AuditPersonFilter => "Person (name or email address)", "Asmuo (vardas, pavardė ar el. pašto adresas)";
    AuditFrom => "From", "Nuo";
    AuditTo => "To", "Iki";
    AuditTime => "Time", "Laikas";
    AuditActor => "Done by", "Atliko";
    AuditSubject => "Concerning", "Susijęs asmuo";
    AuditDetail => "Details", "Išsami informacija";
    AuditAddress => "IP address", "IP adresas";
    AuditBySystem => "Tiltas (automatically)", "Tiltas (automatiškai)";
    AuditNoEvents => "No entries match these filters.", "Pagal šiuos filtrus įrašų nerasta.";
    AuditOlder => "Older entries", "Senesni įrašai";
    AuditNewest => "Back to the newest entries", "Grįžti į naujausius įrašus";
    AuditDownloadCsv => "Download these entries as CSV", "Atsisiųsti šiuos įrašus CSV formatu";
    AuditActionUnknown => "Choose an action from the list.", "Pasirinkite veiksmą iš sąrašo.";
    DateInvalid => "Enter a date as YYYY-MM-DD, e.g. 2026-12-01.", "Įveskite datą formatu MMMM-MM-DD, pvz., 2026-12-01.";
    DateRangeReversed => "This date is before the start date.", "Ši data yra ankstesnė už pradžios datą.";
    MyDataTitle => "Your data", "Jūsų duomenys";
    MyDataIntro => "Download everything Tiltas holds about you as a JSON file: your account, courses and progress, answers, scenario plays, certificates, groups, and the record of sign-ins and changes concerning you.", "Atsisiųskite JSON failu viską, ką Tiltas saugo apie jus: paskyros duomenis, kursus ir pažangą, atsakymus, scenarijų eigą, pažymėjimus, grupes ir prisijungimų bei su jumis susijusių pakeitimų įrašus.";
    MyDataDownload => "Download my data", "Atsisiųsti mano duomenis";
    EraseTitle => "Erase a person's data", "Asmens duomenų ištrynimas";
    EraseWhatHappens => "What will happen", "Kas bus padaryta";
    EraseStepAccount => "Their name and email address are removed and their password and language cleared; the account can no longer be used.", "Pašalinami asmens vardas, pavardė ir el. pašto adresas, išvalomi slaptažodis ir kalbos pasirinkimas; paskyra tampa nebenaudojama.";
    EraseStepSessions => "They are signed out everywhere, and their invitation links and group memberships are removed.", "Asmuo atjungiamas visuose įrenginiuose, pašalinamos jo kvietimo nuorodos ir narystė grupėse.";
    EraseStepCertificates => "Their certificates stay verifiable as issued to a person whose data was erased: the verification page and the PDF no longer show the name, and stored signed credentials are deleted.", "Asmens pažymėjimų galiojimą ir toliau galima patikrinti kaip išduotų asmeniui, kurio duomenys ištrinti: patikros puslapyje ir PDF dokumente vardas ir pavardė nebenurodomi, o saugomi pasirašyti kredencialai ištrinami.";
    EraseStepRecords => "Course progress, answers and audit entries stay without the name, so that reports remain correct. This cannot be undone.", "Kursų pažanga, atsakymai ir audito įrašai išsaugomi be vardo ir pavardės, kad ataskaitos išliktų teisingos. Šio veiksmo atšaukti negalima.";
    EraseCertificateCount => "Certificates issued to this person: {count}", "Šiam asmeniui išduotų pažymėjimų: {count}";
    EraseConfirmation => "To confirm, type this person's email address", "Patvirtinkite įvesdami šio asmens el. pašto adresą";
    EraseButton => "Erase this person's data", "Ištrinti šio asmens duomenis";
    EraseConfirmationWrong => "This is not the person's email address. Type it exactly as shown above.", "Tai ne šio asmens el. pašto adresas. Įveskite jį tiksliai taip, kaip nurodyta aukščiau.";
    EraseNotYourself => "You cannot erase your own data. Ask another administrator to do it.", "Savo duomenų ištrinti negalite. Paprašykite, kad tai padarytų kitas administratorius.";
    EraseAdministratorPlatformOnly => "Only a platform administrator can erase an administrator's data.", "Administratoriaus duomenis gali ištrinti tik platformos administratorius.";
    PersonErasedMessage => "The person's data has been erased.", "Asmens duomenys ištrinti.";
    AlreadyErased => "This person's data has already been erased.", "Šio asmens duomenys jau ištrinti.";
    HolderErased => "A person whose data was erased", "Asmuo, kurio duomenys ištrinti";
    // Cohorts and the CSV import of people (issue 13, part "cohorts").
    CohortsTitle => "Cohorts", "Grupės";
    CohortsIntro => "A cohort is a group of people who learn together, such as an intake, a shift or the participants of a training day. A course assigned to a cohort is assigned to everyone in it, including people who join later.", "Grupė – tai kartu besimokantys žmonės, pavyzdžiui, vienos laidos naujokai, pamaina ar mokymų dienos dalyviai. Grupei priskirtas kursas priskiriamas visiems jos nariams, taip pat ir tiems, kurie į ją bus įtraukti vėliau.";
    NoCohorts => "There are no cohorts yet.", "Grupių dar nėra.";
    CohortName => "Cohort name", "Grupės pavadinimas";
    CohortMembers => "Members", "Nariai";
    AcrossOrganisations => "Across organisations", "Bendra kelioms organizacijoms";
    AddCohort => "Add cohort", "Pridėti grupę";
    CohortOwnOrganisation => "The cohort will belong to your organisation.", "Grupė priklausys jūsų organizacijai.";
    CohortNameTaken => "A cohort with this name already exists.", "Grupė tokiu pavadinimu jau yra.";
    CohortCreated => "Cohort added.", "Grupė pridėta.";
    CohortCourses => "Assigned courses", "Priskirti kursai";
    CohortCoursesIntro => "Assigning a course enrols every learner of the cohort with the due date given. Learners already taking the course keep their progress. People who join the cohort later are enrolled when they join. Assigning a course again changes its due date.", "Priskyrus kursą, visi grupės besimokantieji įrašomi į jį su nurodytu terminu. Jau šį kursą einantys besimokantieji išsaugo savo pažangą. Vėliau į grupę įtraukti žmonės į kursą įrašomi įtraukimo metu. Pakartotinai priskyrus kursą, pakeičiamas jo terminas.";
    NoCohortCourses => "No course is assigned to this cohort yet.", "Šiai grupei dar nepriskirtas joks kursas.";
    AssignedOn => "Assigned", "Priskirta";
    NoDueDate => "No due date", "Be termino";
    CohortCourseAssigned => "Course assigned to the cohort. Its learners are enrolled.", "Kursas priskirtas grupei. Jos besimokantieji įrašyti į kursą.";
    CohortAddByEmail => "Add people by email address", "Pridėti žmones pagal el. pašto adresą";
    CohortAddByEmailHint => "One email address per line. If any line cannot be added, nobody is added and each such line is listed.", "Po vieną el. pašto adresą eilutėje. Jei kurios nors eilutės pridėti negalima, nepridedamas niekas, o visos tokios eilutės išvardijamos.";
    CohortAddMembers => "Add to cohort", "Pridėti į grupę";
    CohortEmailsMissing => "Enter at least one email address.", "Įveskite bent vieną el. pašto adresą.";
    CohortEmailsRejected => "Some lines cannot be added, so nobody was added. Correct or remove them and try again.", "Kai kurių eilučių pridėti negalima, todėl niekas nepridėtas. Pataisykite arba pašalinkite jas ir bandykite dar kartą.";
    LineProblem => "Line {line} ({text}):", "{line} eilutė ({text}):";
    CohortEmailUnknown => "There is nobody with this email address among the people you administer.", "Tarp jūsų administruojamų žmonių nėra nė vieno su šiuo el. pašto adresu.";
    CohortEmailOtherOrganisation => "This person belongs to another organisation than the cohort.", "Šis asmuo priklauso kitai organizacijai nei grupė.";
    CohortTooManyEmails => "Add at most 1,000 people at once; import a CSV file for more.", "Vienu kartu pridėkite ne daugiau kaip 1 000 žmonių; daugiau importuokite iš CSV failo.";
    CohortMembersAdded => "People added to the cohort and enrolled in its courses.", "Žmonės pridėti į grupę ir įrašyti į jos kursus.";
    CohortMembersAddedCount => "New members: {count}", "Naujų narių: {count}";
    CohortMemberRemoved => "Removed from the cohort. The person's enrolments and progress stay.", "Pašalinta iš grupės. Asmens įrašai į kursus ir pažanga išlieka.";
    NoCohortMembers => "This cohort has no members yet.", "Šioje grupėje dar nėra narių.";
    JoinedOn => "Joined", "Įtraukimo data";
    CohortRemoveMember => "Remove from cohort", "Pašalinti iš grupės";
    Pages => "Pages", "Puslapiai";
    PageNumber => "Page {page}", "{page} puslapis";
    ImportTitle => "Import people from CSV", "Importuoti žmones iš CSV";
    ImportIntro => "Add or update many people at once from a CSV file (UTF-8, separated by commas, with a header line). First preview what will happen: nothing is saved until you confirm.", "Pridėkite arba atnaujinkite daug žmonių iš karto iš CSV failo (UTF-8, reikšmės atskirtos kableliais, su antraštės eilute). Pirmiausia peržiūrėkite, kas bus padaryta: niekas neišsaugoma, kol nepatvirtinsite.";
    ImportColumnsHelp => "Columns, in any order: name and email (required); organisation (its name; if empty, yours, or none for a platform administrator); roles (learner, trainer, organisation_administrator, administrator, separated by \";\"; if empty, learner); cohort (its name; created if it does not exist).", "Stulpeliai bet kokia tvarka: name ir email (privalomi); organisation (organizacijos pavadinimas; jei tuščia – jūsų organizacija, o platformos administratoriui – jokia); roles (learner, trainer, organisation_administrator, administrator, atskirti „;“; jei tuščia – learner); cohort (grupės pavadinimas; jei tokios grupės nėra, ji sukuriama).";
    ImportRulesHelp => "An email address that already has an account updates that person: the name becomes the file's and missing roles are added. An import never removes roles and never moves anyone to another organisation. Importing the same file again changes nothing.", "Jei el. pašto adresu paskyra jau yra, asmens duomenys atnaujinami: vardas ir pavardė pakeičiami nurodytais faile, trūkstami vaidmenys pridedami. Importuojant vaidmenys niekada nepašalinami ir niekas neperkeliamas į kitą organizaciją. Pakartotinai importavus tą patį failą, niekas nepasikeičia.";
    ImportFile => "CSV file", "CSV failas";
    ImportPaste => "Or paste the CSV text", "Arba įklijuokite CSV tekstą";
    ImportPreviewButton => "Preview", "Peržiūrėti";
    ImportConfirmButton => "Import", "Importuoti";
    ImportNothingChosen => "Choose a file or paste the CSV text.", "Pasirinkite failą arba įklijuokite CSV tekstą.";
    ImportPreviewTitle => "Preview", "Peržiūra";
    ImportProblemsTitle => "Problems to correct", "Klaidos, kurias reikia ištaisyti";
    ImportProblemsIntro => "Nothing can be imported until every problem is corrected. Correct the file and preview it again.", "Kol visos klaidos neištaisytos, nieko importuoti negalima. Ištaisykite failą ir vėl jį peržiūrėkite.";
    ImportLine => "Line", "Eilutė";
    ImportColumn => "Column", "Stulpelis";
    ImportProblem => "Problem", "Klaida";
    ImportWholeFile => "whole file", "visas failas";
    ImportChange => "What happens", "Kas bus padaryta";
    ImportNew => "New person", "Naujas asmuo";
    ImportUnchanged => "Unchanged", "Be pakeitimų";
    ImportUpdatedName => "Name updated", "Atnaujinamas vardas ir pavardė";
    ImportRolesAdded => "Roles added: {roles}", "Pridedami vaidmenys: {roles}";
    ImportJoinsCohort => "Joins cohort {cohort}", "Įtraukimas į grupę {cohort}";
    ImportJoinsNewCohort => "Joins new cohort {cohort}", "Įtraukimas į naują grupę {cohort}";
    ImportSummary => "New people: {new}. Updated: {updated}. Unchanged: {unchanged}. Cohort memberships: {joins}. New cohorts: {cohorts}.", "Naujų žmonių: {new}. Atnaujinta: {updated}. Be pakeitimų: {unchanged}. Įtraukimų į grupes: {joins}. Naujų grupių: {cohorts}.";
    ImportReady => "No problems found. Check the table, then import.", "Klaidų nerasta. Patikrinkite lentelę ir importuokite.";
    ImportDone => "Import finished.", "Importas baigtas.";
    ImportInvitationsTitle => "Invitation links for the new people", "Naujų žmonių kvietimo saitai";
    ImportInvitationsIntro => "Give each person their own link: it lets them set their password and is valid for 7 days. The links are shown only now.", "Kiekvienam asmeniui perduokite jo saitą: juo asmuo nusistatys slaptažodį, saitas galioja 7 dienas. Saitai rodomi tik dabar.";
    InviteLink => "Link", "Saitas";
    ImportAgain => "Import another file", "Importuoti kitą failą";
    ImportHasErrors => "The file has problems, so nothing was imported. Correct them and preview the file again.", "Faile yra klaidų, todėl niekas neimportuota. Ištaisykite jas ir vėl peržiūrėkite failą.";
    ImportTooLarge => "The file is larger than {value} KB. Split it into smaller files.", "Failas didesnis nei {value} KB. Padalykite jį į mažesnius failus.";
    ImportNotUtf8 => "The file is not UTF-8 text from this line on. Save it as \"CSV UTF-8\" and try again.", "Nuo šios eilutės failas nėra UTF-8 tekstas. Išsaugokite jį kaip „CSV UTF-8“ ir bandykite dar kartą.";
    ImportNoHeader => "The first line must name the columns: name, email and, if needed, organisation, roles, cohort.", "Pirmoje eilutėje turi būti stulpelių pavadinimai: name, email ir, jei reikia, organisation, roles, cohort.";
    ImportColumnTwice => "The column {value} appears twice.", "Stulpelis {value} pasikartoja.";
    ImportUnknownColumn => "Unknown column \"{value}\". The columns are name, email, organisation, roles and cohort.", "Nežinomas stulpelis „{value}“. Galimi stulpeliai: name, email, organisation, roles ir cohort.";
    ImportMissingColumn => "The column {value} is missing.", "Trūksta stulpelio {value}.";
    ImportMalformed => "This line cannot be read as CSV (check the quotation marks).", "Šios eilutės nepavyksta perskaityti kaip CSV (patikrinkite kabutes).";
    ImportTooManyRows => "A file may hold at most {value} people. Split it into smaller files.", "Faile gali būti ne daugiau kaip {value} žmonių. Padalykite jį į mažesnius failus.";
    ImportDuplicateEmail => "This email address is already on line {value}.", "Šis el. pašto adresas jau yra {value} eilutėje.";
    ImportEmailMissing => "The email address is missing.", "Trūksta el. pašto adreso.";
    ImportUnknownRole => "Unknown role \"{value}\". Use learner, trainer, organisation_administrator or administrator, separated by \";\".", "Nežinomas vaidmuo „{value}“. Naudokite learner, trainer, organisation_administrator arba administrator, atskirtus „;“.";
    ImportNoRows => "The file has no people after the header line.", "Faile po antraštės eilutės nėra nė vieno asmens.";
    ImportPersonNotYours => "This email address belongs to an account you do not administer.", "Šis el. pašto adresas priklauso paskyrai, kurios jūs neadministruojate.";
    ImportOrganisationNotYours => "You can import people into your own organisation only.", "Žmones galite importuoti tik į savo organizaciją.";
    ImportUnknownOrganisation => "There is no organisation called \"{value}\". Add it first, or correct the name.", "Organizacijos „{value}“ nėra. Pirmiausia ją pridėkite arba pataisykite pavadinimą.";
    ImportOtherOrganisation => "This person already belongs to another organisation. Change it on their page, not by an import.", "Šis asmuo jau priklauso kitai organizacijai. Ją pakeiskite asmens puslapyje, o ne importuodami.";
    ImportRoleNotAllowed => "You may not give the role {value}.", "Jūs negalite suteikti vaidmens {value}.";
    ImportCohortNotYours => "The cohort \"{value}\" belongs to another organisation.", "Grupė „{value}“ priklauso kitai organizacijai.";
    ImportCohortOtherOrganisation => "The cohort \"{value}\" is another organisation's than this person's.", "Grupė „{value}“ priklauso kitai organizacijai nei šis asmuo.";

    // Email (issue 15, integrations): messages sent by SMTP, in the recipient's language.
    EmailGreeting => "Hello {name},", "Sveiki, {name},";
    EmailFooter => "This message was sent automatically by {site}. Please do not reply to it.", "Šį pranešimą automatiškai išsiuntė {site}. Prašome į jį neatsakyti.";
    EmailInvitationSubject => "Your account on {site}", "Jūsų paskyra sistemoje {site}";
    EmailInvitationBody => "An account has been made for you on {site}, training for people who meet victims of trafficking. Open the link below to choose your password. It works once, until {date}.", "Jums sukurta paskyra sistemoje {site} – mokymuose žmonėms, kurie susiduria su prekybos žmonėmis aukomis. Atverkite žemiau esantį saitą ir nusistatykite slaptažodį. Saitas veikia vieną kartą, iki {date}.";
    EmailPasswordResetSubject => "Choose a new password for {site}", "Nusistatykite naują slaptažodį sistemoje {site}";
    EmailPasswordResetBody => "An administrator has reset your password on {site}. Open the link below to choose a new one. It works once, until {date}. If you did not expect this, tell your administrator.", "Administratorius atstatė jūsų slaptažodį sistemoje {site}. Atverkite žemiau esantį saitą ir nusistatykite naują. Saitas veikia vieną kartą, iki {date}. Jei to nesitikėjote, praneškite administratoriui.";
    EmailChoosePassword => "Choose your password", "Nusistatyti slaptažodį";
    EmailDueSoonSubject => "Reminder: \"{course}\" is due on {date}", "Priminimas: kursą „{course}“ reikia baigti iki {date}";
    EmailDueSoonBody => "The course \"{course}\" assigned to you is due on {date}, and you have not completed it yet.", "Jums paskirtą kursą „{course}“ reikia baigti iki {date}, o jūs jo dar nebaigėte.";
    EmailOverdueSubject => "Overdue: \"{course}\" was due on {date}", "Vėluojate: kursą „{course}“ reikėjo baigti iki {date}";
    EmailOverdueBody => "The course \"{course}\" assigned to you was due on {date} and is not completed yet. Please complete it as soon as you can.", "Jums paskirtą kursą „{course}“ reikėjo baigti iki {date}, tačiau jis dar nebaigtas. Prašome jį baigti kuo greičiau.";
    EmailOpenCourse => "Open the course", "Atverti kursą";
    EmailExpiringSubject => "Your certificate for \"{course}\" expires on {date}", "Jūsų kurso „{course}“ pažymėjimas baigia galioti {date}";
    EmailExpiringBody => "Your certificate for the course \"{course}\" expires on {date}. Take the course again before then to renew it.", "Jūsų kurso „{course}“ pažymėjimas baigia galioti {date}. Kad jį atnaujintumėte, iki tol kursą išklausykite dar kartą.";
    EmailSeeCertificates => "See your certificates", "Peržiūrėti pažymėjimus";
    EmailApprovalDigestSubject => "Certificates awaiting approval: {count}", "Patvirtinimo laukiantys pažymėjimai: {count}";
    EmailApprovalDigestBody => "Completed courses waiting for your approval before their certificates are issued: {count}.", "Baigti kursai, kurių pažymėjimai bus išduoti tik jums patvirtinus: {count}.";
    EmailReviewApprovals => "Review them", "Peržiūrėti";
    PersonCreatedEmailed => "Account created. The one-time link is being emailed to the person; it works once, for 7 days. You can also hand it over yourself:", "Paskyra sukurta. Vienkartinis saitas siunčiamas asmeniui el. paštu; jis veikia vieną kartą, 7 dienas. Jį galite perduoti ir patys:";
    ImportInvitationsEmailed => "Each person's link is being emailed to them. It lets them set their password and is valid for 7 days; you can also hand it over yourself. The links are shown only now.", "Kiekvienam asmeniui jo saitas siunčiamas el. paštu. Juo asmuo nusistatys slaptažodį, saitas galioja 7 dienas; jį galite perduoti ir patys. Saitai rodomi tik dabar.";
    InviteRenewedEmailed => "New one-time link, being emailed to the person (earlier links no longer work):", "Naujas vienkartinis saitas, siunčiamas asmeniui el. paštu (ankstesni saitai nebegalioja):";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_quality_values() {
        assert_eq!(Locale::negotiate("lt-LT,lt;q=0.9,en;q=0.8"), Some(Locale::Lt));
        assert_eq!(Locale::negotiate("en-GB,en;q=0.9,lt;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::negotiate("de-DE, lt;q=0.5, en;q=0.7"), Some(Locale::En));
        assert_eq!(Locale::negotiate("lt;q=0"), None);
        assert_eq!(Locale::negotiate("de, fr"), None);
        assert_eq!(Locale::negotiate(""), None);
    }

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in Msg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} is empty in {locale:?}");
            }
        }
    }

    #[test]
    fn placeholders_survive_translation() {
        for msg in Msg::ALL {
            let en_placeholders: Vec<_> = msg.text(Locale::En).matches('{').collect();
            let lt_placeholders: Vec<_> = msg.text(Locale::Lt).matches('{').collect();
            assert_eq!(en_placeholders.len(), lt_placeholders.len(), "{msg:?}");
        }
        assert_eq!(fill(Msg::TooManyAttempts.text(Locale::En), &[("minutes", "15")]),
            "Too many sign-in attempts. Please wait 15 minutes and try again.");
    }
}
