"""Server-rendered pages (the privacy centre, the operations console): one way to load
templates, choose the language and answer a page.

- `environment(package)`: a Jinja2 environment for `<package>/templates`, falling back to
  `privacy_api/core/html/templates`, whose `page.html.j2` is the shared layout (blocks `title`,
  `nav`, `content`; variables `lang`, `switch`, `stylesheet`). Jinja2 is imported on the
  first page, not at start-up (PERFORMANCE.md: cold start).
- `language(request)`: `?lang=` (the visible switch), else `Accept-Language`, else Polish.
- `switch(request, lang)`: the links of the language switch, the same page in the other
  language.
- `answer(request, html, ...)`: the page's response: never cached, no Referer sent on,
  the CSRF cookie set when the page made one (`core.csrf`), the language declared.
- `stylesheet()`: the pages' one stylesheet (the CSP allows no inline style).

The strict CSP (`core.middleware.HTML_POLICY`) is set on every HTML answer by the
middleware; a page needs no header of its own.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from privacy_api.core.html.language import negotiate
from privacy_api.core.security import csrf

if TYPE_CHECKING:
    from jinja2 import Environment

Lang = Literal["pl", "en"]
LANGUAGE_NAMES: dict[Lang, str] = {"pl": "Polski", "en": "English"}


@functools.cache
def environment(package: str) -> Environment:
    from jinja2 import (
        ChoiceLoader,
        Environment,
        PackageLoader,
        StrictUndefined,
        select_autoescape,
    )

    return Environment(
        loader=ChoiceLoader(
            [
                PackageLoader(package, "templates"),
                PackageLoader("privacy_api.core.html", "templates"),
            ]
        ),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no stat() per page
    )


def language(request: Request) -> Lang:
    asked = request.query_params.get("lang")
    if asked in ("pl", "en"):
        return "en" if asked == "en" else "pl"
    header = request.headers.get("accept-language")
    return "en" if negotiate(header, ("pl", "en"), "pl") == "en" else "pl"


def switch(request: Request, lang: Lang) -> list[tuple[Lang, str, str]]:
    """(language, its name, the URL of this page in it) for every other language."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        (other, LANGUAGE_NAMES[other], f"{request.url.path}?{urlencode([*query, ('lang', other)])}")
        for other in LANGUAGE_NAMES
        if other != lang
    ]


def render(package: str, template: str, **context: object) -> str:
    return environment(package).get_template(template).render(**context)


def answer(
    request: Request,
    html: str,
    *,
    lang: Lang,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    response = HTMLResponse(
        html,
        status_code=status,
        headers={
            # Pages hold tokens and answers meant for one person: no cache keeps them.
            "Cache-Control": "no-store",
            # Links on a page may leave for another site (the authority's): the page's URL
            # can hold a signed token, which no Referer should carry away.
            "Referrer-Policy": "no-referrer",
            "Content-Language": lang,
            "Vary": "Accept-Language, Cookie",
            **(headers or {}),
        },
    )
    csrf.attach(request, response)
    return response


@functools.cache
def stylesheet() -> bytes:
    return resources.files("privacy_api.core.html").joinpath("templates/pages.css").read_bytes()
