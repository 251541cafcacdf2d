"""Terminal views of results, articles, statistics and entities (the CLI's output)."""

from __future__ import annotations

from collections import Counter

from search.highlight import as_ansi, as_plain
from search.results import Article, Histogram, SearchResult, Stats

BARS = " ▁▂▃▄▅▆▇█"


def _marked(text: str, color: bool) -> str:
    return as_ansi(text) if color else as_plain(text)


def _names(entities: list[dict], limit: int = 6) -> str:
    names = [e["name"] for e in entities[:limit]]
    more = len(entities) - limit
    return ", ".join(names) + (f" +{more}" if more > 0 else "")


def histogram_lines(hist: Histogram | None, rows: int = 24) -> list[str]:
    """The date histogram as one bar per bucket; empty buckets are left out when many."""
    if not hist or not hist.buckets:
        return []
    peak = max(b.count for b in hist.buckets) or 1
    buckets = hist.buckets
    title = f"Timeline by {hist.interval}:"
    if len(buckets) > rows:
        buckets = [b for b in buckets if b.count]
        title = (f"Timeline by {hist.interval}, {hist.buckets[0].key} … {hist.buckets[-1].key}"
                 f" ({len(hist.buckets) - len(buckets)} empty {hist.interval}s left out):")
    if len(buckets) > rows:
        spark = "".join(BARS[max(1, round(b.count / peak * 8))] if b.count else BARS[0]
                        for b in hist.buckets)
        return [f"Timeline by {hist.interval} ({hist.buckets[0].key} … "
                f"{hist.buckets[-1].key}, peak {peak}):", f"  {spark}"]
    lines = [title]
    for b in buckets:
        bar = "█" * max(1 if b.count else 0, b.count * 40 // peak)
        lines.append(f"  {b.key:>10} {bar} {b.count}")
    if hist.undated:
        lines.append(f"  {'undated':>10} {hist.undated}")
    return lines


def search_view(result: SearchResult, color: bool = False, facet_rows: int = 5) -> str:
    """Hits with source, date, language, snippet and entities, then facets and timeline."""
    lines = []
    for note in result.notes:
        lines.append(f"note: {note}")
    shown = f"{(result.page - 1) * result.per_page + 1}-" \
            f"{(result.page - 1) * result.per_page + len(result.hits)}"
    query = f' for "{result.query}"' if result.query.strip() else ""
    head = f"{result.total} article{'s' if result.total != 1 else ''}{query}"
    lines.append(f"{head} (showing {shown}, {result.took_ms:.0f} ms)" if result.hits
                 else f"{head} ({result.took_ms:.0f} ms)")
    if result.suggestion:
        lines.append(f'Did you mean: "{result.suggestion}"?')
    for n, hit in enumerate(result.hits, start=(result.page - 1) * result.per_page + 1):
        lines.append("")
        lines.append(f"{n:>3}. {_marked(hit.title, color)}")
        meta = [hit.source or "unknown source", (hit.published or "undated")[:10],
                hit.language, hit.id]
        lines.append("     " + " · ".join(meta))
        lines.append("     " + _marked(hit.snippet, color).replace("\n", " "))
        for label, entities in (("people", hit.people), ("places", hit.places),
                                ("orgs", hit.orgs)):
            if entities:
                lines.append(f"     {label}: {_names(entities)}")
        if hit.dates:
            lines.append(f"     dates: {', '.join(hit.dates[:6])}")
    for name, values in result.facets.items():
        if values:
            lines.append("")
            cells = [f"{'*' if v.selected else ''}{v.label} ({v.count})"
                     for v in values[:facet_rows]]
            lines.append(f"{name}: " + " · ".join(cells))
    hist = histogram_lines(result.histogram)
    if hist:
        lines.append("")
        lines.extend(hist)
    return "\n".join(lines)


def article_view(article: Article) -> str:
    """An article with its metadata and entities."""
    lines = [article.title, "=" * min(len(article.title), 80)]
    meta = [article.source or "unknown source", (article.published or "undated")[:10],
            article.language, article.id]
    lines.append(" · ".join(meta))
    if article.url:
        lines.append(article.url)
    if article.authors:
        lines.append("by " + ", ".join(article.authors))
    lines.append("")
    lines.append(article.body)
    lines.append("")
    counts = Counter((m["type"], m["id"]) for m in article.mentions)
    for label, kind, entities in (("People", "person", article.people),
                                  ("Places", "place", article.places),
                                  ("Organizations", "org", article.orgs)):
        if entities:
            lines.append(f"{label}:")
            for e in entities:
                extra = ""
                if kind == "place" and e.get("lat") is not None:
                    extra = f"  {e.get('country') or ''} {e['lat']:.4f},{e['lon']:.4f}"
                lines.append(f"  {e['name']}  [{e['id']}]  ×{counts[(kind, e['id'])]}{extra}")
    if article.dates:
        lines.append("Dates: " + ", ".join(article.dates))
    if len(article.origins) > 1:
        lines.append(f"Also found as: {', '.join(article.origins[1:])}")
    return "\n".join(lines)


def stats_view(stats: Stats) -> str:
    """Counts per language and source, date span and top entities."""
    copies = stats.inputs - stats.articles
    lines = [f"{stats.articles} articles in {stats.index_dir} "
             f"({stats.size_bytes / 1e6:.1f} MB)"]
    if stats.stories < stats.articles:
        later = stats.articles - stats.stories
        lines.append(f"{stats.stories} stories: {later} article{'s are' if later > 1 else ' is'}"
                     " a later copy of a re-published story (searches count a story once;"
                     " --all-copies counts every copy)")
    if copies > 0:
        lines.append(f"{stats.inputs} inputs: {copies} were exact copies of an indexed text")
    span = (f"{stats.first_published} … {stats.last_published}" if stats.first_published
            else "no publication dates")
    lines.append(f"published: {span}" + (f" ({stats.undated} undated)" if stats.undated else ""))
    lines.append("languages: " + " · ".join(f"{v.label} ({v.count})" for v in stats.languages))
    if stats.sources:
        lines.append("sources: " + " · ".join(f"{v.label} ({v.count})" for v in stats.sources))
    for name, values in stats.top.items():
        if values:
            lines.append(f"top {name}: " + " · ".join(f"{v.label} ({v.count})" for v in values))
    return "\n".join(lines)


def mentions_view(source: str, language: str, mentions: list) -> str:
    """Entities of one text, grouped by entity with their mention counts."""
    lines = [f"{source} ({language}): {len(mentions)} mentions"]
    grouped: dict[tuple[str, str], list] = {}
    for m in mentions:
        grouped.setdefault((m.type, m.id), []).append(m)
    for (kind, eid), group in sorted(grouped.items()):
        spellings = sorted({m.text for m in group})
        lines.append(f"  {kind:<6} {group[0].name}  [{eid}]  ×{len(group)}  "
                     f"({' / '.join(spellings)})")
    return "\n".join(lines)
