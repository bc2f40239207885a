"""Where a wide 3x3 conv layer's time goes on the GPU: Winograd's three launches one by one, the whole Winograd
layer, the direct tiled conv (cuda_gemm's conv2d_tiled_gpu8x8) and cuDNN's conv + bias + ReLU (strict FP32),
on VGG-16's layer shapes at batch 32. Medians of --repeat samples (bench_gpu.timed), same process.

    python bench/gpu_conv_stages.py [--batch 32] [--repeat 5]

The Winograd GEMM is timed in both compiled forms (capped at 128 and 168 registers; conv2d_winograd picks
one by the channel count); --variants adds other caps (max_registers), compiled on the spot.
Needs a GPU, numba-cuda and PyTorch with CUDA.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SHAPES = [  # (name, C, K, H): VGG-16's 3x3 layers, one of each size
    ("conv1_2", 64, 64, 224), ("conv2_2", 128, 128, 112), ("conv3_2", 256, 256, 56), ("conv4_2", 512, 512, 28),
    ("conv5_2", 512, 512, 14)]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--min-time", type=float, default=0.05)
    p.add_argument("--variants", action="store_true", help="also the GEMM at max_registers 144 and 152")
    args = p.parse_args(argv)
    from numba import cuda

    import torch
    from bench.bench_gpu import timed
    from engine.kernels import cuda as k, cuda_gemm, cuda_winograd

    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    rng = np.random.default_rng(0)
    variants = {"gemm r128": cuda_gemm.gemm_tiled_gpu8x8_r128, "gemm r168": cuda_gemm.gemm_tiled_gpu8x8_r168}
    if args.variants:  # other caps, compiled here (not cached)
        for regs in (144, 152):
            variants[f"gemm r{regs}"] = cuda.jit(max_registers=regs)(cuda_gemm.gemm_tiled_gpu8x8_r168.py_func)
    t = cuda_gemm.TILES["gpu8x8"]
    name = getattr(cuda.get_current_device(), "name", "simulator")
    print(f"# {name.decode() if isinstance(name, bytes) else name}, batch {args.batch}, ms (medians); GFLOP as direct conv")
    head = ["layer", "GFLOP", "in-xform"] + list(variants) + ["out-xform", "winograd", "direct", "cuDNN", "cuDNN/wino", "TF/s wino"]
    print(" ".join(f"{h:>10}" for h in head))
    for name, C, K, H in SHAPES:
        N = args.batch
        x = rng.standard_normal((N, C, H, H)).astype(np.float32)
        w = (rng.standard_normal((K, C, 3, 3)) * (2 / (9 * C)) ** 0.5).astype(np.float32)
        b = rng.standard_normal(K).astype(np.float32)
        d_x, d_w, d_b = cuda.to_device(x), cuda.to_device(w), cuda.to_device(b)
        prepared = k.prepare_conv2d_weights(w, 1)
        out = cuda.device_array((N, K, H, H), np.float32)
        xp = k.pad(d_x, ((1, 1), (1, 1)))
        TH = TW = (H + 1) // 2
        T = N * TH * TW
        v = cuda.device_array(16 * C * T, np.float32)
        m = cuda.device_array(16 * K * T, np.float32)
        u = prepared.u.reshape(prepared.u.size)
        sync = cuda.synchronize
        times = {}
        times["in"] = timed(lambda: k._launch(cuda_winograd.input_transform_kernel, C * T, d_x.reshape(d_x.size), v,
                                              C, H, H, TH, TW, 1, 1), sync, args.repeat, args.min_time)
        grid = (k._blocks(T, t["TP"]), k._blocks(K, t["TK"]), 16)
        for label, kern in variants.items():
            times[label] = timed(lambda: kern[grid, (t["BX"], t["BY"])](u, v, m, K, C, T), sync, args.repeat,
                                 args.min_time)
        times["out"] = timed(lambda: k._launch(cuda_winograd.output_transform_kernel, K * T, m, d_b, out, TH, TW, 1),
                             sync, args.repeat, args.min_time)
        times["wino"] = timed(lambda: k.conv2d_winograd(xp, prepared.u, d_b, out, 1), sync, args.repeat, args.min_time)
        times["direct"] = timed(lambda: k.conv2d_tiled("gpu8x8", xp, d_w, d_b, out, 1, 1, 1, 1, 1, 1), sync,
                                args.repeat, args.min_time)
        got = out.copy_to_host()
        k.conv2d_winograd(xp, prepared.u, d_b, out, 1)
        err = np.linalg.norm(out.copy_to_host() - got) / np.linalg.norm(got)
        tx, tw, tb = (torch.from_numpy(a).cuda() for a in (x, w, b))
        conv = torch.nn.functional.conv2d
        times["cudnn"] = timed(lambda: torch.relu(conv(tx, tw, tb, padding=1)), torch.cuda.synchronize, args.repeat,
                               args.min_time)
        gflop = 2 * N * K * C * 9 * H * H / 1e9
        row = [name, f"{gflop:.1f}", f"{times['in'] * 1e3:.3f}"] + [f"{times[v_] * 1e3:.3f}" for v_ in variants]
        row += [f"{times['out'] * 1e3:.3f}", f"{times['wino'] * 1e3:.3f}", f"{times['direct'] * 1e3:.3f}",
                f"{times['cudnn'] * 1e3:.3f}", f"{times['cudnn'] / times['wino']:.2f}",
                f"{gflop / times['wino'] / 1e3:.1f}"]
        print(" ".join(f"{c:>10}" for c in row) + f"   |wino-direct|/|direct| {err:.1e}", flush=True)


if __name__ == "__main__":
    main()
