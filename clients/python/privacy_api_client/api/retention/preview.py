import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.preview_response_preview_v1_retention_preview_get import PreviewResponsePreviewV1RetentionPreviewGet
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    at: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_at: None | str | Unset
    if isinstance(at, Unset):
        json_at = UNSET
    elif isinstance(at, datetime.datetime):
        json_at = at.isoformat()
    else:
        json_at = at
    params["at"] = json_at

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/retention/preview",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PreviewResponsePreviewV1RetentionPreviewGet | Problem | None:
    if response.status_code == 200:
        response_200 = PreviewResponsePreviewV1RetentionPreviewGet.from_dict(response.json())

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
) -> Response[PreviewResponsePreviewV1RetentionPreviewGet | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    at: datetime.datetime | None | Unset = UNSET,
) -> Response[PreviewResponsePreviewV1RetentionPreviewGet | Problem]:
    """Preview

     Per rule: how many records and subjects would go at `at` (default now), and how
    many responses kept for Idempotency-Keys; no change.

    Args:
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PreviewResponsePreviewV1RetentionPreviewGet | Problem]
    """

    kwargs = _get_kwargs(
        at=at,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    at: datetime.datetime | None | Unset = UNSET,
) -> PreviewResponsePreviewV1RetentionPreviewGet | Problem | None:
    """Preview

     Per rule: how many records and subjects would go at `at` (default now), and how
    many responses kept for Idempotency-Keys; no change.

    Args:
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PreviewResponsePreviewV1RetentionPreviewGet | Problem
    """

    return sync_detailed(
        client=client,
        at=at,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    at: datetime.datetime | None | Unset = UNSET,
) -> Response[PreviewResponsePreviewV1RetentionPreviewGet | Problem]:
    """Preview

     Per rule: how many records and subjects would go at `at` (default now), and how
    many responses kept for Idempotency-Keys; no change.

    Args:
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PreviewResponsePreviewV1RetentionPreviewGet | Problem]
    """

    kwargs = _get_kwargs(
        at=at,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    at: datetime.datetime | None | Unset = UNSET,
) -> PreviewResponsePreviewV1RetentionPreviewGet | Problem | None:
    """Preview

     Per rule: how many records and subjects would go at `at` (default now), and how
    many responses kept for Idempotency-Keys; no change.

    Args:
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PreviewResponsePreviewV1RetentionPreviewGet | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            at=at,
        )
    ).parsed
