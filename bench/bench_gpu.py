"""GPU inference speed: cnn-engine's numba.cuda path against PyTorch/cuDNN, on one NVIDIA GPU.

    python bench/bench_gpu.py                        # LeNet-5 b1 and b4096, AlexNet b32, VGG-16 b32
    python bench/bench_gpu.py --rows lenet5=1,4096 --repeat 20
    python bench/bench_gpu.py --rows vgg16=1,32 --rows alexnet=1
    python bench/bench_gpu.py --layers vgg16=32              # each layer of one model: ours vs cuDNN's twin

Same weights on both sides (bench/export.py builds the torch twin of each zoo model). Inputs and outputs
stay on the GPU on both sides (ours: a numba device array through the layers, or through the fused
LeNet-5 kernel when the model is LeNet-5; torch: a CUDA tensor), so the times are the networks', not
PCIe's. torch runs in strict FP32 (cudnn.allow_tf32 = matmul.allow_tf32 = False, cudnn.benchmark on)
for the ratio; a TF32 column is given for context. Each sample repeats the call until it lasts
--min-time seconds and is closed by a device synchronize; the table shows the median of --repeat
samples. Our first call (kernel compile, or loading numba's on-disk cache) is timed on its own.
ratio = torch time / our time: above 1 means cnn-engine is faster. Targets (issue 5): VGG-16 b32
>= 0.75, LeNet-5 b4096 >= 2.

Without a GPU (or under numba's CUDA simulator), or without a CUDA build of torch, it prints one line
and exits 0.
"""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

DEFAULT_ROWS = {"lenet5": (1, 4096), "alexnet": (32,), "vgg16": (32,)}
TOLERANCE = 1e-4  # probabilities and logits, relative to their largest magnitude (strict FP32 on both sides)


def no_gpu_reason():
    """Why this machine cannot run the benchmark, or None."""
    import numba
    from numba import cuda
    if numba.config.ENABLE_CUDASIM:
        return "NUMBA_ENABLE_CUDASIM=1 (numba's simulator is not a GPU)"
    if not cuda.is_available():
        return "no CUDA GPU (numba.cuda.is_available() is False)"
    try:
        import torch
    except ImportError:
        return "torch is not installed (pip install torch with CUDA)"
    if not torch.cuda.is_available():
        return f"torch {torch.__version__} has no CUDA (a CPU build, or no driver)"
    return None


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", action="append", metavar="MODEL=B1,B2",
                   help="zoo model and batch sizes; repeatable (default: lenet5=1,4096 alexnet=32 vgg16=32)")
    p.add_argument("--repeat", type=int, default=7, help="timed samples per row; median reported")
    p.add_argument("--min-time", type=float, default=0.05, help="seconds a sample lasts at least")
    p.add_argument("--warmup", type=int, default=3, help="untimed calls per engine before timing")
    p.add_argument("--layers", metavar="MODEL=B",
                   help="instead of whole models: time every layer of MODEL at batch B, ours against torch's twin")
    args = p.parse_args(argv)
    if args.layers:
        name, _, batch = args.layers.partition("=")
        try:
            args.layers = (name, int(batch or 1))
        except ValueError:
            p.error(f"--layers: expected MODEL=32, got {args.layers!r}")
    rows = []
    for spec in args.rows or [f"{m}={','.join(map(str, b))}" for m, b in DEFAULT_ROWS.items()]:
        name, _, sizes = spec.partition("=")
        try:
            rows += [(name, int(b)) for b in sizes.split(",")]
        except ValueError:
            p.error(f"--rows: expected MODEL=1,32, got {spec!r}")
    args.rows = rows
    return args


def timed(fn, sync, repeat, min_time):
    """Median seconds per call over `repeat` samples, each of enough calls to last min_time."""
    fn()
    sync()
    calls, t0 = 1, time.perf_counter()
    while True:
        for _ in range(calls):
            fn()
        sync()
        if time.perf_counter() - t0 >= min_time:
            break
        calls *= 2
        t0 = time.perf_counter()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        samples.append((time.perf_counter() - t0) / calls)
    return statistics.median(samples)


def our_forward(model, fused_plan):
    """x (device array) -> the model's outputs on the device: the fused kernel or every layer in turn."""
    if fused_plan is not None:
        return lambda x: fused_plan.forward(x, "cuda")

    def forward(x):
        for layer in model.layers:
            x = layer.forward(x, "cuda")
        return x
    return forward


def bench_row(name, batch, args):
    import numpy as np
    import torch
    from numba import cuda

    from bench.export import to_torch
    from engine import fused_cuda, zoo

    model = getattr(zoo, name)(seed=0)
    x = np.random.default_rng(0).standard_normal((batch,) + model.input_shape).astype(np.float32)
    plan = fused_cuda.plan(model, "cuda")
    forward = our_forward(model, plan)
    d_x = cuda.to_device(x)
    t0 = time.perf_counter()
    ours = forward(d_x)
    cuda.synchronize()
    first_call = time.perf_counter() - t0  # compile (or cache load) + weight upload + one run

    tm = to_torch(model).cuda().eval()
    t_x = torch.from_numpy(x).cuda()
    torch.backends.cudnn.benchmark = True
    results = {}
    with torch.no_grad():
        for mode, tf32 in (("fp32", False), ("tf32", True)):
            torch.backends.cudnn.allow_tf32 = tf32
            torch.backends.cuda.matmul.allow_tf32 = tf32
            for _ in range(args.warmup):
                theirs = tm(t_x)
            torch.cuda.synchronize()
            if mode == "fp32":
                want = theirs.cpu().numpy()
            results[mode] = timed(lambda: tm(t_x), torch.cuda.synchronize, args.repeat, args.min_time)
        torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    got = ours.copy_to_host()
    error = float(np.abs(got - want).max() / max(np.abs(want).max(), 1e-30))
    for _ in range(args.warmup):
        forward(d_x)
    results["ours"] = timed(lambda: forward(d_x), cuda.synchronize, args.repeat, args.min_time)
    return dict(model=name, batch=batch, fused=plan is not None, first_call=first_call, error=error, **results)


def bench_layers(name, batch, args):
    """Print each layer's time, ours (layer.forward on the device) against its torch twin (strict FP32)."""
    import numpy as np
    import torch
    from numba import cuda

    from bench.export import torch_modules
    from engine import zoo

    model = getattr(zoo, name)(seed=0)
    x = np.random.default_rng(0).standard_normal((batch,) + model.input_shape).astype(np.float32)
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    head = f"{'layer':12} {'output':>18} {'ours ms':>9} {'cuDNN ms':>9} {'ratio':>6} {'GFLOP':>7} {'ours TF/s':>9} {'max rel err':>11}"
    print(f"# {name} batch {batch}, layer by layer (inputs from the layer before, on the device)")
    print(head)
    print("-" * len(head))
    d_x, t_x = cuda.to_device(x), torch.from_numpy(x).cuda()
    total_ours = total_theirs = 0.0
    with torch.no_grad():
        for layer, (in_shape, out_shape) in zip(model.layers, model.shapes):
            twin = torch.nn.Sequential(*torch_modules(layer, in_shape)).cuda().eval()
            d_y = layer.forward(d_x, "cuda")
            t_y = twin(t_x)
            cuda.synchronize()
            want = t_y.cpu().numpy()
            error = float(np.abs(d_y.copy_to_host() - want).max() / max(np.abs(want).max(), 1e-30))
            ours = timed(lambda: layer.forward(d_x, "cuda"), cuda.synchronize, args.repeat, args.min_time)
            theirs = timed(lambda: twin(t_x), torch.cuda.synchronize, args.repeat, args.min_time)
            flops = 2 * batch * int(np.prod(out_shape)) * (
                int(np.prod(layer.params["weight"].shape[1:])) if "weight" in layer.params else 0)
            print(f"{layer.name:12} {str(out_shape):>18} {ours * 1e3:>9.3f} {theirs * 1e3:>9.3f} {theirs / ours:>6.2f} "
                  f"{flops / 1e9:>7.2f} {flops / ours / 1e12:>9.2f} {error:>11.1e}", flush=True)
            total_ours += ours
            total_theirs += theirs
            d_x, t_x = d_y, t_y
    print(f"{'sum':12} {'':>18} {total_ours * 1e3:>9.3f} {total_theirs * 1e3:>9.3f} {total_theirs / total_ours:>6.2f}")


def main(argv=None):
    args = parse_args(argv)
    reason = no_gpu_reason()
    if reason:
        print(f"bench_gpu: nothing to measure: {reason}")
        return 0
    import numba
    import torch
    print(f"# {torch.cuda.get_device_name(0)}, numba {numba.__version__}, "
          f"torch {torch.__version__} (cuDNN {torch.backends.cudnn.version()}), strict FP32 unless marked TF32")
    if args.layers:
        bench_layers(*args.layers, args)
        return 0
    head = (f"{'model':8} {'batch':>6} {'ours ms':>10} {'ours img/s':>12} {'cuDNN fp32 ms':>14} {'ratio':>6} "
            f"{'cuDNN tf32 ms':>14} {'ratio':>6} {'first call s':>13} {'max rel err':>12}")
    print(head)
    print("-" * len(head))
    failed = False
    for name, batch in args.rows:
        r = bench_row(name, batch, args)
        failed |= r["error"] > TOLERANCE
        print(f"{name + ('*' if r['fused'] else ''):8} {batch:>6} {r['ours'] * 1e3:>10.3f} {batch / r['ours']:>12,.0f} "
              f"{r['fp32'] * 1e3:>14.3f} {r['fp32'] / r['ours']:>6.2f} {r['tf32'] * 1e3:>14.3f} "
              f"{r['tf32'] / r['ours']:>6.2f} {r['first_call']:>13.2f} {r['error']:>12.1e}", flush=True)
    print("* the fused one-launch LeNet-5 kernel. ratio = cuDNN time / ours (above 1: cnn-engine faster). "
          "first call: compile or cache load, weight upload and one run.")
    if failed:
        print(f"outputs differ from torch by more than {TOLERANCE:g} relative", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
