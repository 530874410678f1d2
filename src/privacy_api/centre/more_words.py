"""The centre's words for the cookie policy and the rights added to the request form (issue
29), in Polish and English; merged over `words.WORDS` for every page."""

from __future__ import annotations

from typing import Final

MORE_WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "nav_cookie_policy": "Cookie policy",
        "type_rectification": "Correct my data",
        "rect_legend": "For a correction: what is wrong and what is right",
        "rect_hint": "Only needed if you ask for a correction. We change the data once you "
        "confirm the request with the code from our e-mail; a new e-mail address is "
        "confirmed with its own code.",
        "rect_field": "Which data",
        "rect_field_name": "Name",
        "rect_field_email": "E-mail address",
        "rect_field_attributes.company_name": "Company name",
        "rect_field_attributes.billing_address": "Billing address",
        "rect_wrong": "What is wrong",
        "rect_right": "What is right",
        "recipient_legend": "For data portability: send my data directly to an organisation "
        "(optional)",
        "recipient_hint": "Leave empty to get the data yourself. Once you confirm the request, "
        "our team checks the organisation and sends it its own download link, which works "
        "once; we tell you whom it went to and when they downloaded it.",
        "recipient_name": "Organisation's name",
        "recipient_email": "Organisation's e-mail address",
        "bad_rect_field": "For a correction, choose which data is wrong.",
        "bad_rect_wrong": "For a correction, say what is wrong (at most 1000 characters).",
        "bad_rect_right": "For a correction, say what is right (at most 1000 characters).",
        "bad_rect_value": "This value cannot be stored for that data: check the new value "
        "(an e-mail address must be a valid address).",
        "bad_recipient_name": "Give the organisation's name (2 to 200 characters).",
        "bad_recipient_email": "Give the organisation's e-mail address, for example dane@firma.pl.",
        "cp_title": "Cookie policy",
        "cp_lead": "Which cookies {sites} use, who sets them, why and for how long. Strictly "
        "necessary cookies are always on; every other cookie is set only with your consent.",
        "cp_necessary_basis": "No consent is asked for these cookies: the Site cannot work "
        "without them (ePrivacy Directive, Art. 5(3)).",
        "cp_consent_basis": "Legal basis for these cookies: your consent (GDPR Art. 6(1)(a)). "
        "Without it they are not set.",
        "cp_used_for": "What the data is used for, and how long we keep it (privacy policy)",
        "cp_cookie": "Cookie",
        "cp_provider": "Set by",
        "cp_where": "Where",
        "cp_lifetime": "Lifetime",
        "cp_what": "What it does",
        "cp_first": "first party (our domain)",
        "cp_third": "third party, on {domain}",
        "cp_session": "until you close the browser",
        "cp_days": "{days} days",
        "cp_about_months": "{days} days (about {months})",
        "cp_prefix": "names starting with {prefix}",
        "cp_withdraw_title": "Changing your mind",
        "cp_withdraw_text": "You can change your choices at any time on the Cookie choices "
        "page or with the privacy settings link on each of our sites. When you withdraw "
        "consent for a purpose, our consent script deletes that purpose's cookies set on our "
        'own domains at once. A cookie a third party set on its own domain (marked "third '
        "party\" above) is out of our sites' reach: delete it in your browser's settings or "
        "at the provider. Withdrawing consent does not affect the lawfulness of processing "
        "based on consent before its withdrawal.",
        "cp_lifetime_title": "How long your choice stands",
        "cp_lifetime_text": "We keep your choice in the ot_consent cookie for {days} days "
        "(about {months}). After that your choice no longer stands and the banner "
        "asks you again.",
        "cp_choices": "Change my cookie choices",
        "cp_policy": "Read the privacy policy",
        "cp_json": "This list as data (JSON)",
    },
    "pl": {
        "nav_cookie_policy": "Polityka plików cookie",
        "type_rectification": "Sprostować moje dane",
        "rect_legend": "W przypadku sprostowania: co jest nieprawidłowe, a co prawidłowe",
        "rect_hint": "Tylko jeśli prosisz o sprostowanie. Zmienimy dane, gdy potwierdzisz "
        "żądanie kodem z naszego e-maila; nowy adres e-mail potwierdza się osobnym kodem.",
        "rect_field": "Które dane",
        "rect_field_name": "Imię i nazwisko",
        "rect_field_email": "Adres e-mail",
        "rect_field_attributes.company_name": "Nazwa firmy",
        "rect_field_attributes.billing_address": "Adres rozliczeniowy",
        "rect_wrong": "Co jest nieprawidłowe",
        "rect_right": "Jak powinno być",
        "recipient_legend": "Przy przeniesieniu danych: wyślij moje dane bezpośrednio do "
        "organizacji (opcjonalnie)",
        "recipient_hint": "Zostaw puste, aby otrzymać dane samodzielnie. Gdy potwierdzisz "
        "żądanie, nasz zespół sprawdzi organizację i wyśle jej własny link do pobrania, "
        "działający jeden raz; poinformujemy Cię, komu i kiedy przekazaliśmy dane.",
        "recipient_name": "Nazwa organizacji",
        "recipient_email": "Adres e-mail organizacji",
        "bad_rect_field": "W przypadku sprostowania wybierz, które dane są nieprawidłowe.",
        "bad_rect_wrong": "W przypadku sprostowania napisz, co jest nieprawidłowe (najwyżej "
        "1000 znaków).",
        "bad_rect_right": "W przypadku sprostowania napisz, jak powinno być (najwyżej 1000 "
        "znaków).",
        "bad_rect_value": "Takiej wartości nie można zapisać dla tych danych: sprawdź nową "
        "wartość (adres e-mail musi być prawidłowy).",
        "bad_recipient_name": "Podaj nazwę organizacji (od 2 do 200 znaków).",
        "bad_recipient_email": "Podaj adres e-mail organizacji, na przykład dane@firma.pl.",
        "cp_title": "Polityka plików cookie",
        "cp_lead": "Jakich plików cookie używają {sites}, kto je ustawia, w jakim celu i na "
        "jak długo. Niezbędne pliki cookie są zawsze włączone; każdy inny plik cookie "
        "ustawiamy wyłącznie za Twoją zgodą.",
        "cp_necessary_basis": "Na te pliki cookie nie prosimy o zgodę: bez nich Witryna nie "
        "działa (art. 5 ust. 3 dyrektywy o prywatności i łączności elektronicznej).",
        "cp_consent_basis": "Podstawa prawna tych plików cookie: Twoja zgoda (art. 6 ust. 1 "
        "lit. a RODO). Bez niej nie są ustawiane.",
        "cp_used_for": "Do czego służą te dane i jak długo je przechowujemy (polityka prywatności)",
        "cp_cookie": "Plik cookie",
        "cp_provider": "Ustawia",
        "cp_where": "Gdzie",
        "cp_lifetime": "Czas przechowywania",
        "cp_what": "Do czego służy",
        "cp_first": "własny (nasza domena)",
        "cp_third": "podmiotu trzeciego, w domenie {domain}",
        "cp_session": "do zamknięcia przeglądarki",
        "cp_days": "{days} dni",
        "cp_about_months": "{days} dni (około {months})",
        "cp_prefix": "nazwy zaczynające się od {prefix}",
        "cp_withdraw_title": "Zmiana decyzji",
        "cp_withdraw_text": "Swoje wybory możesz zmienić w każdej chwili na stronie "
        "Ustawienia cookies albo za pomocą linku do ustawień prywatności w każdej z naszych "
        "witryn. Gdy wycofasz zgodę na dany cel, nasz skrypt zgody od razu usuwa pliki "
        "cookie tego celu ustawione w naszych domenach. Pliku cookie, który podmiot trzeci "
        "ustawił we własnej domenie (oznaczonego powyżej jako „podmiotu trzeciego”), nasze "
        "witryny nie mogą usunąć: usuń go w ustawieniach przeglądarki lub u dostawcy. "
        "Wycofanie zgody nie wpływa na zgodność z prawem przetwarzania, którego dokonano na "
        "podstawie zgody przed jej wycofaniem.",
        "cp_lifetime_title": "Jak długo obowiązuje Twój wybór",
        "cp_lifetime_text": "Twój wybór przechowujemy w pliku cookie ot_consent przez {days} "
        "dni (około {months}). Po tym czasie wybór przestaje obowiązywać, a baner "
        "zapyta Cię ponownie.",
        "cp_choices": "Zmień ustawienia cookies",
        "cp_policy": "Przeczytaj politykę prywatności",
        "cp_json": "Ta lista jako dane (JSON)",
    },
}
