"""A report as Markdown, for the terminal or a wiki: a heading per section, its text, figures and tables."""

from __future__ import annotations

from . import cell


def _row(values) -> str:
    return "| " + " | ".join(cell(v).replace("|", "\\|").replace("\n", " ") for v in values) + " |"


def table_lines(table) -> list[str]:
    if not table.rows:
        return [f"**{table.title}**：无", ""]
    lines = [f"**{table.title}**", "", _row(table.headers), "|" + "---|" * len(table.headers)]
    return lines + [_row(row) for row in table.rows] + [""]


def render(report) -> str:
    p = report.period
    lines = [f"# {report.title}", "", f"统计期间：{p.start} 至 {p.end}；数据截至 {report.as_of}。", ""]
    if report.unmasked:
        lines += ["> 本报告含未脱敏的个人信息，已记录查阅留痕，请妥善保管。", ""]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        lines += [line for text in section.text for line in (text, "")]
        lines += [f"- {f.label}：{cell(f.value)}" for f in section.figures.values()]
        lines += [""] if section.figures else []
        for table in (*(c.as_table() for c in section.charts), *section.tables):
            lines += table_lines(table)
    return "\n".join(lines).rstrip() + "\n"
