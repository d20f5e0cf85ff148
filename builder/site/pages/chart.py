"""The PIL-05 chart of the dashboard: one SVG string drawn at build time, no JavaScript.

Accessible: role="img" with a <title> and a <desc> that reads every value; each
point carries its value as text; a month that meets the target is a filled disc,
one that misses it a hollow diamond (shape as well as colour); the target is a
dashed, labelled line. The forecast, when given, follows the history as a
dashed line: a month end still at target is a hollow square, one below it a
hollow triangle. `load_chart` draws the review plan's weekly load as bars
under a dashed cap line.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from builder.content.fr import percent

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 96, 28, 78
LINE, MET, MISSED, TARGET = "#1565c0", "#1565c0", "#c62828", "#616161"
FORECAST = "#6a1b9a"


@dataclass(frozen=True)
class Point:
    period: str  # YYYY-MM
    value: float | None  # PIL-05, None when nothing was published
    met: bool | None


def month_label(period: str) -> str:
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def _floor(points: list[Point], target: float) -> float:
    """The bottom of the scale: a tenth below the lowest value or target, so that changes show."""
    values = [p.value for p in points if p.value is not None] + [target]
    return max(0.0, math.floor(min(values) * 10 - 0.5) / 10)


def _states(points: Sequence[Point]) -> str:
    parts = []
    for p in points:
        state = "aucun élément publié" if p.value is None else \
            f"{percent(p.value)}, objectif {'atteint' if p.met else 'non atteint'}"
        parts.append(f"{month_label(p.period)} : {state}")
    return " ; ".join(parts) + "."


def describe(points: list[Point], target: float, forecast: Sequence[Point] = ()) -> str:
    if not points and not forecast:
        return "Aucun mois à afficher."
    text = ""
    if points:
        text = (f"Part des éléments publiés à jour à la fin de chaque mois, de {month_label(points[0].period)} "
                f"à {month_label(points[-1].period)}, pour un objectif de {percent(target)}. " + _states(points))
    if forecast:
        text += (" " if points else "") + (f"Prévision si rien n'est revu, de {month_label(forecast[0].period)} "
                                           f"à {month_label(forecast[-1].period)} : " + _states(forecast))
    return text


def pil05_chart(points: list[Point], target: float, title: str = "PIL-05 mois par mois",
                chart_id: str = "pil05", forecast: Sequence[Point] = ()) -> str:
    """The SVG element (one line per shape, no blank line: it can sit in a Markdown HTML block)."""
    every = [*points, *forecast]
    low = _floor(every, target)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(every) - 1) if len(every) > 1 else 0.0

    def x(i: int) -> float:
        return LEFT + (i * step if len(every) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (1 - low if low < 1 else 1))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'font-family="sans-serif" font-size="12">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(describe(points, target, forecast))}</desc>']
    ticks = 5
    for k in range(ticks + 1):
        value = low + (1 - low) * k / ticks
        out.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + plot_w}" y2="{y(value):.1f}" '
                   f'stroke="#bdbdbd" stroke-width="0.5"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="currentColor">'
                   f'{escape(percent(value))}</text>')
    out.append(f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{LEFT + plot_w}" y2="{y(target):.1f}" '
               f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>')
    out.append(f'<text x="{LEFT + plot_w + 6}" y="{y(target) + 4:.1f}" fill="currentColor">'
               f'{escape("objectif " + percent(target))}</text>')
    segment: list[str] = []
    for i, p in enumerate([*points, Point("", None, None)]):
        if p.value is not None:
            segment.append(f"{x(i):.1f},{y(p.value):.1f}")
            continue
        if len(segment) > 1:
            out.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        segment = []
    if forecast:
        out += _forecast_marks(points, forecast, x, y)
    sparse = len(every) > 12  # then every other month is named, so that labels do not overlap
    for i, p in enumerate(every):
        label = month_label(p.period).split(" ")
        if not sparse or i % 2 == 0 or i == len(points) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                       f'fill="currentColor">{escape(label[0])}</text>')
        if i == 0 or label[0] == MONTHS[0]:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 32}" text-anchor="middle" '
                       f'fill="currentColor">{escape(label[1])}</text>')
        if i >= len(points):
            continue  # forecast marks are drawn by _forecast_marks
        if p.value is None:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h - 6}" text-anchor="middle" '
                       f'fill="currentColor">—</text>')
            continue
        px, py = x(i), y(p.value)
        tip = f"<title>{escape(month_label(p.period))} : {escape(percent(p.value))}</title>"
        if p.met:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{MET}">{tip}</circle>')
        else:
            out.append(f'<path d="M{px:.1f} {py - 6:.1f} L{px + 6:.1f} {py:.1f} L{px:.1f} {py + 6:.1f} '
                       f'L{px - 6:.1f} {py:.1f} Z" fill="white" stroke="{MISSED}" stroke-width="2">{tip}</path>')
        out.append(f'<text x="{px:.1f}" y="{py - 10:.1f}" text-anchor="middle" fill="currentColor">'
                   f'{escape(percent(p.value))}</text>')
    legend_y = HEIGHT - (30 if forecast else 14)  # the forecast's legend takes the last row
    out += [f'<circle cx="{LEFT + 6}" cy="{legend_y - 4}" r="5" fill="{MET}"/>',
            f'<text x="{LEFT + 16}" y="{legend_y}" fill="currentColor">objectif atteint</text>',
            f'<path d="M{LEFT + 146} {legend_y - 10} L{LEFT + 152} {legend_y - 4} L{LEFT + 146} {legend_y + 2} '
            f'L{LEFT + 140} {legend_y - 4} Z" fill="white" stroke="{MISSED}" stroke-width="2"/>',
            f'<text x="{LEFT + 160}" y="{legend_y}" fill="currentColor">objectif non atteint</text>',
            f'<line x1="{LEFT + 300}" y1="{legend_y - 4}" x2="{LEFT + 330}" y2="{legend_y - 4}" stroke="{TARGET}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>',
            f'<text x="{LEFT + 338}" y="{legend_y}" fill="currentColor">objectif</text>']
    if forecast:
        row = HEIGHT - 10
        out += [f'<line x1="{LEFT}" y1="{row - 4}" x2="{LEFT + 30}" y2="{row - 4}" '
                f'stroke="{FORECAST}" stroke-width="2" stroke-dasharray="4 3"/>',
                f'<text x="{LEFT + 38}" y="{row}" fill="currentColor">prévision sans revue :</text>',
                f'<rect x="{LEFT + 176}" y="{row - 8}" width="8" height="8" fill="white" stroke="{FORECAST}" '
                f'stroke-width="2"/>',
                f'<text x="{LEFT + 190}" y="{row}" fill="currentColor">objectif atteint</text>',
                f'<polygon points="{LEFT + 300},{row - 10} {LEFT + 306},{row + 1} {LEFT + 294},{row + 1}" '
                f'fill="white" stroke="{MISSED}" stroke-width="2"/>',
                f'<text x="{LEFT + 314}" y="{row}" fill="currentColor">objectif non atteint</text>']
    out.append("</svg>")
    return "\n".join(out)


def _forecast_marks(points: list[Point], forecast: Sequence[Point], x: Callable[[int], float],
                    y: Callable[[float], float]) -> list[str]:
    """The dashed forecast line from the last month of history, and a hollow mark per month end."""
    out = []
    start = len(points)
    last = points[-1].value if points else None
    line = [f"{x(start - 1):.1f},{y(last):.1f}"] if last is not None else []
    line += [f"{x(start + k):.1f},{y(p.value):.1f}" for k, p in enumerate(forecast) if p.value is not None]
    if len(line) > 1:
        out.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{FORECAST}" stroke-width="2" '
                   f'stroke-dasharray="4 3"/>')
    shown: float | None = last
    for k, p in enumerate(forecast):
        if p.value is None:
            continue
        px, py = x(start + k), y(p.value)
        # a value is written where it moves (2 points or more), so that labels do not pile up; each mark has it
        write = shown is None or abs(p.value - shown) >= 0.02
        tip = f"<title>{escape(month_label(p.period))} (prévision) : {escape(percent(p.value))}</title>"
        if p.met:
            out.append(f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="white" '
                       f'stroke="{FORECAST}" stroke-width="2">{tip}</rect>')
        else:
            out.append(f'<polygon points="{px:.1f},{py - 6:.1f} {px + 6:.1f},{py + 5:.1f} {px - 6:.1f},{py + 5:.1f}" '
                       f'fill="white" stroke="{MISSED}" stroke-width="2">{tip}</polygon>')
        if write:
            shown = p.value
            out.append(f'<text x="{px:.1f}" y="{py - 10:.1f}" text-anchor="middle" font-size="10" '
                       f'fill="currentColor">{escape(percent(p.value))}</text>')
    return out


def describe_load(weeks: Sequence[tuple[str, int]], cap: int) -> str:
    busy = [f"{week} : {count}" for week, count in weeks if count]
    if not busy:
        return "Aucune revue à prévoir."
    return (f"Revues prévues par semaine, de {weeks[0][0]} à {weeks[-1][0]}, au plus {cap} par semaine. "
            "Semaines avec des revues : " + " ; ".join(busy) + ".")


def load_chart(weeks: Sequence[tuple[str, int]], cap: int, title: str = "Revues prévues par semaine",
               chart_id: str = "plan-load") -> str:
    """Bars of reviews per ISO week (YYYY-Www), under the dashed line of the weekly cap."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([cap, *(count for _, count in weeks), 1])
    slot = plot_w / max(1, len(weeks))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'font-family="sans-serif" font-size="12">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(describe_load(weeks, cap))}</desc>']
    for value in sorted({0, top // 2, top}):
        out.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + plot_w}" y2="{y(value):.1f}" '
                   f'stroke="#bdbdbd" stroke-width="0.5"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="currentColor">{value}</text>')
    for i, (week, count) in enumerate(weeks):
        left = LEFT + i * slot
        if count:
            out.append(f'<rect x="{left + slot * 0.15:.1f}" y="{y(count):.1f}" width="{slot * 0.7:.1f}" '
                       f'height="{y(0) - y(count):.1f}" fill="{LINE}"><title>{escape(week)} : {count}</title></rect>')
        if i % 4 == 0:
            out.append(f'<text x="{left + slot / 2:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                       f'fill="currentColor">{escape(week.split("-")[1])}</text>')
        if i == 0 or week.endswith("-W01"):
            out.append(f'<text x="{left + slot / 2:.1f}" y="{TOP + plot_h + 32}" text-anchor="middle" '
                       f'fill="currentColor">{escape(week.split("-")[0])}</text>')
    out.append(f'<line x1="{LEFT}" y1="{y(cap):.1f}" x2="{LEFT + plot_w}" y2="{y(cap):.1f}" stroke="{TARGET}" '
               f'stroke-width="1.5" stroke-dasharray="6 4"/>')
    out.append(f'<text x="{LEFT + plot_w + 6}" y="{y(cap) + 4:.1f}" fill="currentColor">'
               f'{escape(f"au plus {cap}")}</text>')
    out.append("</svg>")
    return "\n".join(out)

