"""The published policy's shape: numbered once, in the language the reader asks for (Art. 12(1))."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from privacy_api.core.html.language import negotiate
from privacy_api.register.service import Register

_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.? \S", re.MULTILINE)


def _numbers(text: str) -> list[tuple[int, ...]]:
    return [tuple(int(p) for p in m.group(1).split(".")) for m in _HEADING.finditer(text)]


def test_policy_sections_numbered_once(client: TestClient, loaded: Register) -> None:
    numbered = {}
    for lang in ("pl", "en"):
        numbers = _numbers(client.get(f"/v1/policy?lang={lang}").json()["text"])
        assert len(numbers) == len(set(numbers)), numbers
        # Each number follows the one before: the next sibling, a first child, or the next
        # section after a run of children.
        for before, after in zip(numbers, numbers[1:], strict=False):
            sibling = after[:-1] == before[:-1] and after[-1] == before[-1] + 1
            child = after == (*before, 1)
            next_section = len(after) < len(before) and after[-1] == before[len(after) - 1] + 1
            assert sibling or child or next_section, (lang, before, after)
        numbered[lang] = numbers
    assert numbered["pl"] == numbered["en"]
    # Every activity has its own number in section 1.
    assert sum(1 for n in numbered["pl"] if n[0] == 1 and len(n) == 2) == len(
        loaded.spec.activities
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "pl"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE, en;q=0.5, pl;q=0.8", "pl"),
        ("pl;q=0.1, en;q=0.7", "en"),
        ("fr, de", "pl"),
        ("*", "pl"),
        ("en;q=0", "pl"),
        ("EN-us;q=1.000", "en"),
        ("en;q=banana, pl;q=0.2", "en"),
    ],
)
def test_accept_language_selects_policy_language(
    client: TestClient, loaded: Register, header: str | None, expected: str
) -> None:
    headers = {"Accept-Language": header} if header is not None else {}
    response = client.get("/v1/policy", headers=headers)
    assert response.status_code == 200
    assert response.json()["lang"] == expected
    assert response.headers["content-language"] == expected
    assert "Accept-Language" in response.headers["vary"]
    page = client.get("/v1/policy", headers={**headers, "Accept": "text/html"})
    assert f'<html lang="{expected}">' in page.text
    assert page.headers["content-language"] == expected
    # An explicit ?lang= wins over the header.
    assert client.get("/v1/policy?lang=pl", headers=headers).json()["lang"] == "pl"


def test_accept_language_parsing_is_linear() -> None:
    def cost(size: int) -> float:
        header = "en-" + "a" * size + ";q=0." + "1" * size + "," * size
        started = time.perf_counter()
        for _ in range(20):
            negotiate(header, ("pl", "en"), "pl")
        return time.perf_counter() - started

    small, large = cost(1_000), cost(16_000)
    # 16 times the input may cost about 16 times the time, never its square (256x).
    assert large < max(small, 1e-4) * 64
    assert negotiate("xx," * 10_000 + "en", ("pl", "en"), "pl") == "pl"
