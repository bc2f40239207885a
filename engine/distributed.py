"""Batch inference and activation dumps on a Dask cluster (dask.distributed).

    from distributed import Client
    from engine import distributed
    client = Client("tcp://scheduler:8786")                 # or distributed.cluster(workers=4)
    probs = distributed.infer(client, "model.h5", ["big.h5"], chunk_size=2048)
    distributed.dump_activations(client, "model.h5", distributed.dataset("fashion-mnist", "train"),
                                 ["fc2"], "feats.h5", chunk_size=2048)

The client sends each worker a description of the inputs (paths, or dataset name + split + data
dir) and a row range, never the images: workers open the inputs themselves with engine.data (HDF5
datasets are sliced lazily, folders read image by image), so paths must mean the same on every
machine (a shared filesystem). Each worker process loads the model once, keyed by (path, SHA-256),
checks that its copy of the file is the client's, and reuses it for all its chunks; the Numba
kernels come from each machine's own compile cache.

Dumps use engine.partial's design: each worker writes its chunks `rows-<start>-<stop>.npz` into
OUT.partial/ (atomically), and the client only streams the finished chunks into OUT (atomically),
so outputs larger than the client's memory never pass through it, the file is the one a
one-machine run writes, a worker killed mid-chunk leaves no trace (Dask re-runs the chunk
elsewhere), and resume=True continues an interrupted job.
"""
import contextlib
import dataclasses
import os
import threading
import time
import uuid
import warnings

import numpy as np

INSTALL_HINT = "the Dask options need dask.distributed: pip install 'cnn-engine[dask]'"
DEFAULT_CHUNK_SIZE = 1024


class ClusterError(OSError):
    """The cluster failed the job (a chunk's worker died too often, or workers cannot see the output)."""


def require():
    """Import dask.distributed, or fail with one line saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ValueError(INSTALL_HINT) from None
    return distributed


# ---------------------------------------------------------------- input descriptions
@dataclasses.dataclass(frozen=True)
class InputSpec:
    """What the workers need to open the inputs themselves: file paths (as engine.data.open_inputs
    takes them: arrays, IDX, `file.h5` / `file.h5:/dataset`, images, folders) or a named dataset."""
    paths: tuple = ()
    labels_path: str = None
    dataset: str = None
    split: str = "test"
    data_dir: str = None

    def open(self, model):
        """-> engine.data.Inputs, exactly as the one-machine commands open them."""
        from engine import data
        if self.dataset:
            found = data.dataset_inputs(self.dataset, self.split, self.data_dir)
            if self.labels_path:
                found.labels = data.read_labels(self.labels_path)
            return found
        return data.open_inputs(list(self.paths), model, self.labels_path)

    def for_workers(self):
        """Absolute paths (workers run elsewhere, in other folders); no labels (only the client needs them)."""
        from engine import data

        def absolute(path):
            h5 = data.split_h5_spec(path)
            if h5 and h5[1] and os.path.isfile(h5[0]):
                return f"{os.path.abspath(h5[0])}:{h5[1]}"
            return os.path.abspath(path)
        return InputSpec(tuple(absolute(p) for p in self.paths), None, self.dataset, self.split,
                         os.path.abspath(self.data_dir) if self.data_dir else None)

    @classmethod
    def from_cli(cls, inputs=(), data_name=None, split="test", data_dir=None, labels_path=None):
        """The CLI's rule: INPUT files, or --data NAME, or the bundled sample digits."""
        if data_name:
            return dataset(data_name, split, data_dir, labels_path)
        if not inputs:
            return dataset("sample")
        return files(inputs, labels_path)


def files(paths, labels_path=None):
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return InputSpec(tuple(os.fspath(p) for p in paths), os.fspath(labels_path) if labels_path else None)


def dataset(name, split="test", data_dir=None, labels_path=None):
    return InputSpec((), os.fspath(labels_path) if labels_path else None, name, split,
                     os.fspath(data_dir) if data_dir else None)


def as_spec(inputs):
    """An InputSpec, a path, or a list of paths -> InputSpec."""
    if isinstance(inputs, InputSpec):
        return inputs
    if isinstance(inputs, (str, os.PathLike, list, tuple)):
        return files(inputs)
    raise TypeError(f"inputs: expected paths or an InputSpec (engine.distributed.files / .dataset), got "
                    f"{type(inputs).__name__}: workers open the inputs themselves, so in-memory arrays cannot be sent")


# ---------------------------------------------------------------- worker side
_LOCK = threading.Lock()
_MODELS = {}   # (absolute path, sha256) -> model, one load per worker process
_INPUTS = {}   # (InputSpec, inputs fingerprint, model path, sha256) -> engine.data.Inputs
_STATS = {"model_loads": 0, "inputs_opened": 0, "chunks": 0}
_CACHE_SIZE = 4
_TEST_DELAY = [0.0]


def _remember(cache, key, value):
    while len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value


def worker_model(path, sha256):
    """The model of this (path, SHA-256), loaded once per process; refuses a file that differs from the client's."""
    key = (path, sha256)
    with _LOCK:
        if key not in _MODELS:
            import engine
            from engine.jobs import file_sha256
            if not os.path.isfile(path):
                raise ValueError(f"{path}: the model file is not on this worker (workers need a shared filesystem)")
            if file_sha256(path) != sha256:
                raise ValueError(f"{path}: this worker's copy of the model differs from the client's (SHA-256)")
            _remember(_MODELS, key, engine.load(path))
            _STATS["model_loads"] += 1
        return _MODELS[key]


def _prepare(model_key, spec, threads):
    """spec: (InputSpec, fingerprint of the inputs on the client: a changed file is opened afresh)."""
    if threads:
        import numba
        import engine
        engine.set_num_threads(min(int(threads), numba.config.NUMBA_NUM_THREADS))  # per thread: set each task
    model = worker_model(*model_key)
    # the model warns once per run of NaN inputs or outputs; on a worker it outlives the run: warn again
    # for this task (the client shows each message once per job)
    model._warned_inputs = model._warned_nonfinite = False
    key = tuple(spec) + tuple(model_key)
    with _LOCK:
        if key not in _INPUTS:
            from engine.data import MissingInput
            try:
                opened = spec[0].open(model)
            except (MissingInput, FileNotFoundError) as e:  # the client found it: this worker sees other files
                import socket
                raise ValueError(f"{e.filename or e}: not found on worker {socket.gethostname()}; the inputs must be "
                                 f"at the same paths on the workers as on the client (a shared filesystem)") from None
            _remember(_INPUTS, key, opened)
            _STATS["inputs_opened"] += 1
        inputs = _INPUTS[key]
    return model, inputs


def _finish_chunk():
    if _TEST_DELAY[0]:
        time.sleep(_TEST_DELAY[0])
    with _LOCK:
        _STATS["chunks"] += 1


_TASK = threading.local()  # .warnings: the list the running task of this thread collects warnings into
_HOOK = []                 # the process's warnings hook, installed once


@contextlib.contextmanager
def _engine_warnings(found):
    """Collect the engine's RuntimeWarnings of a task (NaN or Inf inputs, a layer producing NaN) into `found`
    for the client to show: a worker's own stderr is a terminal line of raw warning format at best (local
    workers) and a log file on another machine at worst. Tasks may run in several threads of a worker at
    once, and warnings.catch_warnings swaps process-wide state: one hook per process files each warning
    under the task of the thread that raised it."""
    _install_warnings_hook()
    _TASK.warnings = found
    try:
        yield
    finally:
        _TASK.warnings = None


def _install_warnings_hook():
    with _LOCK:
        if _HOOK and warnings.showwarning is _HOOK[-1]:
            return
        engine_dir = os.path.dirname(os.path.abspath(__file__))
        # every occurrence (Python's default shows a location once per process, and a worker outlives jobs)
        warnings.filterwarnings("always", category=RuntimeWarning, module=r"engine(\.|$)")
        previous = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            found = getattr(_TASK, "warnings", None)
            if found is not None and issubclass(category, RuntimeWarning) and \
                    os.path.abspath(filename).startswith(engine_dir):
                found.append(str(message))
            else:
                previous(message, category, filename, lineno, file, line)
        warnings.showwarning = show
        _HOOK.append(show)


def _show_warnings(messages, shown):
    """On the client: each worker warning once, as the one-machine run would have given it."""
    for message in messages:
        if message not in shown:
            shown.add(message)
            warnings.warn(message, RuntimeWarning, stacklevel=3)


def _infer_chunk(model_key, spec, start, stop, batch_size, device, threads):
    model, inputs = _prepare(model_key, spec, threads)
    out, found = None, []
    with _engine_warnings(found):
        for a in range(start, stop, batch_size):  # as jobs.infer: one batch of inputs in memory at a time
            b = min(a + batch_size, stop)
            probs = model.predict(inputs.batch(a, b, model), batch_size=batch_size, device=device)
            if out is None:
                out = np.empty((stop - start,) + probs.shape[1:], probs.dtype)
            out[a - start:b - start] = probs
    _finish_chunk()
    return start, stop, out, found


def _dump_chunk(model_key, spec, start, stop, names, batch_size, device, threads, out_path, meta):
    from engine.partial import PartialDump
    model, inputs = _prepare(model_key, spec, threads)
    try:
        work = PartialDump(out_path, meta, resume=True)  # attach to the client's OUT.partial/ (meta.json checked)
    except ValueError as e:
        raise ValueError(f"{out_path}.partial changed under the job, or is not visible to this worker "
                         f"(a shared filesystem is needed): {e}") from None
    arrays, found = {}, []
    with _engine_warnings(found):
        for a in range(start, stop, batch_size):
            b = min(a + batch_size, stop)
            for name, value in model.activations(inputs.batch(a, b, model), names, batch_size, device).items():
                if name not in arrays:
                    arrays[name] = np.empty((stop - start,) + value.shape[1:], value.dtype)
                arrays[name][a - start:b - start] = value
    _finish_chunk()
    work.write_chunk(start, stop, arrays)  # appears complete or not at all
    return start, stop, found


def worker_stats():
    """This process's counters: model_loads, inputs_opened, chunks (for client.run)."""
    with _LOCK:
        return dict(_STATS, pid=os.getpid())


def dask_setup(worker):
    """Run by dask in each worker process that cluster(workers=N) starts (its preload). A terminal's Ctrl-C
    reaches the whole process group: the workers left it to the client, which stops them as it exits,
    but printed two tracebacks each from their own KeyboardInterrupt."""
    import signal
    import threading
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _set_test_delay(seconds):
    """Test hook (client.run): sleep this long at the end of every chunk."""
    _TEST_DELAY[0] = float(seconds)


# ---------------------------------------------------------------- client side
@contextlib.contextmanager
def cluster(scheduler=None, workers=None, threads=None):
    """A Client: connected to `scheduler` (an address), or to a local cluster of `workers` processes
    started here (each with `threads` kernel threads; default: the cores shared out)."""
    require()
    import logging
    from distributed import Client, LocalCluster
    if scheduler and workers:
        raise ValueError("give --scheduler ADDRESS or --workers N, not both")
    if scheduler:
        _check_reachable(scheduler)
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({str(e)[:100]})") from None
        with client:
            yield client
        return
    import dask
    n = int(workers or 1)
    k = int(threads or max(1, (os.cpu_count() or 1) // n))
    # Set before each worker process starts. Dask's default MALLOC_TRIM_THRESHOLD_ (64 KiB) freezes glibc's
    # mmap threshold, so every activation buffer is freshly mapped and page-faulted: measured 25-70 %
    # slower on LeNet-5. Remote clusters: set distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_
    # to null in the workers' Dask config (see README).
    spawn_env = {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": str(k), "NUMBA_NUM_THREADS": str(k)}
    saved = {name: os.environ.get(name) for name in spawn_env}

    def restore_environ():  # the nannies run in this process and leave their settings in os.environ:
        for name, value in saved.items():  # a changed NUMBA_NUM_THREADS makes Numba refuse to compile here
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    try:
        with dask.config.set({f"distributed.nanny.pre-spawn-environ.{name}": value
                              for name, value in spawn_env.items()}):
            # CRITICAL: a task's failure reaches the client, which reports it as one line; at ERROR the
            # workers also printed "Compute Failed" with a traceback
            local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                                 silence_logs=logging.CRITICAL, preload=[__name__])  # dask_setup below
        restore_environ()
        with local, Client(local) as client:
            yield client
    finally:
        restore_environ()


def _check_reachable(scheduler, seconds=5.0):
    """A tcp:// scheduler address whose host is unknown or whose port refuses connections fails at once,
    with its reason, where dask's Client retries it until its 20 s timeout. Other protocols (tls://,
    inproc://, ucx://) are left to dask."""
    import socket
    from urllib.parse import urlsplit
    address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
    try:
        parts = urlsplit(address)
        if parts.scheme != "tcp":
            return
        port = parts.port or 8786
        host = parts.hostname
    except ValueError:  # a port that is not a number, a broken [IPv6] literal
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} (not a tcp://HOST:PORT address)") from None
    if not host:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} (no host in the address)")
    try:
        socket.create_connection((host, port), timeout=seconds).close()
    except socket.gaierror:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} (unknown host {host})") from None
    except socket.timeout:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} (no answer in {seconds:g} s)") from None
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({e.strerror or e})") from None


def _run(client, fn, ranges, args_before, args_after, on_result, kind):
    """Submit fn(*args_before, start, stop, *args_after) per range; on_result(result) as each finishes,
    in any order. On any failure or interruption the unfinished chunks are cancelled."""
    from distributed import as_completed
    token = uuid.uuid4().hex[:8]
    futures = [client.submit(fn, *args_before, a, b, *args_after, pure=False,
                             key=f"cnn-engine-{kind}-{a:010d}-{b:010d}-{token}") for a, b in ranges]
    try:
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as e:
                if type(e).__name__ == "KilledWorker":
                    raise ClusterError(f"chunk {future.key}: its workers died repeatedly ({str(e)[:80]}); "
                                       f"{'--resume continues' if kind == 'dump' else 'run again'}") from None
                raise
            on_result(result)
            future.release()
    except BaseException:
        client.cancel([f for f in futures if not f.done()])
        raise


def _client_side(model_path, inputs, client_inputs, client_model):
    import engine
    from engine.jobs import file_sha256
    spec = as_spec(inputs)
    model = client_model if client_model is not None else engine.load(model_path)
    found = client_inputs if client_inputs is not None else spec.open(model)
    return model, spec, found, (os.path.abspath(model_path), file_sha256(model_path))


def infer(client, model_path, inputs, chunk_size=DEFAULT_CHUNK_SIZE, batch_size=256, device="cpu", progress=None,
          threads=None, client_inputs=None, client_model=None):
    """Probabilities (N, classes), bit-identical to engine.jobs.infer on one machine. inputs: paths or an
    InputSpec (files(...) / dataset(...)); progress(k) after each finished chunk; threads: kernel
    threads per worker task; client_inputs, client_model: the engine.data.Inputs and the model already
    opened here from the same inputs and model_path (optional: saves opening them twice)."""
    require()
    model, spec, found, model_key = _client_side(model_path, inputs, client_inputs, client_model)
    n = len(found)
    out, shown = {}, set()

    def on_result(result):
        start, stop, probs, messages = result
        _show_warnings(messages, shown)
        if "probs" not in out:
            out["probs"] = np.empty((n,) + probs.shape[1:], probs.dtype)
        out["probs"][start:stop] = probs
        if progress:
            progress(stop - start)
    ranges = [(a, min(a + int(chunk_size), n)) for a in range(0, n, int(chunk_size))]
    _run(client, _infer_chunk, ranges, (model_key, (spec.for_workers(), found.fingerprint())),
         (int(batch_size), device, threads),
         on_result, "infer")
    return out["probs"]


def _drop_overlaps(work):
    """Chunks left by an abandoned run with other boundaries may overlap ours: keep one of each."""
    covered = 0
    for start, stop, path in work.chunks():
        if start < covered:
            with contextlib.suppress(OSError):
                os.unlink(path)
        else:
            covered = stop


def dump_activations(client, model_path, inputs, layers, out_path, chunk_size=DEFAULT_CHUNK_SIZE, batch_size=256,
                     device="cpu", resume=False, progress=None, threads=None, client_inputs=None, client_model=None):
    """engine.jobs.dump_activations on the cluster: the same OUT (datasets, attributes, values, order).
    Workers write their chunks into OUT.partial/; the client streams them into OUT. -> layer names.
    layers: names, or None / ["all"]; other arguments as infer()'s."""
    require()
    from engine import jobs
    model, spec, found, model_key = _client_side(model_path, inputs, client_inputs, client_model)
    names, meta, work = jobs.start_dump(model, found, layers, out_path, model_path, resume)
    started = time.perf_counter()
    n, reported, shown = len(found), [0], set()

    def on_result(result):
        start, stop, messages = result
        _show_warnings(messages, shown)
        report(stop - start)

    def report(k):  # rows redone after an overlap (see _drop_overlaps) are not counted twice
        k = min(k, n - reported[0])
        reported[0] += k
        if progress and k:
            progress(k)
    try:  # a failure before the first chunk (a refused task, a wrong input shape) leaves no folder behind
        _drop_overlaps(work)
        todo = work.missing(int(chunk_size))
        report(n - sum(b - a for a, b in todo))
        for attempt in range(4):
            if todo:
                if attempt == 3:
                    raise ClusterError(f"{work.folder}: the workers finished but {sum(b - a for a, b in todo)} rows "
                                       f"are missing there: workers must write to the same filesystem as the client")
                _run(client, _dump_chunk, todo, (model_key, (spec.for_workers(), meta["inputs_fingerprint"])),
                     (names, int(batch_size), device, threads, os.path.abspath(out_path), meta),
                     on_result, "dump")
            else:
                try:
                    work.assemble(lambda f: jobs.create_dump_datasets(f, model, found, meta,
                                                                      time.perf_counter() - started))
                    break
                except ValueError as e:  # a chunk of an abandoned run landed after the check below: check again
                    if "cannot assemble yet" not in str(e):
                        raise
            _drop_overlaps(work)
            todo = work.missing(int(chunk_size))
        else:
            raise ClusterError(f"{work.folder}: chunks keep changing under the job (another run on the same output?)")
    except BaseException:
        work.discard_if_empty()
        raise
    return names
