from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.unsubscribe_lang_type_0 import UnsubscribeLangType0
from ...models.unsubscribed import Unsubscribed
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    token: str,
    lang: None | Unset | UnsubscribeLangType0 = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["token"] = token

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, UnsubscribeLangType0):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/unsubscribe",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Unsubscribed | None:
    if response.status_code == 200:
        response_200 = Unsubscribed.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Unsubscribed]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    token: str,
    lang: None | Unset | UnsubscribeLangType0 = UNSET,
) -> Response[Problem | Unsubscribed]:
    """Unsubscribe

     RFC 8058 one-click unsubscribe: marketing e-mail is denied, as easily as it was given.
    Replays change nothing. Sent from the link's page, the answer is a page.

    Args:
        token (str): From the e-mail's List-Unsubscribe link
        lang (None | Unset | UnsubscribeLangType0): The page's language; default: the link's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Unsubscribed]
    """

    kwargs = _get_kwargs(
        token=token,
        lang=lang,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    token: str,
    lang: None | Unset | UnsubscribeLangType0 = UNSET,
) -> Problem | Unsubscribed | None:
    """Unsubscribe

     RFC 8058 one-click unsubscribe: marketing e-mail is denied, as easily as it was given.
    Replays change nothing. Sent from the link's page, the answer is a page.

    Args:
        token (str): From the e-mail's List-Unsubscribe link
        lang (None | Unset | UnsubscribeLangType0): The page's language; default: the link's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Unsubscribed
    """

    return sync_detailed(
        client=client,
        token=token,
        lang=lang,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    token: str,
    lang: None | Unset | UnsubscribeLangType0 = UNSET,
) -> Response[Problem | Unsubscribed]:
    """Unsubscribe

     RFC 8058 one-click unsubscribe: marketing e-mail is denied, as easily as it was given.
    Replays change nothing. Sent from the link's page, the answer is a page.

    Args:
        token (str): From the e-mail's List-Unsubscribe link
        lang (None | Unset | UnsubscribeLangType0): The page's language; default: the link's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Unsubscribed]
    """

    kwargs = _get_kwargs(
        token=token,
        lang=lang,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    token: str,
    lang: None | Unset | UnsubscribeLangType0 = UNSET,
) -> Problem | Unsubscribed | None:
    """Unsubscribe

     RFC 8058 one-click unsubscribe: marketing e-mail is denied, as easily as it was given.
    Replays change nothing. Sent from the link's page, the answer is a page.

    Args:
        token (str): From the e-mail's List-Unsubscribe link
        lang (None | Unset | UnsubscribeLangType0): The page's language; default: the link's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Unsubscribed
    """

    return (
        await asyncio_detailed(
            client=client,
            token=token,
            lang=lang,
        )
    ).parsed
