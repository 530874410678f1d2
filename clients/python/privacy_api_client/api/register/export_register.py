from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_register_format import ExportRegisterFormat
from ...models.export_register_lang import ExportRegisterLang
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    format_: ExportRegisterFormat | Unset = ExportRegisterFormat.JSON,
    lang: ExportRegisterLang | Unset = ExportRegisterLang.EN,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_lang: str | Unset = UNSET
    if not isinstance(lang, Unset):
        json_lang = lang.value

    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/register/export",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    format_: ExportRegisterFormat | Unset = ExportRegisterFormat.JSON,
    lang: ExportRegisterLang | Unset = ExportRegisterLang.EN,
) -> Response[Any | Problem]:
    """Export Register

     The full record of processing activities (GDPR Art. 30(1)), as an authority asks for it.

    Args:
        format_ (ExportRegisterFormat | Unset):  Default: ExportRegisterFormat.JSON.
        lang (ExportRegisterLang | Unset):  Default: ExportRegisterLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        format_=format_,
        lang=lang,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    format_: ExportRegisterFormat | Unset = ExportRegisterFormat.JSON,
    lang: ExportRegisterLang | Unset = ExportRegisterLang.EN,
) -> Any | Problem | None:
    """Export Register

     The full record of processing activities (GDPR Art. 30(1)), as an authority asks for it.

    Args:
        format_ (ExportRegisterFormat | Unset):  Default: ExportRegisterFormat.JSON.
        lang (ExportRegisterLang | Unset):  Default: ExportRegisterLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        format_=format_,
        lang=lang,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    format_: ExportRegisterFormat | Unset = ExportRegisterFormat.JSON,
    lang: ExportRegisterLang | Unset = ExportRegisterLang.EN,
) -> Response[Any | Problem]:
    """Export Register

     The full record of processing activities (GDPR Art. 30(1)), as an authority asks for it.

    Args:
        format_ (ExportRegisterFormat | Unset):  Default: ExportRegisterFormat.JSON.
        lang (ExportRegisterLang | Unset):  Default: ExportRegisterLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        format_=format_,
        lang=lang,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    format_: ExportRegisterFormat | Unset = ExportRegisterFormat.JSON,
    lang: ExportRegisterLang | Unset = ExportRegisterLang.EN,
) -> Any | Problem | None:
    """Export Register

     The full record of processing activities (GDPR Art. 30(1)), as an authority asks for it.

    Args:
        format_ (ExportRegisterFormat | Unset):  Default: ExportRegisterFormat.JSON.
        lang (ExportRegisterLang | Unset):  Default: ExportRegisterLang.EN.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            format_=format_,
            lang=lang,
        )
    ).parsed
