"""The printed weekplan in the inburgeraar's language beside Dutch: every fixed phrase in one table.

Day and month names come from CLDR through babel, so they are right in every language babel knows;
the fixed phrases of the page are translated here, once, per language. Arabic and Farsi are written
right to left: the page marks their text `dir="rtl"`, so a browser lays it out as a reader expects.
The translations were written for regie and should be checked by a native speaker before a
municipality relies on them; a missing phrase falls back to Dutch, never to an empty line.
On 2026-12-03 the phrases were reviewed once more for grammar, polite register and placeholders
(not by native speakers).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Final

# The languages the page can be printed in beside Dutch, by CLDR code, with their Dutch name.
TALEN: Final = {
    "ar": "Arabisch",
    "ti": "Tigrinya",
    "tr": "Turks",
    "uk": "Oekraïens",
    "fa": "Farsi",
    "en": "Engels",
}
RECHTS_NAAR_LINKS: Final = frozenset({"ar", "fa"})

# The person's "taal" as consulenten type it, to a language of TALEN (lower case, without accents).
_NAMEN: Final = {
    "arabisch": "ar", "arabic": "ar", "ar": "ar",
    "tigrinya": "ti", "tigrinia": "ti", "tigrigna": "ti", "ti": "ti",
    "turks": "tr", "turkish": "tr", "tr": "tr",
    "oekraiens": "uk", "ukrainian": "uk", "uk": "uk",
    "farsi": "fa", "perzisch": "fa", "persian": "fa", "dari": "fa", "fa": "fa",
    "engels": "en", "english": "en", "en": "en",
}

# Every fixed phrase of the printed weekplan: Dutch first, then the translations.
ZINNEN: Final[dict[str, dict[str, str]]] = {
    "weekplan_van": {
        "nl": "Weekplan van {naam}", "ar": "الخطة الأسبوعية لـ {naam}", "ti": "ሰሙናዊ መደብ ናይ {naam}",
        "tr": "{naam} için haftalık plan", "uk": "Тижневий план для {naam}", "fa": "برنامه هفتگی {naam}",
        "en": "Weekly plan for {naam}",
    },
    "week": {
        "nl": "Week {nummer}", "ar": "الأسبوع {nummer}", "ti": "ሰሙን {nummer}", "tr": "{nummer}. hafta",
        "uk": "Тиждень {nummer}", "fa": "هفته {nummer}", "en": "Week {nummer}",
    },
    "kenmerk": {
        "nl": "Kenmerk", "ar": "الرقم المرجعي", "ti": "መወከሲ ቁጽሪ", "tr": "Dosya numarası", "uk": "Номер справи",
        "fa": "شماره پرونده", "en": "Reference",
    },
    # Right for any number of hours (1, 2, 12,5): the noun after it keeps one form (Turkish, Persian,
    # Tigrinya), is abbreviated (Ukrainian "год") or comes before it (Arabic, English).
    "totaal": {
        "nl": "Totaal {uren} uur gepland", "ar": "مجموع الساعات المخططة: {uren}", "ti": "ብድምር {uren} ሰዓት ተመዲቡ",
        "tr": "Toplam {uren} saat planlandı", "uk": "Разом заплановано {uren} год",
        "fa": "در مجموع {uren} ساعت برنامه‌ریزی شده است", "en": "Total hours planned: {uren}",
    },
    "geen_activiteiten": {
        "nl": "Geen activiteiten", "ar": "لا توجد أنشطة", "ti": "ንጥፈት የለን", "tr": "Etkinlik yok", "uk": "Немає занять",
        "fa": "فعالیتی نیست", "en": "No activities",
    },
    "feestdag": {
        "nl": "Feestdag", "ar": "عطلة رسمية", "ti": "በዓል", "tr": "Resmi tatil", "uk": "Святковий день", "fa": "تعطیل رسمی",
        "en": "Public holiday",
    },
    # The reader is addressed politely, as the Dutch "u": Arabic with a neutral form, not a masculine
    # imperative; Tigrinya in the polite plural.
    "overlap": {
        "nl": "Let op: tegelijk met een andere activiteit (overlap)", "ar": "تنبيه: يتزامن مع نشاط آخر",
        "ti": "ኣስተውዕሉ፦ ምስ ካልእ ንጥፈት ብሓደ ግዜ", "tr": "Dikkat: başka bir etkinlikle aynı saatte",
        "uk": "Увага: одночасно з іншим заняттям", "fa": "توجه: هم‌زمان با یک فعالیت دیگر",
        "en": "Note: at the same time as another activity",
    },
    "op_feestdag": {
        "nl": "Feestdag: vraag of dit doorgaat", "ar": "عطلة رسمية: يُرجى السؤال عمّا إذا كان النشاط سيُقام",
        "ti": "በዓል፦ እቲ ንጥፈት ይካየድ እንተኾይኑ ሕተቱ", "tr": "Resmi tatil: yapılıp yapılmayacağını sorun",
        "uk": "Святковий день: запитайте, чи відбудеться заняття", "fa": "تعطیل رسمی: بپرسید آیا این فعالیت برگزار می‌شود",
        "en": "Public holiday: ask whether it goes ahead",
    },
    "taal": {"nl": "Taal", "ar": "اللغة", "ti": "ቋንቋ", "tr": "Dil", "uk": "Мова", "fa": "زبان", "en": "Language"},
    "taal_les": {
        "nl": "Taal: les", "ar": "اللغة: درس", "ti": "ቋንቋ፦ ትምህርቲ", "tr": "Dil: ders", "uk": "Мова: урок",
        "fa": "زبان: کلاس", "en": "Language: lesson",
    },
    "taal_oefenen": {
        "nl": "Taal: oefenen (informeel)", "ar": "اللغة: ممارسة غير رسمية", "ti": "ቋንቋ፦ ዘይወግዓዊ ልምምድ",
        "tr": "Dil: pratik (resmi olmayan)", "uk": "Мова: неформальна практика", "fa": "زبان: تمرین غیررسمی",
        "en": "Language: informal practice",
    },
    # The Dutch name in brackets is the word the person hears at the gemeente and reads in the PIP.
    "participatie": {
        "nl": "Meedoen (participatie)", "ar": "المشاركة (participatie)", "ti": "ተሳትፎ (participatie)",
        "tr": "Katılım (participatie)", "uk": "Участь (participatie)", "fa": "مشارکت (participatie)",
        "en": "Taking part (participatie)",
    },
    "geld": {
        "nl": "Omgaan met geld (financiële educatie)", "ar": "إدارة المال (financiële educatie)",
        "ti": "ምሕደራ ገንዘብ (financiële educatie)", "tr": "Para yönetimi (financiële educatie)",
        "uk": "Управління грошима (financiële educatie)", "fa": "مدیریت پول (financiële educatie)",
        "en": "Managing money (financiële educatie)",
    },
    "afmelden": {
        "nl": "Kunt u niet komen? Bel of mail dan op tijd de aanbieder of uw consulent.",
        "ar": "هل يتعذّر عليك الحضور؟ يُرجى إبلاغ الجهة المقدِّمة للنشاط أو مستشارك مسبقًا، بالهاتف أو بالبريد الإلكتروني.",
        "ti": "ክትመጹ እንተ ዘይክኢልኩም፣ ንወሃቢ ኣገልግሎት ወይ ንኣማኻሪኹም ብግዜ ደውሉ ወይ ኢመይል ስደዱ።",
        "tr": ("Gelemeyecek misiniz? Etkinliği düzenleyen kuruma veya danışmanınıza zamanında telefonla ya da "
               "e-postayla haber verin."),
        "uk": "Не можете прийти? Вчасно зателефонуйте або напишіть організатору чи своєму консультанту.",
        "fa": "نمی‌توانید بیایید؟ به‌موقع به برگزارکننده یا مشاور خود تلفن بزنید یا ایمیل بفرستید.",
        "en": "Can't come? Call or e-mail the provider or your consultant in good time.",
    },
    "consulent": {
        "nl": "Uw consulent", "ar": "مستشارك", "ti": "ኣማኻሪኹም", "tr": "Danışmanınız", "uk": "Ваш консультант",
        "fa": "مشاور شما", "en": "Your consultant",
    },
    "telefoon": {"nl": "Telefoon", "ar": "الهاتف", "ti": "ተሌፎን", "tr": "Telefon", "uk": "Телефон", "fa": "تلفن", "en": "Phone"},
    "gemeente": {
        "nl": "Gemeente", "ar": "البلدية", "ti": "ምምሕዳር ከተማ", "tr": "Belediye", "uk": "Муніципалітет", "fa": "شهرداری",
        "en": "Municipality",
    },
}


def _plain(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.strip().lower()) if not unicodedata.combining(ch))


def taalcode(text: str | None) -> str | None:
    """The language of TALEN a person's "taal" names ("Arabisch", "Tigrinya", "ar"), or None when unknown."""
    if not text:
        return None
    return _NAMEN.get(_plain(text))


def zin(sleutel: str, taal: str = "nl", **waarden: object) -> str:
    """One fixed phrase in `taal` (Dutch when the language lacks it), with its {placeholders} filled in."""
    vertalingen = ZINNEN[sleutel]
    return vertalingen.get(taal, vertalingen["nl"]).format(**waarden)


def richting(taal: str) -> str:
    """"rtl" for a language written right to left (Arabic, Farsi), else "ltr"."""
    return "rtl" if taal in RECHTS_NAAR_LINKS else "ltr"


def dagnaam(datum: date, taal: str) -> str:
    """The weekday's name in `taal`, from CLDR ("maandag", "الاثنين", "ሰኑይ")."""
    from babel.dates import format_date

    return format_date(datum, format="EEEE", locale=taal)


def datum_lang(datum: date, taal: str) -> str:
    """A date with the month written out in `taal`, from CLDR ("23 november 2026", "23 نوفمبر 2026")."""
    from babel.dates import format_date

    return format_date(datum, format="d MMMM y", locale=taal)
