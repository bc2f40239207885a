"""Compile every CUDA kernel of engine/kernels for an H100 (sm_90) without a GPU: a typing and code
generation check that the simulator cannot give (it runs kernels as Python). Not a pytest test: it needs
numba-cuda with NVVM (pip install 'numba-cuda[cu13]' 'numpy<2.5', e.g. in a venv) and no driver.

Run:  python tests/gpu/compile_for_sm90.py

One line per kernel: seconds to PTX, and, where nvJitLink is installed (numba-cuda[cu13] brings it),
ptxas's registers, spills and shared memory under the kernel's own max_registers.
"""
import os
import re
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

from engine.kernels import cuda as k, cuda_gemm, cuda_lenet, cuda_winograd  # noqa: E402


def arr(dtype, ndim):
    return dtype[(slice(None),) * (ndim - 1) + (slice(None, None, 1),)]


def kernels(f):
    i, b = int64, numba.types.boolean
    a1, a2, a3, a4 = (arr(f, n) for n in (1, 2, 3, 4))
    yield f"_pad_kernel {f}", k._pad_kernel, (a4, a4, i, i)
    yield f"_swap_kernel {f}", k._swap_kernel, (a3, a3)
    yield f"_conv2d_kernel {f}", k._conv2d_kernel, (a4, a4, a1, a4) + (i,) * 6
    yield f"_max_pool2d_kernel {f}", k._max_pool2d_kernel, (a3, a2) + (i,) * 7
    yield f"_avg_pool2d_kernel {f}", k._avg_pool2d_kernel, (a3, a2) + (i,) * 9 + (b,)
    yield f"_global_avg_pool_kernel {f}", k._global_avg_pool_kernel, (a3, a2)
    yield f"_dense_kernel {f}", k._dense_kernel, (a2, a2, a1, a2, i)
    yield f"_dense_sum_kernel {f}", k._dense_sum_kernel, (a2, a1, a1, i)
    yield f"_activation_kernel {f}", k._activation_kernel, (a1, a1, i)
    yield f"_softmax_kernel {f}", k._softmax_kernel, (a2, a2)
    yield f"_batch_norm_kernel {f}", k._batch_norm_kernel, (a3, a1, a1, a3)
    yield f"_lrn_kernel {f}", k._lrn_kernel, (a3, a3, i, f, f, f)
    if f is float32:
        conv = (a1, a1, arr(int64, 1), a1, a1) + (i,) * 13
        yield "conv2d_tiled_gpu", cuda_gemm.conv2d_tiled_gpu, conv
        yield "conv2d_tiled_gpu8x8", cuda_gemm.conv2d_tiled_gpu8x8, conv
        dense = (a1, a1, a1, a1) + (i,) * 5
        yield "dense_tiled_gpu", cuda_gemm.dense_tiled_gpu, dense
        yield "dense_tiled_gpu32", cuda_gemm.dense_tiled_gpu32, dense
        yield "gemm_tiled_gpu8x8_r128", cuda_gemm.gemm_tiled_gpu8x8_r128, (a1, a1, a1, i, i, i)
        yield "gemm_tiled_gpu8x8_r168", cuda_gemm.gemm_tiled_gpu8x8_r168, (a1, a1, a1, i, i, i)
        yield "input_transform_kernel", cuda_winograd.input_transform_kernel, (a1, a1) + (i,) * 7
        yield "output_transform_kernel", cuda_winograd.output_transform_kernel, (a1, a1, a4, i, i, i)
        yield "lenet5_kernel", cuda_lenet.lenet5_kernel, (a4, a1, a2, i)


def ptxas_report(ptx, max_registers):
    """'N registers, spills S/L bytes, smem B bytes' from nvJitLink's ptxas log, or why not."""
    try:
        from cuda.bindings import nvjitlink
    except ImportError:
        return "no nvJitLink for a register count"
    options = ["-arch=sm_90", "-O3", "-verbose"] + ([f"-maxrregcount={max_registers}"] if max_registers else [])
    handle = nvjitlink.create(len(options), options)
    data = ptx.encode()
    nvjitlink.add_data(handle, nvjitlink.InputType.PTX, data, len(data), "kernel")
    nvjitlink.complete(handle)
    log = bytearray(nvjitlink.get_info_log_size(handle))
    nvjitlink.get_info_log(handle, log)
    nvjitlink.destroy(handle)
    log = log.decode(errors="replace")
    registers = re.search(r"Used (\d+) registers", log)
    spills = re.search(r"(\d+) bytes spill stores, (\d+) bytes spill loads", log)
    smem = re.search(r"(\d+) bytes smem", log)
    return (f"{registers.group(1) if registers else '?'} registers"
            + (f" (max_registers={max_registers})" if max_registers else "")
            + (f", spills {spills.group(1)}/{spills.group(2)} bytes" if spills else "")
            + (f", {smem.group(1)} bytes shared" if smem else ""))


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
            report = ptxas_report(ptx, kernel.targetoptions.get("max_registers"))
            print(f"{name}: {time.time() - t:.1f} s to PTX; {report}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
