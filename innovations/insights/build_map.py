"""Convert Natural Earth's 110m countries (TopoJSON) into the map the site draws.

Run once, when the boundaries are updated; the output is committed:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python -m innovations.insights.build_map package/countries-110m.json

world-atlas (ISC licence, Mike Bostock) packages Natural Earth's 1:110m Admin 0
countries, which are in the public domain. Each country becomes one SVG path in the
Equal Earth projection (an equal-area projection, so that big countries do not look
bigger than they are), keyed by its ISO 3166-1 alpha-2 code. Shapes without an ISO code
(Kosovo, Northern Cyprus, Somaliland) are kept, unlinked; Antarctica is left out.
"""

import json
import math
import os
import re
import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("world-110m.json")
WIDTH = 1000  # the map's width in SVG units
LEFT_OUT = {"010"}  # Antarctica: no public services to catalogue, and half the height
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Šavrič, Patterson and Jenny (2018), in units of the earth's radius; y up."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (longitude, latitude) points (they are delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    if any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
        # It crosses the antimeridian (Fiji, Chukotka): draw it whole, east of 180°,
        # where the map's edge cuts it, rather than with a line across the world.
        points = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
    return points


def path(rings: list[list[tuple[float, float]]], scale: float, x0: float, y0: float) -> str:
    """Rings as compact SVG path data: relative moves, one decimal."""
    parts = []
    for points in rings:
        here = None
        commands = []
        for lon, lat in points:
            x, y = equal_earth(lon, lat)
            at = (round((x - x0) * scale * 10), round((y0 - y) * scale * 10))
            if here is None:
                commands.append(f"M{at[0] / 10:g} {at[1] / 10:g}")
            elif at != here:
                dx, dy = (at[0] - here[0]) / 10, (at[1] - here[1]) / 10
                commands.append(f"l{dx:g} {dy:g}")
            here = at
        # "l0.5-0.3" -> "l.5-.3": valid SVG path data, a tenth smaller.
        text = "".join(commands).replace(" -", "-")
        parts.append(re.sub(r"(?<![\d.])0\.", ".", text) + "z")
    return "".join(parts)


def build(source: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsi.settings")
    django.setup()
    from django_countries import countries

    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        number = geometry.get("id")
        code = countries.alpha2(int(number)) if number else ""
        shapes.append((code or "", geometry["properties"]["name"], rings))
    left, right = equal_earth(-180, 0)[0], equal_earth(180, 0)[0]
    scale = WIDTH / (right - left)
    ys = [equal_earth(lon, lat)[1] for _c, _n, rings in shapes for r in rings for lon, lat in r]
    top, bottom = max(ys), min(ys)
    height = math.ceil((top - bottom) * scale)
    return {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), "
        "via world-atlas 2.0.2 (ISC); Equal Earth projection",
        "viewBox": f"0 0 {WIDTH} {height}",
        "countries": [
            {"code": code, "name": name, "d": path(rings, scale, left, top)}
            for code, name, rings in sorted(shapes, key=lambda s: s[1])
        ],
    }


if __name__ == "__main__":
    data = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{OUTPUT}: {len(data['countries'])} countries, {OUTPUT.stat().st_size:,} bytes")
