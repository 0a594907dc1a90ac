"""Charts of the printable reports, drawn by matplotlib as SVG to embed in the HTML (and so in the PDF).

Text is drawn as paths in the first CJK font matplotlib finds (fonts-noto-cjk), so a chart shows Chinese
whatever fonts the reader has. Figures are made with the object API (no pyplot state): safe in threads.
"""
from __future__ import annotations

import io
import itertools
import re
from typing import Sequence

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from qms_shared.web.print import FONT_FAMILIES

PRIMARY, ACCENT, SOFT, GREY = "#1f4e79", "#d9822b", "#7a9cc6", "#9aa5b1"
PALETTE = (PRIMARY, ACCENT, SOFT, "#4f8a3c", "#b3261e", GREY)
SIZE = (7.2, 2.9)


def _families() -> list[str]:
    known = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in FONT_FAMILIES if name in known] + ["DejaVu Sans"]


matplotlib.rcParams.update({
    "font.family": "sans-serif", "font.sans-serif": _families(), "font.size": 8.5, "svg.fonttype": "path",
    "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10, "axes.titleweight": "bold",
    "axes.edgecolor": GREY, "axes.grid": True, "axes.grid.axis": "y", "grid.color": "#dde3ea",
    "axes.axisbelow": True, "axes.unicode_minus": False,
})
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_REFERENCE = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')


def to_svg(figure: Figure) -> str:
    """The figure as an <svg> element (no XML prolog or doctype), ready to sit inside HTML.

    matplotlib names its elements alike in every figure (patch_1, glyph paths by font and character); ids
    are made unique per chart, so that several charts in one page keep one id each (valid HTML, no clash).
    """
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    prefix = f"c{next(_charts)}-"
    return _REFERENCE.sub(lambda m: m.group(1) + prefix + m.group(2), _PROLOG.sub("", out.getvalue(), count=1))


_charts = itertools.count(1)


def _axes(title: str, size=SIZE):
    figure = Figure(figsize=size)
    axes = figure.subplots()
    axes.set_title(title, loc="left")
    return figure, axes


def _label_bars(axes, bars, values, fmt="{:g}") -> None:
    for bar, value in zip(bars, values):
        if value is not None:
            axes.annotate(fmt.format(value), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          ha="center", va="bottom", fontsize=7, xytext=(0, 1), textcoords="offset points")


def trend_chart(title: str, labels: Sequence[str], counts: Sequence[int], fitted: Sequence[float],
                moving: Sequence[float | None], legend: tuple[str, str, str]) -> str:
    """Monthly counts as bars, the least-squares trend as a line, the moving average dotted."""
    figure, axes = _axes(title)
    x = list(range(len(labels)))
    bars = axes.bar(x, counts, color=PRIMARY, label=legend[0])
    axes.plot(x, [float(v) for v in fitted], color=ACCENT, linewidth=2, label=legend[1])
    points = [(i, float(v)) for i, v in zip(x, moving) if v is not None]
    if points:
        axes.plot(*zip(*points), color=SOFT, linestyle=":", linewidth=2, marker="o", markersize=3, label=legend[2])
    if len(labels) <= 24:
        _label_bars(axes, bars, counts)
    step = max(1, len(labels) // 12)
    axes.set_xticks(x[::step], [labels[i] for i in x[::step]], rotation=45 if len(labels) > 6 else 0, ha="right"
                    if len(labels) > 6 else "center")
    axes.legend(loc="upper left", fontsize=7, frameon=False, ncols=3)
    axes.set_ylim(0, max([*counts, *[float(v) for v in fitted], 1]) * 1.25)
    return to_svg(figure)


def pareto_chart(title: str, labels: Sequence[str], counts: Sequence[int], cumulative: Sequence[float | None],
                 cumulative_label: str) -> str:
    """Bars largest first with the running share (right axis, percent): the vital few stand out."""
    figure, axes = _axes(title)
    x = list(range(len(labels)))
    bars = axes.bar(x, counts, color=PRIMARY)
    _label_bars(axes, bars, counts)
    axes.set_xticks(x, labels)
    axes.set_ylim(0, max([*counts, 1]) * 1.2)
    right = axes.twinx()
    right.plot(x, [float(v or 0) for v in cumulative], color=ACCENT, marker="o", markersize=3, linewidth=1.8)
    right.set_ylim(0, 105)
    right.set_ylabel(cumulative_label)
    right.grid(False)
    right.axhline(80, color=GREY, linestyle="--", linewidth=0.8)
    return to_svg(figure)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], *, colors=None, ylabel: str = "",
              fmt: str = "{:g}", ylim: float | None = None, horizontal: bool = False) -> str:
    """Plain bars, each with its value."""
    figure, axes = _axes(title, (SIZE[0], max(1.6, 0.45 * len(labels) + 0.8)) if horizontal else SIZE)
    shown = [0 if v is None else float(v) for v in values]
    if horizontal:
        bars = axes.barh(list(range(len(labels))), shown, color=colors or PRIMARY)
        axes.set_yticks(list(range(len(labels))), labels)
        axes.invert_yaxis()
        axes.grid(axis="x")
        axes.grid(axis="y", visible=False)
        axes.set_xlim(0, ylim or max([*shown, 1]) * 1.15)
        for bar, value in zip(bars, values):
            axes.annotate("–" if value is None else fmt.format(float(value)), (bar.get_width(), bar.get_y()
                          + bar.get_height() / 2), va="center", fontsize=7, xytext=(2, 0), textcoords="offset points")
    else:
        bars = axes.bar(list(range(len(labels))), shown, color=colors or PRIMARY)
        axes.set_xticks(list(range(len(labels))), labels)
        axes.set_ylim(0, ylim or max([*shown, 1]) * 1.2)
        _label_bars(axes, bars, [None if v is None else float(v) for v in values], fmt)
    axes.set_ylabel(ylabel)
    return to_svg(figure)


def grouped_chart(title: str, groups: Sequence[str], series: dict[str, Sequence[float | None]], *,
                  ylim: float | None = None, fmt: str = "{:g}") -> str:
    """Bars side by side per group (e.g. survey, objective, total score per year)."""
    figure, axes = _axes(title)
    width = 0.8 / max(1, len(series))
    top = 1.0
    for n, (name, values) in enumerate(series.items()):
        x = [i + (n - (len(series) - 1) / 2) * width for i in range(len(groups))]
        shown = [0 if v is None else float(v) for v in values]
        top = max(top, *shown) if shown else top
        bars = axes.bar(x, shown, width=width, label=name, color=PALETTE[n % len(PALETTE)])
        _label_bars(axes, bars, [None if v is None else float(v) for v in values], fmt)
    axes.set_xticks(list(range(len(groups))), groups)
    axes.set_ylim(0, ylim or top * 1.25)
    axes.legend(loc="upper left", fontsize=7, frameon=False, ncols=max(1, len(series)))
    return to_svg(figure)
