"""Property-based checks of `sst_nb.io`'s loaders: whatever array or file they are given, `load_image`, `load_mask`,
`color_to_index` and `Template.load` return what they promise or raise `SSTInputError`, never another exception.

The pixel rule is written out again here (`_rule_uint8`) as the specification the arrays are checked against."""
import io, itertools, warnings
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from sst_nb.io import SSTInputError, Template, color_to_index, load_image, load_mask

DTYPES = [np.uint8, np.uint16, np.int16, np.int32, np.int64, np.float32, np.float64, np.bool_]
TOPS = [2**b - 1 for b in (8, 10, 12, 14, 16)]   # the depth ladder of the rule
_n = itertools.count()                            # unique file names: tmp_path is shared by a test's examples
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")   # Pillow warns about the corrupt files we hand it on purpose

def fast(n):
    "Hypothesis settings for a test of `n` examples (no deadline: the machine is busy; tmp_path is reused on purpose)."
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------------------------------- arrays
@st.composite
def shapes(draw):
    "Image-like shapes, and odd ones the loaders must refuse."
    H, W = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return draw(st.sampled_from([(H, W), (H, W, 1), (H, W, 3), (H, W, 4), (H,), (H, W, 5), (0, W, 3), (H, 0), (2, H, W), ()]))

@st.composite
def value_arrays(draw, shape=None):
    "An array of a random dtype whose values come from one random range: mostly ones an image holds, sometimes anything."
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    shape = draw(shapes()) if shape is None else shape
    if dtype == bool: elements = st.booleans()
    elif dtype.kind == "f":
        w = dtype.itemsize * 8
        elements = draw(st.sampled_from([st.floats(0, 1, width=w), st.integers(0, 300).map(float),
                                         st.floats(width=w, allow_nan=True, allow_infinity=True)]))
    else:
        info = np.iinfo(dtype)
        hi = draw(st.sampled_from([1, 255, 1023, 4095, 65535, 70000, int(info.max)]))
        lo = draw(st.sampled_from([0, 0, 0, -1, int(info.min)]))
        elements = st.integers(max(lo, int(info.min)), min(hi, int(info.max)))
    return draw(hnp.arrays(dtype, shape, elements=elements))

def _rule_uint8(a:np.ndarray):
    "The documented pixel rule: `a` as uint8, or None where it must be refused."
    if a.dtype == np.uint8: return a
    if a.dtype == bool: return a.astype(np.uint8) * 255
    if a.dtype.kind == "f":
        if not np.isfinite(a).all() or a.min() < 0 or a.max() > 1: return None
        return np.round(a.astype(np.float64) * 255).astype(np.uint8)
    lo, hi = int(a.min()), int(a.max())
    if lo < 0 or hi > 65535: return None
    top = min(t for t in TOPS if t >= hi)
    return np.round(a.astype(np.float64) * 255 / top).astype(np.uint8)

def _image_shape_ok(shape): return (len(shape) == 2 or (len(shape) == 3 and shape[-1] in (1, 3, 4))) and min(shape[:2], default=0) > 0

@fast(400)
@given(a=value_arrays())
def test_load_image_array(a):
    "An HxWx3 uint8 image exactly as the rule says, or SSTInputError exactly where the rule refuses."
    want = _rule_uint8(a) if _image_shape_ok(a.shape) else None
    try: got = load_image(a)
    except SSTInputError as e:
        assert want is None, f"refused an array the rule reads: {e}"
        assert "array" in str(e)
        return
    assert want is not None, "read an array the rule refuses"
    assert got.dtype == np.uint8 and got.shape == (*a.shape[:2], 3)
    if want.ndim == 2 or want.shape[-1] == 1: np.testing.assert_array_equal(got, np.repeat(want.reshape(*a.shape[:2], 1), 3, -1))
    elif want.shape[-1] == 3: np.testing.assert_array_equal(got, want)
    else:  # RGBA: opaque pixels keep their colour, transparent ones are white
        alpha = want[..., 3]
        np.testing.assert_array_equal(got[alpha == 255], want[..., :3][alpha == 255])
        assert (got[alpha == 0] == 255).all()

def _ids_ok(a):
    "Whether every value of a numeric array can be a trait id: finite, whole, >= 0, within int64."
    return bool(np.isfinite(a).all() and a.min() >= 0 and (a % 1 == 0).all() and (a.dtype.kind != "f" or float(a.max()) < 2.0**63))

@fast(400)
@given(a=value_arrays())
def test_load_mask_array(a):
    "An HxW unsigned-integer mask (the smallest dtype for its ids) of ids >= 0 (the array itself when it is one), or SSTInputError; negatives, NaN, fractions never pass."
    try: m = load_mask(a)
    except SSTInputError: m = None
    bad = a.size and a.dtype.kind in "iuf" and not _ids_ok(a)
    if bad or a.size == 0 or a.ndim not in (2, 3): assert m is None, "read values that are not trait ids"; return
    if a.ndim == 2: np.testing.assert_array_equal(m, a.astype(np.int64)); return   # every whole, non-negative 2-D array is an index mask
    if m is None: return   # e.g. a photograph-like colour array with too many colours
    assert m.dtype.kind == "u" and m.ndim == 2 and (m >= 0).all()
    assert m.shape in (a.shape[:2], a.shape[1:])   # colour-coded HxWx3, or a KxHxW stack

@fast(200)
@given(a=value_arrays(), background=st.none() | st.just((0, 0, 0)))
def test_color_to_index(a, background):
    "A colour mask gives ids for every pixel; anything else is SSTInputError."
    try: m, colors = color_to_index(a, background=background)
    except SSTInputError: return
    assert a.ndim == 3 and a.shape[-1] in (3, 4) and m.shape == a.shape[:2] and (m >= 0).all()
    assert set(np.unique(m)) <= set(colors.values())

# ----------------------------------------------------------------------------------------------------------------- files
_MODES = {"PNG": ["L", "LA", "RGB", "RGBA", "P", "1", "I;16"], "JPEG": ["L", "RGB", "CMYK"],
          "TIFF": ["L", "LA", "RGB", "RGBA", "P", "1", "I;16", "I;16B", "I", "F", "CMYK"]}
_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif"}

@st.composite
def pil_images(draw):
    "A small Pillow image of a random mode, with the array it was made from."
    fmt = draw(st.sampled_from(sorted(_MODES))); mode = draw(st.sampled_from(_MODES[fmt]))
    H, W = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    if mode in ("I", "F"): a = draw(value_arrays(shape=(H, W)).filter(lambda x: x.dtype.kind in "iuf"))
    else: a = draw(hnp.arrays(np.uint16 if mode.startswith("I;16") else np.uint8, (H, W, {"LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 4}.get(mode, 1)),
                              elements=st.integers(0, draw(st.sampled_from([255, 4095, 65535])) if mode.startswith("I;16") else 255 if mode != "1" else 1)))
    if mode == "I": a = np.clip(a, -2**31, 2**31 - 1).astype(np.int32)
    if mode == "F": a = a.astype(np.float32)
    if mode in ("L", "P", "1", "I;16", "I;16B"): a = a[..., 0]
    im = (Image.fromarray(a.astype(bool)) if mode == "1" else Image.fromarray(a, "L").convert("P") if mode == "P"
          else Image.frombytes(mode, (W, H), a.tobytes()) if mode in ("LA", "CMYK") else Image.fromarray(a.astype(">u2")) if mode == "I;16B"
          else Image.fromarray(a))
    return fmt, mode, a, im

@st.composite
def files(draw):
    "The bytes of an image file (PNG, JPEG, TIFF of several modes): intact (half of them), truncated, corrupted, random or empty."
    fmt, mode, a, im = draw(pil_images())
    buf, kw = io.BytesIO(), {}
    if fmt == "TIFF": kw["compression"] = draw(st.sampled_from([None, "tiff_lzw", "tiff_adobe_deflate", "packbits"]))
    if fmt == "JPEG" and draw(st.booleans()):
        ex = im.getexif(); ex[0x0112] = draw(st.integers(1, 8)); kw["exif"] = ex.tobytes()   # EXIF orientation
    im.save(buf, format=fmt, **kw); data = buf.getvalue()
    how = draw(st.sampled_from(["intact"] * 4 + ["truncated", "corrupted", "random", "empty"]))
    if how == "truncated": data = data[:draw(st.integers(0, len(data) - 1))]
    elif how == "corrupted":
        b = bytearray(data)
        for _ in range(draw(st.integers(1, 8))): b[draw(st.integers(0, len(b) - 1))] = draw(st.integers(0, 255))
        data = bytes(b)
    elif how == "random": data = draw(st.binary(min_size=1, max_size=300))
    elif how == "empty": data = b""
    suffix = draw(st.sampled_from([_SUFFIX[fmt]] * 4 + [".png", ".tif", ".npy", ".bin", ""]))
    return dict(fmt=fmt, mode=mode, a=a, data=data, how=how, suffix=suffix)

def _write(tmp_path, f):
    p = tmp_path / f"f{next(_n)}{f['suffix']}"; p.write_bytes(f["data"]); return p

@fast(250)
@given(f=files())
def test_load_image_file(tmp_path, f):
    "Any file gives an HxWx3 uint8 image or one SSTInputError naming it; an intact file the rule accepts is read at its size."
    p, a = _write(tmp_path, f), f["a"]
    grey = f["how"] == "intact" and f["fmt"] != "JPEG" and f["mode"] in ("L", "I;16", "I;16B", "I", "F")   # lossless, values known
    want = _rule_uint8(a) if grey else None
    try: got = load_image(p)
    except SSTInputError as e:
        assert str(p) in str(e)
        must = f["how"] == "intact" and (f["mode"] not in ("I", "F") or _rule_uint8(a) is not None)
        assert not must, f"refused an intact {f['fmt']} {f['mode']} file: {e}"
        return
    assert got.dtype == np.uint8 and got.ndim == 3 and got.shape[-1] == 3 and min(got.shape[:2]) > 0
    if f["how"] == "intact": assert got.shape[:2] in (a.shape[:2], a.shape[1::-1])   # EXIF may turn it
    if grey:
        assert want is not None, f"read an intact {f['mode']} file the rule refuses"
        np.testing.assert_array_equal(got, np.repeat(want[..., None], 3, -1))

@fast(250)
@given(f=files())
def test_load_mask_file(tmp_path, f):
    "Any file gives an HxW unsigned-integer mask of ids >= 0 or one SSTInputError naming it; intact lossless index files keep their ids."
    p = _write(tmp_path, f)
    try: m = load_mask(p)
    except SSTInputError as e:
        assert str(p) in str(e)
        a = f["a"]
        must = (f["how"] == "intact" and f["fmt"] != "JPEG" and f["suffix"] not in (".jpg", ".npy") and f["mode"] in ("L", "P", "1", "I;16", "I;16B", "I", "F")
                and _ids_ok(a))
        assert not must, f"refused an intact {f['fmt']} {f['mode']} mask: {e}"
        return
    assert m.dtype.kind == "u" and m.ndim == 2 and min(m.shape) > 0 and (m >= 0).all()
    if f["how"] == "intact" and f["fmt"] != "JPEG" and f["mode"] in ("L", "1", "I;16", "I;16B", "I", "F"):
        np.testing.assert_array_equal(m, f["a"].astype(np.int64))

@fast(60)
@given(img=files(), msk=files())
def test_template_load(tmp_path, img, msk):
    "Template.load of any two files is a Template or one SSTInputError."
    try: t = Template.load(_write(tmp_path, img), _write(tmp_path, msk))
    except SSTInputError: return
    assert t.mask.shape == t.image.shape[:2] and t.trait_ids

@fast(40)
@given(H=st.integers(1, 30), W=st.integers(1, 30), limit=st.integers(1, 300), kind=st.sampled_from(["image", "mask"]))
def test_decompression_bomb(tmp_path, H, W, limit, kind):
    "A file over Pillow's decompression-bomb limit is one SSTInputError naming it, for images and masks alike."
    p = tmp_path / f"b{next(_n)}.png"; Image.fromarray(np.zeros((H, W), np.uint8)).save(p)
    load, old, Image.MAX_IMAGE_PIXELS = (load_image if kind == "image" else load_mask), Image.MAX_IMAGE_PIXELS, limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # between 1 and 2 times the limit Pillow only warns
            if H * W <= 2 * limit: assert load(p).shape[:2] == (H, W)
            else:
                with pytest.raises(SSTInputError, match=f"{p.name}: {kind} too large"): load(p)
    finally: Image.MAX_IMAGE_PIXELS = old
