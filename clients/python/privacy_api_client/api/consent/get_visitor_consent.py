from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_state_read import ConsentStateRead
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    visitor_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/consent/visitors/{visitor_id}".format(
            visitor_id=quote(str(visitor_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ConsentStateRead | Problem | None:
    if response.status_code == 200:
        response_200 = ConsentStateRead.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ConsentStateRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    visitor_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ConsentStateRead | Problem]:
    """Get Visitor Consent

     A visitor's consent state, in Consent Mode terms; a new visitor has all optional denied.

    Args:
        visitor_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ConsentStateRead | Problem]
    """

    kwargs = _get_kwargs(
        visitor_id=visitor_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    visitor_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ConsentStateRead | Problem | None:
    """Get Visitor Consent

     A visitor's consent state, in Consent Mode terms; a new visitor has all optional denied.

    Args:
        visitor_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ConsentStateRead | Problem
    """

    return sync_detailed(
        visitor_id=visitor_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    visitor_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ConsentStateRead | Problem]:
    """Get Visitor Consent

     A visitor's consent state, in Consent Mode terms; a new visitor has all optional denied.

    Args:
        visitor_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ConsentStateRead | Problem]
    """

    kwargs = _get_kwargs(
        visitor_id=visitor_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    visitor_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ConsentStateRead | Problem | None:
    """Get Visitor Consent

     A visitor's consent state, in Consent Mode terms; a new visitor has all optional denied.

    Args:
        visitor_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ConsentStateRead | Problem
    """

    return (
        await asyncio_detailed(
            visitor_id=visitor_id,
            client=client,
        )
    ).parsed
