from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subject_notice_read import SubjectNoticeRead
from ...models.subject_notification import SubjectNotification
from ...types import Response


def _get_kwargs(
    breach_id: str,
    *,
    body: SubjectNotification,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/breaches/{breach_id}/notify-subjects".format(
            breach_id=quote(str(breach_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubjectNoticeRead | None:
    if response.status_code == 202:
        response_202 = SubjectNoticeRead.from_dict(response.json())

        return response_202

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
    body: SubjectNotification,
) -> Response[Problem | SubjectNoticeRead]:
    """Notify Subjects

     Draft the notice to the people reached by a high-risk breach (Art. 34): nothing is
    sent until another key with `breaches` approves it; links only to this service.

    Args:
        breach_id (str): An id
        body (SubjectNotification):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubjectNoticeRead]
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
    body: SubjectNotification,
) -> Problem | SubjectNoticeRead | None:
    """Notify Subjects

     Draft the notice to the people reached by a high-risk breach (Art. 34): nothing is
    sent until another key with `breaches` approves it; links only to this service.

    Args:
        breach_id (str): An id
        body (SubjectNotification):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubjectNoticeRead
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
    body: SubjectNotification,
) -> Response[Problem | SubjectNoticeRead]:
    """Notify Subjects

     Draft the notice to the people reached by a high-risk breach (Art. 34): nothing is
    sent until another key with `breaches` approves it; links only to this service.

    Args:
        breach_id (str): An id
        body (SubjectNotification):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubjectNoticeRead]
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
    body: SubjectNotification,
) -> Problem | SubjectNoticeRead | None:
    """Notify Subjects

     Draft the notice to the people reached by a high-risk breach (Art. 34): nothing is
    sent until another key with `breaches` approves it; links only to this service.

    Args:
        breach_id (str): An id
        body (SubjectNotification):

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
            body=body,
        )
    ).parsed
