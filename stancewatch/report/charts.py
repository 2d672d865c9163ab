"""The report's charts as inline SVG, drawn so that no two labels overlap: net stance with intervals per actor
(``forest_svg``), net stance per period for a topic's main actors (``over_time_svg``, small multiples) and sentiment
toward the most mentioned actors over time (``sentiment_svg``). Every chart is an ``svg.chart`` with a ``data-kind``;
the page's render check measures them and their labels in the browser."""

from __future__ import annotations

import html

import pandas as pd

from stancewatch.report.text import fit, monthly, period_label, text_width

e = html.escape
LINE_COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#d1242f", "#57606a"]


def _open(chart_id: str, kind: str, width: float, height: float, label: str) -> str:
    return (
        f'<svg class="chart" id="{chart_id}" data-kind="{kind}" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{e(label)}">'
    )


def forest_svg(pos: pd.DataFrame, chart_id: str, colours: dict[str, str]) -> str:
    """Dots at each actor's net stance with its interval, on a −1 … +1 axis; n = the actor's statements."""
    row_h, left, width, top = 22, 220, 420, 30
    height = top + row_h * max(1, len(pos)) + 30
    x = lambda v: left + (v + 1) / 2 * width  # noqa: E731
    parts = [_open(chart_id, "forest", left + width + 70, height, "net stance per actor")]
    for tick in (-1, -0.5, 0, 0.5, 1):
        parts.append(
            f'<line x1="{x(tick)}" y1="{top - 8}" x2="{x(tick)}" y2="{height - 24}" stroke="#d0d7de" '
            f'stroke-dasharray="{"0" if tick == 0 else "3,3"}"/>'
        )
        parts.append(f'<text x="{x(tick)}" y="{height - 8}" text-anchor="middle" font-size="11">{tick:+g}</text>')
    parts.append(f'<text x="{x(-1)}" y="14" font-size="11" fill="{colours["against"]}">← against</text>')
    parts.append(f'<text x="{x(1)}" y="14" font-size="11" text-anchor="end" fill="{colours["favor"]}">favor →</text>')
    parts.append(f'<text x="{left + width + 8}" y="14" font-size="11" fill="#57606a">n</text>')
    for i, r in enumerate(pos.itertuples()):
        y = top + i * row_h + row_h / 2
        colour = colours.get(r.stance, "#57606a")
        name = fit(str(r.actor_name), left - 16, 12)
        parts.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" '
            f'font-size="12">{e(name)}<title>{e(str(r.actor_name))}</title></text>'
        )
        parts.append(
            f'<line class="mark" x1="{x(r.low):.1f}" y1="{y}" x2="{x(r.high):.1f}" y2="{y}" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        parts.append(
            f'<circle class="mark" cx="{x(r.net):.1f}" cy="{y}" r="5" fill="{colour}"><title>{e(str(r.actor_name))}: '
            f"net {r.net:+.2f} [{r.low:+.2f}, {r.high:+.2f}], favor {r.favor} / against {r.against} / neutral "
            f"{r.neutral}</title></circle>"
        )
        parts.append(f'<text x="{left + width + 8}" y="{y + 4}" font-size="11" fill="#57606a">{r.n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def main_actors(rows: pd.DataFrame, top_n: int) -> list[str]:
    """The actors of a topic's per-period rows to draw over time: those seen in more than one period first, then by
    statements, at most ``top_n``."""
    g = rows.groupby("actor_id").agg(
        n=("n_statements", "sum"), periods=("period", "nunique"), name=("actor_name", "first")
    )
    g = g.assign(several=g["periods"] > 1).sort_values(["several", "n", "name"], ascending=[False, False, True])
    return list(g.index[:top_n])


def time_labels(xs: list[float], labels: list[str], font_px: float = 10, gap: float = 6) -> list:
    """(x, text-anchor, text) of the period labels of a time axis that fit without touching: the first and the last
    (flush with the axis ends), then those in between that have room, from the left."""
    if len(xs) == 1:
        return [(xs[0], "middle", labels[0])]
    first_w, last_w = text_width(labels[0], font_px), text_width(labels[-1], font_px)
    placed = [(xs[0] - 8, xs[0] - 8 + first_w), (xs[-1] + 8 - last_w, xs[-1] + 8)]
    out = [(xs[0] - 8, "start", labels[0]), (xs[-1] + 8, "end", labels[-1])]
    if placed[0][1] + gap > placed[1][0]:
        return out[:1]
    for x, label in zip(xs[1:-1], labels[1:-1]):
        w = text_width(label, font_px)
        box = (x - w / 2, x + w / 2)
        if all(box[1] + gap <= a or b + gap <= box[0] for a, b in placed):
            placed.append(box)
            out.append((x, "middle", label))
    return out


def over_time_svg(rows: pd.DataFrame, chart_id: str, colours: dict[str, str], top_n: int = 8) -> str:
    """Small multiples: one panel per main actor, its net stance ((favor − against) / statements) in each period of
    the topic with the 95 % interval, on a shared −1 … +1 scale and a shared time axis. ``rows``: the topic's
    `actor_summary` rows (one per actor × period)."""
    periods = sorted(rows["period"].astype(str).unique())
    actors = main_actors(rows, top_n)
    per_row, panel_w, panel_h, gap = 4, 215, 120, 12
    inner_left, inner_right, inner_top, inner_bottom = 30, 10, 30, 22
    n_rows = (len(actors) + per_row - 1) // per_row
    width, height = per_row * panel_w + (per_row - 1) * gap, n_rows * (panel_h + gap)
    plot_w = panel_w - inner_left - inner_right - 16  # 8 px inside the axis at either end
    plot_h = panel_h - inner_top - inner_bottom
    is_monthly = monthly(periods)
    labels = [period_label(p, is_monthly) for p in periods]
    step = plot_w / max(1, len(periods) - 1) if len(periods) > 1 else 0
    parts = [_open(chart_id, "over-time", width, height, "net stance per period for the main actors")]
    for k, actor_id in enumerate(actors):
        ox, oy = (k % per_row) * (panel_w + gap), (k // per_row) * (panel_h + gap)
        a = rows[rows["actor_id"] == actor_id].set_index(rows[rows["actor_id"] == actor_id]["period"].astype(str))
        name = str(a["actor_name"].iloc[0])
        x = lambda i: ox + inner_left + 8 + (i * step if len(periods) > 1 else plot_w / 2)  # noqa: E731
        y = lambda v: oy + inner_top + (1 - (v + 1) / 2) * plot_h  # noqa: E731
        parts.append(
            f'<rect x="{ox + 0.5}" y="{oy + 0.5}" width="{panel_w - 1}" height="{panel_h - 1}" fill="none" '
            'stroke="#d0d7de"/>'
        )
        parts.append(
            f'<text x="{ox + 8}" y="{oy + 15}" font-size="12" font-weight="600">{e(fit(name, panel_w - 16, 12))}'
            f"<title>{e(name)}</title></text>"
        )
        for v, label in ((1, "+1"), (0, "0"), (-1, "−1")):
            parts.append(
                f'<line x1="{ox + inner_left}" y1="{y(v):.1f}" x2="{ox + panel_w - inner_right}" y2="{y(v):.1f}" '
                f'stroke="#d0d7de" stroke-dasharray="{"0" if v == 0 else "2,3"}"/>'
            )
            parts.append(
                f'<text x="{ox + inner_left - 4}" y="{y(v) + 3.5:.1f}" text-anchor="end" font-size="10" '
                f'fill="#57606a">{label}</text>'
            )
        for i in range(len(periods)):  # a tick per period on the time axis
            parts.append(
                f'<line x1="{x(i):.1f}" y1="{y(-1):.1f}" x2="{x(i):.1f}" y2="{y(-1) + 4:.1f}" stroke="#8c959f"/>'
            )
        base = oy + panel_h - 6
        for left_x, anchor_at, text in time_labels([x(i) for i in range(len(periods))], labels):
            parts.append(
                f'<text x="{left_x:.1f}" y="{base}" text-anchor="{anchor_at}" font-size="10" fill="#57606a">'
                f"{e(text)}</text>"
            )
        points = []
        for i, p in enumerate(periods):
            if p not in a.index:
                continue
            r = a.loc[p]
            if pd.isna(r["net_stance"]):
                continue
            net = float(r["net_stance"])
            low = float(r["net_stance_low"]) if pd.notna(r["net_stance_low"]) else net
            high = float(r["net_stance_high"]) if pd.notna(r["net_stance_high"]) else net
            colour = colours.get(str(r["stance"]), "#57606a")
            points.append((x(i), y(net)))
            tip = (
                f"{name}, {period_label(p, is_monthly)}: net {net:+.2f} [{low:+.2f}, {high:+.2f}], "
                f"{int(r['n_favor'])} favor / {int(r['n_against'])} against / {int(r['n_neutral'])} neutral"
            )
            parts.append(
                f'<line class="mark" x1="{x(i):.1f}" y1="{y(low):.1f}" x2="{x(i):.1f}" y2="{y(high):.1f}" '
                f'stroke="{colour}" stroke-width="2" stroke-opacity="0.5"/>'
            )
            parts.append(
                f'<circle class="mark" cx="{x(i):.1f}" cy="{y(net):.1f}" r="4" fill="{colour}"><title>{e(tip)}'
                "</title></circle>"
            )
        if len(points) > 1:
            parts.append(
                '<polyline fill="none" stroke="#57606a" stroke-width="1" '
                f'points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def sentiment_svg(summary: pd.DataFrame, top_n: int, chart_id: str) -> str:
    """Mean sentiment per period for the most mentioned actors (one line each)."""
    rows = summary[(summary["topic_id"] == "*") & summary["mean_sentiment"].notna()] if len(summary) else summary
    if rows.empty:
        return '<p class="empty">No sentiment rows yet.</p>'
    top = rows.groupby("actor_id")["n_mentions"].sum().sort_values(ascending=False, kind="stable").head(top_n).index
    periods = sorted(rows["period"].astype(str).unique())
    is_monthly = monthly(periods)
    left, width, top_pad, legend = 40, 560, 16, 220
    height = max(220, top_pad + 18 * len(top) + 10)
    x = lambda i: left + (width * (i + 0.5) / len(periods))  # noqa: E731
    y = lambda v: top_pad + (1 - (v + 1) / 2) * (220 - top_pad - 40)  # noqa: E731
    parts = [_open(chart_id, "lines", left + width + legend, height, "sentiment over time")]
    for v in (-1, 0, 1):
        parts.append(f'<line x1="{left}" y1="{y(v)}" x2="{left + width}" y2="{y(v)}" stroke="#d0d7de"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4}" text-anchor="end" font-size="11">{v:+d}</text>')
    labels = [period_label(p, is_monthly) for p in periods]
    room = width / len(periods)
    every = 1
    while every < len(periods) and max(text_width(s, 10) for s in labels) + 8 > room * every:
        every += 1
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(f'<text x="{x(i)}" y="{220 - 22}" text-anchor="middle" font-size="10">{e(label)}</text>')
    for k, actor_id in enumerate(top):
        a = rows[rows["actor_id"] == actor_id]
        a = a.set_index(a["period"].astype(str))
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        pts = [
            (x(i), y(float(a.loc[p, "mean_sentiment"])))
            for i, p in enumerate(periods)
            if p in a.index and pd.notna(a.loc[p, "mean_sentiment"])
        ]
        if len(pts) > 1:
            parts.append(
                f'<polyline class="mark" fill="none" stroke="{colour}" stroke-width="2" '
                f'points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in pts)}"/>'
            )
        for px, py in pts:
            parts.append(f'<circle class="mark" cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>')
        name = str(a["actor_name"].iloc[0])
        parts.append(
            f'<rect x="{left + width + 16}" y="{top_pad + k * 18}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + width + 32}" y="{top_pad + k * 18 + 9}" font-size="11">'
            f"{e(fit(name, legend - 40, 11))}<title>{e(name)}</title></text>"
        )
    parts.append("</svg>")
    return "".join(parts)
