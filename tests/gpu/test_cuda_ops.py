"""Every forward op of engine.ops on device='cuda' against the independent float64 references of tests/reference.py
(not the engine's CPU path, which shares padding, output-shape and batch-norm code with the CUDA path), on tiny
random shapes (they run on numba's CUDA simulator in CI, about 1000x slower than a GPU), plus LeNet-5's predict
with random parameters. Tolerance: ||cuda - ref|| / ||ref|| <= 1e-5 (float32), 1e-12 (float64)."""
import numpy as np
import pytest

import reference as ref
from engine import ops, zoo
from gpu_reference import check, lenet5_logits64, params64, randomise

pytestmark = pytest.mark.gpu
DTYPES = [np.float32, np.float64]


def rand(rng, shape, dtype):
    return rng.standard_normal(shape).astype(dtype)


def cuda(fn, *args, **kwargs):
    return fn(*args, device="cuda", **kwargs)


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
    b = None if case == 3 else rand(rng, K, dtype)  # case 3: the bias-free path (no bias argument at all)
    check(cuda(ops.conv2d, x, w, b, **kwargs), ref.conv2d(x, w, b, **kwargs), dtype)


def test_conv2d_prepared_is_none():
    w = np.ones((2, 1, 3, 3), np.float32)
    assert ops.prepare_conv2d_weights(w, 1, device="cuda") is None


@pytest.mark.parametrize("dtype", DTYPES)
def test_conv1d(rng, dtype):
    x, w, b = rand(rng, (2, 2, 9), dtype), rand(rng, (3, 2, 3), dtype), rand(rng, 3, dtype)
    # 1D padding (1, 2) is (before, after); reference.py spells that [(1, 2)]
    check(cuda(ops.conv1d, x, w, b, stride=2, padding=(1, 2), dilation=2, activation="tanh"),
          ref.conv1d(x, w, b, stride=2, padding=[(1, 2)], dilation=2, activation="tanh"), dtype)
    check(cuda(ops.conv1d, x, w, b, padding="same", activation="relu"),
          ref.conv1d(x, w, b, padding="same", activation="relu"), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_max_pool(rng, dtype):
    x = rand(rng, (2, 3, 7, 9), dtype)
    for args, kwargs in [((3,), dict(stride=2, padding=1, ceil_mode=True)),
                         ((2,), dict(stride=3)),                               # stride > kernel
                         (((3, 2),), dict(stride=(2, 1), padding=(1, 0)))]:
        check(cuda(ops.max_pool2d, x, *args, **kwargs), ref.max_pool2d(x, *args, **kwargs), dtype)
    x[0, 1, 2, 3] = np.nan
    got = check(cuda(ops.max_pool2d, x, 2), ref.max_pool2d(x, 2), dtype)  # NaN wins its window, as in PyTorch
    assert np.isnan(got[0, 1, 1, 1]) and np.isnan(got).sum() == 1
    x1 = rand(rng, (2, 2, 9), dtype)
    check(cuda(ops.max_pool1d, x1, 3, stride=2, padding=1, ceil_mode=True),
          ref.max_pool1d(x1, 3, stride=2, padding=1, ceil_mode=True), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("count_include_pad", [True, False])
def test_avg_pool(rng, dtype, count_include_pad):
    x = rand(rng, (2, 3, 7, 9), dtype)
    for args, kwargs in [((3,), dict(stride=2, padding=1, ceil_mode=True)),
                         ((2,), dict(stride=3)),
                         (((2, 3),), dict(stride=(1, 2), padding=(1, 1)))]:
        kwargs["count_include_pad"] = count_include_pad
        check(cuda(ops.avg_pool2d, x, *args, **kwargs), ref.avg_pool2d(x, *args, **kwargs), dtype)
    x1 = rand(rng, (2, 2, 9), dtype)
    kwargs = dict(stride=2, padding=1, ceil_mode=True, count_include_pad=count_include_pad)
    check(cuda(ops.avg_pool1d, x1, 3, **kwargs), ref.avg_pool1d(x1, 3, **kwargs), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_global_avg_pool(rng, dtype):
    for shape in [(2, 3, 5, 7), (2, 4, 9)]:
        x = rand(rng, shape, dtype) + 0.5  # a mean well away from 0: the reference's norm is not ~0
        check(cuda(ops.global_avg_pool, x), ref.global_avg_pool(x), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("activation", [None, "relu", "tanh", "sigmoid"])
def test_linear(rng, dtype, activation):
    x, w, b = rand(rng, (2, 9), dtype), rand(rng, (5, 9), dtype), rand(rng, 5, dtype)
    check(cuda(ops.linear, x, w, b, activation=activation), ref.linear(x, w, b, activation), dtype)
    check(cuda(ops.linear, x, w, None, activation=activation), ref.linear(x, w, None, activation), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_activations(rng, dtype, name):
    x = rand(rng, (2, 3, 5), dtype) * 4
    x.flat[:6] = [np.inf, -np.inf, np.nan, 0.0, 90.0, -90.0]
    check(cuda(getattr(ops, name), x), getattr(ref, name)(x), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax(rng, dtype):
    x = rand(rng, (2, 4, 3), dtype) * 10
    check(cuda(ops.softmax, x), ref.softmax(x), dtype)
    check(cuda(ops.softmax, x, axis=1), ref.softmax(x, axis=1), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_batch_norm(rng, dtype):
    x = rand(rng, (2, 3, 4, 5), dtype)
    mean, var = rng.standard_normal(3), rng.random(3) + 0.5         # var > 0
    weight, bias = rng.standard_normal(3), rng.standard_normal(3)
    check(cuda(ops.batch_norm, x, mean, var, weight, bias), ref.batch_norm(x, mean, var, weight, bias), dtype)
    check(cuda(ops.batch_norm, x, mean, var, weight, bias, eps=0.3),   # eps is used, not a constant 1e-5
          ref.batch_norm(x, mean, var, weight, bias, eps=0.3), dtype)
    x2 = rand(rng, (2, 4), dtype)
    check(cuda(ops.batch_norm, x2, None, None), ref.batch_norm(x2, np.zeros(4), np.ones(4)), dtype)  # the defaults


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size", [2, 3])
def test_local_response_norm(rng, dtype, size):
    x = rand(rng, (2, 4, 3, 3), dtype) * 3  # large enough that the denominator differs from k^beta
    check(cuda(ops.local_response_norm, x, size, alpha=1e-1, beta=0.75, k=2.0),
          ref.local_response_norm(x, size, alpha=1e-1, beta=0.75, k=2.0), dtype)


def test_training_kernels_say_so(rng):
    with pytest.raises(ValueError, match="cuda"):
        ops.linear_backward(rand(rng, (2, 3), np.float32), rand(rng, (2, 3), np.float32),
                            rand(rng, (2, 2), np.float32), device="cuda")


def test_lenet5_predict():
    """LeNet-5 from the zoo with every parameter random (its own biases are all zeros), predict on CUDA (the fused
    kernel) against LeNet-5 recomputed in float64 by tests/reference.py."""
    model = randomise(zoo.lenet5(seed=0), 31)  # not the shared `lenet` fixture, which tests must not modify
    x = np.random.default_rng(32).random((2, 1, 32, 32)).astype(np.float32)
    logits, _ = lenet5_logits64(params64(model), x.astype(np.float64))
    want = ref.softmax(logits, axis=1)
    assert want.max() < 0.9  # not saturated: the logits show in the probabilities
    got = check(model.predict(x, device="cuda"), want)
    np.testing.assert_array_equal(got.argmax(1), want.argmax(1))


def test_inf_stays_inf_in_sums():
    # sums used to start from x[first] * 0, which is NaN where that value is Inf: Inf must give Inf (not NaN)
    x = np.ones((1, 2, 4, 4), np.float32)
    x[0, 0, 0, 0] = np.inf
    w = np.ones((1, 2, 3, 3), np.float32)
    for got, want in [(cuda(ops.avg_pool2d, x, 2), ref.avg_pool2d(x, 2)),
                      (cuda(ops.global_avg_pool, x), ref.global_avg_pool(x)),
                      (cuda(ops.conv2d, x, w, None, 1, 1), ref.conv2d(x, w, None, 1, 1))]:
        check(got, want)
        assert np.isposinf(got[0, 0].ravel()[0])
    got = check(cuda(ops.linear, np.array([[np.inf, 1, 2, 3]], np.float32), np.ones((3, 4), np.float32)),
                np.full((1, 3), np.inf))
    assert np.isposinf(got).all()
