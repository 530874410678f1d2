from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.restriction_create import RestrictionCreate
from ...models.restriction_read import RestrictionRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subject_id: str,
    *,
    body: RestrictionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{subject_id}/restriction".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RestrictionRead | None:
    if response.status_code == 201:
        response_201 = RestrictionRead.from_dict(response.json())

        return response_201

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
) -> Response[Problem | RestrictionRead]:
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
    body: RestrictionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RestrictionRead]:
    """Restrict

     Art. 18: only storage until lifted; every registered system is told (Art. 19).

    Args:
        subject_id (str): The caller's account id
        idempotency_key (None | str | Unset): Retrying with the same key and body returns the
            first response.
        body (RestrictionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestrictionRead]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    body: RestrictionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RestrictionRead | None:
    """Restrict

     Art. 18: only storage until lifted; every registered system is told (Art. 19).

    Args:
        subject_id (str): The caller's account id
        idempotency_key (None | str | Unset): Retrying with the same key and body returns the
            first response.
        body (RestrictionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestrictionRead
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    body: RestrictionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RestrictionRead]:
    """Restrict

     Art. 18: only storage until lifted; every registered system is told (Art. 19).

    Args:
        subject_id (str): The caller's account id
        idempotency_key (None | str | Unset): Retrying with the same key and body returns the
            first response.
        body (RestrictionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestrictionRead]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    body: RestrictionCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RestrictionRead | None:
    """Restrict

     Art. 18: only storage until lifted; every registered system is told (Art. 19).

    Args:
        subject_id (str): The caller's account id
        idempotency_key (None | str | Unset): Retrying with the same key and body returns the
            first response.
        body (RestrictionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestrictionRead
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
