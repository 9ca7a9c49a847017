//! The translation table, offline reading and answering (issue 16): keeping a course on the
//! device, answers waiting for the connection, and the offline page. Each area of the table is a
//! macro that appends its lines and hands the table on to the next (see `i18n::messages`).

macro_rules! offline_messages {
    ([$next:ident $(, $rest:ident)*] $($table:tt)*) => {
        $next! { [$($rest),*] $($table)*
            // Offline reading and answering (issue 16, part "offline").
            OfflineKeepHeading => "Use this course without a connection", "Naudotis šiuo kursu be interneto ryšio";
            OfflineKeepIntro => "Keep this course on this device to read its modules and answer their practice questions where there is no signal. Only you see what is kept: signing out or the quick exit deletes it from the device.", "Išsaugokite šį kursą šiame įrenginyje, kad galėtumėte skaityti jo modulius ir atsakyti į jų pratybų klausimus ten, kur nėra ryšio. Tai, kas išsaugota, matote tik jūs: atsijungus arba paspaudus greitojo išėjimo mygtuką, tai ištrinama iš įrenginio.";
            OfflineKeepLimits => "Graded assessments and case scenarios need a connection: they are not kept on the device.", "Vertinamiesiems testams ir atvejų scenarijams reikia interneto ryšio: jie įrenginyje neišsaugomi.";
            OfflineKeepButton => "Keep this course on this device", "Išsaugoti šį kursą šiame įrenginyje";
            OfflineForgetButton => "Remove it from this device", "Pašalinti jį iš šio įrenginio";
            OfflineKeeping => "Saving the course on this device…", "Kursas išsaugomas šiame įrenginyje…";
            OfflineKept => "This course is kept on this device: its modules open without a connection.", "Šis kursas išsaugotas šiame įrenginyje: jo moduliai atsidaro ir be interneto ryšio.";
            OfflineKeepFailed => "The course could not be saved on this device. Try again when the connection is better.", "Kurso nepavyko išsaugoti šiame įrenginyje. Bandykite dar kartą, kai ryšys bus geresnis.";
            OfflineRemoved => "The course is no longer kept on this device.", "Kursas šiame įrenginyje nebesaugomas.";
            OfflineAnswerPending => "No connection: your answer is saved on this device and will be checked when you are back online.", "Nėra ryšio: jūsų atsakymas išsaugotas šiame įrenginyje ir bus patikrintas, kai vėl prisijungsite prie interneto.";
            OfflineReadPending => "No connection: the module will be marked as read when you are back online.", "Nėra ryšio: modulis bus pažymėtas kaip perskaitytas, kai vėl prisijungsite prie interneto.";
            OfflineSent => "You are back online: what you did without a connection has been sent.", "Vėl prisijungėte prie interneto: tai, ką atlikote be ryšio, išsiųsta.";
            OfflineAssessmentUnavailable => "Graded assessments need a connection: this one is not kept on this device and cannot be taken offline.", "Vertinamiesiems testams reikia interneto ryšio: šis testas šiame įrenginyje neišsaugotas, todėl be ryšio jo atlikti negalima.";
            OfflinePageTitle => "No connection", "Nėra interneto ryšio";
            OfflinePageText => "This page is not kept on this device, so it cannot open without a connection.", "Šis puslapis šiame įrenginyje neišsaugotas, todėl be interneto ryšio jo atverti negalima.";
            OfflinePageKept => "The modules of courses you keep on this device still open. Graded assessments, case scenarios and the other pages need a connection.", "Kursų, kuriuos išsaugojote šiame įrenginyje, moduliai vis tiek atsidaro. Vertinamiesiems testams, atvejų scenarijams ir kitiems puslapiams reikia interneto ryšio.";
            OfflinePageRetry => "Try again", "Bandyti dar kartą";
        }
    };
}
