"""Article ids that are URLs reach /api/articles/ however a client sends them."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import ARTICLE

from web.api import restore_scheme


@pytest.mark.parametrize("sent", [ARTICLE, ARTICLE.replace("://", ":/", 1),
                                  quote(ARTICLE, safe=""), quote(ARTICLE, safe="/:")])
def test_url_id_found_as_sent(demo, sent):
    """Unescaped, escaped, or with the `//` collapsed as nginx forwards it: 200."""
    response = demo.get(f"/api/articles/{sent}")
    assert response.status_code == 200, (sent, response.status_code)
    assert response.json["id"] == ARTICLE


@pytest.mark.parametrize("article_id, expected", [
    ("https:/a.example/1", "https://a.example/1"), ("http:/a/b", "http://a/b"),
    ("https://a.example/1", "https://a.example/1"), ("sha1:ab/c", "sha1:ab/c"),
    ("x/https:/a", "x/https:/a"), ("https:///a", "https:///a")])
def test_restore_scheme(article_id, expected):
    assert restore_scheme(article_id) == expected


def test_unknown_collapsed_id_is_still_404(demo):
    response = demo.get("/api/articles/https:/demo.newsdex.invalid/none")
    assert response.status_code == 404 and response.json["error"]
