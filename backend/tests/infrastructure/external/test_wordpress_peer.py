"""The WordPress test peer itself: installed, reachable, the application password works."""

from __future__ import annotations

from tests.wordpress_peer import WordPressPeer


def test_peer_is_a_working_wordpress(wordpress: WordPressPeer) -> None:
    me = wordpress.rest_json("GET", "/wp/v2/users/me", params={"context": "edit"})
    assert me["username"] == wordpress.username
    assert me["capabilities"]["publish_posts"] is True
    assert wordpress.rest("GET", "/wp/v2/users/me", auth=False).status_code == 401
    index = wordpress.rest_json("GET", "/", auth=False)
    assert index["name"] == "IGNY8 Test Blog"
    assert index["url"] == wordpress.base_url
