"""The FastAPI floor of PERFORMANCE.md: a route returning a constant Pydantic model, no DB."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel


class Item(BaseModel):
    id: str
    name: str
    price: float


app = FastAPI()


@app.get("/items/{item_id}")
async def read_item(item_id: str) -> Item:
    return Item(id=item_id, name="widget", price=9.5)
