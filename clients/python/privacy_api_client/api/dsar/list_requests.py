import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_requests_channel_type_0 import ListRequestsChannelType0
from ...models.list_requests_property_type_0 import ListRequestsPropertyType0
from ...models.list_requests_status_type_0 import ListRequestsStatusType0
from ...models.list_requests_type_type_0 import ListRequestsTypeType0
from ...models.page_dsar_read import PageDsarRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListRequestsStatusType0 | None | Unset = UNSET,
    type_: ListRequestsTypeType0 | None | Unset = UNSET,
    channel: ListRequestsChannelType0 | None | Unset = UNSET,
    property_: ListRequestsPropertyType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    due_before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListRequestsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, ListRequestsTypeType0):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_channel: None | str | Unset
    if isinstance(channel, Unset):
        json_channel = UNSET
    elif isinstance(channel, ListRequestsChannelType0):
        json_channel = channel.value
    else:
        json_channel = channel
    params["channel"] = json_channel

    json_property_: None | str | Unset
    if isinstance(property_, Unset):
        json_property_ = UNSET
    elif isinstance(property_, ListRequestsPropertyType0):
        json_property_ = property_.value
    else:
        json_property_ = property_
    params["property"] = json_property_

    params["overdue"] = overdue

    json_due_before: None | str | Unset
    if isinstance(due_before, Unset):
        json_due_before = UNSET
    elif isinstance(due_before, datetime.datetime):
        json_due_before = due_before.isoformat()
    else:
        json_due_before = due_before
    params["due_before"] = json_due_before

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
        "url": "/v1/dsar",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageDsarRead | Problem | None:
    if response.status_code == 200:
        response_200 = PageDsarRead.from_dict(response.json())

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
) -> Response[PageDsarRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListRequestsStatusType0 | None | Unset = UNSET,
    type_: ListRequestsTypeType0 | None | Unset = UNSET,
    channel: ListRequestsChannelType0 | None | Unset = UNSET,
    property_: ListRequestsPropertyType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    due_before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDsarRead | Problem]:
    """List Requests

     Requests by deadline, soonest first; `overdue=true` shows what is late.

    Args:
        status (ListRequestsStatusType0 | None | Unset):
        type_ (ListRequestsTypeType0 | None | Unset):
        channel (ListRequestsChannelType0 | None | Unset):
        property_ (ListRequestsPropertyType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        due_before (datetime.datetime | None | Unset):
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDsarRead | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        channel=channel,
        property_=property_,
        overdue=overdue,
        due_before=due_before,
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
    status: ListRequestsStatusType0 | None | Unset = UNSET,
    type_: ListRequestsTypeType0 | None | Unset = UNSET,
    channel: ListRequestsChannelType0 | None | Unset = UNSET,
    property_: ListRequestsPropertyType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    due_before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDsarRead | Problem | None:
    """List Requests

     Requests by deadline, soonest first; `overdue=true` shows what is late.

    Args:
        status (ListRequestsStatusType0 | None | Unset):
        type_ (ListRequestsTypeType0 | None | Unset):
        channel (ListRequestsChannelType0 | None | Unset):
        property_ (ListRequestsPropertyType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        due_before (datetime.datetime | None | Unset):
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDsarRead | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        type_=type_,
        channel=channel,
        property_=property_,
        overdue=overdue,
        due_before=due_before,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListRequestsStatusType0 | None | Unset = UNSET,
    type_: ListRequestsTypeType0 | None | Unset = UNSET,
    channel: ListRequestsChannelType0 | None | Unset = UNSET,
    property_: ListRequestsPropertyType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    due_before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDsarRead | Problem]:
    """List Requests

     Requests by deadline, soonest first; `overdue=true` shows what is late.

    Args:
        status (ListRequestsStatusType0 | None | Unset):
        type_ (ListRequestsTypeType0 | None | Unset):
        channel (ListRequestsChannelType0 | None | Unset):
        property_ (ListRequestsPropertyType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        due_before (datetime.datetime | None | Unset):
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDsarRead | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        channel=channel,
        property_=property_,
        overdue=overdue,
        due_before=due_before,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListRequestsStatusType0 | None | Unset = UNSET,
    type_: ListRequestsTypeType0 | None | Unset = UNSET,
    channel: ListRequestsChannelType0 | None | Unset = UNSET,
    property_: ListRequestsPropertyType0 | None | Unset = UNSET,
    overdue: bool | Unset = False,
    due_before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDsarRead | Problem | None:
    """List Requests

     Requests by deadline, soonest first; `overdue=true` shows what is late.

    Args:
        status (ListRequestsStatusType0 | None | Unset):
        type_ (ListRequestsTypeType0 | None | Unset):
        channel (ListRequestsChannelType0 | None | Unset):
        property_ (ListRequestsPropertyType0 | None | Unset):
        overdue (bool | Unset):  Default: False.
        due_before (datetime.datetime | None | Unset):
        limit (int | Unset): Page size (at most 500) Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDsarRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            type_=type_,
            channel=channel,
            property_=property_,
            overdue=overdue,
            due_before=due_before,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
