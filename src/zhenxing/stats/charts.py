"""The charts of 统计分析 as data, from plain labels and values (no query): a Plotly figure that
`static/stats/charts.js` draws, and the same numbers as table rows beside it (`stats/_chart.html`), so the
numbers can be read aloud, copied and printed.

Numbers read as on the rest of the dashboard (core.numbers): one unit for a whole chart (万元 or 元 by the
largest value, areas in 亩, rates as 12%), separators, the exact value on the table's hover. The figure
plots the very numbers the table shows.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhenxing.core import numbers

FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
INK, LINE, RED = "#222", "#ddd", "#b71c1c"
# Slices of a donut: distinct and calm, in an order that keeps neighbours apart.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")
# 七色积分 and similar breakdowns are named by colour: a slice takes the colour its name says.
NAMED_COLOURS = (("红", "#d62728"), ("橙", "#ff7f0e"), ("黄", "#e3c000"), ("绿", "#2ca02c"),
                 ("青", "#17becf"), ("蓝", "#1f77b4"), ("紫", "#9467bd"), ("金", "#c9a227"),
                 ("灰", "#7f7f7f"))
BAR_HEIGHT = 28  # px per bar of a horizontal bar chart


@dataclass(frozen=True)
class Row:
    label: str
    text: str  # the number as the page reads it: "1,234.5", "12%"
    exact: str = ""  # the exact value with its unit, for the hover
    link: str = ""
    share: str = ""  # a donut's slice: its part of the whole, "25%"


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar", "line", "donut"
    title: str
    unit: str  # the unit every number of the chart is in ("户", "万元", "亩"); "" for a rate
    rows: tuple[Row, ...]
    figure: dict = field(default_factory=dict)  # Plotly's {"data": [...], "layout": {...}}
    label_header: str = "名称"

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def value_header(self) -> str:
        return f"数值（{self.unit}）" if self.unit else "数值"

    @property
    def spec(self) -> str:
        """The figure as JSON for the page's data-chart attribute (the CSP forbids inline scripts)."""
        return json.dumps(self.figure, ensure_ascii=False, separators=(",", ":"))

    @property
    def summary(self) -> str:
        """What the chart shows in one sentence: its accessible name."""
        return f"{self.title}，共 {len(self.rows)} 项，数值见表"


def _shown(values: Sequence, unit: str, kind: numbers.Kind) -> tuple[list[numbers.Shown], str]:
    """Each value as the page reads it, all in one unit (the largest value's), and that unit."""
    column_unit = kind.unit_for(values)
    shown = [kind.show(v if v is not None else 0, column_unit) for v in values]
    first = next((s for s in shown if s.unit), None)
    if kind is numbers.PERCENT:
        return shown, ""
    return shown, (first.unit if first else column_unit) or unit


def _plotted(shown: numbers.Shown) -> float:
    """The number drawn is the number printed ("9,800.30" → 9800.3; "25%" → 25)."""
    text = shown.text.replace(",", "").rstrip("%")
    try:
        return float(text)
    except ValueError:
        return 0.0


def _layout(height: int, **extra) -> dict:
    """The page names the chart and its unit above it (a caption wraps on a phone, a drawn title does not)."""
    return {
        "font": {"family": FONT, "size": 13, "color": INK},
        "separators": ".,",
        "height": height,
        "margin": {"l": 10, "r": 40, "t": 10, "b": 30, "pad": 4},  # r: a bar's number beside it
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "dragmode": False,  # a finger scrolls the page, not the chart
        "hoverlabel": {"font": {"family": FONT}},
        **extra,
    }


def _axis(percent: bool, plotted: Sequence[float], **extra) -> dict:
    axis = {
        "tickformat": ",~f",
        "ticksuffix": "%" if percent else "",
        "gridcolor": LINE,
        "zerolinecolor": "#bbb",
        "fixedrange": True,
        "automargin": True,
        **extra,
    }
    if plotted and all(float(p).is_integer() for p in plotted) and max(plotted) < 10:
        axis["dtick"] = 1  # 3 households are not counted in fifths
    return axis


def _rows(labels, shown, links=None, shares=None) -> tuple[Row, ...]:
    links = links or [""] * len(labels)
    shares = shares or [""] * len(labels)
    return tuple(Row(str(label), s.text, s.exact, link or "", share)
                 for label, s, link, share in zip(labels, shown, links, shares, strict=True))


def _hover(unit: str) -> str:
    return "%{customdata[1]}" + (f" {unit}" if unit else "") + "<extra></extra>"


def bars(title: str, labels: Sequence[str], values: Sequence, unit: str = "",
         links: Sequence[str] | None = None, *, kind: numbers.Kind = numbers.NUMBER,
         label_header: str = "名称") -> Chart:
    """A unit's children side by side (streets, villages): horizontal bars, so that long names and a phone's
    narrow screen both fit; the first label on top, each bar's number beside it, a click opens its link."""
    shown, shown_unit = _shown(values, unit, kind)
    rows = _rows(labels, shown, links)
    plotted = [_plotted(s) for s in shown]
    percent = kind is numbers.PERCENT
    figure = {
        "data": [{
            "type": "bar",
            "orientation": "h",
            "y": [str(label) for label in labels],
            "x": plotted,
            "text": [s.text for s in shown],
            "textposition": "outside",
            "cliponaxis": False,
            "marker": {"color": RED},
            "customdata": [[r.link, f"{r.label}：{r.text}"] for r in rows],
            "hovertemplate": _hover(shown_unit),
        }],
        "layout": _layout(
            60 + BAR_HEIGHT * max(len(rows), 2),  # the margins (30 above for the axis, 30 below) and the bars
            xaxis=_axis(percent, plotted, rangemode="tozero", side="top"),
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True, "type": "category"},
            bargap=0.3,
        ),
    }
    figure["layout"]["margin"].update(t=30, b=10)  # the axis on top, by the caption: no scrolling to read it
    return Chart("bar", title, shown_unit, rows, figure, label_header)


def trend(title: str, labels: Sequence[str], values: Sequence, unit: str = "", *,
          kind: numbers.Kind = numbers.NUMBER, label_header: str = "时期") -> Chart:
    """One figure over periods (2023, 2023Q3, 2023-07 …) as a line, oldest first."""
    shown, shown_unit = _shown(values, unit, kind)
    rows = _rows(labels, shown)
    plotted = [_plotted(s) for s in shown]
    figure = {
        "data": [{
            "type": "scatter",
            "mode": "lines+markers+text" if len(rows) <= 12 else "lines+markers",
            "x": [str(label) for label in labels],
            "y": plotted,
            "text": [s.text for s in shown],
            "textposition": "top center",
            "cliponaxis": False,
            "line": {"color": RED, "width": 2},
            "marker": {"color": RED, "size": 7},
            "customdata": [["", f"{r.label}：{r.text}"] for r in rows],
            "hovertemplate": _hover(shown_unit),
        }],
        "layout": _layout(
            320,
            xaxis={"type": "category", "fixedrange": True, "automargin": True, "tickangle": -30
                   if len(rows) > 8 else 0},
            yaxis=_axis(kind is numbers.PERCENT, plotted, rangemode="tozero"),
        ),
    }
    return Chart("line", title, shown_unit, rows, figure, label_header)


def colours_for(labels: Sequence[str]) -> list[str]:
    """A colour per slice: the one its name says (红色积分 is red), else the next of the palette."""
    named = [next((c for word, c in NAMED_COLOURS if word in str(label)), None) for label in labels]
    unused = [c for c in PALETTE if c not in named] or list(PALETTE)
    spare = iter(unused * (len(labels) // len(unused) + 1))
    return [colour or next(spare) for colour in named]


def donut(title: str, labels: Sequence[str], values: Sequence, unit: str = "",
          links: Sequence[str] | None = None, *, kind: numbers.Kind = numbers.NUMBER,
          colours: Sequence[str] | None = None,
          label_header: str = "分类") -> Chart:
    """The parts of one figure (points by colour, cases by category): a ring, its legend below so that a
    phone keeps the ring wide, each part's share in the table too. A whole of nought draws nothing."""
    shown, shown_unit = _shown(values, unit, kind)
    plotted = [_plotted(s) for s in shown]
    whole = sum(plotted)
    if whole <= 0:
        return Chart("donut", title, shown_unit, (), {}, label_header)
    shares = [numbers.grouped(p * 100 / whole, 1) + "%" for p in plotted]
    rows = _rows(labels, shown, links, shares)
    figure = {
        "data": [{
            "type": "pie",
            "hole": 0.5,
            "labels": [str(label) for label in labels],
            "values": plotted,
            "text": [s.text for s in shown],
            "textinfo": "percent",
            "sort": False,
            "direction": "clockwise",
            "marker": {"colors": list(colours or colours_for(labels)), "line": {"color": "#fff", "width": 1}},
            "customdata": [[r.link, f"{r.label}：{r.text}"] for r in rows],
            "hovertemplate": "%{label}：%{text}" + (f" {shown_unit}" if shown_unit else "")
                             + "（%{percent}）<extra></extra>",
        }],
        "layout": _layout(340, showlegend=True,
                          legend={"orientation": "h", "x": 0, "y": -0.05, "yanchor": "top"}),
    }
    figure["layout"]["margin"]["b"] = 10
    return Chart("donut", title, shown_unit, rows, figure, label_header)
