"""The lean PNG encoder (:mod:`mdcoverage.plotting.pngenc`) against independent decoders:
Pillow reads the files back pixel for pixel, the standard library's zlib inflates the
parallel-deflated stream and computes the Adler-32 it must end with."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from mdcoverage.plotting.pngenc import adler32_combine, drop_alpha, encode_png, up_filtered


def noisy_image(h: int, w: int, channels: int, seed: int = 0) -> np.ndarray:
    """Flat areas, edges and noise (what a figure has, and what filters must not break)."""
    rng = np.random.default_rng(seed)
    img = np.full((h, w, channels), 255, dtype=np.uint8)
    img[h // 3 :, : w // 2] = rng.integers(0, 256, channels, dtype=np.uint8)
    img[::7] = rng.integers(0, 256, (len(img[::7]), w, channels), dtype=np.uint8)
    img[:, ::5, 0] = 0
    return img


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, i = [], 8
    while i < len(data):
        (n,) = struct.unpack(">I", data[i : i + 4])
        kind, body = data[i + 4 : i + 8], data[i + 8 : i + 8 + n]
        (crc,) = struct.unpack(">I", data[i + 8 + n : i + 12 + n])
        assert crc == zlib.crc32(kind + body)
        out.append((kind, body))
        i += 12 + n
    return out


@pytest.mark.parametrize(
    ("h", "w", "channels"), [(1, 1, 3), (3, 5, 3), (37, 41, 3), (64, 96, 4), (5, 3, 4)]
)
@pytest.mark.parametrize("pieces", [1, 2, 4, 7])
def test_round_trip_through_pillow(h, w, channels, pieces):
    img = noisy_image(h, w, channels, seed=h * w)
    data = encode_png(img, dpi=150, pieces=pieces)
    with Image.open(io.BytesIO(data)) as im:
        im.verify()
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode == ("RGB" if channels == 3 else "RGBA")
        assert np.allclose(im.info["dpi"], 150, atol=0.02)  # whole pixels per metre
        assert np.array_equal(np.asarray(im), img)


def test_one_zlib_stream_with_the_right_checksum():
    """The pieces (sync-flushed raw deflate) form one stream that zlib inflates to the
    filtered scanlines, and the stream ends with their Adler-32."""
    img = noisy_image(90, 70, 3)
    idat = b"".join(body for kind, body in chunks(encode_png(img, pieces=4)) if kind == b"IDAT")
    lines = up_filtered(img)
    assert zlib.decompress(idat) == lines.tobytes()
    assert struct.unpack(">I", idat[-4:])[0] == zlib.adler32(lines.tobytes())
    assert (int.from_bytes(idat[:2], "big")) % 31 == 0  # a valid zlib header


def test_up_filter_by_hand():
    img = np.array([[[10, 20, 30], [200, 0, 5]], [[5, 25, 30], [100, 255, 6]]], np.uint8)
    assert up_filtered(img).tolist() == [
        [2, 10, 20, 30, 200, 0, 5],
        [2, (5 - 10) % 256, 5, 0, 156, 255, 1],
    ]


def test_adler32_combine_matches_zlib():
    rng = np.random.default_rng(3)
    for n1, n2 in [(0, 5), (1, 1), (1000, 70000), (65521, 3), (200000, 1)]:
        a = rng.integers(0, 256, n1, dtype=np.uint8).tobytes()
        b = rng.integers(0, 256, n2, dtype=np.uint8).tobytes()
        combined = adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b))
        assert combined == zlib.adler32(a + b)


def test_drop_alpha_any_size():
    for h, w in [(4, 4), (3, 5), (1, 7), (8, 2)]:
        rgba = noisy_image(h, w, 4)
        rgb = drop_alpha(rgba)
        assert rgb.flags.c_contiguous and np.array_equal(rgb, rgba[..., :3])


def test_same_bytes_and_text_chunks():
    img = noisy_image(50, 60, 3)
    text = {"Title": "Carte", "Author": "Дмитрий"}  # Latin-1 and not
    a, b = encode_png(img, text=text), encode_png(img.copy(), text=text)
    assert a == b
    kinds = [kind for kind, _ in chunks(a)]
    assert kinds == [b"IHDR", b"tEXt", b"iTXt", b"IDAT", b"IEND"]
    with Image.open(io.BytesIO(a)) as im:
        assert im.text == text


def test_refuses_other_pixels():
    with pytest.raises(ValueError, match="uint8"):
        encode_png(np.zeros((4, 4, 3), dtype=np.uint16))
    with pytest.raises(ValueError, match="uint8"):
        encode_png(np.zeros((4, 4), dtype=np.uint8))
