"""A report as JSON, with the stable English keys of `Report.to_doc`."""

from __future__ import annotations

import json


def render(report) -> str:
    return json.dumps(report.to_doc(), ensure_ascii=False, indent=2, default=str)
