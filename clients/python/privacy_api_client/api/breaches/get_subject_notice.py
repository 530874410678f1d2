from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subject_notice_read import SubjectNoticeRead
from ...types import Response


def _get_kwargs(
    breach_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/breaches/{breach_id}/subject-notice".format(
            breach_id=quote(str(breach_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubjectNoticeRead | None:
    if response.status_code == 200:
        response_200 = SubjectNoticeRead.from_dict(response.json())

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
) -> Response[Problem | SubjectNoticeRead]:
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
) -> Response[Problem | SubjectNoticeRead]:
    """Get Subject Notice

     The breach's latest notice to the people: pending, approved, refused or replaced.

    Args:
        breach_id (str): An id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubjectNoticeRead]
    """

    kwargs = _get_kwargs(
        breach_id=breach_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    breach_id: str,
    *,
    client: AuthenticatedClient,
) -> Problem | SubjectNoticeRead | None:
    """Get Subject Notice

     The breach's latest notice to the people: pending, approved, refused or replaced.

    Args:
        breach_id (str): An id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubjectNoticeRead
    """

    return sync_detailed(
        breach_id=breach_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    breach_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | SubjectNoticeRead]:
    """Get Subject Notice

     The breach's latest notice to the people: pending, approved, refused or replaced.

    Args:
        breach_id (str): An id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubjectNoticeRead]
    """

    kwargs = _get_kwargs(
        breach_id=breach_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    breach_id: str,
    *,
    client: AuthenticatedClient,
) -> Problem | SubjectNoticeRead | None:
    """Get Subject Notice

     The breach's latest notice to the people: pending, approved, refused or replaced.

    Args:
        breach_id (str): An id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubjectNoticeRead
    """

    return (
        await asyncio_detailed(
            breach_id=breach_id,
            client=client,
        )
    ).parsed
