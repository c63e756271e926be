"""How often QR codes are read back after they are made harder to read, for each of the
eight masks and for the mask zxing-cpp picks itself: the check ``pages.share.MASK`` was
chosen by. Run it again after an upgrade of zxing-cpp, or to try other addresses.

    python scripts/qr_masks.py ADDRESSES [ADDRESSES ...]

ADDRESSES: a sitemap (``site/sitemap.xml``) or a text file with one address per line.
Each code is drawn one pixel per module with its quiet zone, then either enlarged to
100–135 pixels with noise added, or shrunk to 50–56 pixels (too few for every module),
and read by zxing-cpp. It prints, for each mask, how many were read in each condition.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import zxingcpp
from PIL import Image

#: (pixels across, noise as the standard deviation of grey levels): near where reading
#: begins to fail, so that a difference between masks shows.
CONDITIONS = [(135, 40), (135, 46), (100, 36), (56, 0), (50, 0)]


def addresses(files: list[str]) -> list[str]:
    found: list[str] = []
    for name in files:
        text = Path(name).read_text("utf-8")
        found += re.findall(r"<loc>([^<]+)</loc>", text) or text.split()
    return found


def drawn(url: str, mask: int | None) -> Image.Image:
    options = {} if mask is None else {"data_mask": mask}
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M", **options)
    bitmap = code.to_image(scale=1, add_quiet_zones=True)
    height, width = bitmap.shape
    return Image.frombytes("L", (width, height), bytes(memoryview(bitmap)))  # type: ignore[arg-type]


def harder(image: Image.Image, pixels: int, noise: float, seed: int) -> Image.Image:
    image = image.resize((pixels, pixels), Image.Resampling.BILINEAR)
    if noise:
        rnd = random.Random(seed)
        grey = bytes(max(0, min(255, v + int(rnd.gauss(0, noise)))) for v in image.tobytes())
        image = Image.frombytes("L", image.size, grey)
    return image


def read_back(urls: list[str], mask: int | None) -> list[int]:
    counts = [0] * len(CONDITIONS)
    for number, url in enumerate(urls):
        image = drawn(url, mask)
        for at, (pixels, noise) in enumerate(CONDITIONS):
            found = zxingcpp.read_barcode(
                harder(image, pixels, noise, number * len(CONDITIONS) + at)
            )
            counts[at] += found is not None and found.valid and found.text == url
    return counts


def main(files: list[str]) -> None:
    urls = addresses(files)
    print(f"{len(urls)} addresses; conditions (pixels, noise): {CONDITIONS}")
    for mask in (None, *range(8)):
        counts = read_back(urls, mask)
        name = "its own" if mask is None else str(mask)
        print(f"mask {name:>7}: {counts}, {sum(counts)} in all")


if __name__ == "__main__":
    main(sys.argv[1:])
