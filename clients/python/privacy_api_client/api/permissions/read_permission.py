from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.permission_read import PermissionRead
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    subject_id: str,
    *,
    activity: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["activity"] = activity

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{subject_id}/permissions".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PermissionRead | Problem | None:
    if response.status_code == 200:
        response_200 = PermissionRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PermissionRead | Problem]:
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
    activity: str,
) -> Response[PermissionRead | Problem]:
    """Read Permission

     Art. 6, 18, 21: the legal basis and the subject's rights, for one activity.

    Args:
        subject_id (str): The caller's account id
        activity (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PermissionRead | Problem]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        activity=activity,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    activity: str,
) -> PermissionRead | Problem | None:
    """Read Permission

     Art. 6, 18, 21: the legal basis and the subject's rights, for one activity.

    Args:
        subject_id (str): The caller's account id
        activity (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PermissionRead | Problem
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        activity=activity,
    ).parsed


async def asyncio_detailed(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    activity: str,
) -> Response[PermissionRead | Problem]:
    """Read Permission

     Art. 6, 18, 21: the legal basis and the subject's rights, for one activity.

    Args:
        subject_id (str): The caller's account id
        activity (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PermissionRead | Problem]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        activity=activity,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: str,
    *,
    client: AuthenticatedClient,
    activity: str,
) -> PermissionRead | Problem | None:
    """Read Permission

     Art. 6, 18, 21: the legal basis and the subject's rights, for one activity.

    Args:
        subject_id (str): The caller's account id
        activity (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PermissionRead | Problem
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            activity=activity,
        )
    ).parsed
