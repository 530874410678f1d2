from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_subject_lang_type_0 import ExportSubjectLangType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subject_id: str,
    *,
    lang: ExportSubjectLangType0 | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, ExportSubjectLangType0):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{subject_id}/export".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
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

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
    subject_id: str,
    *,
    client: AuthenticatedClient,
    lang: ExportSubjectLangType0 | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """Export Subject

     Everything held about the subject as a ZIP with a SHA-256 manifest (Art. 15, 20).

    Args:
        subject_id (str): The caller's account id
        lang (ExportSubjectLangType0 | None | Unset): The package's language; default the person's
            last request's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        lang=lang,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    lang: ExportSubjectLangType0 | None | Unset = UNSET,
) -> Any | Problem | None:
    """Export Subject

     Everything held about the subject as a ZIP with a SHA-256 manifest (Art. 15, 20).

    Args:
        subject_id (str): The caller's account id
        lang (ExportSubjectLangType0 | None | Unset): The package's language; default the person's
            last request's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        lang=lang,
    ).parsed


async def asyncio_detailed(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    lang: ExportSubjectLangType0 | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """Export Subject

     Everything held about the subject as a ZIP with a SHA-256 manifest (Art. 15, 20).

    Args:
        subject_id (str): The caller's account id
        lang (ExportSubjectLangType0 | None | Unset): The package's language; default the person's
            last request's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        lang=lang,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    lang: ExportSubjectLangType0 | None | Unset = UNSET,
) -> Any | Problem | None:
    """Export Subject

     Everything held about the subject as a ZIP with a SHA-256 manifest (Art. 15, 20).

    Args:
        subject_id (str): The caller's account id
        lang (ExportSubjectLangType0 | None | Unset): The package's language; default the person's
            last request's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            lang=lang,
        )
    ).parsed
