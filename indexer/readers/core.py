"""Walk the inputs (files, folders, stdin) and hand each one to the reader of its format."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from indexer.article import Article
from indexer.errors import InputError, Skipped
from indexer.readers.encoding import decode
from indexer.readers.formats import read_csv, read_json, read_jsonl, read_text
from indexer.readers.records import check_field_map
from indexer.readers.web import (
    is_json_feed,
    looks_like_html,
    read_html,
    read_json_or_feed,
    read_warc,
    read_xml,
)

Item = Article | Skipped
# A reader gets the input's bytes, its origin ("path" or "-") and the field map.
Reader = Callable[[bytes, str, Mapping[str, str]], Iterable[Item]]

# Extension (lower case, with the dot; may be compound like ".warc.gz") -> reader.
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json_or_feed,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".xml": read_xml,
    ".rss": read_xml,
    ".atom": read_xml,
    ".rdf": read_xml,
    ".warc": read_warc,  # type: ignore[dict-item]  # streams: gets an open file, not bytes
    ".warc.gz": read_warc,  # type: ignore[dict-item]
}
# Readers that take an open binary file instead of bytes (archives can be gigabytes).
STREAMING: set[Reader] = {read_warc}  # type: ignore[arg-type]
# Files larger than this are refused (archives read as streams are exempt).
MAX_FILE_BYTES = 50 * 1024 * 1024
URL_TIMEOUT = 15.0

# Found in a folder, these are passed over without a word: certainly not news text.
NOT_NEWS = frozenset({
    "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "heic", "avif",
    "psd", "mp3", "mp4", "m4a", "m4v", "wav", "ogg", "oga", "opus", "flac", "webm", "avi", "mov",
    "mkv", "woff", "woff2", "ttf", "otf", "eot", "css", "js", "mjs", "map", "pyc", "pyo",
    "class", "o", "a", "so", "dll", "dylib", "exe", "lock",
})


def register_reader(extensions: Iterable[str], reader: Reader) -> None:
    """Read files with these extensions (".html", ".warc.gz") with reader."""
    for extension in extensions:
        READERS["." + extension.lower().lstrip(".")] = reader


def read_inputs(paths: Sequence[str], field_map: Mapping[str, str] | None = None,
                stdin: IO[bytes] | None = None, max_bytes: int | None = None) -> Iterator[Item]:
    """Articles from files, folders (recursively) and "-" (stdin); Skipped for bad inputs."""
    fields = check_field_map(field_map)  # a bad map fails now, not at the first next()
    return _read_all(paths, fields, stdin, max_bytes or MAX_FILE_BYTES)


def input_files(paths: Sequence[str]) -> Iterator[Path]:
    """The files read_inputs would read (folders walked the same way), for progress totals."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from (file for file, reader in _folder_files(path) if reader is not None)
        elif path.is_file():
            yield path


def _read_all(paths: Sequence[str], fields: Mapping[str, str],
              stdin: IO[bytes] | None, max_bytes: int) -> Iterator[Item]:
    """The items of every input, in the order given."""
    for given in paths:
        if given == "-":
            yield from _read_stdin(stdin, fields)
            continue
        if given.startswith(("http://", "https://")):
            yield from _read_url(given, fields, max_bytes)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _read_folder(path, fields, max_bytes)
        elif path.exists():
            yield from _read_file(path, _reader_for(path) or read_text, fields, max_bytes)
        else:
            yield Skipped(given, "no such file or directory")


def _read_folder(folder: Path, fields: Mapping[str, str], max_bytes: int) -> Iterator[Item]:
    """The items of every readable file under a folder, then one Skipped per unknown type."""
    unknown: dict[str, list[Path]] = {}
    for file, reader in _folder_files(folder):
        if reader is None:
            unknown.setdefault(_extension(file), []).append(file)
        else:
            yield from _read_file(file, reader, fields, max_bytes)
    hint = "pass a file by name to read it as text"
    for extension, files in unknown.items():
        if len(files) == 1:
            kind = f"unsupported file type {extension!r}" if extension else "no file extension"
            yield Skipped(str(files[0]), f"{kind}; {hint}")
        else:
            kind = f"of unsupported type {extension!r}" if extension else "without an extension"
            example = files[0].relative_to(folder)
            yield Skipped(str(folder), f"{len(files)} files {kind} left out "
                                       f"(e.g. {example}); {hint}")


def _folder_files(folder: Path) -> Iterator[tuple[Path, Reader | None]]:
    """Files under a folder in sorted order with their readers; hidden and media files left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = Path(root, name)
            reader = _reader_for(file)
            if reader is None and _extension(file).lstrip(".") in NOT_NEWS:
                continue
            yield file, reader


def _reader_for(path: Path) -> Reader | None:
    """The reader registered for the longest matching extension of path, if any."""
    suffixes = [s.lower() for s in path.suffixes]
    for i in range(len(suffixes)):
        reader = READERS.get("".join(suffixes[i:]))
        if reader is not None:
            return reader
    return None


def _extension(path: Path) -> str:
    """The last extension of path in lower case ("" if none)."""
    return path.suffix.lower()


def _read_file(path: Path, reader: Reader, fields: Mapping[str, str],
               max_bytes: int = MAX_FILE_BYTES) -> Iterator[Item]:
    """The items of one file; Skipped if it cannot be opened, is too large, or unreadable."""
    origin = str(path)
    try:
        if reader in STREAMING:
            with path.open("rb") as stream:
                yield from _run(reader, stream, origin, fields)  # type: ignore[arg-type]
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(origin, f"file too large ({size / 2**20:.1f} MB; the limit is "
                                  f"{max_bytes / 2**20:.0f} MB)")
            return
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(origin, (error.strerror or str(error)).lower())
        return
    yield from _run(sniff(data, reader), data, origin, fields)


def _read_url(url: str, fields: Mapping[str, str], max_bytes: int) -> Iterator[Item]:
    """The items of a feed or page fetched over HTTP(S); Skipped when it cannot be fetched."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "newsdex/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
            data = response.read(max_bytes + 1)
            kind = (response.headers.get_content_type() or "").lower()
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        yield Skipped(url, f"cannot fetch the URL ({reason}); is the network reachable?")
        return
    if len(data) > max_bytes:
        yield Skipped(url, f"response over the {max_bytes / 2**20:.0f} MB limit")
        return
    reader: Reader = sniff(data, read_text)
    if "html" in kind:
        reader = read_html
    elif "json" in kind:
        reader = read_json_or_feed
    elif any(word in kind for word in ("xml", "rss", "atom")):
        reader = read_xml
    for item in _run(reader, data, url, fields):
        if isinstance(item, Article) and item.url is None and reader is read_html:
            item.url = url
        yield item


def sniff(data: bytes, reader: Reader) -> Reader:
    """The reader for what the bytes are when the name says plain text (or nothing)."""
    if reader is not read_text:
        return reader
    head = data[:4096].lstrip()
    if looks_like_html(head):
        return read_html
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf:RDF")):
        return read_xml
    if head.startswith(b"{") and is_json_feed(head):
        return read_json_or_feed
    return reader


def _read_stdin(stdin: IO[bytes] | None, fields: Mapping[str, str]) -> Iterator[Item]:
    """The items of standard input: JSON Lines if it starts with "{", else one text article."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read()
    try:
        head = decode(data, "-").lstrip()[:100]
    except InputError as error:
        yield _skipped("-", error)
        return
    if head.startswith("{"):
        reader: Reader = sniff(data, read_text)
        if reader is read_text:
            reader = read_jsonl
    elif head.startswith("[") and head[1:].lstrip()[:1] in ("{", "]"):
        reader = read_json
    else:
        reader = sniff(data, read_text)
    yield from _run(reader, data, "-", fields)


def _run(reader: Reader, data: bytes, origin: str, fields: Mapping[str, str]) -> Iterator[Item]:
    """A reader's items, its InputError turned into a Skipped for the input."""
    try:
        yield from reader(data, origin, fields)
    except InputError as error:
        yield _skipped(origin, error)


def _skipped(origin: str, error: InputError) -> Skipped:
    """Skipped record of an InputError whose message starts with the origin."""
    return Skipped(origin, str(error).removeprefix(f"{origin}: "))
