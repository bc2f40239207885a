"""Inference speed of the zoo models: cnn-engine against PyTorch and ONNX Runtime (CPU).

    python bench/bench_models.py                          # lenet5, alexnet, vgg16 at their default batches
    python bench/bench_models.py --quick                  # lenet5 only, a few repeats
    python bench/bench_models.py --models lenet5,alexnet --repeat 15
    python bench/bench_models.py --models vgg16 --batches vgg16=1,8 --repeat 3
    python bench/bench_models.py --batches 1,32           # the same batches for every model

Each model is built by engine.zoo with its seeded weights; bench/export.py builds the PyTorch twin
(same weights) and exports it to ONNX for ONNX Runtime. Outputs are cross-checked before timing.
The three engines are timed round by round, interleaved (rotating which goes first), and the
table shows medians. Progress goes to stderr; the table goes to stdout. See bench/README.md.
"""
import argparse
import os
import platform
import signal
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

import engine  # noqa: E402  (before torch: engine.compiler_setup sets Numba's environment)
from engine import layers as L  # noqa: E402

DEFAULT_BATCHES = {"lenet5": (1, 256), "alexnet": (1, 8), "vgg16": (1, 8)}
DEFAULT_REPEAT = {"lenet5": 20, "alexnet": 10, "vgg16": 3}
QUICK_REPEAT = 5
ENGINES = ("ours", "torch", "ort")
TOLERANCE = 1e-4


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- arguments
def parse_batches(specs, models):
    """['vgg16=1,8', '4,16'] -> {model: (batches...)}; a spec without 'name=' applies to every model."""
    batches = {m: DEFAULT_BATCHES.get(m, (1, 8)) for m in models}
    for spec in specs or ():
        for part in spec.split(";"):
            part = part.strip()
            if not part:
                continue
            name, _, values = part.rpartition("=")
            try:
                sizes = tuple(int(v) for v in values.split(",") if v.strip())
            except ValueError:
                raise SystemExit(f"--batches: expected 'model=1,8' or '1,8', got {part!r}") from None
            if not sizes or min(sizes) <= 0:
                raise SystemExit(f"--batches: batch sizes must be positive ints, got {part!r}")
            targets = [name] if name else models
            for target in targets:
                if target not in models:
                    raise SystemExit(f"--batches: {target!r} is not among --models ({', '.join(models)})")
                batches[target] = sizes
    return batches


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="ratio > 1 in the table means cnn-engine is faster.")
    p.add_argument("--models", default="lenet5,alexnet,vgg16",
                   help="comma-separated zoo models (default: %(default)s)")
    p.add_argument("--batches", action="append", metavar="SPEC",
                   help="batch sizes: 'vgg16=1,8' for one model or '1,8' for all; repeatable "
                        "(defaults: " + ", ".join(f"{m}={','.join(map(str, b))}" for m, b in DEFAULT_BATCHES.items())
                        + ")")
    p.add_argument("--repeat", type=int, default=None,
                   help="timed rounds per (model, batch); median reported (defaults: "
                        + ", ".join(f"{m}={r}" for m, r in DEFAULT_REPEAT.items()) + ")")
    p.add_argument("--threads", type=int, default=2, help="threads for every engine (default: %(default)s)")
    p.add_argument("--warmup", type=int, default=1,
                   help="untimed runs per engine before timing, the cross-check's included, besides the "
                        "one that sizes the samples (default: 1)")
    p.add_argument("--min-time", type=float, default=0.02, metavar="S",
                   help="a timed sample repeats the call until it lasts this long, for tiny runs (default: 0.02)")
    p.add_argument("--pause", type=float, default=0.05, metavar="S",
                   help="sleep between samples so other engines' spinning threads go idle (default: 0.05; "
                        "ONNX Runtime's intra-op threads spin for tens of ms after a run and took a core "
                        "from the next engine: AlexNet b1 ran 53 ms after ORT with 0.01, 17 ms with 0.05)")
    p.add_argument("--opset", type=int, default=17, help="ONNX opset (default: 17)")
    p.add_argument("--seed", type=int, default=0, help="seed of the weights and the inputs")
    p.add_argument("--no-check", action="store_true", help="skip the output cross-check")
    p.add_argument("--quick", action="store_true", help=f"lenet5 only, {QUICK_REPEAT} repeats")
    args = p.parse_args(argv)
    if args.quick:
        args.models = "lenet5"
        if args.repeat is None:
            args.repeat = QUICK_REPEAT
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    for m in args.models:
        if m not in engine.zoo.ARCHITECTURES:
            p.error(f"--models: {m!r} is not in the zoo ({', '.join(engine.zoo.ARCHITECTURES)})")
    if args.repeat is not None and args.repeat <= 0:
        p.error("--repeat must be positive")
    if args.threads <= 0:
        p.error("--threads must be positive")
    args.batch_map = parse_batches(args.batches, args.models)
    return args


# ---------------------------------------------------------------- model facts
def flops_per_sample(model):
    """2 x multiply-accumulates of the conv and dense layers, per sample."""
    total = 0
    for layer, (in_shape, out_shape) in zip(model.layers, model.shapes):
        if isinstance(layer, L._Conv):
            total += int(np.prod(out_shape)) * (in_shape[0] // layer.groups) * int(np.prod(layer.kernel_size))
        elif isinstance(layer, L.Dense):
            total += layer.units * in_shape[0]
    return 2 * total


def rel_error(a, ref):
    """max |a - ref| / max |ref| (normwise: tiny probabilities do not blow it up)."""
    a, ref = np.asarray(a, np.float64), np.asarray(ref, np.float64)
    return float(np.max(np.abs(a - ref)) / max(np.max(np.abs(ref)), 1e-30))


# ---------------------------------------------------------------- timing
class OtherLoad:
    """CPU time the rest of the machine used while we measured, in cores (Linux /proc/stat; else None).
    Our own process's CPU time is subtracted; 0.0 means we had the machine to ourselves."""

    def __init__(self):
        self.start = self._sample()

    @staticmethod
    def _sample():
        try:
            with open("/proc/stat") as f:
                fields = [int(v) for v in f.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        busy = sum(fields[:3]) + sum(fields[5:8])  # user nice system . . irq softirq steal
        t = os.times()
        return time.perf_counter(), busy / os.sysconf("SC_CLK_TCK"), t.user + t.system

    def cores(self):
        end = self._sample()
        if self.start is None or end is None:
            return None
        wall = end[0] - self.start[0]
        others = (end[1] - self.start[1]) - (end[2] - self.start[2])
        return max(others, 0.0) / wall if wall > 0 else None


def timed(fn, calls):
    t0 = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t0) / calls


def calls_for(fn, min_time):
    """How many back-to-back calls make one sample last about min_time (1 for anything slow)."""
    t = timed(fn, 1)
    if t >= min_time:
        return 1
    return max(1, min(1000, int(np.ceil(min_time / max(t, 1e-7)))))


def bench_batch(runners, repeat, warmup, args, label):
    """Interleaved medians: {engine: seconds per call}. The run that sizes the samples is untimed
    too, so every engine has had at least warmup + 1 runs before the first timed one."""
    calls = {}
    log(f"  [{label}] warm-up")
    for name, fn in runners.items():
        for _ in range(max(warmup, 0)):
            fn()
        calls[name] = calls_for(fn, args.min_time)
    samples = {name: [] for name in runners}
    names = list(runners)
    load = OtherLoad()
    for r in range(repeat):
        log(f"  [{label}] round {r + 1}/{repeat}")
        order = names[r % len(names):] + names[:r % len(names)]  # rotate who goes first
        for name in order:
            if args.pause:
                time.sleep(args.pause)
            runners[name]()  # untimed: wakes this engine's threads (and caches) after the pause, for every engine
            samples[name].append(timed(runners[name], calls[name]))
    return {name: statistics.median(v) for name, v in samples.items()}, samples, load.cores()


# ---------------------------------------------------------------- main
def setup_threads(n):
    import torch
    try:
        engine.set_num_threads(n)
    except ValueError as e:  # more than Numba started with
        raise SystemExit(f"--threads {n}: {e}")
    torch.set_num_threads(n)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set, or parallel work already ran
        pass


def main(argv=None):
    args = parse_args(argv)
    import numba
    import onnxruntime
    import torch

    from bench.export import ort_session, to_onnx_bytes, to_torch

    setup_threads(args.threads)
    print(f"# cnn-engine {engine.__version__}, numba {numba.__version__}, torch {torch.__version__}, "
          f"onnxruntime {onnxruntime.__version__}, numpy {np.__version__}, python {platform.python_version()}")
    print(f"# {platform.machine()}, {os.cpu_count()} CPUs, {args.threads} threads per engine "
          f"(ORT inter-op 1, sequential; torch inter-op 1); medians, engines interleaved")

    rows, failures = [], []
    interrupted = False
    signal.signal(signal.SIGTERM, _raise_interrupt)  # `timeout` and kill: still print the finished rows
    try:
        for arch in args.models:
            batches = args.batch_map[arch]
            repeat = args.repeat or DEFAULT_REPEAT.get(arch, 5)
            log(f"[{arch}] building the model, its torch twin and the ONNX session")
            model = engine.zoo.build(arch, seed=args.seed)
            tm = to_torch(model)
            t0 = time.perf_counter()
            sess = ort_session(to_onnx_bytes(tm, model.input_shape, args.opset), args.threads)
            log(f"[{arch}] ONNX export + session: {time.perf_counter() - t0:.1f} s")
            in_name, out_name = sess.get_inputs()[0].name, sess.get_outputs()[0].name
            flops = flops_per_sample(model)
            rng = np.random.default_rng(args.seed + 1)

            for bi, batch in enumerate(batches):
                x = rng.standard_normal((batch,) + model.input_shape, dtype=np.float32)
                xt = torch.from_numpy(x)

                def ours(x=x, batch=batch):
                    return model.predict(x, batch_size=batch)

                def run_torch(xt=xt):
                    with torch.inference_mode():
                        return tm(xt).numpy()

                def run_ort(x=x):
                    return sess.run([out_name], {in_name: x})[0]

                if bi == 0:
                    t0 = time.perf_counter()
                    ours()
                    cold = time.perf_counter() - t0
                    print(f"# {arch}: first call (compile or cache load): {cold:.2f} s at batch {batch}")

                if not args.no_check:  # also serves as the first warm-up run of each engine
                    last = model.layers[-1].name
                    softmax_last = isinstance(model.layers[-1], L.Softmax) and len(model.layers) > 1
                    pre = model.layers[-2].name if softmax_last else None
                    acts = model.activations(x, [pre, last] if pre else [last], batch_size=batch)
                    errs = {"torch": rel_error(acts[last], run_torch()), "ort": rel_error(acts[last], run_ort())}
                    if pre:  # the logits too: probabilities of a peaked softmax hide small differences
                        with torch.inference_mode():
                            errs["torch logits"] = rel_error(acts[pre], tm[:-1](xt).numpy())
                    worst = max(errs.values())
                    text = ", ".join(f"{k} {v:.1e}" for k, v in errs.items())
                    log(f"  [{arch} b={batch}] max rel. error vs {text}")
                    if not worst < TOLERANCE:
                        failures.append(f"{arch} batch {batch}: {text} (tolerance {TOLERANCE:g})")

                warmup = args.warmup - (0 if args.no_check else 1)
                runners = {"ours": ours, "torch": run_torch, "ort": run_ort}
                med, samples, others = bench_batch(runners, repeat, warmup, args, f"{arch} b={batch}")
                spread = max((max(v) - min(v)) / statistics.median(v) for v in samples.values())
                rows.append((arch, batch, repeat, med, flops * batch / med["ours"] / 1e9, spread, others))
            del model, tm, sess
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted: the table has the rows finished so far")

    header = (f"{'model':<10} {'batch':>5} {'ours ms':>10} {'torch ms':>10} {'ort ms':>10} "
              f"{'torch/ours':>10} {'ort/ours':>9} {'ours GF/s':>9} {'reps':>4} {'spread':>6} {'others':>6}")
    print(header)
    print("-" * len(header))
    for arch, batch, repeat, med, gflops, spread, others in rows:
        ms = {k: v * 1e3 for k, v in med.items()}
        print(f"{arch:<10} {batch:>5} {fmt(ms['ours']):>10} {fmt(ms['torch']):>10} {fmt(ms['ort']):>10} "
              f"{med['torch'] / med['ours']:>10.2f} {med['ort'] / med['ours']:>9.2f} {gflops:>9.1f} {repeat:>4} "
              f"{spread:>6.0%} {'-' if others is None else f'{others:.2f}':>6}")
    print("# ratio > 1: cnn-engine is faster; GF/s = 2 x conv+dense MACs / our median time")
    print("# spread = worst (max - min) / median over the engines; others = CPU cores other processes kept busy")
    noisy = [r for r in rows if r[6] is not None and r[6] > 0.2]
    if noisy:
        print(f"# WARNING: other processes used CPU during {len(noisy)} of {len(rows)} rows "
              f"(up to {max(r[6] for r in noisy):.1f} cores): timings are distorted, rerun on a quiet machine")
    try:
        print(f"# numba threading layer: {numba.threading_layer()}")
    except ValueError:
        pass
    if interrupted:
        print("# INTERRUPTED: rows missing")
        return 130
    if failures:
        print("OUTPUT MISMATCH:\n  " + "\n  ".join(failures))
        return 1
    if not args.no_check:
        print(f"# outputs agree (max rel. error < {TOLERANCE:g} vs torch and ORT, probabilities and logits)")
    return 0


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def fmt(ms):
    return f"{ms:.3f}" if ms < 10 else f"{ms:.1f}" if ms < 1000 else f"{ms:.0f}"


if __name__ == "__main__":
    sys.exit(main())
