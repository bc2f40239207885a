"""One launch of each of the kernels worth profiling, for Nsight Compute (the workplace's GPU machine has ncu):

    ncu --clock-control none -k regex:'lenet5_kernel|gemm_tiled_gpu8x8_r168|dense_tiled_gpu32' -c 3 \
        --section SpeedOfLight --section WarpStateStats --section ComputeWorkloadAnalysis \
        --section Occupancy python3 bench/gpu_profile.py

Launches, in this order: the fused LeNet-5 kernel at batch 4096, VGG-16's conv3_2 (256 -> 256 channels,
56x56, 3x3, batch 32) as its layer runs it (Winograd: two transforms around the 8x8-tiled batched
GEMM), and fc6 (25088 -> 4096, batch 32) through the small-batch
dense tiles. Random inputs and weights (never zeros); one launch each (compiling, or loading numba's
cache, is host time before the launch, outside what ncu measures).
"""
import os
import sys

import numpy as np
from numba import cuda

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from engine import fused_cuda, ops, zoo  # noqa: E402

rng = np.random.default_rng(0)


def launches():
    lenet = zoo.lenet5(seed=0)
    plan = fused_cuda.plan(lenet, "cuda")
    x = cuda.to_device(rng.standard_normal((4096, 1, 32, 32)).astype(np.float32))
    plan.forward(x, "cuda")
    cuda.synchronize()

    x = cuda.to_device(rng.standard_normal((32, 256, 56, 56)).astype(np.float32))
    w_host = (rng.standard_normal((256, 256, 3, 3)) * 0.03).astype(np.float32)
    w = cuda.to_device(w_host)
    b = cuda.to_device(rng.standard_normal(256).astype(np.float32))
    ops.conv2d(x, w, b, padding=1, activation="relu", device="cuda",
               prepared=ops.prepare_conv2d_weights(w_host, 1, "cuda"))  # as a layer runs it: Winograd
    cuda.synchronize()

    x = cuda.to_device(rng.standard_normal((32, 25088)).astype(np.float32))
    w = cuda.to_device((rng.standard_normal((4096, 25088)) * 0.01).astype(np.float32))
    b = cuda.to_device(rng.standard_normal(4096).astype(np.float32))
    ops.linear(x, w, b, activation="relu", device="cuda")
    cuda.synchronize()
    print("profiled launches done")


def overhead():
    """Where a small layer's time goes on the host: allocation, launch, the ops call, and a cProfile of it."""
    import cProfile
    import pstats
    import time

    from engine.kernels import cuda as kernels

    def per_call(fn, n=200):
        fn()
        cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        cuda.synchronize()
        return (time.perf_counter() - t0) / n * 1e6

    x = cuda.to_device(rng.standard_normal((32, 512, 14, 14)).astype(np.float32))
    out = cuda.device_array((32, 512, 7, 7), np.float32)
    print(f"cuda.device_array (32,512,7,7): {per_call(lambda: cuda.device_array((32, 512, 7, 7), np.float32)):8.1f} us")
    print(f"max_pool2d_forward, out given:  {per_call(lambda: kernels.max_pool2d_forward(x, out, 2, 2, 2, 2, 0, 0)):8.1f} us")
    print(f"ops.max_pool2d (allocates):     {per_call(lambda: ops.max_pool2d(x, 2, device='cuda')):8.1f} us")
    v = cuda.to_device(rng.standard_normal((32, 1000)).astype(np.float32))
    print(f"ops.softmax (32, 1000):         {per_call(lambda: ops.softmax(v, device='cuda')):8.1f} us")
    h = cuda.to_device(rng.standard_normal((32, 4096)).astype(np.float32))
    w = cuda.to_device(rng.standard_normal((1000, 4096)).astype(np.float32))
    bb = cuda.to_device(rng.standard_normal(1000).astype(np.float32))
    print(f"ops.linear 4096->1000 b32:      {per_call(lambda: ops.linear(h, w, bb, device='cuda')):8.1f} us")
    lenet = zoo.lenet5(seed=0)
    plan = fused_cuda.plan(lenet, "cuda")
    one = cuda.to_device(rng.standard_normal((1, 1, 32, 32)).astype(np.float32))
    print(f"fused LeNet-5, batch 1:         {per_call(lambda: plan.forward(one, 'cuda')):8.1f} us")
    from engine.kernels import cuda_launch
    print(f"(cuda_launch.FAST = {cuda_launch.FAST}: CNN_ENGINE_CUDA_FAST_LAUNCH=0 turns the short launch path off)")
    if "--no-cprofile" in sys.argv:
        return
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(200):
        ops.max_pool2d(x, 2, device="cuda")
        ops.linear(h, w, bb, device="cuda")
    cuda.synchronize()
    profile.disable()
    pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    overhead() if "--overhead" in sys.argv else launches()
