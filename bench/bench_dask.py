"""Throughput of `infer` and `dump-activations` on a local Dask cluster (1 and 2 worker processes)
against the plain one-machine run: the bundled LeNet-5 over the 70,000 Fashion-MNIST images
(train + test IDX files), with the outputs checked to be bit-identical.

    python bench/bench_dask.py                                  # workers 1,2; chunks of 1024; best of 2
    python bench/bench_dask.py --workers 1,2,4 --chunk-size 4096 --repeat 3
    python bench/bench_dask.py --data-dir DIR --layer fc1

Every run is timed from the call to the finished result (including opening the inputs: the client
reads the IDX headers/labels, each worker opens the files itself); starting the cluster and the
workers' first model load and kernel load are done before timing (reported apart). The plain run
uses all cores in one process; a cluster of W workers gives each cores/W kernel threads. Overhead is
the extra time against the plain run on the same cores. Progress goes to stderr, the table to stdout.
"""
import argparse
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

import engine  # noqa: E402
import weights  # noqa: E402
from engine import data, jobs  # noqa: E402


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def fashion_paths(data_dir):
    folder = data_dir or data.FASHION_MNIST_DIR
    found = []
    for prefix in ("train", "t10k"):
        for name in (f"{prefix}-images-idx3-ubyte", f"{prefix}-images-idx3-ubyte.gz"):
            if os.path.exists(os.path.join(folder, name)):
                found.append(os.path.join(folder, name))
                break
        else:
            sys.exit(f"{folder}: no {prefix} images IDX file (install dataset-fashion-mnist or use --data-dir)")
    return found


def best_of(repeat, fn):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def read_layer(path, layer):
    return jobs.read_activation_dump(path, layer)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2", help="comma-separated cluster sizes")
    parser.add_argument("--chunk-size", type=int, default=1024)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=2, help="runs per configuration (best is shown)")
    parser.add_argument("--layer", default="fc2", help="layer dumped by the dump-activations rows")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    from engine import distributed as dist
    dist.require()

    model_path = str(weights.bundled_path())
    model = engine.load(model_path)
    paths = fashion_paths(args.data_dir)
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    rows, tmp = [], tempfile.mkdtemp(prefix="bench-dask-")

    def plain_infer():
        return jobs.infer(model, data.open_inputs(paths, model), args.batch_size)

    def plain_dump():
        out = os.path.join(tmp, "plain.h5")
        jobs.dump_activations(model, data.open_inputs(paths, model), [args.layer], out, args.batch_size,
                              model_path=model_path)
        return out

    log(f"plain: one process, {cores} kernel threads")
    jobs.infer(model, data.dataset_inputs("sample"), args.batch_size)  # kernels loaded before timing
    t_infer, want = best_of(args.repeat, plain_infer)
    n = len(want)
    t_dump, plain_out = best_of(args.repeat, plain_dump)
    want_acts = read_layer(plain_out, args.layer)
    rows.append(("plain", "-", "infer", n / t_infer, None))
    rows.append(("plain", "-", f"dump {args.layer}", n / t_dump, None))

    for workers in [int(w) for w in args.workers.split(",")]:
        threads = max(1, cores // workers)
        log(f"dask: {workers} worker process(es), {threads} kernel thread(s) each, chunks of {args.chunk_size}")
        started = time.perf_counter()
        with dist.cluster(workers=workers, threads=threads) as client:
            client.wait_for_workers(workers)
            dist.infer(client, model_path, dist.dataset("sample"), chunk_size=64)  # model + kernels on each worker
            setup = time.perf_counter() - started
            t, probs = best_of(args.repeat, lambda: dist.infer(client, model_path, paths, args.chunk_size,
                                                                args.batch_size, threads=threads))
            assert np.array_equal(probs, want), "dask infer differs from the plain run"
            rows.append((f"dask x{workers}", f"{setup:.1f} s", "infer", n / t, (t / t_infer - 1) * 100))

            def dump():
                out = os.path.join(tmp, f"dask{workers}.h5")
                dist.dump_activations(client, model_path, paths, [args.layer], out, args.chunk_size, args.batch_size,
                                      threads=threads)
                return out
            t, out = best_of(args.repeat, dump)
            assert np.array_equal(read_layer(out, args.layer), want_acts), "dask dump differs from the plain run"
            rows.append((f"dask x{workers}", f"{setup:.1f} s", f"dump {args.layer}", n / t, (t / t_dump - 1) * 100))

    load_after = os.getloadavg()
    print(f"LeNet-5 (bundled), {n:,} Fashion-MNIST images, batch {args.batch_size}, chunks of {args.chunk_size}, "
          f"{cores} cores, best of {args.repeat}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"{'run':<10} {'cluster start':>13} {'job':<10} {'images/s':>10} {'overhead':>9}")
    for run, setup, job, rate, overhead in rows:
        print(f"{run:<10} {setup:>13} {job:<10} {rate:>10,.0f} {'-' if overhead is None else f'{overhead:+.0f} %':>9}")
    print("outputs: bit-identical to the plain run")


if __name__ == "__main__":
    main()
