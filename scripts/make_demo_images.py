"""Generate the featured images for the demo publication.

Each essay gets one calm, abstract 1600x900 illustration with its own palette.
Everything is deterministic (fixed seeds), so re-running produces the same files.
The alt text in thoughtful/publishing/demo/publication.json describes these exact
compositions; if you change a drawing here, update its alt text there.

Usage:  .venv/bin/python scripts/make_demo_images.py
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1600, 900
SS = 2  # supersampling factor for smooth edges
OUT = Path(__file__).resolve().parent.parent / "thoughtful" / "publishing" / "demo" / "images"

RGB = tuple[int, int, int]


def hexrgb(value: str) -> RGB:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def vertical_gradient(size: tuple[int, int], stops: list[tuple[float, str]]) -> Image.Image:
    w, h = size
    cols = [(p, hexrgb(c)) for p, c in stops]
    strip = Image.new("RGB", (1, h))
    px = strip.load()
    for y in range(h):
        t = y / max(h - 1, 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(cols):
            if p0 <= t <= p1:
                px[0, y] = mix(c0, c1, (t - p0) / max(p1 - p0, 1e-9))
                break
        else:
            px[0, y] = cols[-1][1] if t > cols[-1][0] else cols[0][1]
    return strip.resize((w, h))


def soft_overlay(base: Image.Image, draw_fn, blur: float = 0.0) -> Image.Image:
    """Draw shapes on a transparent layer (supersampled), optionally blur, composite."""
    layer = Image.new("RGBA", (base.width * SS, base.height * SS), (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(layer), SS)
    layer = layer.resize(base.size, Image.LANCZOS)
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    out = base.convert("RGBA")
    out.alpha_composite(layer)
    return out.convert("RGB")


def grain(img: Image.Image, seed: int, amount: int = 6) -> Image.Image:
    """A faint, deterministic paper grain so flat areas don't band."""
    rng = random.Random(seed)
    small = Image.new("L", (W // 4, H // 4))
    small.putdata([128 + rng.randint(-amount, amount) for _ in range(small.width * small.height)])
    noise = small.resize(img.size, Image.BICUBIC).convert("RGB")
    return Image.blend(img, Image.composite(img, noise, Image.new("L", img.size, 235)), 0.5)


# --- compositions ---------------------------------------------------------------


def chair_and_window(seed: int) -> Image.Image:
    """what-i-owe-her: an empty chair facing a tall window, pale dawn light."""
    img = vertical_gradient(
        (W, H), [(0, "#c9d1d8"), (0.72, "#aeb8c2"), (0.73, "#8c8f93"), (1, "#6f7277")]
    )

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        # window frame and glass
        x0, y0, x1, y1 = 930 * s, 110 * s, 1290 * s, 620 * s
        d.rectangle(
            (x0 - 18 * s, y0 - 18 * s, x1 + 18 * s, y1 + 18 * s), fill=(*hexrgb("#e8ebee"), 255)
        )
        for i, y in enumerate(range(y0, y1)):  # glass: warm at the top, cool below
            t = i / (y1 - y0)
            col = mix(hexrgb("#f4efe4"), hexrgb("#c7d3df"), t)
            d.line((x0, y, x1, y), fill=(*col, 255))
        d.line(
            (x0 + (x1 - x0) // 2, y0, x0 + (x1 - x0) // 2, y1),
            fill=(*hexrgb("#e8ebee"), 255),
            width=12 * s,
        )
        d.line(
            (x0, y0 + (y1 - y0) // 2, x1, y0 + (y1 - y0) // 2),
            fill=(*hexrgb("#e8ebee"), 255),
            width=12 * s,
        )
        # light falling on the floor
        d.polygon(
            [(x0, 655 * s), (x1, 655 * s), (x1 - 140 * s, 900 * s), (x0 - 420 * s, 900 * s)],
            fill=(*hexrgb("#e9e4d8"), 90),
        )
        # chair (seen from behind, simple wooden silhouette)
        wood = (*hexrgb("#5b4a3f"), 255)
        cx, seat_y = 560 * s, 600 * s
        d.rectangle((cx - 120 * s, seat_y, cx + 120 * s, seat_y + 22 * s), fill=wood)  # seat
        for lx in (cx - 112 * s, cx + 96 * s):
            d.rectangle((lx, seat_y + 22 * s, lx + 16 * s, 790 * s), fill=wood)  # legs
        for lx in (cx - 112 * s, cx + 96 * s):
            d.rectangle((lx, 380 * s, lx + 16 * s, seat_y), fill=wood)  # back posts
        for ry in (400, 450, 500):
            d.rectangle(
                (cx - 112 * s, ry * s, cx + 112 * s, (ry + 14) * s), fill=wood
            )  # back slats
        d.ellipse((cx - 150 * s, 782 * s, cx + 150 * s, 806 * s), fill=(40, 40, 45, 60))  # shadow

    return soft_overlay(img, shapes)


def hills_at_dusk(seed: int) -> Image.Image:
    """the-man-who-asks-for-my-father: layered hills, low sun half-set."""
    img = vertical_gradient((W, H), [(0, "#f3dfc9"), (0.55, "#f0c9a8"), (1, "#e8b48f")])
    rng = random.Random(seed)

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        d.ellipse((1000 * s, 370 * s, 1180 * s, 550 * s), fill=(*hexrgb("#f7efe3"), 255))
        layers = ["#d9a48c", "#c48577", "#a8676a", "#8a4f5c"]
        for i, col in enumerate(layers):
            base = 470 + i * 105
            amp = 60 - i * 8
            phase = rng.uniform(0, math.tau)
            freq = rng.uniform(1.2, 2.0)
            pts = [(0, H * s)]
            for x in range(0, W + 1, 8):
                y = (
                    base
                    + amp * math.sin(phase + freq * x / W * math.tau)
                    + 0.4 * amp * math.sin(2.7 * phase + 3.1 * x / W * math.tau)
                )
                pts.append((x * s, y * s))
            pts.append((W * s, H * s))
            d.polygon(pts, fill=(*hexrgb(col), 255))

    return soft_overlay(img, shapes)


def calendar_grid(seed: int) -> Image.Image:
    """the-body-keeps-its-own-calendar: a calendar-like grid of soft sage squares."""
    img = vertical_gradient((W, H), [(0, "#f4f1ea"), (1, "#ebe6da")])
    rng = random.Random(seed)

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        cols, rows, size, gap = 7, 5, 118, 26
        gx = (W - (cols * size + (cols - 1) * gap)) // 2
        gy = (H - (rows * size + (rows - 1) * gap)) // 2
        for r in range(rows):
            for c in range(cols):
                x, y = gx + c * (size + gap), gy + r * (size + gap)
                dark = rng.random() < 0.3
                col = "#6f8f72" if dark else "#c9d6c3"
                d.rounded_rectangle(
                    ((x) * s, y * s, (x + size) * s, (y + size) * s),
                    radius=18 * s,
                    fill=(*hexrgb(col), 255),
                )

    return soft_overlay(img, shapes)


def one_lit_window(seed: int) -> Image.Image:
    """the-spreadsheet: a dark office block at night with a single lit window."""
    img = vertical_gradient((W, H), [(0, "#0f1a2e"), (1, "#1d2b45")])
    rng = random.Random(seed)

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        d.rectangle((360 * s, 90 * s, 1240 * s, H * s), fill=(*hexrgb("#223352"), 255))
        cols, rows = 8, 7
        lit = (5, 3)
        for r in range(rows):
            for c in range(cols):
                x = 410 + c * 102
                y = 140 + r * 108
                if (c, r) == lit:
                    d.rectangle(
                        (x * s, y * s, (x + 62) * s, (y + 70) * s), fill=(*hexrgb("#f6d27a"), 255)
                    )
                else:
                    shade = rng.choice(["#2b3d5e", "#2f4266", "#283a59"])
                    d.rectangle(
                        (x * s, y * s, (x + 62) * s, (y + 70) * s), fill=(*hexrgb(shade), 255)
                    )

    # a faint warm glow around the lit window, on its own blurred layer
    img = soft_overlay(img, shapes)
    gx, gy = 410 + 5 * 102, 140 + 3 * 108
    return soft_overlay(
        img,
        lambda d, s: d.ellipse(
            ((gx - 50) * s, (gy - 50) * s, (gx + 112) * s, (gy + 120) * s), fill=(246, 210, 122, 60)
        ),
        blur=35,
    )


def open_doorway(seed: int) -> Image.Image:
    """leaving-the-assembly: a narrow open doorway of pale light in a plum wall."""
    img = vertical_gradient(
        (W, H), [(0, "#4a2a45"), (0.78, "#5c3556"), (0.781, "#3e2338"), (1, "#331d2f")]
    )

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        x0, x1, top, floor = 700, 900, 170, 702
        d.rectangle((x0 * s, top * s, x1 * s, floor * s), fill=(*hexrgb("#fbf1df"), 255))
        d.polygon(
            [(x0 * s, floor * s), (x1 * s, floor * s), (1120 * s, H * s), (560 * s, H * s)],
            fill=(*hexrgb("#e9c9a8"), 150),
        )

    img = soft_overlay(img, shapes)
    glow = soft_overlay(
        Image.new("RGB", (W, H), (0, 0, 0)),
        lambda d, s: d.rectangle((680 * s, 150 * s, 920 * s, 720 * s), fill=(251, 241, 223, 255)),
        blur=60,
    )
    # add a soft halo of light around the doorway
    return Image.composite(img, Image.blend(img, glow, 0.25), Image.new("L", (W, H), 200))


def sunrise_over_water(seed: int) -> Image.Image:
    """nine-hundred-mornings: pale gold sun rising over calm water, ripples."""
    img = vertical_gradient(
        (W, H), [(0, "#f6e3c6"), (0.5, "#f4c8a2"), (0.501, "#7fb3ad"), (1, "#3f7f80")]
    )
    rng = random.Random(seed)

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        d.pieslice((690 * s, 330 * s, 910 * s, 560 * s), 180, 360, fill=(*hexrgb("#fbe7a1"), 255))
        for i in range(26):
            y = 470 + i * 16 + rng.randint(-3, 3)
            half = 40 + i * 14 + rng.randint(-10, 10)
            cx = 800 + rng.randint(-20, 20)
            d.rounded_rectangle(
                ((cx - half) * s, y * s, (cx + half) * s, (y + 4) * s),
                radius=2 * s,
                fill=(251, 223, 170, max(30, 190 - i * 7)),
            )
        for _ in range(40):
            y = rng.randint(470, 880)
            x = rng.randint(0, W - 200)
            d.rounded_rectangle(
                (x * s, y * s, (x + rng.randint(60, 200)) * s, (y + 3) * s),
                radius=s,
                fill=(230, 240, 235, 50),
            )

    return soft_overlay(img, shapes)


def two_leaves(seed: int) -> Image.Image:
    """the-friend-i-stopped-calling: two leaves drifting apart on slate blue."""
    img = vertical_gradient((W, H), [(0, "#5d7183"), (1, "#46596b")])

    def leaf(
        d: ImageDraw.ImageDraw, s: int, cx: float, cy: float, length: float, angle: float, col: str
    ) -> None:
        pts = []
        for i in range(0, 181):
            t = i / 180
            x = (t - 0.5) * length
            y = math.sin(math.pi * t) * length * 0.22
            pts.append((x, y))
        for i in range(180, -1, -1):
            t = i / 180
            pts.append(((t - 0.5) * length, -math.sin(math.pi * t) * length * 0.22))
        ca, sa = math.cos(angle), math.sin(angle)
        poly = [((cx + x * ca - y * sa) * s, (cy + x * sa + y * ca) * s) for x, y in pts]
        d.polygon(poly, fill=(*hexrgb(col), 255))
        vein_a = ((cx - 0.5 * length * ca) * s, (cy - 0.5 * length * sa) * s)
        vein_b = ((cx + 0.5 * length * ca) * s, (cy + 0.5 * length * sa) * s)
        d.line((vein_a, vein_b), fill=(255, 255, 255, 70), width=3 * s)
        stem_end = ((cx - 0.62 * length * ca) * s, (cy - 0.62 * length * sa) * s)
        d.line((vein_a, stem_end), fill=(*hexrgb(col), 255), width=4 * s)

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        leaf(d, s, 520, 360, 300, math.radians(-25), "#b5533c")
        leaf(d, s, 1120, 560, 280, math.radians(35), "#d6a540")

    return soft_overlay(img, shapes)


def contrail_over_roofs(seed: int) -> Image.Image:
    """the-funeral-on-my-phone: a contrail across a violet-to-orange dusk sky."""
    img = vertical_gradient(
        (W, H), [(0, "#5a4a7a"), (0.55, "#c07a8a"), (0.85, "#f0a868"), (1, "#f3b77a")]
    )
    rng = random.Random(seed)

    def shapes(d: ImageDraw.ImageDraw, s: int) -> None:
        d.line(((180 * s, 420 * s), (1420 * s, 150 * s)), fill=(255, 250, 245, 170), width=7 * s)
        d.ellipse((1414 * s, 144 * s, 1428 * s, 156 * s), fill=(255, 255, 255, 230))
        roof = (*hexrgb("#2a2238"), 255)
        x = 0
        pts = [(0, H * s)]
        while x < W:
            w = rng.randint(90, 180)
            h = rng.randint(700, 790)
            if rng.random() < 0.5:
                pts += [
                    (x * s, h * s),
                    ((x + w // 2) * s, (h - rng.randint(40, 70)) * s),
                    ((x + w) * s, h * s),
                ]
            else:
                pts += [(x * s, h * s), ((x + w) * s, h * s)]
            x += w
        pts.append((W * s, H * s))
        d.polygon(pts, fill=roof)

    return soft_overlay(img, shapes)


IMAGES = {
    "what-i-owe-her.jpg": (chair_and_window, 101),
    "the-man-who-asks-for-my-father.jpg": (hills_at_dusk, 202),
    "the-body-keeps-its-own-calendar.jpg": (calendar_grid, 303),
    "the-spreadsheet.jpg": (one_lit_window, 404),
    "leaving-the-assembly.jpg": (open_doorway, 505),
    "nine-hundred-mornings.jpg": (sunrise_over_water, 606),
    "the-friend-i-stopped-calling.jpg": (two_leaves, 707),
    "the-funeral-on-my-phone.jpg": (contrail_over_roofs, 808),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (fn, seed) in IMAGES.items():
        img = grain(fn(seed), seed)
        assert img.size == (W, H)
        path = OUT / name
        img.save(path, "JPEG", quality=80, optimize=True, progressive=True)
        print(f"{path.relative_to(OUT.parents[3])}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
