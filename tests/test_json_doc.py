"""The report's JSON writer (kernel/render/json_doc.py) writes exactly what `json.dumps(indent=2)` writes."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from lianluo.kernel.render.json_doc import indented

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text() | st.dates() | st.fractions())
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                         | st.dictionaries(keys, inner, max_size=5), max_leaves=40)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_the_same_text_as_json_dumps(value):
    assert indented(value) == _dumps(value)


def test_a_report_shaped_document():
    doc = {"title": "报告\n\"引号\"", "sections": [{"rows": [[1, "建议", "张三、李四", None, True, 2.5]], "empty": [],
                                                     "none": {}, "day": dt.date(2026, 1, 2), "rate": Fraction(1, 3)}],
           "failures": [], 3: "int key", None: "null key"}
    assert indented(doc) == _dumps(doc)
