"""A report chart drawn as a PNG with matplotlib, for the Word report.

matplotlib's own fonts have no Chinese glyphs, so a CJK font is looked for among the machine's fonts
(`LIANLUO_CHART_FONT` may name a font file). Where there is none, the chart still says the truth: the
categories and series are numbered on the image and the caption under it, set by Word in its own fonts,
says what each number stands for.

Under a service account (`env -i`, HOME=/nonexistent) matplotlib and fontconfig find no writable cache and
say so on stderr at every run, filling the journal; `use_writable_caches` points them, before matplotlib is
imported, at a folder of this user's own in the temporary directory (kept between runs, so the font list is
built once). Caches the user set, or a writable home, are left alone.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Serif SC",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "SimSun", "Microsoft YaHei", "PingFang SC",
                "AR PL UMing CN", "AR PL UKai CN", "Noto Sans CJK JP", "Noto Serif CJK JP")
COLOURS = ("#3b6ea5", "#e0a030", "#c0504d", "#6a9f58", "#8064a2")


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _own_cache() -> Path:
    """/tmp/lianluo-cache-UID, made 0700 by this user; a folder someone else planted there is not used."""
    folder = Path(tempfile.gettempdir()) / f"lianluo-cache-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
        if stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="lianluo-cache-"))


@lru_cache(maxsize=1)
def use_writable_caches() -> None:
    """Set MPLCONFIGDIR and XDG_CACHE_HOME (fontconfig's cache) when the defaults cannot be written."""
    home = Path(os.path.expanduser("~"))
    cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    own = None
    if "MPLCONFIGDIR" not in os.environ and not (_writable(config / "matplotlib") and _writable(cache / "matplotlib")):
        own = _own_cache()
        os.environ["MPLCONFIGDIR"] = str(own / "matplotlib")
    if not _writable(cache / "fontconfig"):
        os.environ["XDG_CACHE_HOME"] = str(own or _own_cache())


@lru_cache(maxsize=1)
def cjk_font():
    """A font that can set Chinese, as matplotlib FontProperties, or None when the machine has none."""
    use_writable_caches()
    from matplotlib import font_manager

    named = os.environ.get("LIANLUO_CHART_FONT")
    if named and os.path.isfile(named):
        return font_manager.FontProperties(fname=named)
    available = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return font_manager.FontProperties(fname=available[family])
    return None


def draw(chart) -> tuple[bytes, str | None]:
    """The chart as PNG bytes, and the caption keying numbered labels when no Chinese font was found."""
    use_writable_caches()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = cjk_font()
    categories = list(chart.categories) if font else [str(n) for n in range(1, len(chart.categories) + 1)]
    names = [name for name, _ in chart.series] if font else [f"S{n}" for n in range(1, len(chart.series) + 1)]
    figure = Figure(figsize=(6.3, 3.2), dpi=200)
    axes = figure.subplots()
    count = max(len(chart.series), 1)
    width = 0.8 / count
    for n, ((_, values), name) in enumerate(zip(chart.series, names)):
        xs = [i + (n - (count - 1) / 2) * width for i in range(len(categories))]
        heights = [v or 0 for v in values]
        bars = axes.bar(xs, heights, width=width, label=name, color=COLOURS[n % len(COLOURS)])
        axes.bar_label(bars, labels=["—" if v is None else f"{v:g}" for v in values], fontsize=7, padding=1)
    axes.set_xticks(range(len(categories)), categories, fontproperties=font, fontsize=8)
    if font:  # without one, the unit is in the caption only
        axes.set_ylabel(chart.unit, fontproperties=font, fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    if len(chart.series) > 1:
        legend_font = font.copy() if font else FontProperties()
        legend_font.set_size(8)
        axes.legend(prop=legend_font, frameon=False, ncols=count,
                    loc="upper center", bbox_to_anchor=(0.5, 1.12))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    caption = None
    if font is None:
        keys = [f"{n}＝{c}" for n, c in zip(categories, chart.categories)]
        keys += [f"{n}＝{name}" for n, (name, _) in zip(names, chart.series)]
        caption = "图中编号：" + "；".join(keys)
    return buffer.getvalue(), caption
