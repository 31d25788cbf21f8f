"""Line plots as standalone SVG, standard library only (bench/run.py draws docs/perf_*.svg).

  line_plot("docs/perf_look_back.svg", "LSTM-64 epoch time", "look_back", "seconds",
            {"flujo": [(10, 0.1), (20, 0.2)], "PyTorch": [(10, 1.0), (20, 2.0)]})
"""
import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 150, 40, 55
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def nice_ticks(low, high, count=5):
    """About `count` round tick values covering [low, high]: the last one is at or above high,
    so that every point lies inside the axis."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    intervals = math.ceil((high - first) / step - 1e-9)
    return [round(first + i * step, 10) for i in range(intervals + 1)]


def label(value):
    return f"{value:g}"


def line_plot(path, title, x_label, y_label, series, log2_x=False):
    """series: {name: [(x, y), ...]}; y from 0. log2_x spaces x by powers of two."""
    points = [p for values in series.values() for p in values]
    xs = [p[0] for p in points]
    fx = (lambda x: math.log2(x)) if log2_x else (lambda x: x)
    x_low, x_high = fx(min(xs)), fx(max(xs))
    if x_high == x_low:
        x_high = x_low + 1
    y_ticks = nice_ticks(0.0, max(p[1] for p in points) * 1.05)
    y_high = y_ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x):
        return LEFT + (fx(x) - x_low) / (x_high - x_low) * plot_w

    def sy(y):
        return TOP + plot_h - y / y_high * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT + plot_w / 2}" y="22" text-anchor="middle" font-size="15">'
           f'{escape(title)}</text>']
    for y in y_ticks:
        out.append(f'<line x1="{LEFT}" y1="{sy(y):.1f}" x2="{LEFT + plot_w}" y2="{sy(y):.1f}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{label(y)}</text>')
    for x in sorted(set(xs)):
        out.append(f'<line x1="{sx(x):.1f}" y1="{TOP + plot_h}" x2="{sx(x):.1f}" '
                   f'y2="{TOP + plot_h + 5}" stroke="black"/>')
        out.append(f'<text x="{sx(x):.1f}" y="{TOP + plot_h + 19}" text-anchor="middle">'
                   f'{label(x)}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
               'stroke="black"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 12}" text-anchor="middle">'
               f'{escape(x_label)}</text>')
    out.append(f'<text transform="translate(18,{TOP + plot_h / 2}) rotate(-90)" '
               f'text-anchor="middle">{escape(y_label)}</text>')
    for index, (name, values) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        values = sorted(values)
        path_points = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in values)
        out.append(f'<polyline points="{path_points}" fill="none" stroke="{colour}" '
                   'stroke-width="2"/>')
        for x, y in values:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{escape(name)}: {label(x)} → {y:.3g}</title></circle>')
        legend_y = TOP + 14 + index * 20
        out.append(f'<line x1="{LEFT + plot_w + 12}" y1="{legend_y - 4}" '
                   f'x2="{LEFT + plot_w + 36}" y2="{legend_y - 4}" stroke="{colour}" '
                   'stroke-width="2"/>')
        out.append(f'<text x="{LEFT + plot_w + 42}" y="{legend_y}">{escape(name)}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")
