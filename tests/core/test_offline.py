"""The platform works offline: pages load scripts, styles and images only from this node."""

from __future__ import annotations

import re
from typing import Any

import pytest

ASSET = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"', re.IGNORECASE)


@pytest.mark.parametrize("path", ["/login/", "/", "/treaties/ETS185/", "/directory/network/", "/api/v1/docs/"])
def test_every_asset_is_served_by_the_node(path: str, world: Any, client_for: Any, client: Any) -> None:
    http = client if path == "/login/" else client_for(world.users["administrator"])
    html = http.get(path).content.decode()
    assets = ASSET.findall(html)
    assert assets, f"{path} references no asset at all"
    external = [url for url in assets if not url.startswith("/")]
    assert external == []


def test_vendored_styles_fetch_nothing_from_the_network() -> None:
    """A vendored stylesheet may not import another one or load a font or image from a remote address."""
    from pathlib import Path

    vendor = Path(__file__).parents[2] / "src/glacy/static/vendor"
    remote = re.compile(r"@import|url\(\s*['\"]?(?:https?:)?//", re.IGNORECASE)
    offenders = [str(path.relative_to(vendor)) for path in sorted(vendor.rglob("*.css"))
                 if remote.search(path.read_text(encoding="utf-8"))]
    assert sorted(str(path.relative_to(vendor)) for path in vendor.rglob("*.css")) == [
        "tabler/tabler-vendors.min.css", "tabler/tabler.min.css", "tom-select/tom-select.bootstrap5.min.css"]
    assert offenders == []
