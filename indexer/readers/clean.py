"""Clean scraped article text: normalize characters, drop page furniture, find the headline."""

from __future__ import annotations

import re
import unicodedata

# Apostrophe look-alikes (right single quote, modifier letter apostrophe, grave, prime).
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "′": "'"})
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width spaces, BOM
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but newline, incl. NBSP and thin spaces
_BLANK_LINES = re.compile(r"\n{3,}")

# A headline is short; a first line longer than this is the start of the body instead.
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 300

# --- language switchers: "ua en ru", "EN | UA", "Українською" --------------------------------
_LANG_CODES = {"ua", "uk", "en", "ru", "eng", "ukr", "rus", "de", "fr", "pl", "es", "it"}
_LANG_NAMES = {
    "english", "ukrainian", "russian", "українською", "українська", "англійською",
    "російською", "english version", "русский", "русская версия", "на русском",
    "по-русски", "на русском языке", "українською мовою", "рус", "укр", "англ",
}
_SWITCHER_SEPARATORS = re.compile(r"\s*[|/·•,]\s*|\s+")

# --- photo captions and credits ---------------------------------------------------------
_CREDIT_WORD = (
    r"(?:photo(?:graph)?s?|photo credit|image|picture|pic|illustration|video|credit"
    r"|illustrative (?:photo|image)"
    r"|фото(?:графія|графия)?|світлина|ілюстрація|иллюстрация|ілюстративне фото"
    r"|иллюстративное фото|фото ілюстративне|фото иллюстративное|джерело фото|источник фото)"
)
# "(photo: Getty Images)", "(Фото: Reuters)", "(Photo by John Smith/AP)"
_CREDIT_PAREN = re.compile(
    rf"\s*[(\[]\s*{_CREDIT_WORD}\s*(?:[:：]|by\b|—|–|-)[^()\[\]]{{0,100}}[)\]]\s*", re.I
)
_CREDIT_PAREN_END = re.compile(_CREDIT_PAREN.pattern + "$", re.I)
# a line that is only a credit: "Photo: Reuters", "Фото: Getty Images", "Illustrative photo"
_CREDIT_LINE = re.compile(
    rf"^[(\[]?\s*(?:{_CREDIT_WORD}\s*[:：]|(?:photo(?:graph)?|picture|image)s?\s+by\b"
    r"|©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))",
    re.I,
)
_CREDIT_ALONE = re.compile(rf"^[(\[]?\s*{_CREDIT_WORD}\s*[)\]]?\.?$", re.I)
# a caption ending in a credit: "Zelensky at the meeting. Photo: OP", "... Фото: ОП"
_CREDIT_TAIL = (
    re.compile(rf"(?:[.!?|/]|\s[-–—])\s*{_CREDIT_WORD}\s*[:：]\s*[^.!?:]{{1,80}}$", re.I),
    re.compile(r"\s(?:Photo|Фото|Image|Credit|Джерело фото|Источник фото)\s*:\s*[^.!?:]{1,80}$"),
)
_CAPTION_MAX_WORDS = 40

# --- sharing, subscribing and cross-links -----------------------------------------------
_SOCIAL = {
    "facebook", "twitter", "x", "telegram", "viber", "whatsapp", "linkedin", "email", "e-mail",
    "print", "reddit", "pinterest", "vk", "вконтакте", "youtube", "instagram", "tiktok",
    "copy link", "copy", "share", "tweet", "поділитися", "поделиться", "друк", "печать",
    "скопіювати посилання", "копировать ссылку",
}
_BOILERPLATE = re.compile(
    "^(?:"
    + "|".join((
        # a bare button: "Share", "Share this article", "Tweet", "Advertisement"
        r"(?:share|tweet|advertisement|реклама|поділитися|поделиться)(?:\s+(?:this|on)\b.*)?$",
        # cross-links: "Read also: ...", "Читайте також ...", "Related: ..."
        r"(?:read|also read|see|дивіться|смотрите|читайте)\s+(?:also|more|також|также|ще|еще)\b",
        r"(?:related|see also|more on this story|читайте|по темі|по теме)\s*:",
        # subscribe/follow prompts that name a channel
        r"(?:please\s+)?(?:subscribe|sign up|join us|follow us)\b.*\b(?:telegram|facebook"
        r"|twitter|newsletter|channel|instagram|youtube|viber|tiktok|whatsapp|google news)\b",
        r"(?:підписуйтес[ья]|підпишіться|подписывайтесь|подпишитесь|стежте за нами"
        r"|следите за нами|приєднуйтесь|присоединяйтесь|читайте нас)\b",
        r".*\b(?:all rights reserved|усі права захищені|все права защищены)\b",
    ))
    + ")",
    re.I,
)
_BOILERPLATE_MAX_WORDS = 25


def normalize_text(text: str) -> str:
    """NFC, ASCII apostrophes, single spaces, stripped lines, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_text(raw: str) -> tuple[str, str]:
    """Title and body of a scraped plain-text page (headline on the first real line)."""
    lines = normalize_text(raw).split("\n")
    title = ""
    for i, line in enumerate(lines):
        if not line or is_noise(line):
            continue
        if _looks_like_title(line):
            title = _strip_credits(line)
            lines = lines[i + 1 :]
        else:
            lines = lines[i:]
        break
    body = clean_body(title, "\n".join(lines))
    if not body:  # a lone line is text, not a headline without an article
        return "", title
    return title, body


def clean_body(title: str, body: str) -> str:
    """Article body without page furniture, repeats of its title, captions and credits."""
    title_key = _key(normalize_text(title)) if title else ""
    paragraphs = []
    for block in normalize_text(body).split("\n\n"):
        kept = []
        for line in block.split("\n"):
            if not line or is_noise(line) or _repeats_title(line, title_key):
                continue
            line = _strip_credits(line)
            if line:
                kept.append(line)
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs)


def is_noise(line: str) -> bool:
    """True for a line of page furniture: language switcher, caption, credit, share links."""
    return (
        _is_language_switcher(line)
        or _is_caption(line)
        or _is_social_bar(line)
        or (len(line.split()) <= _BOILERPLATE_MAX_WORDS and bool(_BOILERPLATE.match(line)))
    )


def _is_language_switcher(line: str) -> bool:
    """'ua en ru', 'EN | UA', 'Українською': links to the page in other languages."""
    low = line.casefold().strip(" |/·•")
    if low in _LANG_NAMES:
        return True
    tokens = [t for t in _SWITCHER_SEPARATORS.split(low) if t]
    return len(tokens) >= 2 and all(t in _LANG_CODES or t in _LANG_NAMES for t in tokens)


def _is_caption(line: str) -> bool:
    """A photo caption or credit line (short, and naming a photo/credit)."""
    words = len(line.split())
    if words > _CAPTION_MAX_WORDS:
        return False
    if _CREDIT_ALONE.match(line) or (words <= 15 and _CREDIT_LINE.match(line)):
        return True
    # A caption ends with its credit: "... (photo: Getty Images)" or "... Photo: Reuters".
    stripped = line.rstrip()
    return any(p.search(stripped) for p in _CREDIT_TAIL) or _ends_with_credit(stripped)


def _ends_with_credit(line: str) -> bool:
    """True if the line's last thing is a parenthesized photo credit."""
    return bool(_CREDIT_PAREN_END.search(line))


def _is_social_bar(line: str) -> bool:
    """A row of share buttons: 'Facebook Twitter Telegram', 'Share | Tweet | Email'."""
    tokens = [t for t in re.split(r"\s*[|/·•,]\s*", line.casefold()) if t]
    if len(tokens) == 1:
        tokens = line.casefold().split()
    return len(tokens) >= 2 and all(t in _SOCIAL for t in tokens)


def _strip_credits(line: str) -> str:
    """The line without parenthesized photo credits."""
    return _CREDIT_PAREN.sub(" ", line).strip()


def _looks_like_title(line: str) -> bool:
    """True if a first line is short enough to be a headline rather than a paragraph."""
    return len(line) <= _TITLE_MAX_CHARS and len(line.split()) <= _TITLE_MAX_WORDS


def _key(text: str) -> str:
    """Comparison form of a headline: case-folded words without punctuation."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _repeats_title(line: str, title_key: str) -> bool:
    """True if the line is the headline again (alone or with a caption run on to it)."""
    if not title_key:
        return False
    key = _key(line)
    if key == title_key:
        return True
    # "Headline An expert explained ... (photo: Getty Images)": headline plus its caption.
    return key.startswith(title_key + " ") and _ends_with_credit(line)
