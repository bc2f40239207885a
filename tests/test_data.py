"""engine.data: input readers (IDX, .npy/.npz, images, folders), preprocessing and named datasets.

IDX files are written byte by byte with struct; expected values are computed here with NumPy from
FORMAT.md's rules, not by calling the code under test.
"""
import gzip
import os
import struct
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from engine import data

GRAY_PAD = {"scale": 1 / 255, "mean": [0.0], "std": [1.0], "channels": "gray", "resize": "pad"}


def stub_model(input_shape=(1, 32, 32), **preprocessing):
    """What the readers need of a model: its input shape and its preprocessing dict."""
    return SimpleNamespace(input_shape=tuple(input_shape), preprocessing=dict(GRAY_PAD, **preprocessing))


# ---------------------------------------------------------------- IDX
def idx_bytes(array, type_code=0x08, big_endian_dtype=">u1"):
    array = np.asarray(array)
    header = struct.pack(">BBBB", 0, 0, type_code, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(big_endian_dtype).tobytes()


def write_idx(path, array, **kwargs):
    raw = idx_bytes(array, **kwargs)
    if str(path).endswith(".gz"):
        with gzip.open(path, "wb") as f:
            f.write(raw)
    else:
        with open(path, "wb") as f:
            f.write(raw)
    return path


@pytest.fixture
def images_u8(rng):
    return rng.integers(0, 256, (7, 28, 28), dtype=np.uint8)


@pytest.mark.parametrize("name", ["imgs-idx3-ubyte", "imgs-idx3-ubyte.gz", "x.idx", "x.idx.gz"])
def test_idx_images_round_trip(tmp_path, images_u8, name):
    path = write_idx(tmp_path / name, images_u8)
    got = data.read_idx(path)
    assert got.shape == (7, 28, 28) and got.dtype == np.uint8
    assert np.array_equal(np.asarray(got), images_u8)
    arr, labels = data.read_array_file(path)
    assert labels is None and np.array_equal(np.asarray(arr), images_u8)


@pytest.mark.parametrize("name", ["labels-idx1-ubyte", "labels-idx1-ubyte.gz"])
def test_idx_labels(tmp_path, name):
    labels = np.array([3, 1, 4, 1, 5, 9, 2], np.uint8)
    path = write_idx(tmp_path / name, labels)
    got = data.read_idx(path)
    assert got.shape == (7,) and np.array_equal(np.asarray(got), labels)
    read = data.read_labels(path)
    assert read.dtype == np.int64 and read.tolist() == [3, 1, 4, 1, 5, 9, 2]


def test_idx_first_pixels_are_exact(tmp_path):
    """Hand-written bytes: magic 0x00000803, dims 2x2x3, then row-major pixels."""
    raw = bytes([0, 0, 8, 3]) + (2).to_bytes(4, "big") + (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes(range(12))
    path = tmp_path / "tiny-idx3-ubyte"
    path.write_bytes(raw)
    assert data.read_idx(path).tolist() == [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_big_endian_types(tmp_path, suffix):
    values = np.array([[-300, 2], [1000, -1]], np.int16)
    got = data.read_idx(write_idx(tmp_path / ("a.idx" + suffix), values, type_code=0x0B, big_endian_dtype=">i2"))
    assert got.tolist() == values.tolist()
    floats = np.array([1.5, -2.25, 1e-3], np.float32)
    got = data.read_idx(write_idx(tmp_path / ("f.idx" + suffix), floats, type_code=0x0D, big_endian_dtype=">f4"))
    assert np.array_equal(got, floats)


@pytest.mark.parametrize("cut", [1, 100, 28 * 28 * 7 - 1])
def test_idx_truncated_data(tmp_path, images_u8, cut):
    raw = idx_bytes(images_u8)
    path = tmp_path / "t-idx3-ubyte"
    path.write_bytes(raw[:len(raw) - cut])
    with pytest.raises(ValueError, match="truncated"):
        data.read_idx(path)
    gz = tmp_path / "t-idx3-ubyte.gz"
    gz.write_bytes(gzip.compress(raw[:len(raw) - cut]))
    with pytest.raises(ValueError):
        data.read_idx(gz)


@pytest.mark.parametrize("keep", [0, 3, 4, 7, 10])
def test_idx_truncated_header(tmp_path, images_u8, keep):
    path = tmp_path / "h-idx3-ubyte"
    path.write_bytes(idx_bytes(images_u8)[:keep])
    with pytest.raises(ValueError):
        data.read_idx(path)


def test_idx_truncated_gzip_stream(tmp_path, images_u8):
    packed = gzip.compress(idx_bytes(images_u8))
    path = tmp_path / "cut-idx3-ubyte.gz"
    path.write_bytes(packed[:len(packed) // 2])
    with pytest.raises(ValueError):
        data.read_idx(path)


def test_idx_too_much_data_in_gz(tmp_path, images_u8):
    path = tmp_path / "long-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(images_u8) + b"\x00" * 5))
    with pytest.raises(ValueError):
        data.read_idx(path)


@pytest.mark.parametrize("magic", [b"\x00\x00\x08\x00", b"\x00\x00\x08\x09", b"\x01\x00\x08\x03", b"\x00\x00\x07\x03",
                                   b"\x89PNG", b"PK\x03\x04"])
def test_idx_bad_magic(tmp_path, images_u8, magic):
    raw = magic + idx_bytes(images_u8)[4:]
    for name, content in (("bad-idx3-ubyte", raw), ("bad-idx3-ubyte.gz", gzip.compress(raw))):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ValueError, match="magic|IDX"):
            data.read_idx(path)


def test_gz_that_is_not_gzip(tmp_path, images_u8):
    path = tmp_path / "plain-idx3-ubyte.gz"
    path.write_bytes(idx_bytes(images_u8))
    with pytest.raises(ValueError):
        data.read_idx(path)


def test_idx_zero_dimension_refused(tmp_path):
    path = tmp_path / "z-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 3]) + struct.pack(">3I", 0, 28, 28))
    with pytest.raises(ValueError):
        data.read_idx(path)


# ---------------------------------------------------------------- .npy / .npz
def test_npy_and_npz(tmp_path, rng):
    x = rng.integers(0, 256, (4, 1, 28, 28)).astype(np.uint8)
    y = np.array([1, 0, 3, 2])
    np.save(tmp_path / "x.npy", x)
    arr, labels = data.read_array_file(tmp_path / "x.npy")
    assert labels is None and np.array_equal(np.asarray(arr), x)
    np.savez(tmp_path / "xy.npz", x=x, y=y)
    arr, labels = data.read_array_file(tmp_path / "xy.npz")
    assert np.array_equal(arr, x) and labels.tolist() == [1, 0, 3, 2]
    np.savez(tmp_path / "single.npz", images=x)
    arr, labels = data.read_array_file(tmp_path / "single.npz")
    assert np.array_equal(arr, x) and labels is None
    np.savez(tmp_path / "ambiguous.npz", a=x, b=x)
    with pytest.raises(ValueError, match="'x'"):
        data.read_array_file(tmp_path / "ambiguous.npz")


class _Payload:
    """Unpickling this would create a file: proves that nothing was unpickled."""
    marker = None

    def __reduce__(self):
        return (open, (_Payload.marker, "w"))


def test_object_npy_refused_without_unpickling(tmp_path):
    marker = tmp_path / "pwned"
    _Payload.marker = str(marker)
    arr = np.empty(2, dtype=object)
    arr[0], arr[1] = _Payload(), {"a": 1}
    np.save(tmp_path / "obj.npy", arr, allow_pickle=True)
    with pytest.raises(ValueError, match="pickle|Python objects"):
        data.read_array_file(tmp_path / "obj.npy")
    with pytest.raises(ValueError, match="pickle|Python objects"):
        data.open_inputs([tmp_path / "obj.npy"], stub_model())
    np.savez(tmp_path / "obj.npz", x=arr)
    with pytest.raises(ValueError, match="pickle|Python objects"):
        data.read_array_file(tmp_path / "obj.npz")
    assert not marker.exists()


def test_corrupt_npy_refused(tmp_path):
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY garbage")
    with pytest.raises(ValueError):
        data.read_array_file(tmp_path / "bad.npy")
    (tmp_path / "bad.npz").write_bytes(b"PK not a zip")
    with pytest.raises(ValueError):
        data.read_array_file(tmp_path / "bad.npz")


def test_unknown_file_type(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match="unknown input type"):
        data.read_array_file(tmp_path / "notes.txt")


def test_open_inputs_npz_labels_and_idx_labels(tmp_path, rng):
    x = rng.integers(0, 256, (5, 28, 28)).astype(np.uint8)
    np.savez(tmp_path / "a.npz", x=x, y=np.arange(5))
    found = data.open_inputs([tmp_path / "a.npz"], stub_model())
    assert len(found) == 5 and found.labels.tolist() == [0, 1, 2, 3, 4]
    write_idx(tmp_path / "l-idx1-ubyte", np.array([9, 8, 7, 6, 5], np.uint8))
    found = data.open_inputs([tmp_path / "a.npz"], stub_model(), labels_path=tmp_path / "l-idx1-ubyte")
    assert found.labels.tolist() == [9, 8, 7, 6, 5]
    with pytest.raises(ValueError, match="labels"):
        data.open_inputs([tmp_path / "a.npz"], stub_model(), labels_path=write_idx(
            tmp_path / "short-idx1-ubyte", np.array([1, 2], np.uint8)))


@pytest.mark.parametrize("n", [2, 4, 5])
def test_stack_of_gray_images_with_labels(tmp_path, rng, n):
    """(N, H, W) with N not 1 or 3 is N gray images (as preprocess() reads it), matching N labels."""
    x = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
    np.savez(tmp_path / "s.npz", x=x, y=np.arange(n))
    found = data.open_inputs([tmp_path / "s.npz"], stub_model())
    assert len(found) == n and found.labels.tolist() == list(range(n))
    batch = found.batch(0, n, stub_model())
    np.testing.assert_allclose(batch[:, 0, 2:30, 2:30], x / 255, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("batch_size", [1, 3, 4, 256])
def test_batches_of_gray_stack_keep_every_image(tmp_path, rng, batch_size):
    """A batch of 1 or 3 images of an (N, H, W) stack is still 1 or 3 gray images, never one RGB image."""
    x = rng.integers(0, 256, (7, 28, 28)).astype(np.uint8)
    np.save(tmp_path / "s.npy", x)
    model = stub_model()
    found = data.open_inputs([tmp_path / "s.npy"], model)
    seen = 0
    for start, stop, batch in found.batches(model, batch_size):
        assert batch.shape == (stop - start, 1, 32, 32)
        np.testing.assert_allclose(batch[:, 0, 2:30, 2:30], x[start:stop] / 255, rtol=1e-6, atol=1e-7)
        seen += stop - start
    assert seen == 7


@pytest.mark.parametrize("shape", [(28, 28), (1, 28, 28)])
def test_single_image_arrays(tmp_path, shape):
    np.save(tmp_path / "one.npy", np.full(shape, 51, np.uint8))
    found = data.open_inputs([tmp_path / "one.npy"], stub_model())
    assert len(found) == 1
    x = found.batch(0, 1, stub_model())
    assert x.shape == (1, 1, 32, 32)
    np.testing.assert_allclose(x[0, 0, 2:30, 2:30], 51 / 255, rtol=1e-5)


def test_a_3_d_array_is_one_image_only_with_the_models_channel_count(tmp_path):
    """(3, H, W) is three gray digits for a one-channel model (x_test[:3] gives three predictions), and
    one RGB image for a three-channel model."""
    x = np.random.default_rng(5).integers(0, 256, (3, 28, 28)).astype(np.uint8)
    np.save(tmp_path / "three.npy", x)
    gray = data.open_inputs([tmp_path / "three.npy"], stub_model())
    assert len(gray) == 3
    np.testing.assert_allclose(gray.batch(0, 3, stub_model())[:, 0, 2:30, 2:30], x / 255, rtol=1e-6, atol=1e-7)
    rgb_model = stub_model((3, 32, 32), channels="rgb")
    assert len(data.open_inputs([tmp_path / "three.npy"], rgb_model)) == 1


def test_open_inputs_missing_path(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        data.open_inputs([tmp_path / "absent.npy"], stub_model())


def test_open_inputs_concatenates_files_in_order(tmp_path, rng):
    a = rng.integers(0, 256, (4, 28, 28)).astype(np.uint8)
    b = rng.integers(0, 256, (2, 28, 28)).astype(np.uint8)
    np.save(tmp_path / "a.npy", a)
    write_idx(tmp_path / "b-idx3-ubyte.gz", b)
    found = data.open_inputs([tmp_path / "a.npy", tmp_path / "b-idx3-ubyte.gz"], stub_model())
    assert len(found) == 6 and found.labels is None
    batch = found.batch(1, 6, stub_model())  # spans both files
    expected = np.zeros((5, 1, 32, 32), np.float64)
    expected[:, 0, 2:30, 2:30] = np.concatenate([a[1:], b]) / 255
    np.testing.assert_allclose(batch, expected, rtol=1e-6, atol=1e-7)
    assert batch.dtype == np.float32


# ---------------------------------------------------------------- images
def save_image(path, array):
    Image.fromarray(array).save(path)
    return path


def test_gray_png_into_one_channel_model(tmp_path, rng):
    img = rng.integers(0, 256, (28, 28), dtype=np.uint8)
    save_image(tmp_path / "d.png", img)
    found = data.open_inputs([tmp_path / "d.png"], stub_model())
    x = found.batch(0, 1, stub_model())
    assert x.shape == (1, 1, 32, 32) and x.dtype == np.float32
    expected = np.zeros((32, 32))
    expected[2:30, 2:30] = img / 255
    np.testing.assert_allclose(x[0, 0], expected, rtol=1e-6, atol=1e-7)


def test_rgb_png_into_one_channel_model_uses_luminance(tmp_path, rng):
    img = rng.integers(0, 256, (28, 28, 3), dtype=np.uint8)
    save_image(tmp_path / "c.png", img)
    x = data.open_inputs([tmp_path / "c.png"], stub_model()).batch(0, 1, stub_model())
    lum = 0.299 * img[..., 0] + 0.587 * img[..., 1] + 0.114 * img[..., 2]
    expected = np.zeros((32, 32))
    expected[2:30, 2:30] = lum / 255
    np.testing.assert_allclose(x[0, 0], expected, atol=1.01 / 255)  # Pillow rounds to integer gray levels


def test_rgb_array_into_one_channel_model_uses_luminance(rng):
    arr = rng.uniform(0, 255, (2, 3, 32, 32)).astype(np.float32)
    x = data.preprocess(arr, (1, 32, 32), {"scale": 1 / 255})
    lum = 0.299 * arr[:, 0].astype(np.float64) + 0.587 * arr[:, 1] + 0.114 * arr[:, 2]
    np.testing.assert_allclose(x[:, 0], lum / 255, rtol=1e-5, atol=1e-6)


def test_one_channel_array_into_three_channel_model(rng):
    arr = rng.integers(0, 256, (2, 1, 8, 8)).astype(np.uint8)
    pre = {"scale": 1 / 255, "mean": [0.1, 0.2, 0.3], "std": [0.5, 0.25, 2.0], "resize": "none"}
    x = data.preprocess(arr, (3, 8, 8), pre)
    assert x.shape == (2, 3, 8, 8)
    for c, (m, s) in enumerate(zip(pre["mean"], pre["std"])):
        np.testing.assert_allclose(x[:, c], (arr[:, 0] / 255 - m) / s, rtol=1e-5, atol=1e-6)


def test_gray_png_into_three_channel_model(tmp_path, rng):
    img = rng.integers(0, 256, (8, 8), dtype=np.uint8)
    save_image(tmp_path / "g.png", img)
    model = stub_model((3, 8, 8), scale=1.0, resize="none", channels="rgb")
    x = data.open_inputs([tmp_path / "g.png"], model).batch(0, 1, model)
    assert x.shape == (1, 3, 8, 8)
    for c in range(3):
        assert np.array_equal(x[0, c], img.astype(np.float32))


def test_rgb_png_keeps_channel_order(tmp_path):
    img = np.zeros((8, 8, 3), np.uint8)
    img[..., 0], img[..., 1], img[..., 2] = 10, 20, 30
    save_image(tmp_path / "rgb.png", img)
    model = stub_model((3, 8, 8), scale=1.0, resize="none")
    x = data.open_inputs([tmp_path / "rgb.png"], model).batch(0, 1, model)
    assert x[0, :, 3, 3].tolist() == [10, 20, 30]


def test_jpeg(tmp_path):
    img = np.full((28, 28), 128, np.uint8)
    Image.fromarray(img).save(tmp_path / "d.jpg", quality=95)
    x = data.open_inputs([tmp_path / "d.jpg"], stub_model()).batch(0, 1, stub_model())
    np.testing.assert_allclose(x[0, 0, 2:30, 2:30], 128 / 255, atol=2 / 255)
    assert np.all(x[0, 0, :2] == 0) and np.all(x[0, 0, :, 30:] == 0)


def test_folder_of_images_sorted(tmp_path):
    folder = tmp_path / "imgs"
    (folder / "sub").mkdir(parents=True)
    for name, value in (("b.png", 20), ("a.png", 10), ("sub/c.png", 30)):
        save_image(folder / name, np.full((28, 28), value, np.uint8))
    (folder / "README.txt").write_text("not an image")
    model = stub_model(scale=1.0)
    found = data.open_inputs([folder], model)
    assert len(found) == 3
    x = found.batch(0, 3, model)
    assert x[:, 0, 15, 15].tolist() == [10, 20, 30]  # a.png, b.png, sub/c.png


def test_empty_folder_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no images"):
        data.open_inputs([tmp_path / "empty"], stub_model())


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"not a png at all", b""],
                         ids=["header-only", "text", "empty"])
def test_corrupt_png_refused(tmp_path, content):
    (tmp_path / "bad.png").write_bytes(content)
    found = data.open_inputs([tmp_path / "bad.png"], stub_model())
    with pytest.raises(ValueError, match="bad.png"):
        found.batch(0, 1, stub_model())


def test_truncated_png_refused(tmp_path, rng):
    save_image(tmp_path / "full.png", rng.integers(0, 256, (64, 64), dtype=np.uint8))
    raw = (tmp_path / "full.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(raw[:len(raw) // 2])
    with pytest.raises(ValueError, match="cut.png"):
        data.read_image(tmp_path / "cut.png", 1)


# ---------------------------------------------------------------- preprocessing
def test_pad_centres_28_in_32():
    x = np.arange(28 * 28, dtype=np.float32).reshape(1, 1, 28, 28)
    out = data.preprocess(x, (1, 32, 32), {"resize": "pad"})
    assert out.shape == (1, 1, 32, 32)
    assert out[0, 0, 2, 2] == 0 and out[0, 0, 2, 3] == 1 and out[0, 0, 29, 29] == 28 * 28 - 1
    assert out[0, 0, 3, 2] == 28
    assert np.array_equal(out[0, 0, 2:30, 2:30], x[0, 0])
    border = np.ones((32, 32), bool)
    border[2:30, 2:30] = False
    assert np.all(out[0, 0][border] == 0)


@pytest.mark.parametrize("h,w", [(30, 30), (27, 29), (1, 32), (32, 5)])
def test_pad_other_sizes_is_centred(h, w):
    x = np.full((1, 1, h, w), 7, np.float32)
    out = data.preprocess(x, (1, 32, 32), {"resize": "pad"})[0, 0]
    rows, cols = np.nonzero(out)
    top, left = rows.min(), cols.min()
    assert rows.max() - top + 1 == h and cols.max() - left + 1 == w
    assert top in ((32 - h) // 2, (32 - h + 1) // 2) and left in ((32 - w) // 2, (32 - w + 1) // 2)
    assert np.all(out[top:top + h, left:left + w] == 7)


def test_pad_larger_image_shrinks_to_fit_keeping_aspect():
    x = np.full((1, 1, 64, 48), 200, np.float32)  # shrinks by 1/2 to 32x24, then centred: columns 4..27
    out = data.preprocess(x, (1, 32, 32), {"resize": "pad", "scale": 1 / 255})[0, 0]
    np.testing.assert_allclose(out[:, 4:28], 200 / 255, rtol=1e-6)
    assert np.all(out[:, :4] == 0) and np.all(out[:, 28:] == 0)


def test_pad_larger_square_image_fills_canvas():
    x = np.full((2, 1, 56, 56), 100, np.float32)
    out = data.preprocess(x, (1, 28, 28), {"resize": "pad"})
    assert out.shape == (2, 1, 28, 28)
    np.testing.assert_allclose(out, 100, rtol=1e-6)


def test_resize_rule_bilinear_to_input_size():
    x = np.full((1, 3, 10, 20), 50, np.float32)
    out = data.preprocess(x, (3, 8, 8), {"resize": "resize"})
    assert out.shape == (1, 3, 8, 8)
    np.testing.assert_allclose(out, 50, rtol=1e-6)


def test_resize_none_requires_matching_size():
    with pytest.raises(ValueError, match="32x32"):
        data.preprocess(np.zeros((1, 1, 28, 28), np.float32), (1, 32, 32), {"resize": "none"})
    with pytest.raises(ValueError):
        data.preprocess(np.zeros((1, 1, 28, 28), np.float32), (1, 32, 32), {})


def test_scale_mean_std_per_channel(rng):
    raw = rng.integers(0, 256, (3, 3, 5, 4)).astype(np.uint8)
    pre = {"scale": 1 / 255, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "resize": "none"}
    out = data.preprocess(raw, (3, 5, 4), pre)
    expected = (raw.astype(np.float64) / 255 - np.array(pre["mean"])[None, :, None, None]) \
        / np.array(pre["std"])[None, :, None, None]
    assert out.dtype == np.float32 and out.flags.c_contiguous
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_no_preprocessing_is_identity(rng):
    raw = rng.standard_normal((2, 1, 6, 6)).astype(np.float32)
    assert np.array_equal(data.preprocess(raw, (1, 6, 6), {}), raw)


def test_one_d_model_inputs(rng):
    raw = rng.standard_normal((4, 2, 9)).astype(np.float32)
    out = data.preprocess(raw, (2, 9), {"scale": 2.0, "mean": [1.0, -1.0], "std": [2.0, 4.0]})
    expected = (raw * 2.0 - np.array([1.0, -1.0])[None, :, None]) / np.array([2.0, 4.0])[None, :, None]
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    with pytest.raises(ValueError):
        data.preprocess(rng.standard_normal((4, 2, 8)), (2, 9), {})


@pytest.mark.parametrize("shape,n", [((28, 28), 1), ((1, 28, 28), 1), ((3, 28, 28), 3), ((5, 28, 28), 5),
                                     ((4, 1, 28, 28), 4), ((4, 3, 28, 28), 4)])
def test_accepted_input_ranks(shape, n):
    out = data.preprocess(np.ones(shape, np.uint8), (1, 32, 32), {"resize": "pad"})
    assert out.shape == (n, 1, 32, 32)


@pytest.mark.parametrize("shape", [(5,), (1, 1, 1, 28, 28), (4, 2, 28, 28), (2, 4, 28, 28)])
def test_refused_input_shapes(shape):
    with pytest.raises(ValueError, match="input"):
        data.preprocess(np.ones(shape, np.float32), (1, 32, 32), {"resize": "pad"})


def test_non_numeric_input_refused():
    with pytest.raises(ValueError, match="numeric"):
        data.preprocess(np.array([["a", "b"]]), (1, 32, 32), {"resize": "pad"})


# ---------------------------------------------------------------- named datasets
def test_digits_split_sizes_and_stratification():
    from sklearn.datasets import load_digits
    (xtr, ytr), (xte, yte) = data.load_digits_split()
    assert xtr.shape == (1437, 1, 32, 32) and xte.shape == (360, 1, 32, 32)
    assert ytr.shape == (1437,) and yte.shape == (360,)
    assert xtr.dtype == np.uint8 and ytr.dtype == np.int64
    target = load_digits().target
    totals = np.bincount(target, minlength=10)
    assert np.array_equal(np.bincount(ytr, minlength=10) + np.bincount(yte, minlength=10), totals)
    expected_test = totals * 360 / len(target)
    assert np.all(np.abs(np.bincount(yte, minlength=10) - expected_test) <= 1)
    # deterministic
    (_, ytr2), (xte2, yte2) = data.load_digits_split()
    assert np.array_equal(yte, yte2) and np.array_equal(xte, xte2) and np.array_equal(ytr, ytr2)


def test_digits_images_are_the_sklearn_digits_on_32x32():
    """Every test image is an sklearn digit of the same label, each 8x8 pixel a 3x3 block at offset 4."""
    from sklearn.datasets import load_digits
    d = load_digits()
    (xtr, _), (xte, yte) = data.load_digits_split()
    assert xte.max() == 255 and np.all(xte[:, :, :4] == 0) and np.all(xte[:, :, 28:] == 0)
    assert np.all(xte[:, :, :, :4] == 0) and np.all(xte[:, :, :, 28:] == 0)
    small = xte[:, 0, 4:28:3, 4:28:3].astype(np.float64)  # top-left pixel of each 3x3 block
    for dy in range(3):
        for dx in range(3):
            assert np.array_equal(xte[:, 0, 4 + dy:28:3, 4 + dx:28:3], xte[:, 0, 4:28:3, 4:28:3])
    originals = {d.images[i].tobytes(): d.target[i] for i in range(len(d.images))}
    for img, label in zip(small[:50], yte[:50]):
        level = np.round(img * 16 / 255)
        assert np.array_equal(np.round(level * 255 / 16), img)
        assert originals[level.astype(np.float64).tobytes()] == label
    # train and test are disjoint as samples (sklearn's digits hold very few exact duplicates)
    tr = {x.tobytes() for x in xtr}
    assert sum(x.tobytes() in tr for x in xte) <= 5


def test_sample_dataset_is_bundled():
    x, y, names = data.load_dataset("sample")
    assert x.shape == (360, 1, 32, 32) and y.shape == (360,) and names == [str(i) for i in range(10)]
    assert set(np.unique(y)) <= set(range(10))


def test_unknown_dataset():
    with pytest.raises(ValueError, match="unknown"):
        data.load_dataset("imagenet")


@pytest.mark.skipif(not os.path.isdir(data.FASHION_MNIST_DIR), reason="fashion-mnist is not installed")
def test_fashion_mnist():
    for split, n in (("train", 60000), ("test", 10000)):
        x, y, names = data.load_dataset("fashion-mnist", split)
        assert x.shape == (n, 28, 28) and x.dtype == np.uint8
        assert y.shape == (n,) and y.min() == 0 and y.max() == 9
        assert np.array_equal(np.bincount(y), np.full(10, n // 10))
        assert len(names) == 10 and names[9] == "Ankle boot"
    found = data.dataset_inputs("fashion-mnist", "test")
    assert len(found) == 10000 and found.labels.shape == (10000,)
    x = found.batch(0, 4, stub_model())
    assert x.shape == (4, 1, 32, 32) and 0 <= x.min() and x.max() <= 1


def test_fashion_mnist_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="IDX"):
        data.load_dataset("fashion-mnist", "test", data_dir=tmp_path)


def test_fashion_mnist_from_data_dir(tmp_path, rng):
    imgs = rng.integers(0, 256, (6, 28, 28), dtype=np.uint8)
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", imgs)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.array([0, 1, 2, 3, 4, 9], np.uint8))
    x, y, _ = data.load_dataset("fashion-mnist", "test", data_dir=tmp_path)
    assert np.array_equal(x, imgs) and y.tolist() == [0, 1, 2, 3, 4, 9]
