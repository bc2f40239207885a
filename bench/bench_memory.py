"""Peak memory of the CLI against the number of inputs: it should not grow with N.

Runs `cnn-engine infer X -o probs.npy` and `cnn-engine dump-activations X --layer fc2 -o acts.h5`
(and, with --conv1, `--layer conv1`, whose output is 4.7 KB per input) in subprocesses on N random
uint8 images shaped (N, 1, 28, 28) saved as .npy (and as HDF5 with --h5), for each N given, and
prints peak RSS (the child's ru_maxrss from wait4) and wall time as a table.

    python bench/bench_memory.py                      # N = 1,000 and 100,000
    python bench/bench_memory.py --sizes 1000 10000 100000 --conv1 --h5

Peak RSS counts the pages of an mmap-ed .npy input that were read (clean, file-backed, reclaimable):
the 'npy pages' column is that share (N * 784 bytes), for reading the rest of the table.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, cwd):
    """-> (exit status, peak RSS in MiB, wall seconds) of `python -m cli.main ARGS`."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "-q", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        print(f"  {' '.join(map(str, args))} failed ({proc.returncode}): {err.strip()[-300:]}", file=sys.stderr)
    return proc.returncode, usage.ru_maxrss / 1024, wall  # ru_maxrss is in KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--conv1", action="store_true", help="also dump conv1 (large outputs)")
    parser.add_argument("--h5", action="store_true", help="also read the inputs from an HDF5 file")
    parser.add_argument("--batch-size", type=int, default=256)
    opts = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in opts.sizes:
            rng = np.random.default_rng(n)
            x = np.empty((n, 1, 28, 28), np.uint8)
            for start in range(0, n, 10000):  # written in pieces: the bench itself stays small
                x[start:start + 10000] = rng.integers(0, 256, x[start:start + 10000].shape, dtype=np.uint8)
            inputs = {"npy": os.path.join(tmp, f"x{n}.npy")}
            np.save(inputs["npy"], x)
            if opts.h5:
                import h5py
                inputs["h5"] = os.path.join(tmp, f"x{n}.h5")
                with h5py.File(inputs["h5"], "w") as f:
                    f.create_dataset("x", data=x, chunks=(min(n, 1024), 1, 28, 28))
            del x
            commands = [("infer -o probs.npy", ["infer", "{x}", "-o", os.path.join(tmp, "probs.npy")]),
                        ("dump-activations --layer fc2", ["dump-activations", "{x}", "--layer", "fc2", "-o",
                                                          os.path.join(tmp, "fc2.h5")])]
            if opts.conv1:
                commands.append(("dump-activations --layer conv1", ["dump-activations", "{x}", "--layer", "conv1",
                                                                    "-o", os.path.join(tmp, "conv1.h5")]))
            for kind, path in inputs.items():
                for label, args in commands:
                    args = [path if a == "{x}" else a for a in args] + ["--batch-size", opts.batch_size]
                    status, rss, wall = run(args, tmp)
                    rows.append((label, kind, n, rss, n * 784 / 2 ** 20 if kind == "npy" else 0.0, wall, status))
                    print(f"  {label} ({kind}) N={n:,}: {rss:,.0f} MiB, {wall:.1f} s", file=sys.stderr)
                for name in ("probs.npy", "fc2.h5", "conv1.h5"):
                    if os.path.exists(os.path.join(tmp, name)):
                        os.unlink(os.path.join(tmp, name))
    head = f"| {'command':32s} | input | {'N':>9s} | peak RSS MiB | npy pages MiB | wall s | exit |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for label, kind, n, rss, pages, wall, status in rows:
        print(f"| {label:32s} | {kind:5s} | {n:>9,} | {rss:12,.0f} | {pages:13,.0f} | {wall:6.1f} | {status:4d} |")


if __name__ == "__main__":
    main()
