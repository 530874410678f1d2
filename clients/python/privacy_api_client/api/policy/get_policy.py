from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_policy_lang_type_0 import GetPolicyLangType0
from ...models.policy_document import PolicyDocument
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    lang: GetPolicyLangType0 | None | Unset = UNSET,
    version: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, GetPolicyLangType0):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    json_version: None | str | Unset
    if isinstance(version, Unset):
        json_version = UNSET
    else:
        json_version = version
    params["version"] = json_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/policy",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PolicyDocument | Problem | None:
    if response.status_code == 200:
        response_200 = PolicyDocument.from_dict(response.json())

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
) -> Response[PolicyDocument | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    lang: GetPolicyLangType0 | None | Unset = UNSET,
    version: None | str | Unset = UNSET,
) -> Response[PolicyDocument | Problem]:
    """Get Policy

     The privacy policy in force, rendered from the register (policy §5); HTML for browsers.

    Args:
        lang (GetPolicyLangType0 | None | Unset): pl or en; without it, Accept-Language decides
            (default pl, the language the policy is published in)
        version (None | str | Unset): A published version; default latest

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PolicyDocument | Problem]
    """

    kwargs = _get_kwargs(
        lang=lang,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    lang: GetPolicyLangType0 | None | Unset = UNSET,
    version: None | str | Unset = UNSET,
) -> PolicyDocument | Problem | None:
    """Get Policy

     The privacy policy in force, rendered from the register (policy §5); HTML for browsers.

    Args:
        lang (GetPolicyLangType0 | None | Unset): pl or en; without it, Accept-Language decides
            (default pl, the language the policy is published in)
        version (None | str | Unset): A published version; default latest

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PolicyDocument | Problem
    """

    return sync_detailed(
        client=client,
        lang=lang,
        version=version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    lang: GetPolicyLangType0 | None | Unset = UNSET,
    version: None | str | Unset = UNSET,
) -> Response[PolicyDocument | Problem]:
    """Get Policy

     The privacy policy in force, rendered from the register (policy §5); HTML for browsers.

    Args:
        lang (GetPolicyLangType0 | None | Unset): pl or en; without it, Accept-Language decides
            (default pl, the language the policy is published in)
        version (None | str | Unset): A published version; default latest

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PolicyDocument | Problem]
    """

    kwargs = _get_kwargs(
        lang=lang,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    lang: GetPolicyLangType0 | None | Unset = UNSET,
    version: None | str | Unset = UNSET,
) -> PolicyDocument | Problem | None:
    """Get Policy

     The privacy policy in force, rendered from the register (policy §5); HTML for browsers.

    Args:
        lang (GetPolicyLangType0 | None | Unset): pl or en; without it, Accept-Language decides
            (default pl, the language the policy is published in)
        version (None | str | Unset): A published version; default latest

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PolicyDocument | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            lang=lang,
            version=version,
        )
    ).parsed
