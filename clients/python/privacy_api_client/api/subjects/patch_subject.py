from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subject_patch import SubjectPatch
from ...models.subject_read import SubjectRead
from ...types import Response


def _get_kwargs(
    subject_id: str,
    *,
    body: SubjectPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/subjects/{subject_id}".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SubjectRead | None:
    if response.status_code == 200:
        response_200 = SubjectRead.from_dict(response.json())

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
) -> Response[Problem | SubjectRead]:
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
    body: SubjectPatch,
) -> Response[Problem | SubjectRead]:
    """Patch Subject

     Change some fields of an existing profile (JSON Merge Patch, RFC 7396): a field left
    out stays, `null` removes `email`, `name` or an attribute; `attributes` merges key by
    key. Same checks and audit entry as `PUT`; 404 for an unknown subject.

    Args:
        subject_id (str): The caller's account id
        body (SubjectPatch): A JSON Merge Patch (RFC 7396) of a profile: what is absent stays,
            `null` removes
            (`email`, `name`, an attribute), `attributes` merges key by key.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubjectRead]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    body: SubjectPatch,
) -> Problem | SubjectRead | None:
    """Patch Subject

     Change some fields of an existing profile (JSON Merge Patch, RFC 7396): a field left
    out stays, `null` removes `email`, `name` or an attribute; `attributes` merges key by
    key. Same checks and audit entry as `PUT`; 404 for an unknown subject.

    Args:
        subject_id (str): The caller's account id
        body (SubjectPatch): A JSON Merge Patch (RFC 7396) of a profile: what is absent stays,
            `null` removes
            (`email`, `name`, an attribute), `attributes` merges key by key.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubjectRead
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    body: SubjectPatch,
) -> Response[Problem | SubjectRead]:
    """Patch Subject

     Change some fields of an existing profile (JSON Merge Patch, RFC 7396): a field left
    out stays, `null` removes `email`, `name` or an attribute; `attributes` merges key by
    key. Same checks and audit entry as `PUT`; 404 for an unknown subject.

    Args:
        subject_id (str): The caller's account id
        body (SubjectPatch): A JSON Merge Patch (RFC 7396) of a profile: what is absent stays,
            `null` removes
            (`email`, `name`, an attribute), `attributes` merges key by key.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubjectRead]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    body: SubjectPatch,
) -> Problem | SubjectRead | None:
    """Patch Subject

     Change some fields of an existing profile (JSON Merge Patch, RFC 7396): a field left
    out stays, `null` removes `email`, `name` or an attribute; `attributes` merges key by
    key. Same checks and audit entry as `PUT`; 404 for an unknown subject.

    Args:
        subject_id (str): The caller's account id
        body (SubjectPatch): A JSON Merge Patch (RFC 7396) of a profile: what is absent stays,
            `null` removes
            (`email`, `name`, an attribute), `attributes` merges key by key.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubjectRead
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            body=body,
        )
    ).parsed
