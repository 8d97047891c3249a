"""Text written to be heard: numbers and dates in words, telephone numbers digit by digit, no abbreviations.

Loudspeaker texts are read aloud by a commune's announcer to people who cannot see them: "cấp 3" read from a
sheet is fine, but "15/6" or "1800 6132" must be written as they are to be said. num2words spells the numbers.
"""

import datetime
import re
import string

from num2words import num2words

# Abbreviations found in measures and texts, and what the announcer says for each (Vietnamese, English).
ABBREVIATIONS = {
    "QĐ-BCĐQG": ("Quyết định của Ban Chỉ đạo Quốc gia", "decision of the National Steering Committee"),
    "QĐ-UBND": ("Quyết định của Ủy ban nhân dân", "decision of the People's Committee"),
    "UBND": ("Ủy ban nhân dân", "People's Committee"),
    "TT&TT": ("Thông tin và Truyền thông", "Information and Communications"),
    "COVID-19": ("Cô-vít mười chín", "Covid nineteen"),
    "5K": ("năm chữ K", "the five Ks"),
    "F0": ("người mắc bệnh", "infected people"),
    "F1": ("người tiếp xúc gần", "close contacts"),
    "F2": ("người tiếp xúc với người tiếp xúc gần", "contacts of close contacts"),
    "TP.": ("thành phố", "city"),
    "TT.": ("thị trấn", "township"),
    "v.v.": ("và những việc khác", "and so on"),
}
PHONE = re.compile(r"(?<!\d)(\d[\d .]{1,14}\d)(?!\d)")
DIGITS_VI = "không một hai ba bốn năm sáu bảy tám chín".split()
DIGITS_EN = "zero one two three four five six seven eight nine".split()


def number_words(value: int, language: str = "vi") -> str:
    return num2words(value, lang="vi" if language == "vi" else "en")


def date_words(day: datetime.date, language: str = "vi") -> str:
    """Return a date as said aloud: "ngày mười lăm tháng sáu năm hai nghìn lẻ hai mươi mốt"."""
    if language == "vi":
        return f"ngày {number_words(day.day)} tháng {number_words(day.month)} năm {number_words(day.year)}"
    return f"{day:%B} {num2words(day.day, lang='en', to='ordinal')}, {number_words(day.year, 'en')}"


def time_words(moment: datetime.datetime, language: str = "vi") -> str:
    if language == "vi":
        spoken = f"{number_words(moment.hour)} giờ"
        if moment.minute:
            spoken += f" {number_words(moment.minute)} phút"
        return f"{spoken} {date_words(moment.date())}"
    spoken = (
        f"{number_words(moment.hour, 'en')} {'hundred' if not moment.minute else number_words(moment.minute, 'en')}"
    )
    return f"{spoken} hours on {date_words(moment.date(), 'en')}"


def phone_words(number: str, language: str = "vi") -> str:
    """Read a telephone number digit by digit, keeping its groups: "một tám không không, sáu một ba hai"."""
    digits = DIGITS_VI if language == "vi" else DIGITS_EN
    groups = [g for g in re.split(r"[ .]+", number.strip()) if g]
    return ", ".join(" ".join(digits[int(d)] for d in group) for group in groups)


def expand_abbreviations(text: str, language: str = "vi") -> str:
    index = 0 if language == "vi" else 1
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(short)}(?![\w-])", ABBREVIATIONS[short][index], text)
    return text


def plain(markdown_text: str) -> str:
    """Strip the Markdown marks a listener should not hear of (emphasis, bullets, links)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown_text)
    text = re.sub(r"[*_`>#]+", "", text)
    text = re.sub(r"^\s*[-+]\s+", "", text, flags=re.MULTILINE)
    text = text.replace("...", "").replace("…", "")
    return re.sub(r"[ \t]+", " ", text).strip()


UNITS = {"m": ("mét", "metres"), "km": ("ki-lô-mét", "kilometres"), "%": ("phần trăm", "per cent")}
NUMBER = re.compile(r"(?<![\w.])(\d+)(?:\s?(km|m|%)(?![\w]))?")
# "(F1)" after the words it abbreviates would be heard twice once expanded.
REPEATED = re.compile(r"\s*\((?:F0|F1|F2)\)")


def numbers_in_words(text: str, language: str = "vi") -> str:
    """Spell the numbers of a sentence, with their unit: "2m" → "hai mét", "30 người" → "ba mươi người"."""
    index = 0 if language == "vi" else 1

    def say(match):
        words = number_words(int(match.group(1)), language)
        unit = match.group(2)
        return f"{words} {UNITS[unit][index]}" if unit else words

    return NUMBER.sub(say, text)


def spoken(text: str, language: str = "vi") -> str:
    """Return text as it must be read: plain, no abbreviations, numbers in words."""
    text = REPEATED.sub("", plain(text))
    return numbers_in_words(expand_abbreviations(text, language), language)


def hotline_sentences(markdown_text: str, language: str = "vi") -> list[str]:
    """Return each hotline line with its numbers read digit by digit."""
    sentences = []
    for line in plain(markdown_text).splitlines():
        line = line.strip().rstrip(".")
        if not line:
            continue
        line = PHONE.sub(lambda m: phone_words(m.group(1), language), REPEATED.sub("", line))
        sentences.append(numbers_in_words(expand_abbreviations(line, language), language) + ".")
    return sentences


def unknown_blanks(template: str, known) -> list[str]:
    """Return the names in {braces} of template that are not blanks one may fill, or a parse problem."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template or "") if name is not None]
    except ValueError:
        return ["{…}"]
    return sorted({name for name in names if name not in known})


def fill(template: str, values: dict) -> str:
    return template.format_map(values)
