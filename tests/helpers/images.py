"""Small real image files for tests, written with the standard library only."""
from __future__ import annotations

import struct
import zlib


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (30, 90, 200), level: int = 9) -> bytes:
    """A valid PNG of one colour (level 0 leaves it uncompressed: heavy on purpose)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height, level)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


SAFE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
            b'<rect width="120" height="40" fill="#2050c0"/><text x="10" y="25" fill="#fff">OK</text></svg>\n')

HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
<script>document.title = "pwned"</script>
<rect width="10" height="10" onclick="alert(1)"/>
<image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/>
</svg>
"""
