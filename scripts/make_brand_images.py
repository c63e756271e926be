"""Make Erfaringsbasen's logo, icons and share card, once; the results are committed.

    .venv/bin/python scripts/make_brand_images.py

Writes into the theme layer's assets (src/erfaringsbase/mkdocs/theme/assets/erfaringsbase/):
``logo.svg`` (the mark: three linked rings, the three knots of the front page),
``favicon-32.png`` and ``apple-touch-icon.png`` (the mark as pixels, for browsers and
phones that take no SVG) and ``delingskort.png`` (1200 × 630, the image a link preview
shows in Teams, Slack or LinkedIn: most of them take no SVG either).

Made here rather than at build time: the images change only with the design, and a build
should not need Pillow or fonts. Colours are Designsystemet's Digdir tokens
(vendor/designsystemet/digdir.css); the text is set in Liberation Sans (metric twin of
Arial, the system font most readers see), from Debian's fonts-liberation.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ASSETS = Path(__file__).resolve().parents[1] / "src/erfaringsbase/mkdocs/theme/assets/erfaringsbase"
FONTS = Path("/usr/share/fonts/truetype/liberation")

ACCENT = "#0062BA"  # --ds-color-accent-base-default
NAVY = "#1E2B3C"  # --ds-color-neutral-base-default
CORAL = "#F45F63"  # --ds-color-brand1-base-default
PALE = "#DBE9F5"  # --ds-color-accent-base-contrast-subtle
WHITE = "#FFFFFF"

# The mark on a 64-unit square: three rings of radius 12 that overlap, drawn in white.
MARK_SIZE = 64
MARK_RADIUS = 12
MARK_STROKE = 5
MARK_CORNER = 12
RING_CENTRES = ((24, 25), (40, 25), (32, 39))

SITE = "Erfaringsbasen"
TAGLINE = ("Erfaringer fra digitalisering", "i offentlig sektor")
QUESTION = "Hvem har gjort dette før, hva gikk galt, og hva ble anbefalt?"
ADDRESS = "erfaringsbasen.no"


def logo_svg() -> str:
    rings = "\n".join(f'    <circle cx="{x}" cy="{y}" r="{MARK_RADIUS}"/>' for x, y in RING_CENTRES)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MARK_SIZE} {MARK_SIZE}" '
        f'width="{MARK_SIZE}" height="{MARK_SIZE}">\n'
        f"  <title>{SITE}</title>\n"
        f'  <rect width="{MARK_SIZE}" height="{MARK_SIZE}" rx="{MARK_CORNER}" fill="{ACCENT}"/>\n'
        f'  <g fill="none" stroke="{WHITE}" stroke-width="{MARK_STROKE}">\n'
        f"{rings}\n"
        "  </g>\n"
        "</svg>\n"
    )


def draw_mark(
    draw: ImageDraw.ImageDraw, left: float, top: float, scale: float, stroke: float = MARK_STROKE
) -> None:
    """The mark at (left, top), ``scale`` pixels per unit."""
    size = MARK_SIZE * scale
    draw.rounded_rectangle(
        (left, top, left + size, top + size), radius=MARK_CORNER * scale, fill=ACCENT
    )
    ring(draw, left, top, scale, WHITE, stroke)


def ring(
    draw: ImageDraw.ImageDraw, left: float, top: float, scale: float, colour: str, stroke: float
) -> None:
    for x, y in RING_CENTRES:
        # The SVG stroke is centred on the circle; Pillow draws its width inwards.
        outer = (MARK_RADIUS + stroke / 2) * scale
        cx, cy = left + x * scale, top + y * scale
        draw.ellipse(
            (cx - outer, cy - outer, cx + outer, cy + outer),
            outline=colour,
            width=round(stroke * scale),
        )


def icon(pixels: int, stroke: float = MARK_STROKE) -> Image.Image:
    """The mark as a square PNG, drawn four times larger and scaled down (smooth edges).
    A tab's 32 pixels take thinner rings, or their crossings fill in."""
    big = pixels * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw_mark(ImageDraw.Draw(image), 0, 0, big / MARK_SIZE, stroke)
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def share_card() -> Image.Image:
    width, height, factor = 1200, 630, 2
    image = Image.new("RGB", (width * factor, height * factor), NAVY)
    draw = ImageDraw.Draw(image)

    def font(name: str, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(FONTS / name), size * factor)

    def px(value: float) -> float:
        return value * factor

    # Large rings to the right, faint: the mark as a pattern, behind nothing.
    ring(draw, px(860), px(190), px(5.2), "#2C3B4F", MARK_STROKE * 0.8)
    draw.rectangle((0, 0, px(width), px(14)), fill=CORAL)
    draw_mark(draw, px(80), px(86), px(96 / MARK_SIZE))
    draw.text((px(196), px(100)), SITE, font=font("LiberationSans-Bold.ttf", 58), fill=WHITE)
    top = 250
    for line in TAGLINE:
        draw.text((px(80), px(top)), line, font=font("LiberationSans-Bold.ttf", 64), fill=WHITE)
        top += 80
    draw.text(
        (px(80), px(top + 30)), QUESTION, font=font("LiberationSans-Regular.ttf", 30), fill=PALE
    )
    draw.text((px(80), px(540)), ADDRESS, font=font("LiberationSans-Regular.ttf", 30), fill=PALE)
    return image.resize((width, height), Image.Resampling.LANCZOS)


def main() -> None:
    (ASSETS / "logo.svg").write_text(logo_svg(), "utf-8")
    icon(32, stroke=3.5).save(ASSETS / "favicon-32.png", optimize=True)
    icon(180).save(ASSETS / "apple-touch-icon.png", optimize=True)
    share_card().save(ASSETS / "delingskort.png", optimize=True)
    for name in ("logo.svg", "favicon-32.png", "apple-touch-icon.png", "delingskort.png"):
        print(ASSETS / name)


if __name__ == "__main__":
    main()
