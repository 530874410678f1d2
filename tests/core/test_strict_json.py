"""The fast strict JSON reader reads every body exactly as the standard one does.

`strict_json` hands a body to jiter unless it may hold a number too large for a float,
and falls back to `standard_strict_json` whenever jiter refuses it. So the two can only
differ where jiter accepts: these tests compare them there, on chosen and generated bodies.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.exceptions import HTTPException

from benchmarks.workloads import record_batch
from privacy_api.core.http.routing import _may_overflow, standard_strict_json, strict_json


def _outcome(read: Any, body: bytes) -> tuple[str, str]:
    try:
        # repr tells 1 from 1.0 and 0.0 from -0.0, and shows the order of keys
        return ("read", repr(read(body)))
    except HTTPException as exc:
        return ("422", str(exc.detail))
    except (ValueError, RecursionError) as exc:
        return ("invalid", type(exc).__name__)


def _same(body: bytes) -> None:
    assert _outcome(strict_json, body) == _outcome(standard_strict_json, body), body


CHOSEN = [
    b'{"a": 1, "a": 2}',
    b'{"a": {"b": 1, "\\u0062": 2}}',
    b'[{"a": 1}, {"a": 1}]',
    b'{"a": NaN}',
    b'{"a": -Infinity}',
    b'{"a": 1e999}',
    b'{"a": -1E+400}',
    b'{"a": 1' + b"0" * 400 + b".5}",
    b'{"a": 1' + b"0" * 400 + b"}",
    b'{"a": 1e-400}',
    b'{"a": 2' + b"0" * 306 + b"E2}",  # found by the generated test: 2e308, a short exponent
    b'{"a": 2' + b"0" * 209 + b"e99}",
    b'{"a": 1.7976931348623157e308, "b": 5e-324, "c": -0.0, "d": -0, "e": 1.0}',
    b'{"a": 123456789012345678901234567890, "b": 0.1000000000000000055511151231257827}',
    b'{"a": "\\ud800"}',
    b'{"a": "\\ud83d\\ude00", "b": "\xf0\x9f\x98\x80"}',
    b'{"a": "\xed\xa0\x80"}',
    b'\xef\xbb\xbf{"a": 1}',
    b"\xff\xfe{\x00}\x00",
    b'{"a": "\x01"}',
    b' \t\r\n{"a" : [ 1 , 2 ] }\n ',
    b"\x0c{}",
    b'{"a": 1,}',
    b'{"a": 01}',
    b'{"a": .5}',
    b'{"a": 1.}',
    b'{"a": "\\x"}',
    b'{"a": 1} x',
    b"[" * 5000 + b"]" * 5000,
    b"",
    b"null",
    b'"just a string"',
    b'{"id": "3e456789-1e00-4000-8000-0e0000000000"}',
    record_batch(1000),
]


@pytest.mark.parametrize("body", CHOSEN, ids=range(len(CHOSEN)))
def test_chosen_bodies_are_read_as_the_standard_reader_reads_them(body: bytes) -> None:
    _same(body)


def test_a_number_too_large_for_a_float_is_always_seen() -> None:
    for number in (
        "1e999",
        "1E+999",
        "-2.5e400",
        "9" * 309 + ".5",
        "1" + "0" * 309 + ".0",
        "2" + "0" * 306 + "E2",
        "2" + "0" * 209 + "e99",
    ):
        assert _may_overflow(f'{{"a": {number}}}'.encode()), number
        assert _outcome(strict_json, f'{{"a": {number}}}'.encode())[0] == "422", number
    assert not _may_overflow(record_batch(100))


_KEYS = st.sampled_from(['"a"', '"b"', '"\\u0061"', '"é"', '"\\u00e9"', '"a "'])
_NUMBERS = st.from_regex(
    r"-?(0|[1-9][0-9]{0,3}|[1-9][0-9]{300,310})(\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
    fullmatch=True,
)
_STRINGS = st.one_of(
    st.text(max_size=8).map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.text(max_size=8).map(json.dumps),
    st.sampled_from(['"\\ud800"', '"\\udc00\\ud800"', '"\\"', '"\\/"', '"\x7f"', '"\t"']),
)
_SCALARS = st.one_of(
    _NUMBERS, _STRINGS, st.sampled_from(["true", "false", "null", "NaN", "Infinity", "-Infinity"])
)
_SPACE = st.sampled_from(["", " ", "\n", "\t", "\r\n", "\x0c"])


def _json_text(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    arrays = st.lists(children, max_size=4).map(lambda items: "[" + ",".join(items) + "]")
    members = st.lists(st.tuples(_KEYS, _SPACE, children), max_size=4)
    objects = members.map(lambda m: "{" + ",".join(f"{k}:{s}{v}" for k, s, v in m) + "}")
    return st.one_of(arrays, objects)


_DOCUMENTS = st.tuples(_SPACE, st.recursive(_SCALARS, _json_text, max_leaves=12), _SPACE).map(
    lambda parts: "".join(parts)
)


@settings(max_examples=400, deadline=None)
@given(_DOCUMENTS, st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_generated_bodies_are_read_as_the_standard_reader_reads_them(
    document: str, encoding: str
) -> None:
    _same(document.encode(encoding, errors="surrogatepass" if encoding != "latin-1" else "replace"))
