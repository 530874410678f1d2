from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_breaches_status_type_0 import ListBreachesStatusType0
from ...models.page_breach_read import PageBreachRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListBreachesStatusType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListBreachesStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["overdue"] = overdue

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/breaches",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageBreachRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageBreachRead.from_dict(response.json())

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
) -> Response[PageBreachRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListBreachesStatusType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageBreachRead | Problem]:
    """List Breaches

     Breaches by authority deadline, soonest first; `overdue=true`: 72 hours passed
    without notifying the authority.

    Args:
        status (ListBreachesStatusType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBreachRead | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        overdue=overdue,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListBreachesStatusType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageBreachRead | Problem | None:
    """List Breaches

     Breaches by authority deadline, soonest first; `overdue=true`: 72 hours passed
    without notifying the authority.

    Args:
        status (ListBreachesStatusType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBreachRead | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        overdue=overdue,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListBreachesStatusType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageBreachRead | Problem]:
    """List Breaches

     Breaches by authority deadline, soonest first; `overdue=true`: 72 hours passed
    without notifying the authority.

    Args:
        status (ListBreachesStatusType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBreachRead | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        overdue=overdue,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListBreachesStatusType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageBreachRead | Problem | None:
    """List Breaches

     Breaches by authority deadline, soonest first; `overdue=true`: 72 hours passed
    without notifying the authority.

    Args:
        status (ListBreachesStatusType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBreachRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            overdue=overdue,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
