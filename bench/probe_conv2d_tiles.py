"""Timing / accuracy / determinism probe for engine/kernels/conv2d_tiles.py.

    python bench/probe_conv2d_tiles.py            # VGG-16, AlexNet, LeNet conv shapes, batch 1
    python bench/probe_conv2d_tiles.py --batch 8 --only vgg --reps 5
    python bench/probe_conv2d_tiles.py --check    # also accuracy (float64 ref) + determinism

Loads engine/compiler_setup.py and the kernel module straight from their files, so it
works whatever state engine/__init__.py is in.
"""
import argparse
import importlib.util
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load(name, rel):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, rel))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


_load("engine.compiler_setup", "engine/compiler_setup.py")  # before numba
import numpy as np  # noqa: E402

ct = _load("engine.kernels.conv2d_tiles", "engine/kernels/conv2d_tiles.py")

# name, C, K, H(=W, unpadded), k, stride, pad, dilation, groups
SHAPES = {
    "vgg": [
        ("vgg 3->64 @224", 3, 64, 224, 3, 1, 1, 1, 1),
        ("vgg 64->64 @224", 64, 64, 224, 3, 1, 1, 1, 1),
        ("vgg 64->128 @112", 64, 128, 112, 3, 1, 1, 1, 1),
        ("vgg 128->128 @112", 128, 128, 112, 3, 1, 1, 1, 1),
        ("vgg 128->256 @56", 128, 256, 56, 3, 1, 1, 1, 1),
        ("vgg 256->256 @56", 256, 256, 56, 3, 1, 1, 1, 1),
        ("vgg 256->512 @28", 256, 512, 28, 3, 1, 1, 1, 1),
        ("vgg 512->512 @28", 512, 512, 28, 3, 1, 1, 1, 1),
        ("vgg 512->512 @14", 512, 512, 14, 3, 1, 1, 1, 1),
    ],
    "alexnet": [
        ("alex 3->64 11x11 s4 @224", 3, 64, 224, 11, 4, 2, 1, 1),
        ("alex 64->192 5x5 @27", 64, 192, 27, 5, 1, 2, 1, 1),
        ("alex 192->384 @13", 192, 384, 13, 3, 1, 1, 1, 1),
        ("alex 384->256 @13", 384, 256, 13, 3, 1, 1, 1, 1),
        ("alex 256->256 @13", 256, 256, 13, 3, 1, 1, 1, 1),
    ],
    "lenet": [
        ("lenet 1->6 5x5 @32", 1, 6, 32, 5, 1, 0, 1, 1),
        ("lenet 6->16 5x5 @14", 6, 16, 14, 5, 1, 0, 1, 1),
    ],
}
# extra correctness-only cases: dilation, stride 2, groups, odd sizes, tiny images
EXTRA = [
    ("dil2 3x3", 16, 24, 20, 3, 1, 2, 2, 1),
    ("s2 3x3", 8, 16, 33, 3, 2, 1, 1, 1),
    ("s2 dil2 5x5", 5, 9, 31, 5, 2, 3, 2, 1),
    ("groups 2", 16, 32, 17, 3, 1, 1, 1, 2),
    ("tiny 3x3 @4", 7, 13, 4, 3, 1, 1, 1, 1),
    ("1x1 @7", 32, 40, 7, 1, 1, 0, 1, 1),
    ("rect k 1x3", 4, 8, 9, 3, 1, 1, 1, 1),
]


def out_hw(Hp, k, s, d):
    return (Hp - d * (k - 1) - 1) // s + 1


def make(case, N, rng):
    name, C, K, H, k, s, p, d, g = case
    x = rng.standard_normal((N, C, H, H)).astype(np.float32)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    w = (rng.standard_normal((K, C // g, k, k)) / np.sqrt(C // g * k * k)).astype(np.float32)
    b = rng.standard_normal(K).astype(np.float32) * 0.1
    OH = out_hw(xp.shape[2], k, s, d)
    return np.ascontiguousarray(xp), w, b, OH


def reference(xp, w, b, s, d, g, act):
    """float64 direct convolution by explicit sums over taps (vectorised over pixels)."""
    N, C, Hp, Wp = xp.shape
    K, Cg, KH, KW = w.shape
    OH = out_hw(Hp, KH, s, d)
    OW = out_hw(Wp, KW, s, d)
    x64 = xp.astype(np.float64)
    w64 = w.astype(np.float64)
    Kg = K // g
    out = np.zeros((N, K, OH, OW))
    for gi in range(g):
        xs = x64[:, gi * Cg:(gi + 1) * Cg]
        wg = w64[gi * Kg:(gi + 1) * Kg]
        for ky in range(KH):
            for kx in range(KW):
                patch = xs[:, :, ky * d:ky * d + s * (OH - 1) + 1:s, kx * d:kx * d + s * (OW - 1) + 1:s]
                out[:, gi * Kg:(gi + 1) * Kg] += np.einsum("nchw,kc->nkhw", patch, wg[:, :, ky, kx])
    out += b.astype(np.float64)[None, :, None, None]
    if act == 1:
        out = np.maximum(out, 0)
    elif act == 2:
        out = np.tanh(out)
    elif act == 3:
        out = 1 / (1 + np.exp(-out))
    return out


def run(xp, wp, b, out, s, d, act=0):
    ct.conv2d_tiles_forward(xp, wp, b, out, s, s, d, d, act)


def check(cases, rng):
    worst = 0.0
    for case in cases:
        name, C, K, H, k, s, p, d, g = case
        for act in (0, 1, 2, 3):
            N = 2
            xp, w, b, OH = make(case, N, rng)
            assert ct.supports(xp.shape, w.shape, s, d, g, xp.dtype), name
            wp = ct.pack_conv2d_weights(w, g)
            out = np.full((N, K, OH, OH), np.nan, np.float32)
            run(xp, wp, b, out, s, d, act)
            ref = reference(xp, w, b, s, d, g, act)
            err = np.linalg.norm(out - ref) / np.linalg.norm(ref)
            assert np.isfinite(out).all(), name
            worst = max(worst, err)
            if err > 1e-5:
                print("  FAIL %s act=%d rel err %.2e" % (name, act, err))
        print("  %-26s max rel err %.2e" % (name, err))
    print("max relative error over all cases/activations: %.2e" % worst)
    return worst


def determinism(cases, rng, big=64):
    ok = True
    for case in cases:
        name, C, K, H, k, s, p, d, g = case
        xp, w, b, OH = make(case, big, rng)
        wp = ct.pack_conv2d_weights(w, g)
        out = np.empty((big, K, OH, OH), np.float32)
        run(xp, wp, b, out, s, d, 1)
        for i in (0, big // 2, big - 1):
            o1 = np.empty((1, K, OH, OH), np.float32)
            run(np.ascontiguousarray(xp[i:i + 1]), wp, b, o1, s, d, 1)
            same = np.array_equal(o1[0].view(np.uint32), out[i].view(np.uint32))
            ok &= same
        print("  %-26s batch %d vs batch 1 bit-identical: %s" % (name, big, same))
    import numba
    nt = numba.get_num_threads()
    if nt > 1:
        case = cases[0]
        xp, w, b, OH = make(case, 4, rng)
        wp = ct.pack_conv2d_weights(w, case[8])
        o2 = np.empty((4, case[2], OH, OH), np.float32)
        o1 = np.empty_like(o2)
        run(xp, wp, b, o2, case[5], case[7])
        numba.set_num_threads(1)
        run(xp, wp, b, o1, case[5], case[7])
        numba.set_num_threads(nt)
        same = np.array_equal(o1.view(np.uint32), o2.view(np.uint32))
        ok &= same
        print("  %d threads vs 1 thread bit-identical: %s" % (nt, same))
    print("determinism:", "OK" if ok else "FAILED")
    return ok


def _others_cpu(dt=0.25):
    """CPU cores used by other processes over dt seconds (Linux /proc; 0.0 elsewhere)."""
    def snap():
        d = {}
        me = str(os.getpid())
        for p in os.listdir("/proc"):
            if p.isdigit() and p != me:
                try:
                    f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
                    d[p] = int(f[11]) + int(f[12])
                except (OSError, IndexError, ValueError):
                    pass
        return d
    if not os.path.isdir("/proc"):
        return 0.0
    a = snap()
    time.sleep(dt)
    b = snap()
    return sum(v - a.get(p, v) for p, v in b.items()) / (os.sysconf("SC_CLK_TCK") * dt)


def wait_idle(max_wait):
    """Wait (up to max_wait s) until other processes use < 0.1 core; returns their last use."""
    t0 = time.time()
    busy = _others_cpu()
    while busy >= 0.1 and time.time() - t0 < max_wait:
        time.sleep(0.5)
        busy = _others_cpu()
    return busy


def bench(cases, N, reps, rng, max_wait=0.0):
    print("%-26s %5s %9s %9s %9s %9s %8s %6s" % ("layer", "N", "GFLOP", "cold s", "min ms", "med ms",
                                               "GFLOP/s", "busy"))
    for case in cases:
        name, C, K, H, k, s, p, d, g = case
        xp, w, b, OH = make(case, N, rng)
        wp = ct.pack_conv2d_weights(w, g)
        out = np.empty((N, K, OH, OH), np.float32)
        flops = 2.0 * N * K * OH * OH * (C // g) * k * k
        t0 = time.perf_counter()
        run(xp, wp, b, out, s, d, 1)
        cold = time.perf_counter() - t0
        busy = wait_idle(max_wait) if max_wait > 0 else float("nan")
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            run(xp, wp, b, out, s, d, 1)
            ts.append(time.perf_counter() - t0)
        t = float(np.min(ts))
        print("%-26s %5d %9.4f %9.3f %9.3f %9.3f %8.1f %6.2f" % (
            name, N, flops / 1e9, cold, t * 1e3, float(np.median(ts)) * 1e3, flops / t / 1e9, busy),
            flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--only", choices=sorted(SHAPES), default=None)
    ap.add_argument("--check", action="store_true", help="accuracy + determinism checks")
    ap.add_argument("--wait-idle", type=float, default=0.0, metavar="S",
                    help="before timing each layer wait up to S s for other processes to go idle "
                         "(busy column: cores they used just before timing)")
    args = ap.parse_args()
    import numba
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    print("numba %s, %d threads; 'cold s' = first call (compile or cache load); GFLOP/s from min time"
          % (numba.__version__, numba.get_num_threads()))
    cases = SHAPES[args.only] if args.only else [c for v in SHAPES.values() for c in v]
    bench(cases, args.batch, args.reps, rng, args.wait_idle)
    print("threading layer:", numba.threading_layer())
    if args.check:
        small = [c for c in EXTRA] + SHAPES["lenet"] + [SHAPES["alexnet"][4], SHAPES["alexnet"][0]]
        check(small, rng)
        determinism([SHAPES["lenet"][1], EXTRA[1], SHAPES["alexnet"][4]], rng)
    print("total %.1f s" % (time.perf_counter() - t0))


if __name__ == "__main__":
    main()
