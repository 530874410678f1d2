"""The centre's own words, in Polish and English. Policy facts (purposes, periods, titles,
the controller, the authority) are not here: they come from the register."""

from __future__ import annotations

from typing import Final

WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "site": "onetagger.com privacy centre",
        "nav_home": "Your privacy",
        "nav_request": "Make a request",
        "nav_cookies": "Cookie choices",
        "nav_policy": "Privacy policy",
        "home_title": "Your privacy at onetagger.com",
        "home_lead": "What we keep about you, why, for how long, and how to use your rights. "
        "We answer every request within one month of receiving it; where needed we may "
        "extend this by two further months, and then we tell you why within the first "
        "month (GDPR Art. 12(3)).",
        "rights_title": "Your rights",
        "right_access": "See your data",
        "right_access_text": "Ask what we hold about you and get a copy to download.",
        "right_portability": "Take your data with you",
        "right_portability_text": "Get the data you gave us in a machine-readable form, "
        "yourself or sent directly to an organisation you name.",
        "right_rectification": "Correct your data",
        "right_rectification_text": "Tell us what is wrong; change your name or e-mail "
        "in your account settings, or write to us.",
        "right_erasure": "Have your data erased",
        "right_erasure_text": "We delete your data unless the law, an active contract or a "
        "claim requires us to keep it; we tell you what we kept and why.",
        "right_restriction": "Restrict processing",
        "right_restriction_text": "Pause the use of your data while a question is checked.",
        "right_objection": "Object",
        "right_objection_text": "Object to processing based on our legitimate interest: "
        "tell us why you object, and we will consider your request.",
        "right_consent": "Withdraw consent",
        "right_consent_text": "Change your cookie choices or unsubscribe from marketing "
        "e-mail at any time, as easily as you gave consent.",
        "make_request": "Make a request",
        "kept_title": "What we keep, why and for how long",
        "kept_why": "Why",
        "kept_what": "What",
        "kept_basis": "Legal basis",
        "kept_how_long": "How long",
        "kept_recipients": "Who receives it",
        "unsubscribe_title": "Unsubscribing from marketing e-mail",
        "unsubscribe_text": "Every marketing e-mail we send has an unsubscribe link at the "
        "bottom: it opens a page with one button, and you are done.",
        "contact_title": "Who we are and whom to contact",
        "controller": "Controller",
        "contact": "Contact",
        "authority": "Where to complain",
        "authority_lead": "Our lead supervisory authority",
        "authority_yours": "The authority in your country",
        "authorities_all": "Every data protection authority in the EU and EEA",
        "policy_title": "Privacy policy",
        "policy_version": "Version in force",
        "versions_title": "Versions of the policy",
        "policy_read": "Read the policy",
        "version_material": "material change",
        "version_changes": "What changed",
        "request_title": "Make a privacy request",
        "request_lead": "Tell us what you want to do. We will e-mail you a six-digit code "
        "to confirm the request comes from you (GDPR Art. 12(6)).",
        "type": "What do you want to do?",
        "type_access": "See my data and get a copy",
        "type_portability": "Get my data in a machine-readable form",
        "type_erasure": "Erase my data",
        "type_restriction": "Restrict the processing of my data",
        "type_objection": "Object to a use of my data",
        "email": "Your e-mail address",
        "email_hint": "The address you use with us. The code will be sent there.",
        "property": "Where do you use onetagger?",
        "activity": "For an objection: which processing?",
        "activity_hint": "Only needed if you object.",
        "activity_none": "(not an objection)",
        "details": "Anything else we should know (optional)",
        "details_hint": "For example the account or the period your request is about; for "
        "an objection, why you object.",
        "send": "Send the request",
        "form_invalid": "Please check the form:",
        "bad_email": "Enter a valid e-mail address.",
        "bad_type": "Choose what you want to do.",
        "bad_property": "Choose where you use onetagger.",
        "bad_activity": "For an objection, choose the processing you object to.",
        "bad_details": "The text is too long.",
        "bad_character": "The form holds a character we cannot accept (U+0000); remove it.",
        "code_title": "Enter the code from the e-mail",
        "code_lead": "If the address is one you can read, an e-mail with a six-digit code is "
        "on its way. It is valid for {hours} hours.",
        "code_lead_same": "We send the same message whether or not we know the address.",
        "code": "Code",
        "code_hint": "Six digits, for example 123456.",
        "confirm": "Confirm",
        "resend": "Send me a new code",
        "code_wrong": "This code does not match. Attempts left: {left}.",
        "code_expired": "This code has expired. Ask for a new one below.",
        "code_exhausted": "Too many attempts with this code. Ask for a new one below.",
        "code_locked": "Too many wrong codes were tried for this request, so no code is "
        "accepted any more. Write to us and our team will confirm your identity.",
        "code_format": "The code has six digits.",
        "code_resent": "A new code is on its way. The previous code no longer works.",
        "resend_limit": "No more new codes can be sent for this request. Write to us and "
        "our team will help.",
        "resend_soon": "A code was sent moments ago. Check your mailbox (and its spam folder) "
        "before asking again.",
        "not_pending": "This request no longer waits for a code.",
        "see_status": "See where your request stands",
        "status_title": "Your request",
        "status_received": "Received",
        "status_verified": "Identity confirmed",
        "status_waiting_code": "Waiting for the code from our e-mail",
        "status_enter_code": "Enter the code",
        "status_code_elsewhere": "Enter it where you made the request.",
        "status_in_progress": "Being handled",
        "status_due": "Answer due by",
        "status_extended": "Extended",
        "status_extended_text": "We need more time and extended the deadline by two months "
        "(GDPR Art. 12(3)). Why:",
        "status_completed": "Completed",
        "status_completed_text": "We have carried out your request. The e-mail we sent "
        "says what was done and, for a copy of your data, holds the download link.",
        "status_rejected": "Rejected",
        "status_rejected_text": "We cannot act on your request. Why:",
        "status_type": "Request",
        "status_number": "Number",
        "package_title": "Your data is ready to download",
        "package_lead": "The package is a ZIP file with everything we hold about you:",
        "package_portability_lead": "The package is a ZIP file with the data you gave us, "
        "in machine-readable form:",
        "package_profile": "your profile (profile.json)",
        "package_records": "your data per processing activity, as JSON and as a table (CSV)",
        "package_consents": "the history of your consent choices (consent_history.json)",
        "package_requests": "the history of your privacy requests (dsar_history.json)",
        "package_art15": "why we process it, who receives it, how long we keep it and where "
        "it comes from (art15.json)",
        "package_manifest": "a manifest with a checksum of every file (manifest.json)",
        "package_until": "The link works until",
        "download": "Download my data (ZIP)",
        "link_expired_title": "This link has expired",
        "link_expired_text": "Links in our e-mails work for a limited time, and this one "
        "has expired. Nothing was changed.",
        "link_invalid_title": "This link is not valid",
        "link_invalid_text": "The link was altered or is not ours. Nothing was changed.",
        "ask_again": "To get a new download link, make a new access request: it takes a "
        "minute, and we answer within one month (or, within that month, tell you why we "
        "need up to two more).",
        "ask_again_status": "The status of your request is in our latest e-mail about it.",
        "package_gone_title": "This request has no package to download",
        "package_gone_text": "Only a completed access or portability request has a package. "
        "If you think this is wrong, write to us.",
        "cookies_title": "Cookie choices",
        "cookies_lead": "Choose which optional cookies we may use on this browser. Necessary "
        "cookies are always on: the site does not work without them.",
        "cookies_for": "Where these choices apply",
        "cookies_always": "Always on",
        "cookies_allow": "Allow",
        "cookies_save": "Save my choices",
        "cookies_saved": "Your choices are saved. You can change them here at any time.",
        "cookies_withdraw": "Withdrawing consent does not affect the lawfulness of "
        "processing based on it before its withdrawal (GDPR Art. 7(3)).",
        "cookies_gpc": "Your browser sends the Global Privacy Control signal, so advertising "
        "cookies stay off whatever is chosen here.",
        "forbidden_title": "This form has expired",
        "forbidden_text": "For your safety every form carries a security token, and this one "
        "was missing or not valid (the page may have been open too long, or cookies are "
        "blocked). Nothing was sent or changed.",
        "forbidden_again": "Open the form again",
        "limited_title": "Too many requests",
        "limited_text": "Too many requests came for this address or from this connection "
        "in a short time, so nothing was sent. Please try again in about {minutes} "
        "minutes, or write to us.",
        "mail_limited_text": "Your connection has asked us for more e-mails than we send "
        "(at most {limit} in {window} min), so nothing was sent this time. This protects people "
        "from mail they did not ask for. Please try again in about {minutes} minutes, or "
        "write to us.",
        "not_found_title": "We cannot find this request",
        "not_found_text": "The link may be incomplete. The status of your request is in our "
        "latest e-mail about it.",
        "write_to_us": "Write to us",
        "back_home": "Back to the privacy centre",
    },
    "pl": {
        "site": "Centrum prywatności onetagger.com",
        "nav_home": "Twoja prywatność",
        "nav_request": "Złóż żądanie",
        "nav_cookies": "Ustawienia cookies",
        "nav_policy": "Polityka prywatności",
        "home_title": "Twoja prywatność w onetagger.com",
        "home_lead": "Co o Tobie przechowujemy, dlaczego, jak długo i jak skorzystać ze "
        "swoich praw. Na każde żądanie odpowiadamy w ciągu miesiąca od jego otrzymania; w "
        "razie potrzeby możemy przedłużyć ten termin o dwa kolejne miesiące, informując Cię "
        "o przyczynach w ciągu pierwszego miesiąca (art. 12 ust. 3 RODO).",
        "rights_title": "Twoje prawa",
        "right_access": "Zobacz swoje dane",
        "right_access_text": "Zapytaj, co o Tobie przechowujemy, i pobierz kopię.",
        "right_portability": "Zabierz swoje dane",
        "right_portability_text": "Otrzymaj przekazane nam dane w formacie do odczytu "
        "maszynowego, samodzielnie lub wysłane bezpośrednio do wskazanej przez Ciebie "
        "organizacji.",
        "right_rectification": "Popraw swoje dane",
        "right_rectification_text": "Powiedz nam, co jest błędne; imię i adres e-mail "
        "zmienisz w ustawieniach konta albo pisząc do nas.",
        "right_erasure": "Usuń swoje dane",
        "right_erasure_text": "Usuniemy Twoje dane, chyba że prawo, aktywna umowa lub "
        "roszczenie wymagają ich zachowania; powiemy Ci, co zachowaliśmy i dlaczego.",
        "right_restriction": "Ogranicz przetwarzanie",
        "right_restriction_text": "Wstrzymaj wykorzystanie danych na czas wyjaśnienia sprawy.",
        "right_objection": "Wnieś sprzeciw",
        "right_objection_text": "Sprzeciw wobec przetwarzania opartego na naszym prawnie "
        "uzasadnionym interesie: poinformuj nas, czemu się sprzeciwiasz, a my rozważymy "
        "Twoją prośbę.",
        "right_consent": "Wycofaj zgodę",
        "right_consent_text": "Zmień ustawienia cookies albo wypisz się z wiadomości "
        "marketingowych w każdej chwili, tak łatwo, jak wyraziłeś(-aś) zgodę.",
        "make_request": "Złóż żądanie",
        "kept_title": "Co przechowujemy, dlaczego i jak długo",
        "kept_why": "Cel",
        "kept_what": "Dane",
        "kept_basis": "Podstawa prawna",
        "kept_how_long": "Jak długo",
        "kept_recipients": "Odbiorcy",
        "unsubscribe_title": "Wypisanie się z wiadomości marketingowych",
        "unsubscribe_text": "Każda nasza wiadomość marketingowa ma na dole link do "
        "wypisania się: otwiera stronę z jednym przyciskiem i gotowe.",
        "contact_title": "Kim jesteśmy i z kim się kontaktować",
        "controller": "Administrator",
        "contact": "Kontakt",
        "authority": "Gdzie złożyć skargę",
        "authority_lead": "Nasz wiodący organ nadzorczy",
        "authority_yours": "Organ w Polsce",
        "authorities_all": "Wszystkie organy ochrony danych w UE i EOG",
        "policy_title": "Polityka prywatności",
        "policy_version": "Obowiązująca wersja",
        "versions_title": "Wersje polityki",
        "policy_read": "Przeczytaj politykę",
        "version_material": "istotna zmiana",
        "version_changes": "Co się zmieniło",
        "request_title": "Złóż żądanie dotyczące prywatności",
        "request_lead": "Napisz, co chcesz zrobić. Wyślemy Ci e-mailem sześciocyfrowy kod, "
        "aby potwierdzić, że żądanie pochodzi od Ciebie (art. 12 ust. 6 RODO).",
        "type": "Co chcesz zrobić?",
        "type_access": "Zobaczyć moje dane i otrzymać ich kopię",
        "type_portability": "Otrzymać moje dane w formacie do odczytu maszynowego",
        "type_erasure": "Usunąć moje dane",
        "type_restriction": "Ograniczyć przetwarzanie moich danych",
        "type_objection": "Wnieść sprzeciw wobec przetwarzania",
        "email": "Twój adres e-mail",
        "email_hint": "Adres, którego u nas używasz. Na niego wyślemy kod.",
        "property": "Gdzie korzystasz z onetagger?",
        "activity": "Przy sprzeciwie: wobec jakiego przetwarzania?",
        "activity_hint": "Potrzebne tylko przy sprzeciwie.",
        "activity_none": "(to nie jest sprzeciw)",
        "details": "Co jeszcze powinniśmy wiedzieć (opcjonalnie)",
        "details_hint": "Na przykład konto lub okres, którego dotyczy żądanie; przy "
        "sprzeciwie: czemu się sprzeciwiasz.",
        "send": "Wyślij żądanie",
        "form_invalid": "Sprawdź formularz:",
        "bad_email": "Wpisz prawidłowy adres e-mail.",
        "bad_type": "Wybierz, co chcesz zrobić.",
        "bad_property": "Wybierz, gdzie korzystasz z onetagger.",
        "bad_activity": "Przy sprzeciwie wybierz przetwarzanie, któremu się sprzeciwiasz.",
        "bad_details": "Tekst jest za długi.",
        "bad_character": "Formularz zawiera znak, którego nie możemy przyjąć (U+0000); usuń go.",
        "code_title": "Wpisz kod z wiadomości e-mail",
        "code_lead": "Jeśli to adres, którego wiadomości czytasz, e-mail z sześciocyfrowym "
        "kodem jest w drodze. Kod jest ważny przez {hours} godz.",
        "code_lead_same": "Tę samą wiadomość pokazujemy niezależnie od tego, czy znamy ten adres.",
        "code": "Kod",
        "code_hint": "Sześć cyfr, na przykład 123456.",
        "confirm": "Potwierdź",
        "resend": "Wyślij mi nowy kod",
        "code_wrong": "Ten kod się nie zgadza. Pozostało prób: {left}.",
        "code_expired": "Ten kod wygasł. Poproś poniżej o nowy.",
        "code_exhausted": "Zbyt wiele prób z tym kodem. Poproś poniżej o nowy.",
        "code_locked": "Dla tego żądania wpisano zbyt wiele błędnych kodów, więc żaden kod "
        "nie jest już przyjmowany. Napisz do nas, a nasz zespół potwierdzi Twoją tożsamość.",
        "code_format": "Kod ma sześć cyfr.",
        "code_resent": "Nowy kod jest w drodze. Poprzedni kod już nie działa.",
        "resend_limit": "Dla tego żądania nie można wysłać więcej kodów. Napisz do nas, "
        "a nasz zespół pomoże.",
        "resend_soon": "Kod został wysłany przed chwilą. Sprawdź skrzynkę (także folder "
        "spam), zanim poprosisz ponownie.",
        "not_pending": "To żądanie nie czeka już na kod.",
        "see_status": "Zobacz, na jakim etapie jest Twoje żądanie",
        "status_title": "Twoje żądanie",
        "status_received": "Otrzymane",
        "status_verified": "Tożsamość potwierdzona",
        "status_waiting_code": "Czeka na kod z naszej wiadomości",
        "status_enter_code": "Wpisz kod",
        "status_code_elsewhere": "Wpisz go tam, gdzie złożono żądanie.",
        "status_in_progress": "W realizacji",
        "status_due": "Odpowiemy do",
        "status_extended": "Przedłużone",
        "status_extended_text": "Potrzebujemy więcej czasu i przedłużyliśmy termin o dwa "
        "miesiące (art. 12 ust. 3 RODO). Powód:",
        "status_completed": "Zrealizowane",
        "status_completed_text": "Zrealizowaliśmy Twoje żądanie. Wysłany e-mail opisuje, co "
        "zrobiliśmy, a przy kopii danych zawiera link do pobrania.",
        "status_rejected": "Odrzucone",
        "status_rejected_text": "Nie możemy zrealizować Twojego żądania. Powód:",
        "status_type": "Żądanie",
        "status_number": "Numer",
        "package_title": "Twoje dane są gotowe do pobrania",
        "package_lead": "Paczka to plik ZIP ze wszystkim, co o Tobie przechowujemy:",
        "package_portability_lead": "Paczka to plik ZIP z danymi, które nam przekazałeś"
        "(-aś), w formacie do odczytu maszynowego:",
        "package_profile": "Twój profil (profile.json)",
        "package_records": "Twoje dane według czynności przetwarzania, w JSON i jako tabela (CSV)",
        "package_consents": "historia Twoich zgód (consent_history.json)",
        "package_requests": "historia Twoich żądań (dsar_history.json)",
        "package_art15": "w jakim celu je przetwarzamy, kto je otrzymuje, jak długo je "
        "przechowujemy i skąd pochodzą (art15.json)",
        "package_manifest": "manifest z sumą kontrolną każdego pliku (manifest.json)",
        "package_until": "Link działa do",
        "download": "Pobierz moje dane (ZIP)",
        "link_expired_title": "Ten link wygasł",
        "link_expired_text": "Linki w naszych wiadomościach działają przez ograniczony czas "
        "i ten już wygasł. Nic nie zostało zmienione.",
        "link_invalid_title": "Ten link jest nieprawidłowy",
        "link_invalid_text": "Link został zmieniony albo nie pochodzi od nas. Nic nie "
        "zostało zmienione.",
        "ask_again": "Aby otrzymać nowy link do pobrania, złóż nowe żądanie dostępu do "
        "danych: zajmie to minutę, a odpowiemy w ciągu miesiąca (albo w tym czasie "
        "wyjaśnimy, dlaczego potrzebujemy do dwóch miesięcy więcej).",
        "ask_again_status": "Stan Twojego żądania znajdziesz w naszej najnowszej wiadomości "
        "na jego temat.",
        "package_gone_title": "To żądanie nie ma paczki do pobrania",
        "package_gone_text": "Paczkę ma tylko zrealizowane żądanie dostępu lub przeniesienia "
        "danych. Jeśli uważasz, że to błąd, napisz do nas.",
        "cookies_title": "Ustawienia cookies",
        "cookies_lead": "Wybierz, z których opcjonalnych plików cookies możemy korzystać w tej "
        "przeglądarce. Niezbędne cookies są zawsze włączone: bez nich witryna nie działa.",
        "cookies_for": "Gdzie obowiązują te wybory",
        "cookies_always": "Zawsze włączone",
        "cookies_allow": "Zezwalam",
        "cookies_save": "Zapisz moje wybory",
        "cookies_saved": "Twoje wybory zostały zapisane. Możesz je tu zmienić w każdej chwili.",
        "cookies_withdraw": "Wycofanie zgody nie wpływa na zgodność z prawem przetwarzania, "
        "którego dokonano przed jej wycofaniem (art. 7 ust. 3 RODO).",
        "cookies_gpc": "Twoja przeglądarka wysyła sygnał Global Privacy Control, więc reklamowe "
        "pliki cookie pozostają wyłączone niezależnie od wyboru tutaj.",
        "forbidden_title": "Ten formularz wygasł",
        "forbidden_text": "Dla Twojego bezpieczeństwa każdy formularz ma token zabezpieczający, a "
        "w tym go brakowało lub był nieprawidłowy (strona mogła być otwarta zbyt długo albo "
        "cookies są zablokowane). Nic nie zostało wysłane ani zmienione.",
        "forbidden_again": "Otwórz formularz ponownie",
        "limited_title": "Zbyt wiele żądań",
        "limited_text": "W krótkim czasie przyszło zbyt wiele żądań dla tego adresu lub z tego "
        "połączenia, więc nic nie zostało wysłane. Spróbuj ponownie za około {minutes} min "
        "albo napisz do nas.",
        "mail_limited_text": "Z Twojego połączenia poproszono nas o więcej e-maili, niż "
        "wysyłamy (najwyżej {limit} w ciągu {window} min), więc tym razem nic nie zostało "
        "wysłane. Chroni to ludzi przed pocztą, o którą nie prosili. Spróbuj ponownie za "
        "około {minutes} min albo napisz do nas.",
        "not_found_title": "Nie możemy znaleźć tego żądania",
        "not_found_text": "Link może być niepełny. Stan Twojego żądania znajdziesz w naszej "
        "najnowszej wiadomości na jego temat.",
        "write_to_us": "Napisz do nas",
        "back_home": "Wróć do centrum prywatności",
    },
}

assert WORDS["en"].keys() == WORDS["pl"].keys(), "a word lacks its translation"
