"""HTML pages to articles: main text, title, authors, date, site and canonical URL.

Main-text extraction is trafilatura's (`favor_precision`, no comments: menus, related links,
comment threads and cookie banners stay out); its metadata uses htmldate for the date.
`fragment_text` turns an HTML fragment (a feed entry's content) into plain paragraphs.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from datetime import datetime

from indexer.article import Article
from indexer.errors import InputError, Skipped
from indexer.readers.clean import clean_body, normalize_text
from indexer.readers.encoding import decode
from indexer.readers.records import normalize_language, parse_date, source_from_url, split_authors

MIN_WORDS = 8  # fewer words of main text: a navigation shell or an error page, not an article
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]"
                         rb"|head[\s>]|body[\s>]|meta[\s>]|title[\s>])", re.I | re.S)
_CLOSING = re.compile(rb"</(?:html|body)\s*>", re.I)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z]+)?)",
                        re.I)
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|li|h[1-6]|blockquote|tr|pre|section"
                        r"|article|ul|ol|table|figure|figcaption))\s*>", re.I)
_DROP = re.compile(r"<(script|style|noscript|iframe)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_PROMO = re.compile(
    r"\bsubscribe (?:now|today|to our)|\bsign(?:ing)? up (?:for|to) our|never miss the latest"
    r"|\bdownload (?:the|our) .{0,40}\bapps?\b|copyrighted property|written permission must"
    r"|all rights reserved|submit your letter|we want to hear what you think"
    r"|\bcontact us at\b", re.I)
# A word mixing Latin and Cyrillic letters ("Yоur" with a Cyrillic о): obfuscated ad copy.
_MIXED_SCRIPT = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[\u0400-\u04ff])\w+\b.*\b(?=\w*[a-zA-Z])"
                           r"(?=\w*[\u0400-\u04ff])\w+\b")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+\|")
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_STAFF = re.compile(r"\s+(?:\w+\s+)?staff(?:\s+writer)?$", re.I)
_AUTHOR_META = ("//meta[@name='author' or @name='parsely-author' or @property='article:author'"
                " or @name='sailthru.author' or @name='byl']/@content")
_LD_AUTHOR = re.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"]+)"')
_NOT_AUTHORS = {"no author", "staff", "admin", "editor", "news desk", "cnn", "bbc", "reuters",
                "ap", "afp"}
_HAS_TAG = re.compile(r"<[A-Za-z/!][^>]*>")


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like an HTML page (doctype, <html>, <head>...)."""
    return bool(_HTML_START.match(data[:4096]))


def decode_html(data: bytes, origin: str, charset: str | None = None) -> str:
    """Text of an HTML page: the given or declared charset when it decodes, else detected."""
    declared = charset
    if not declared:
        found = _CHARSET.search(data[:8192])
        declared = found.group(1).decode("ascii", "replace") if found else None
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "ascii"):  # UTF-8 is tried first by decode()
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                decode(data[:8192], origin)  # still refuse binary files with a charset tag
                return text.removeprefix("\ufeff")
    return decode(data, origin)


def read_html(data: bytes, origin: str,
              field_map: Mapping[str, str]) -> Iterator[Article | Skipped]:
    """One article from an HTML page (main text only), or Skipped saying why not."""
    yield html_article(data, origin)


def html_article(data: bytes, origin: str, url: str | None = None,
                 fallback_date: datetime | None = None,
                 charset: str | None = None) -> Article | Skipped:
    """The article of one HTML page; `url` (e.g. a WARC target) wins over the page's own."""
    try:
        text = decode_html(data, origin, charset)
    except InputError as error:
        return Skipped(origin, str(error).removeprefix(f"{origin}: "))
    if not _HAS_TAG.search(text[:65536]):
        return Skipped(origin, "not HTML: no markup in the file")
    if not _CLOSING.search(data[-65536:]):
        return Skipped(origin, "truncated HTML: the page has no closing </body> or </html>")
    document = _extract(text, url)
    if document is None or not (document.text or "").strip():
        return Skipped(origin, "no article text found in the page")
    tree = _tree(text)
    title = headline(tree, document.title or "")
    body = clean_body(title, normalize_text(_paragraphs(document.text)))
    if len(body.split()) < MIN_WORDS:
        return Skipped(origin, f"no article text found in the page (under {MIN_WORDS} words)")
    site = _site_name(document.sitename)
    page_url = url or document.url or None
    if page_url and not page_url.startswith(("http://", "https://")):
        page_url = None
    return Article(
        title=title,
        body=body,
        url=page_url,
        source=site or (source_from_url(page_url) if page_url else None)
        or document.hostname or None,
        published=_published(text) or parse_date(document.date) or fallback_date,
        language=_page_language(text),
        authors=page_authors(tree, document.author, site, text),
        origin=origin,
    )


def _extract(text: str, url: str | None):
    """trafilatura's document (text and metadata) of a page, or None."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            text, url=url, favor_precision=True, include_comments=False, include_tables=True,
            with_metadata=True, deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError, RecursionError):  # broken markup
        return None


def _tree(text: str):
    """The page parsed by lxml (None when it cannot be)."""
    import lxml.html

    try:
        return lxml.html.fromstring(_XML_DECL.sub("", text, count=1))
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _strip_site(title: str) -> str:
    """A <title> without its site name: the longest part between " | ", " - " separators."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len) if parts else ""


def headline(tree, meta_title: str) -> str:
    """The headline: the <h1> that agrees with the page's meta titles, else the meta title."""
    metas = [meta_title]
    if tree is not None:
        metas += tree.xpath("//meta[@property='og:title']/@content|//title/text()")
    metas = [_strip_site(" ".join(normalize_text(m).split())) for m in metas if m]
    metas = [m for m in metas if m]
    best, best_score = "", 0.0
    for h1 in tree.xpath("//h1") if tree is not None else []:
        text = " ".join(normalize_text(h1.text_content()).split())
        if not 8 <= len(text) <= 400:
            continue
        for meta in metas:
            a, b = _words(text), _words(meta)
            score = len(a & b) / len(a | b) if a | b else 0.0
            if score > best_score:
                best, best_score = text, score
    if best_score >= 0.5:
        for meta in metas:  # "Open ProgressWhy collaborative...": the h1 has a kicker glued on
            if meta != best and meta.casefold() in best.casefold() and best.endswith(meta):
                return meta
        return best
    return metas[0] if metas else ""


def _published(text: str) -> datetime | None:
    """The JSON-LD "datePublished" of the page (more reliable than visible dates)."""
    found = _DATE_PUBLISHED.search(text)
    if not found:
        return None
    try:  # the publisher's own day: keep its local time rather than converting to UTC
        return datetime.fromisoformat(found.group(1).strip()).replace(tzinfo=None)
    except ValueError:
        return parse_date(found.group(1))


def page_authors(tree, extracted: str | None, site: str | None, text: str = "") -> list[str]:
    """Authors: byline meta tags (or trafilatura's names when they cover them), site names out."""
    meta: list[str] = []
    if tree is not None:
        for value in tree.xpath(_AUTHOR_META):
            meta += [n for n in split_authors(value) if n not in meta and "://" not in n]
    found = split_authors(extracted)
    names = found if not meta or {_key(n) for n in meta} <= {_key(n) for n in found} else meta
    if not names:
        ld = _LD_AUTHOR.search(text)
        names = split_authors(ld.group(1)) if ld else []
    cleaned = _clean_names(names, site, text)
    if not cleaned and tree is not None:  # placeholders only ("No Author", the site's name)
        cleaned = _clean_names(_byline(tree), site, text)
    return cleaned


def _clean_names(names: list[str], site: str | None, text: str) -> list[str]:
    """Names without site names, placeholders, URLs, repeats or login names."""
    bad = {_key(site or ""), *_NOT_AUTHORS}
    cleaned: list[str] = []
    for name in names:
        if len(name.split()) >= 3:
            name = _STAFF.sub("", name).strip()
        key = _key(name)
        if (not key or key in bad or "www" in key or "://" in name
                or (site and key.startswith(_key(site) + " "))
                or key in {_key(n) for n in cleaned}
                or (" " not in name and name.lower() in text and name not in text)):
            continue  # a site name, placeholder, URL, repeat or login name ("satter")
        cleaned.append(name)
    return cleaned


_BYLINE_XPATH = ("//*[self::header or self::article]//*[@rel='author' or @itemprop='author' or "
                 "contains(concat(' ', normalize-space(@class), ' '), ' credit ')]")
_CAP = "A-ZА-ЯЁІЇЄҐ"
_NAME_SHAPE = re.compile(rf"^(?:[{_CAP}][\w'’.-]+(?:\s+[{_CAP}][\w'’.-]+){{1,3}}|[{_CAP}]{{2,8}})$")
_BYLINE_LABEL = re.compile(r"^\s*(?:authors?|auteurs?|autor(?:en)?|автор(?:и|ы)?|текст)\s*:\s*"
                           r"([^\d:|]{3,60}?)\s*$", re.I)


def _byline(tree) -> list[str]:
    """Names from a credit element in the article's header or a labelled line ("Auteur : X");
    only what is shaped like a name (two to four capitalized words, or an agency's capitals).
    """
    for element in tree.xpath(_BYLINE_XPATH)[:3]:
        value = " ".join(element.text_content().split())
        value = re.sub(r"^(?:by|von|par|от)\s+", "", value, flags=re.I)
        names = split_authors(value) if value and len(value) <= 60 else []
        if names and all(_NAME_SHAPE.match(n) for n in names):
            return names
    for element in tree.xpath("//p"):
        found = _BYLINE_LABEL.match(" ".join(element.text_content().split()))
        if found and all(_NAME_SHAPE.match(n) for n in split_authors(found.group(1))):
            return split_authors(found.group(1))
    return []


def _key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold())).removeprefix("the ")


def _paragraphs(text: str) -> str:
    """trafilatura's one-line-per-block text as paragraphs, promotional lines left out."""
    lines = [line.strip() for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line and not is_promo(line))


def is_promo(line: str) -> bool:
    """A publisher's promotional or legal line (subscribe, app, copyright), not reporting."""
    if len(line) > 300:
        return False
    return bool(_PROMO.search(line) or _MIXED_SCRIPT.search(line))


def _site_name(value: str | None) -> str | None:
    """The site name, without the '@' of a Twitter handle."""
    name = " ".join((value or "").split()).lstrip("@")
    return name or None


def _page_language(text: str) -> str | None:
    """The language of <html lang="..."> (normalized), if the page declares one."""
    found = _HTML_LANG.search(text[:20000])
    return normalize_language(found.group(1)) if found else None


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become paragraphs, entities decoded."""
    import html

    if "<" not in fragment and "&" not in fragment:
        return normalize_text(fragment)
    cleaned = _DROP.sub(" ", fragment)
    cleaned = _BLOCK_END.sub("\n\n", cleaned)
    cleaned = html.unescape(_TAG.sub("", cleaned))
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", cleaned))
    return normalize_text("\n\n".join(p for p in paragraphs if p))
