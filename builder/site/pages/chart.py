"""The PIL-05 chart of the dashboard: one SVG string drawn at build time, no JavaScript.

Accessible: role="img" with a <title> and a <desc> that reads every value; each
point carries its value as text; a month that meets the target is a filled disc,
one that misses it a hollow diamond (shape as well as colour); the target is a
dashed, labelled line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from builder.content.fr import percent

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 96, 28, 78
LINE, MET, MISSED, TARGET = "#1565c0", "#1565c0", "#c62828", "#616161"


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


def describe(points: list[Point], target: float) -> str:
    if not points:
        return "Aucun mois à afficher."
    parts = []
    for p in points:
        state = "aucun élément publié" if p.value is None else \
            f"{percent(p.value)}, objectif {'atteint' if p.met else 'non atteint'}"
        parts.append(f"{month_label(p.period)} : {state}")
    return (f"Part des éléments publiés à jour à la fin de chaque mois, de {month_label(points[0].period)} "
            f"à {month_label(points[-1].period)}, pour un objectif de {percent(target)}. " + " ; ".join(parts) + ".")


def pil05_chart(points: list[Point], target: float, title: str = "PIL-05 mois par mois",
                chart_id: str = "pil05") -> str:
    """The SVG element (one line per shape, no blank line: it can sit in a Markdown HTML block)."""
    low = _floor(points, target)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(points) - 1) if len(points) > 1 else 0.0

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (1 - low if low < 1 else 1))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'font-family="sans-serif" font-size="12">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(describe(points, target))}</desc>']
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
    sparse = len(points) > 12  # then every other month is named, so that labels do not overlap
    for i, p in enumerate(points):
        label = month_label(p.period).split(" ")
        if not sparse or i % 2 == 0 or i == len(points) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                       f'fill="currentColor">{escape(label[0])}</text>')
        if i == 0 or label[0] == MONTHS[0]:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 32}" text-anchor="middle" '
                       f'fill="currentColor">{escape(label[1])}</text>')
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
    legend_y = HEIGHT - 14
    out += [f'<circle cx="{LEFT + 6}" cy="{legend_y - 4}" r="5" fill="{MET}"/>',
            f'<text x="{LEFT + 16}" y="{legend_y}" fill="currentColor">objectif atteint</text>',
            f'<path d="M{LEFT + 146} {legend_y - 10} L{LEFT + 152} {legend_y - 4} L{LEFT + 146} {legend_y + 2} '
            f'L{LEFT + 140} {legend_y - 4} Z" fill="white" stroke="{MISSED}" stroke-width="2"/>',
            f'<text x="{LEFT + 160}" y="{legend_y}" fill="currentColor">objectif non atteint</text>',
            f'<line x1="{LEFT + 300}" y1="{legend_y - 4}" x2="{LEFT + 330}" y2="{legend_y - 4}" stroke="{TARGET}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>',
            f'<text x="{LEFT + 338}" y="{legend_y}" fill="currentColor">objectif</text>',
            "</svg>"]
    return "\n".join(out)

