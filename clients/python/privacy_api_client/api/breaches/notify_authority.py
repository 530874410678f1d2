from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authority_notification import AuthorityNotification
from ...models.breach_read import BreachRead
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    breach_id: str,
    *,
    body: AuthorityNotification,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/breaches/{breach_id}/notify-authority".format(
            breach_id=quote(str(breach_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BreachRead | Problem | None:
    if response.status_code == 200:
        response_200 = BreachRead.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[BreachRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    breach_id: str,
    *,
    client: AuthenticatedClient,
    body: AuthorityNotification,
) -> Response[BreachRead | Problem]:
    """Notify Authority

     Record the notification to the supervisory authority (Art. 33(1)) at the time of this
    call (an earlier `notified_at` only with its `reason`); after the 72 hours only with
    `delay_reasons`.

    Args:
        breach_id (str): An id
        body (AuthorityNotification): Recorded at the time of the call; an earlier `notified_at`
            only with its `reason`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BreachRead | Problem]
    """

    kwargs = _get_kwargs(
        breach_id=breach_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    breach_id: str,
    *,
    client: AuthenticatedClient,
    body: AuthorityNotification,
) -> BreachRead | Problem | None:
    """Notify Authority

     Record the notification to the supervisory authority (Art. 33(1)) at the time of this
    call (an earlier `notified_at` only with its `reason`); after the 72 hours only with
    `delay_reasons`.

    Args:
        breach_id (str): An id
        body (AuthorityNotification): Recorded at the time of the call; an earlier `notified_at`
            only with its `reason`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BreachRead | Problem
    """

    return sync_detailed(
        breach_id=breach_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    breach_id: str,
    *,
    client: AuthenticatedClient,
    body: AuthorityNotification,
) -> Response[BreachRead | Problem]:
    """Notify Authority

     Record the notification to the supervisory authority (Art. 33(1)) at the time of this
    call (an earlier `notified_at` only with its `reason`); after the 72 hours only with
    `delay_reasons`.

    Args:
        breach_id (str): An id
        body (AuthorityNotification): Recorded at the time of the call; an earlier `notified_at`
            only with its `reason`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BreachRead | Problem]
    """

    kwargs = _get_kwargs(
        breach_id=breach_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    breach_id: str,
    *,
    client: AuthenticatedClient,
    body: AuthorityNotification,
) -> BreachRead | Problem | None:
    """Notify Authority

     Record the notification to the supervisory authority (Art. 33(1)) at the time of this
    call (an earlier `notified_at` only with its `reason`); after the 72 hours only with
    `delay_reasons`.

    Args:
        breach_id (str): An id
        body (AuthorityNotification): Recorded at the time of the call; an earlier `notified_at`
            only with its `reason`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BreachRead | Problem
    """

    return (
        await asyncio_detailed(
            breach_id=breach_id,
            client=client,
            body=body,
        )
    ).parsed
