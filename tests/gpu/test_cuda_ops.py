"""Every forward op of engine.ops on device='cuda' against device='cpu', on tiny random shapes (they run
on numba's CUDA simulator in CI, about 1000x slower than a GPU), plus LeNet-5's predict."""
import numpy as np
import pytest

from engine import ops

pytestmark = pytest.mark.gpu
DTYPES = [np.float32, np.float64]


def rand(rng, shape, dtype):
    return rng.standard_normal(shape).astype(dtype)


def same(fn, *args, **kwargs):
    """fn on cuda and on cpu: same shape and dtype, values within 1e-5 (float32) / 1e-12 (float64) relative."""
    got = fn(*args, device="cuda", **kwargs)
    want = fn(*args, device="cpu", **kwargs)
    assert got.shape == want.shape and got.dtype == want.dtype
    tol = 1e-5 if want.dtype == np.float32 else 1e-12
    finite = want[np.isfinite(want)]
    scale = max(float(np.abs(finite).max()) if finite.size else 1.0, 1e-30)
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * scale, equal_nan=True)
    return got


@pytest.fixture
def rng():
    return np.random.default_rng(2024)


CONV2D = [  # (C, K, H, W, kH, kW, kwargs)
    (3, 4, 7, 9, 3, 2, dict(padding="same", activation="tanh")),
    (2, 3, 9, 7, 2, 2, dict(stride=3, padding=((1, 0), (0, 2)), activation="relu")),
    (2, 2, 8, 9, 3, 3, dict(dilation=2, padding=(1, 2), activation="sigmoid")),
    (4, 4, 7, 5, 3, 1, dict(stride=(2, 1), groups=2, padding="valid")),
    (3, 3, 5, 6, 3, 3, dict(groups=3, padding=1, dilation=(1, 2), activation="relu")),
    (1, 2, 9, 9, 5, 5, dict(stride=2, padding=2, activation="tanh")),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", range(len(CONV2D)))
def test_conv2d(rng, dtype, case):
    C, K, H, W, kh, kw, kwargs = CONV2D[case]
    groups = kwargs.get("groups", 1)
    x, w = rand(rng, (2, C, H, W), dtype), rand(rng, (K, C // groups, kh, kw), dtype)
    b = None if case == 3 else rand(rng, K, dtype)
    same(ops.conv2d, x, w, b, **kwargs)


def test_conv2d_prepared_is_none():
    w = np.ones((2, 1, 3, 3), np.float32)
    assert ops.prepare_conv2d_weights(w, 1, device="cuda") is None


@pytest.mark.parametrize("dtype", DTYPES)
def test_conv1d(rng, dtype):
    x, w, b = rand(rng, (2, 2, 9), dtype), rand(rng, (3, 2, 3), dtype), rand(rng, 3, dtype)
    same(ops.conv1d, x, w, b, stride=2, padding=(1, 2), dilation=2, activation="tanh")
    same(ops.conv1d, x, w, b, padding="same", activation="relu")


@pytest.mark.parametrize("dtype", DTYPES)
def test_max_pool(rng, dtype):
    x = rand(rng, (2, 3, 7, 9), dtype)
    same(ops.max_pool2d, x, 3, stride=2, padding=1, ceil_mode=True)
    same(ops.max_pool2d, x, 2, stride=3)                      # stride > kernel
    same(ops.max_pool2d, x, (3, 2), stride=(2, 1), padding=(1, 0))
    x[0, 1, 2, 3] = np.nan
    got = same(ops.max_pool2d, x, 2)
    assert np.isnan(got[0, 1, 1, 1])
    same(ops.max_pool1d, rand(rng, (2, 2, 9), dtype), 3, stride=2, padding=1, ceil_mode=True)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("count_include_pad", [True, False])
def test_avg_pool(rng, dtype, count_include_pad):
    x = rand(rng, (2, 3, 7, 9), dtype)
    same(ops.avg_pool2d, x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=count_include_pad)
    same(ops.avg_pool2d, x, 2, stride=3, count_include_pad=count_include_pad)
    same(ops.avg_pool2d, x, (2, 3), stride=(1, 2), padding=(1, 1), count_include_pad=count_include_pad)
    same(ops.avg_pool1d, rand(rng, (2, 2, 9), dtype), 3, stride=2, padding=1, ceil_mode=True,
         count_include_pad=count_include_pad)


@pytest.mark.parametrize("dtype", DTYPES)
def test_global_avg_pool(rng, dtype):
    same(ops.global_avg_pool, rand(rng, (2, 3, 5, 7), dtype))
    same(ops.global_avg_pool, rand(rng, (2, 4, 9), dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("activation", [None, "relu", "tanh", "sigmoid"])
def test_linear(rng, dtype, activation):
    x, w = rand(rng, (2, 9), dtype), rand(rng, (5, 9), dtype)
    same(ops.linear, x, w, rand(rng, 5, dtype), activation=activation)
    same(ops.linear, x, w, None, activation=activation)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", [ops.relu, ops.tanh, ops.sigmoid])
def test_activations(rng, dtype, fn):
    x = rand(rng, (2, 3, 5), dtype) * 4
    x.flat[:6] = [np.inf, -np.inf, np.nan, 0.0, 90.0, -90.0]
    same(fn, x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax(rng, dtype):
    x = rand(rng, (2, 4, 3), dtype) * 10
    same(ops.softmax, x)
    same(ops.softmax, x, axis=1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_batch_norm(rng, dtype):
    x = rand(rng, (2, 3, 4, 5), dtype)
    same(ops.batch_norm, x, rng.standard_normal(3), rng.random(3) + 0.5, rng.standard_normal(3),
         rng.standard_normal(3))
    same(ops.batch_norm, rand(rng, (2, 4), dtype), None, None)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size", [2, 3])
def test_local_response_norm(rng, dtype, size):
    same(ops.local_response_norm, rand(rng, (2, 4, 3, 3), dtype), size, alpha=1e-2, beta=0.75, k=2.0)


def test_training_kernels_say_so(rng):
    with pytest.raises(ValueError, match="cuda"):
        ops.linear_backward(rand(rng, (2, 3), np.float32), rand(rng, (2, 3), np.float32),
                            rand(rng, (2, 2), np.float32), device="cuda")


def test_lenet5_predict(rng, lenet):
    x = rng.random((2, 1, 32, 32)).astype(np.float32)
    got, want = lenet.predict(x, device="cuda"), lenet.predict(x, device="cpu")
    assert got.shape == want.shape == (2, 10)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got.argmax(1), want.argmax(1))


def test_inf_stays_inf_in_sums():
    # sums used to start from x[first] * 0, which is NaN where that value is Inf: Inf must give Inf, as on the CPU
    x = np.ones((1, 2, 4, 4), np.float32)
    x[0, 0, 0, 0] = np.inf
    for fn, args in [(ops.avg_pool2d, (2,)), (ops.global_avg_pool, ()),
                     (ops.conv2d, (np.ones((1, 2, 3, 3), np.float32), None, 1, 1))]:
        got = same(fn, x, *args)
        assert np.isposinf(got[0, 0].ravel()[0]), fn.__name__
    w = np.ones((3, 4), np.float32)
    got = same(ops.linear, np.array([[np.inf, 1, 2, 3]], np.float32), w)
    assert np.isposinf(got).all()
