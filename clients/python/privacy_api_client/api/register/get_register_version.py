from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_register_version_response_get_register_version_v1_register_versions_version_get import (
    GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet,
)
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    version: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/register/versions/{version}".format(
            version=quote(str(version), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem | None:
    if response.status_code == 200:
        response_200 = GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet.from_dict(
            response.json()
        )

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem]:
    """Get Register Version

     One stored version of the register, exactly as it was loaded.

    Args:
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem]
    """

    kwargs = _get_kwargs(
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem | None:
    """Get Register Version

     One stored version of the register, exactly as it was loaded.

    Args:
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem
    """

    return sync_detailed(
        version=version,
        client=client,
    ).parsed


async def asyncio_detailed(
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem]:
    """Get Register Version

     One stored version of the register, exactly as it was loaded.

    Args:
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem]
    """

    kwargs = _get_kwargs(
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: int,
    *,
    client: AuthenticatedClient | Client,
) -> GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem | None:
    """Get Register Version

     One stored version of the register, exactly as it was loaded.

    Args:
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetRegisterVersionResponseGetRegisterVersionV1RegisterVersionsVersionGet | Problem
    """

    return (
        await asyncio_detailed(
            version=version,
            client=client,
        )
    ).parsed
