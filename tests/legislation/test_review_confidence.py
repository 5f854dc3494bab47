"""The review page uses the calibrated confidence: least certain first on request, coloured and worded by band,
"needs a look" for low scores and for provisions mapped to nothing."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from glacy.legislation.services.laws import law_import

LAW = ("Section 1. This Act may be cited as the Confidence Act.\n"
       "Section 2. A person who intentionally and without authorisation accesses a computer system commits an "
       "offence.\n"
       "Section 3. The Minister shall publish an annual report on the activities of the Agency.\n")


def test_confidence_is_stored_and_drives_the_order_and_the_needs_a_look_filter(world: Any, client_for: Any) -> None:
    law = law_import(actor=world.users["reviewer"], country_code="GH", title="Confidence Act", file_name="c.txt",
                     data=LAW.encode())
    access = law.provisions.get(ref="Section 2")
    title = law.provisions.get(ref="Section 1")
    assert access.confidence is not None
    assert access.confidence >= 0.8
    assert (access.needs_review, access.confidence_band) == (False, "high")
    assert title.confidence is None
    assert title.needs_review is True
    client = client_for(world.users["reviewer"])
    url = reverse("law-detail", kwargs={"law_id": law.pk})
    ordered = client.get(f"{url}?order=confidence").content.decode()
    refs = re.findall(r'id="provision-title-[^"]+">(Section \d)', ordered)
    assert refs[-1] == "Section 2"  # the most certain last
    assert set(refs[:2]) == {"Section 1", "Section 3"}
    page = client.get(url).content.decode()
    assert "2 provisions mapped to nothing or with a low score" in page
    assert 'class="provision confidence-high"' in page
    assert "<strong>Needs a look</strong>" in page
    look = client.get(f"{url}?show=look").content.decode()
    assert re.findall(r'id="provision-title-[^"]+">(Section \d)', look) == ["Section 1", "Section 3"]
