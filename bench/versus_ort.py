"""One model against ONNX Runtime, from a given source tree: for comparing two versions of cnn-engine on
these noisy machines.

The machines drift between a fast and a slow state for tens of seconds, and cnn-engine drifts more than ONNX
Runtime, so a lone bench_models.py run can put AlexNet's ORT/ours anywhere from 0.86 to 1.17. To see what a
change did, run this for the old and the new tree in alternating processes, several times, and compare the
ratios run by run:

    git worktree add /tmp/old <commit>
    for i in 1 2 3 4; do for tree in /tmp/old .; do python bench/versus_ort.py --tree $tree alexnet 1; done; done

Each round times both engines once, in alternating order, each sample after a 50 ms pause (ORT's threads spin
for up to ~50 ms after a run and take a core from whatever runs next) and an untimed call. Prints one line:
the tree, the medians and ORT/ours (above 1: cnn-engine is faster). Needs onnxruntime, onnx and torch (for
the export), as bench_models.py does.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model", choices=["lenet5", "alexnet", "vgg16"])
    p.add_argument("batch", type=int)
    p.add_argument("--tree", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   help="the cnn-engine source tree to import (default: this one)")
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--pause", type=float, default=0.05)
    args = p.parse_args(argv)
    tree = os.path.abspath(args.tree)
    sys.path.insert(0, tree)
    import engine
    if not os.path.abspath(engine.__file__).startswith(tree + os.sep):
        sys.exit(f"versus_ort: imported engine from {engine.__file__}, not from {tree}")
    from engine import zoo
    from bench.export import ort_session, to_onnx_bytes, to_torch  # (the tree's own export.py)
    engine.set_num_threads(2)
    model = getattr(zoo, args.model)(seed=0)
    x = np.random.default_rng(0).standard_normal((args.batch,) + model.input_shape).astype(np.float32)
    session = ort_session(to_onnx_bytes(to_torch(model).eval(), model.input_shape), threads=2)
    name = session.get_inputs()[0].name
    runs = {"ours": lambda: model.predict(x, batch_size=args.batch), "ort": lambda: session.run(None, {name: x})}
    for run in runs.values():
        run()
    times = {k: [] for k in runs}
    for r in range(args.rounds):
        for k in ("ours", "ort") if r % 2 else ("ort", "ours"):
            time.sleep(args.pause)
            runs[k]()
            started = time.perf_counter()
            runs[k]()
            times[k].append(time.perf_counter() - started)
    ours, ort = statistics.median(times["ours"]), statistics.median(times["ort"])
    print(f"{args.tree} {args.model} batch {args.batch}: ours {ours * 1e3:.3g} ms, ORT {ort * 1e3:.3g} ms, "
          f"ORT/ours {ort / ours:.3f}")


if __name__ == "__main__":
    main()
