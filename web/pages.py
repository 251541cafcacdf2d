"""HTML pages: the search page (results, facets, timeline) and the article page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask import Blueprint, render_template, request, url_for

from search.errors import QueryError
from search.request import DEFAULT_FACETS, MAX_PAGE, SearchRequest
from search.results import LANGUAGE_LABELS, FacetValue, SearchResult, cross_lang_note
from web import engine
from web.links import Links
from web.params import FACET_SIZE, parse_search
from web.views import chips, marked_body, pages, safe_url, ticks, timeline, toggle

bp = Blueprint("pages", __name__)

FACET_TITLES = {"person": "People", "place": "Places", "org": "Organizations",
                "source": "Sources", "lang": "Languages"}
FIND_LIMIT = 30


def resolve(name: str, value: str) -> list[str]:
    """The facet values a filter parameter selects (an entity's id for any spelling)."""
    return engine().resolve(name, value) or [value]


@bp.app_template_global()
def language_label(code: str | None) -> str:
    """A language code as its name (en → English)."""
    return LANGUAGE_LABELS.get(code or "xx", code or "")


@bp.app_template_global()
def search_link(name: str, value: str) -> str:
    """The search page filtered by one value (from an article or a hit)."""
    return url_for("pages.search", **{name: value})


@bp.app_template_global()
def article_link(article_id: str) -> str:
    """The article page of `article_id` (ids can be URLs)."""
    return url_for("pages.article", article_id=article_id)


def _facets(req: SearchRequest, result: SearchResult, links: Links) -> list[dict]:
    out = []
    for name in DEFAULT_FACETS:
        find = (request.args.get(f"find_{name}") or "").strip()[:100]
        values: list[FacetValue] = result.facets.get(name, [])
        if find:
            values = engine().facet_values(req, name, find, FIND_LIMIT)
        more = None
        if not find and req.facet_size and len(values) >= req.facet_size:
            more = links.set(facet_size=min(req.facet_size * 5, 1000))
        fewer = links.set(facet_size=None) if req.facet_size > FACET_SIZE else None
        out.append({
            "name": name, "title": FACET_TITLES[name], "find": find, "more": more,
            "fewer": fewer,
            "values": [(v, toggle(links, name, v, resolve)) for v in values],
        })
    return out


def folded_copies(req: SearchRequest, result: SearchResult) -> int:
    """Later copies of re-published stories that a browse (no query words) counts with
    their first copy: the difference between the page's count and `newsdex stats`'s
    articles, said on the page (issue 28.7). Not asked with query words (a second search)."""
    if req.query.strip() or req.all_copies:
        return 0
    every = engine().search(replace(req, facets=(), histogram=False, page=1, per_page=1,
                                    all_copies=True))
    return max(0, every.total - result.total)


@bp.get("/")
def search():
    """The search page; a bad query or parameter is shown next to the box with status 400."""
    links = Links(request.args)
    context = {"links": links, "query": (request.args.get("q") or "").strip(),
               "sort": request.args.get("sort") or "relevance", "error": None,
               "result": None}
    try:
        req = parse_search(request.args)
        result = engine().search(req)
        facets = _facets(req, result, links)
    except QueryError as exc:
        context["error"] = {"message": exc.args[0], "position": exc.position,
                            "param": getattr(exc, "param", None)}
        return render_template("search.html", **context), 400
    empty_index = result.total == 0 and engine().search(
        SearchRequest(facets=(), histogram=False, per_page=1)).total == 0
    notes = [note for note in result.notes
             if not result.cross_lang_total or note != cross_lang_note(result.cross_lang_total)]
    context["folded"] = folded_copies(req, result)
    context.update(
        req=req, result=result, facets=facets, empty_index=empty_index, notes=notes,
        cross_lang_link=links.set(cross_lang=1) if result.cross_lang_total else None,
        chips=chips(links, result.facets, resolve),
        bars=(bars := timeline(result.histogram, links)), ticks=ticks(bars),
        pages=pages(req.page, result.total, req.per_page, MAX_PAGE),
        last_page=min(max(1, -(-result.total // req.per_page)), MAX_PAGE),
    )
    return render_template("search.html", **context)


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    """One article: marked text, metadata, entities and related articles."""
    eng = engine()
    found = eng.article(article_id)
    paragraphs = marked_body(found.title, found.body, found.mentions, search_link)
    return render_template(
        "article.html", article=found, paragraphs=paragraphs,
        related=eng.related(article_id), url=safe_url(found.url),
        origins=[Path(o).name or o for o in found.origins if o],  # no server paths
    )
