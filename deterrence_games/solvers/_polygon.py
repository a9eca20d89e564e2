"""Exact planar geometry for payoff-set iterations: hulls, clipping, Hausdorff distance.

Convex sets in the plane are stored as lists of ``(x, y)`` float tuples in
counterclockwise order without repetition: one point (a point), two points (a segment)
or three or more (a polygon with non-zero area). Plain Python floats are used on purpose:
the polygons are small (a handful of vertices) and numpy's per-call overhead would
dominate.

Robustness rules (the pitfalls of exact polygon APS iteration; Judd, Yeltekin & Conklin 2003):

* one absolute tolerance ``eps`` per computation, used for every inside test, duplicate
  merge and collinearity test (inconsistent tolerances create phantom vertices);
* edge / half-plane intersections clamp the edge parameter ``t`` to ``[0, 1]`` so that an
  intersection can never be extrapolated outside the edge;
* nothing is rounded.
"""

from __future__ import annotations

import math

Point = tuple[float, float]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: list[Point], eps: float) -> list[Point]:
    """Counterclockwise hull (Andrew's monotone chain) without near-duplicate or collinear points.

    Points closer than ``eps`` (max-norm) are merged; a point whose distance to the line
    through its neighbours is at most ``eps`` is dropped. (The cross products and
    distances of :func:`_cross` and :func:`_dist` are written inline: this is the inner
    loop of the APS iteration.)
    """
    pts = sorted(set(points))
    if not pts:
        return []
    hypot = math.hypot
    # Points whose x differ by at most eps count as one column and are ordered by y:
    # with plain lexicographic order, (x + 1ulp, y_low) sorts after (x, y_high) and the
    # chain then discards the lower point as "collinear" although it is extreme.
    n = len(pts)
    if any(pts[j][0] - pts[j - 1][0] <= eps for j in range(1, n)):
        cols: list[Point] = []
        i = 0
        while i < n:
            j = i + 1
            while j < n and pts[j][0] - pts[j - 1][0] <= eps:
                j += 1
            cols.extend(sorted(pts[i:j], key=lambda q: q[1]) if j - i > 1 else pts[i:j])
            i = j
        pts = cols
    # merge near-duplicates (sorted lexicographically: compare with the kept points nearby)
    merged: list[Point] = []
    eps2 = 2 * eps
    for p in pts:
        px, py = p
        for q in reversed(merged):
            if px - q[0] > eps2:
                merged.append(p)
                break
            if abs(px - q[0]) <= eps and abs(py - q[1]) <= eps:
                break
        else:
            merged.append(p)
    if len(merged) <= 2:
        if len(merged) == 2 and _dist(merged[0], merged[1]) <= eps:
            return [merged[0]]
        return merged

    def chain(seq: list[Point]) -> list[Point]:
        out: list[Point] = []
        for p in seq:
            px, py = p
            while len(out) >= 2:
                ox, oy = out[-2]
                ax, ay = out[-1]
                d = hypot(ox - px, oy - py)
                # a is kept only if it lies strictly left of o->p by more than eps
                if d == 0.0 or (ax - ox) * (py - oy) - (ay - oy) * (px - ox) <= eps * d:
                    out.pop()
                else:
                    break
            out.append(p)
        return out

    lower = chain(merged)
    upper = chain(merged[::-1])
    hull = lower[:-1] + upper[:-1]
    # the chain never tests its end points: remove any vertex (cyclically) within eps
    # of the segment joining its neighbours, or within eps of a neighbour
    changed = True
    while changed and len(hull) > 2:
        changed = False
        k = len(hull)
        for j in range(k):
            (ox, oy), (ax, ay), (px, py) = hull[j - 1], hull[j], hull[(j + 1) % k]
            d = hypot(ox - px, oy - py)
            if (hypot(ox - ax, oy - ay) <= eps or hypot(ax - px, ay - py) <= eps
                    or (d > 0.0 and (ax - ox) * (py - oy) - (ay - oy) * (px - ox) <= eps * d)):
                del hull[j]
                changed = True
                break
    if len(hull) == 2 and _dist(hull[0], hull[1]) <= eps:
        return [hull[0]]
    return hull


def _dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def clip_lower(poly: list[Point], axis: int, level: float, eps: float) -> list[Point]:
    """The part of the convex set ``poly`` with coordinate ``axis`` >= ``level`` (- eps).

    Sutherland-Hodgman against one half-plane; the intersection parameter is clamped to
    [0, 1]. Works for points and segments as well as polygons.
    """
    k = len(poly)
    if k == 0:
        return []
    if k == 1:
        return list(poly) if poly[0][axis] >= level - eps else []
    inside = [p[axis] >= level - eps for p in poly]
    if all(inside):
        return list(poly)
    if not any(inside):
        return []
    out: list[Point] = []
    edges = k if k > 2 else 1  # a segment has one edge
    if k == 2:
        a, b = poly
        ia, ib = inside
        pts = [a] if ia else [b]
        pts.append(_cut(a, b, axis, level))
        return pts
    for j in range(edges):
        a, b = poly[j], poly[(j + 1) % k]
        ia, ib = inside[j], inside[(j + 1) % k]
        if ia:
            out.append(a)
            if not ib:
                out.append(_cut(a, b, axis, level))
        elif ib:
            out.append(_cut(a, b, axis, level))
    return out


def _cut(a: Point, b: Point, axis: int, level: float) -> Point:
    da = a[axis] - level
    db = b[axis] - level
    den = da - db
    t = 0.0 if den == 0.0 else da / den
    t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)  # clamp: never extrapolate
    p = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    # land exactly on the cutting line (the clamped t keeps us on the edge)
    return (level, p[1]) if axis == 0 else (p[0], level)


def clip_halfplane(poly: list[Point], h: Point, c: float, eps: float) -> list[Point]:
    """The part of the convex set ``poly`` with ``h . w <= c`` (+ eps); t clamped to [0, 1]."""
    k = len(poly)
    if k == 0:
        return []
    s = [h[0] * p[0] + h[1] * p[1] - c for p in poly]
    inside = [v <= eps for v in s]
    if all(inside):
        return list(poly)
    if not any(inside):
        return []
    if k == 1:
        return list(poly)
    out: list[Point] = []
    edges = k if k > 2 else 1
    for j in range(edges):
        jn = (j + 1) % k
        a, b = poly[j], poly[jn]
        ia, ib = inside[j], inside[jn]
        if ia:
            out.append(a)
        if ia != ib:
            den = s[j] - s[jn]
            t = 0.0 if den == 0.0 else s[j] / den
            t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    if k == 2 and inside[1]:
        out.append(poly[1])
    return out


def point_distance(p: Point, poly: list[Point]) -> float:
    """Euclidean distance from ``p`` to the convex set ``poly`` (0 inside)."""
    k = len(poly)
    if k == 0:
        return math.inf
    if k == 1:
        return _dist(p, poly[0])
    if k == 2:
        return _seg_dist(p, poly[0], poly[1])
    outside = False
    best = math.inf
    for j in range(k):
        a, b = poly[j], poly[(j + 1) % k]
        if _cross(a, b, p) < 0.0:
            outside = True
        d = _seg_dist(p, a, b)
        if d < best:
            best = d
    return best if outside else 0.0


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    den = dx * dx + dy * dy
    t = 0.0 if den == 0.0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / den
    t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def hausdorff(P: list[Point], Q: list[Point]) -> float:
    """Hausdorff distance between two convex sets (attained at vertices)."""
    if not P and not Q:
        return 0.0
    if not P or not Q:
        return math.inf
    d1 = max(point_distance(p, Q) for p in P)
    d2 = max(point_distance(q, P) for q in Q)
    return max(d1, d2)


def halfplane_polygon(H: list[Point], c: list[float], box: float, eps: float) -> list[Point]:
    """Vertices of ``{w : H w <= c}`` by clipping a large box (t clamped, robust to redundancy)."""
    poly: list[Point] = [(-box, -box), (box, -box), (box, box), (-box, box)]
    for h, cl in zip(H, c, strict=True):
        poly = clip_halfplane(poly, h, cl, eps)
        if not poly:
            return []
    return convex_hull(poly, eps)
