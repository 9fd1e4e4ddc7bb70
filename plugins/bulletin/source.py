"""A bulletin's text from the file a clerk wrote: Markdown (headings and emphasis marks dropped, paragraphs
kept) or DOCX (its paragraphs), as plain text for e-mail and SMS."""

from __future__ import annotations

import re
from pathlib import Path

from lianluo.kernel import InputError

MAX_BYTES = 5 << 20
_MARKS = re.compile(r"(\*\*|__|`|~~)")


def markdown_text(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # headings
        line = re.sub(r"^\s*[-*+]\s+", "· ", line)  # bullets
        line = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1（\2）", line)  # links keep their address
        lines.append(_MARKS.sub("", line).rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def docx_text(path: Path) -> str:
    import docx  # python-docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 — any zip/XML damage reads the same to a clerk
        raise InputError("--file", f"无法读取，不是有效的 .docx 文件（{type(exc).__name__}）") from None
    return "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())


def read(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".md", ".markdown", ".txt", ".docx"):
        raise InputError("--file", f"不支持的文件类型 {path.suffix or '（无扩展名）'}；应为 .md 或 .docx")
    if not path.is_file():
        raise InputError("--file", f"文件不存在：{path}")
    if path.stat().st_size > MAX_BYTES:
        raise InputError("--file", f"文件大于 {MAX_BYTES >> 20} MB")
    if suffix == ".docx":
        text = docx_text(path)
    else:
        try:
            text = markdown_text(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise InputError("--file", "文件应为 UTF-8 编码") from None
    if not text.strip():
        raise InputError("--file", "文件没有正文")
    return text
