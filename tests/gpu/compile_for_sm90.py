"""Compile every CUDA kernel of engine/kernels for an H100 (sm_90) without a GPU: a typing and code
generation check that the simulator cannot give (it runs kernels as Python). Not a pytest test: it needs
numba-cuda with NVVM (pip install 'numba-cuda[cu13]' 'numpy<2.5', e.g. in a venv) and no driver.

Run:  python tests/gpu/compile_for_sm90.py      (prints one line per kernel: seconds, PTX size, local memory)
"""
import os
import sys
import time
import types

import numba.cuda
import numba.cuda.dispatcher

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# no GPU here: device functions ask the current device for its compute capability, and cuda.py refuses to import
numba.cuda.dispatcher.get_current_device = lambda: types.SimpleNamespace(compute_capability=(9, 0))
numba.cuda.is_available = lambda: True

from numba import float32, float64, int64  # noqa: E402

from engine.kernels import cuda as k, cuda_gemm, cuda_lenet  # noqa: E402


def arr(dtype, ndim):
    return dtype[(slice(None),) * (ndim - 1) + (slice(None, None, 1),)]


def kernels(f):
    i, b = int64, numba.types.boolean
    a1, a2, a3, a4 = (arr(f, n) for n in (1, 2, 3, 4))
    yield f"_pad_kernel {f}", k._pad_kernel, (a4, a4, i, i)
    yield f"_swap_kernel {f}", k._swap_kernel, (a3, a3)
    yield f"_conv2d_kernel {f}", k._conv2d_kernel, (a4, a4, a1, a4) + (i,) * 6
    yield f"_max_pool2d_kernel {f}", k._max_pool2d_kernel, (a4, a4) + (i,) * 6
    yield f"_avg_pool2d_kernel {f}", k._avg_pool2d_kernel, (a4, a4) + (i,) * 8 + (b,)
    yield f"_global_avg_pool_kernel {f}", k._global_avg_pool_kernel, (a3, a2)
    yield f"_dense_kernel {f}", k._dense_kernel, (a2, a2, a1, a2, i)
    yield f"_activation_kernel {f}", k._activation_kernel, (a1, a1, i)
    yield f"_softmax_kernel {f}", k._softmax_kernel, (a2, a2)
    yield f"_batch_norm_kernel {f}", k._batch_norm_kernel, (a3, a1, a1, a3)
    yield f"_lrn_kernel {f}", k._lrn_kernel, (a3, a3, i, f, f, f)
    if f is float32:
        yield "conv2d_tiled_gpu", cuda_gemm.conv2d_tiled_gpu, (a4, a2, a1, a3) + (i,) * 11
        yield "dense_tiled_gpu", cuda_gemm.dense_tiled_gpu, (a2, a2, a1, a2, i)
        yield "lenet5_kernel", cuda_lenet.lenet5_kernel, (a4, a1, a1, a1, a1, a2, a1, a2, a1, a2, a1, a2) + (i,) * 5


def main():
    failed = 0
    for dtype in (float32, float64):
        for name, kernel, sig in kernels(dtype):
            t = time.time()
            try:
                ptx, _ = numba.cuda.compile_ptx(kernel.py_func, sig, cc=(9, 0))
            except Exception as e:  # report every kernel, then fail
                failed += 1
                print(f"{name}: FAILED {type(e).__name__}: {str(e).splitlines()[0][:200]}")
                continue
            print(f"{name}: {time.time() - t:.1f} s, {len(ptx):,} chars of PTX, local memory: {'.local' in ptx}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
