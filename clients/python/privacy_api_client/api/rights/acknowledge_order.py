from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.acknowledge_order_response_acknowledge_order_v1_orders_order_id_ack_post import (
    AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost,
)
from ...models.order_ack import OrderAck
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    order_id: str,
    *,
    body: OrderAck,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/{order_id}/ack".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem | None:
    if response.status_code == 200:
        response_200 = AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost.from_dict(response.json())

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
) -> Response[AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: OrderAck,
) -> Response[AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem]:
    """Acknowledge Order

     A system reports an order carried out (or failed); the last one completes the ticket.

    Args:
        order_id (str): An id
        body (OrderAck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: OrderAck,
) -> AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem | None:
    """Acknowledge Order

     A system reports an order carried out (or failed); the last one completes the ticket.

    Args:
        order_id (str): An id
        body (OrderAck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: OrderAck,
) -> Response[AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem]:
    """Acknowledge Order

     A system reports an order carried out (or failed); the last one completes the ticket.

    Args:
        order_id (str): An id
        body (OrderAck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient,
    body: OrderAck,
) -> AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem | None:
    """Acknowledge Order

     A system reports an order carried out (or failed); the last one completes the ticket.

    Args:
        order_id (str): An id
        body (OrderAck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcknowledgeOrderResponseAcknowledgeOrderV1OrdersOrderIdAckPost | Problem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
        )
    ).parsed
