"""engine.distributed on a real local Dask cluster (2 worker processes, no mocks): the same outputs
as the one-machine run, bit for bit, a worker killed mid-job, resume after a client interruption,
and the CLI's --workers path."""
import json
import os
import signal
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

import engine  # noqa: E402
import weights  # noqa: E402
from engine import data, jobs  # noqa: E402
from engine import distributed as dist  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = str(weights.bundled_path())
LAYERS = ["conv1", "pool2", "fc2", "prob"]


@pytest.fixture(scope="module")
def client():
    with dist.cluster(workers=2, threads=1) as c:
        c.wait_for_workers(2)
        yield c


@pytest.fixture(scope="module")
def model():
    return engine.load(MODEL)


@pytest.fixture(scope="module")
def h5_input(tmp_path_factory):
    """A chunked HDF5 input: /x (N, 1, 28, 28) uint8 (padded to 32x32 by the model), /y labels."""
    import h5py
    rng = np.random.default_rng(7)
    path = tmp_path_factory.mktemp("inputs") / "images.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("x", data=rng.integers(0, 256, (301, 1, 28, 28)).astype(np.uint8), chunks=(16, 1, 28, 28))
        f.create_dataset("y", data=rng.integers(0, 10, 301))
        f.create_dataset("group/more", data=rng.random((45, 28, 28)).astype(np.float32) * 255)
    return str(path)


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory):
    from PIL import Image
    rng = np.random.default_rng(3)
    folder = tmp_path_factory.mktemp("pngs")
    for i in range(23):
        size = (20 + i % 5, 24)  # sizes differ: each image is resized as it is read
        Image.fromarray(rng.integers(0, 256, size[::-1]).astype(np.uint8)).save(folder / f"{i:03d}.png")
    return str(folder)


def read_dump(path):
    import h5py
    with h5py.File(path, "r") as f:
        attrs = {k: (v.item() if hasattr(v, "item") else v) for k, v in f.attrs.items() if k != "seconds"}
        arrays, layout = {}, {}
        f.visititems(lambda name, obj: arrays.update({name: obj[()]}) or layout.update(
            {name: (obj.dtype, obj.chunks, obj.compression, obj.shuffle)}) if isinstance(obj, h5py.Dataset) else None)
        return attrs, arrays, layout


def assert_same_dump(a, b):
    (attrs_a, arrays_a, layout_a), (attrs_b, arrays_b, layout_b) = read_dump(a), read_dump(b)
    assert attrs_a == attrs_b
    assert layout_a == layout_b
    assert sorted(arrays_a) == sorted(arrays_b)
    for name in arrays_a:
        assert arrays_a[name].dtype == arrays_b[name].dtype
        assert np.array_equal(arrays_a[name], arrays_b[name]), name  # bit-identical (no NaN here)


def one_machine_dump(model, paths, layers, out):
    jobs.dump_activations(model, data.open_inputs(paths, model), layers, out, batch_size=64, model_path=MODEL)


# ---------------------------------------------------------------- results equal the one-machine run
def test_infer_is_bit_identical_and_loads_the_model_once_per_worker(client, model, h5_input):
    seen, before = [], client.run(dist.worker_stats)
    probs = dist.infer(client, MODEL, [h5_input, f"{h5_input}:/group/more"], chunk_size=37, batch_size=16,
                       progress=seen.append)
    want = jobs.infer(model, data.open_inputs([h5_input, f"{h5_input}:/group/more"], model), batch_size=256)
    assert probs.dtype == want.dtype and probs.shape == (346, 10)
    assert np.array_equal(probs, want)
    assert sum(seen) == 346
    stats = client.run(dist.worker_stats)
    assert all(s["model_loads"] == (1 if s["chunks"] else 0) for s in stats.values()), stats  # not once per chunk
    assert sum(s["chunks"] - before.get(w, {}).get("chunks", 0) for w, s in stats.items()) == 10


def test_dump_is_identical_file(client, model, h5_input, image_folder, tmp_path):
    paths = [image_folder, h5_input]
    one_machine_dump(model, paths, LAYERS, tmp_path / "one.h5")
    names = dist.dump_activations(client, MODEL, paths, LAYERS, tmp_path / "dask.h5", chunk_size=50, batch_size=32)
    assert names == LAYERS
    assert not os.path.exists(tmp_path / "dask.h5.partial")
    assert_same_dump(tmp_path / "one.h5", tmp_path / "dask.h5")


def test_dump_of_a_named_dataset(client, model, tmp_path):
    jobs.dump_activations(model, data.dataset_inputs("digits", "test"), None, tmp_path / "one.h5", model_path=MODEL)
    dist.dump_activations(client, MODEL, dist.dataset("digits", "test"), ["all"], tmp_path / "dask.h5",
                          chunk_size=128)
    assert_same_dump(tmp_path / "one.h5", tmp_path / "dask.h5")


# ---------------------------------------------------------------- failures
def test_worker_killed_mid_job_its_chunks_rerun(client, model, h5_input, tmp_path):
    one_machine_dump(model, [h5_input], ["fc2"], tmp_path / "one.h5")
    pids = client.run(os.getpid)
    client.run(dist._set_test_delay, 0.25)  # every chunk sleeps: the kill lands inside one
    victim, killed = sorted(pids.values())[0], []

    def progress(k):
        if k and not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
    try:
        dist.dump_activations(client, MODEL, [h5_input], ["fc2"], tmp_path / "dask.h5", chunk_size=20,
                              progress=progress)
    finally:
        client.run(dist._set_test_delay, 0.0)
    assert killed
    assert_same_dump(tmp_path / "one.h5", tmp_path / "dask.h5")

    def rescheduled(dask_scheduler):  # chunks that were on the dead worker went back to the queue
        log = getattr(dask_scheduler, "transition_log", None)
        if log is None:
            return None
        return {str(e[0]) for e in log if str(e[0]).startswith("cnn-engine-dump") and e[1] == "processing"
                and e[2] != "memory"}
    moved = client.run_on_scheduler(rescheduled)
    assert moved is None or moved, "no chunk was re-run after the kill"
    client.wait_for_workers(2, timeout=60)  # the nanny restarted the killed worker
    assert victim not in client.run(os.getpid).values()


def test_client_interrupted_then_resume(client, model, h5_input, tmp_path):
    one_machine_dump(model, [h5_input], LAYERS, tmp_path / "one.h5")
    out = tmp_path / "dask.h5"
    done = []

    def interrupt(k):
        done.append(k)
        if sum(done) >= 60:
            raise KeyboardInterrupt
    client.run(dist._set_test_delay, 0.05)
    try:
        with pytest.raises(KeyboardInterrupt):
            dist.dump_activations(client, MODEL, [h5_input], LAYERS, out, chunk_size=30, progress=interrupt)
    finally:
        client.run(dist._set_test_delay, 0.0)
    assert not os.path.exists(out)  # nothing under the final name
    assert os.path.isdir(f"{out}.partial") and any(n.startswith("rows-") for n in os.listdir(f"{out}.partial"))
    with pytest.raises(ValueError, match="another layer list"):  # resume checks what is being computed
        dist.dump_activations(client, MODEL, [h5_input], ["fc2"], out, chunk_size=30, resume=True)
    seen = []
    dist.dump_activations(client, MODEL, [h5_input], LAYERS, out, chunk_size=45, resume=True, progress=seen.append)
    assert seen[0] >= 60 and sum(seen) == 301  # the first report counts the rows already on disk
    assert_same_dump(tmp_path / "one.h5", out)


def test_inputs_must_be_openable_by_workers(client):
    with pytest.raises(TypeError, match="workers open the inputs themselves"):
        dist.infer(client, MODEL, np.zeros((2, 1, 32, 32), np.float32))


# ---------------------------------------------------------------- HDF5 inputs (engine.data)
def test_h5_inputs_are_checked(tmp_path, model):
    import h5py
    with h5py.File(tmp_path / "bad.h5", "w") as f:
        f["x"] = np.zeros((4, 5))
        f["s"] = np.array([b"a", b"b"])
    with pytest.raises(ValueError, match="expected images"):
        data.open_inputs([str(tmp_path / "bad.h5")], model)
    with pytest.raises(ValueError, match="numeric"):
        data.open_inputs([f"{tmp_path / 'bad.h5'}:/s"], model)
    with pytest.raises(ValueError, match="no dataset '/nope'"):
        data.open_inputs([f"{tmp_path / 'bad.h5'}:/nope"], model)


# ---------------------------------------------------------------- the command line
def run_cli(*args, cwd):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_workers(model, h5_input, tmp_path):
    one_machine_dump(model, [h5_input], ["fc2", "prob"], tmp_path / "one.h5")
    started = time.perf_counter()
    r = run_cli("dump-activations", h5_input, "--layer", "fc2", "--layer", "prob", "-o", "dask.h5", "--workers", "2",
                "--chunk-size", "64", "--batch-size", "64", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "wrote dask.h5: 301 inputs" in r.stderr
    assert_same_dump(tmp_path / "one.h5", tmp_path / "dask.h5")
    r = run_cli("infer", h5_input, "--workers", "2", "--chunk-size", "100", "-o", "probs.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "probs.json") as f:
        got = np.array([row["probabilities"] for row in json.load(f)["predictions"]])
    assert np.array_equal(got, jobs.infer(model, data.open_inputs([h5_input], model)).astype(np.float64))
    assert time.perf_counter() - started < 60


def test_cli_without_dask_says_how_to_install(monkeypatch):
    from click.testing import CliRunner
    from cli.main import main
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    for args in (["infer", "--workers", "2"], ["dump-activations", "--layer", "fc2", "-o", "x.h5", "--scheduler",
                                                "tcp://127.0.0.1:1"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert lines[-1] == "error: the Dask options need dask.distributed: pip install 'cnn-engine[dask]'"


def test_cli_scheduler_and_workers_are_exclusive(tmp_path):
    from click.testing import CliRunner
    from cli.main import main
    result = CliRunner().invoke(main, ["infer", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1 and "not both" in result.output


def test_cli_scheduler_address(client, model, h5_input, tmp_path):
    from click.testing import CliRunner
    from cli.main import main
    one_machine_dump(model, [h5_input], ["fc1"], tmp_path / "one.h5")
    result = CliRunner().invoke(main, ["dump-activations", h5_input, "--layer", "fc1", "-o", str(tmp_path / "d.h5"),
                                       "--scheduler", client.scheduler.address, "--chunk-size", "77"])
    assert result.exit_code == 0, result.output
    assert_same_dump(tmp_path / "one.h5", tmp_path / "d.h5")


@pytest.mark.parametrize("address, reason", [("tcp://127.0.0.1:1", "refused"),
                                             ("tcp://no-such-host.invalid:8786", "unknown host"),
                                             ("tcp://127.0.0.1:port", "not a tcp://host:port address")])
def test_cli_unreachable_scheduler_fails_at_once(address, reason):
    """A refused port, an unknown host or a malformed address is one line within seconds, not dask's 20 s
    of retries."""
    import time

    from click.testing import CliRunner
    from cli.main import main
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["infer", "--scheduler", address])
    assert result.exit_code == 1 and time.perf_counter() - started < 10
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot reach the Dask scheduler at {address}") and reason in last.lower(), last


def test_cli_dump_failing_on_the_workers_leaves_no_partial_folder(client, h5_input, tmp_path):
    """The workers refuse every chunk (no GPU for --device cuda here): one line, and no OUT.partial/ holding
    only meta.json (nothing to resume), as on one machine."""
    from click.testing import CliRunner

    from cli.main import main
    from engine import ops
    try:
        ops.kernels_for("cuda")
        pytest.skip("this machine has a GPU (or the simulator is on): the workers would not fail")
    except ValueError:
        pass
    out = tmp_path / "d.h5"
    result = CliRunner().invoke(main, ["dump-activations", h5_input, "--layer", "fc1", "-o", str(out),
                                       "--scheduler", client.scheduler.address, "--device", "cuda"])
    last = result.output.strip().splitlines()[-1]  # (without numba-cuda installed, the line says to install it)
    assert result.exit_code == 1 and ("no CUDA GPU" in last or "numba-cuda package" in last), last
    assert not os.path.exists(str(out) + ".partial") and not out.exists()


def test_cli_nan_warning_comes_from_the_client(client, tmp_path):
    """Inputs holding NaN: the warning reaches the user as one 'warning:' line from the client, as on one
    machine, also when the workers run elsewhere (--scheduler: their stderr is not the user's terminal)."""
    from click.testing import CliRunner

    from cli.main import main
    x = np.random.default_rng(0).random((5, 1, 32, 32)).astype(np.float32)
    x[2, 0, 4, 4] = np.nan
    path = tmp_path / "nan.npy"
    np.save(path, x)
    for args in (["infer", str(path)], ["dump-activations", str(path), "--layer", "fc2", "-o", str(tmp_path / "d.h5")]):
        with warnings.catch_warnings():  # two commands in one process: not Python's once-per-location rule
            warnings.simplefilter("always")
            result = CliRunner().invoke(main, args + ["--scheduler", client.scheduler.address])
        assert result.exit_code == 0, result.output
        warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        assert warned == ["warning: inputs contain NaN or Inf: the outputs of those samples will be NaN"], result.stderr


def test_input_only_the_client_sees_is_named_as_missing_on_the_workers(client, model, tmp_path):
    """The client opened the input, the workers cannot see it (no shared filesystem): the error says so and
    names the worker, not a bare 'no such file'."""
    from engine import data
    path = tmp_path / "x.npy"
    np.save(path, np.random.default_rng(1).random((3, 1, 32, 32)).astype(np.float32))
    found = data.open_inputs([str(path)], model)
    os.unlink(path)
    with pytest.raises(ValueError, match="not found on worker .*same paths on the workers"):
        dist.infer(client, MODEL, [str(path)], client_inputs=found, client_model=model)


@pytest.mark.slow
def test_cli_ctrl_c_under_workers_is_one_line(tmp_path):
    """A terminal's Ctrl-C (SIGINT to the whole process group) while a --workers job runs: exit 130 with
    'interrupted', no worker tracebacks, no worker left running."""
    x = np.lib.format.open_memmap(tmp_path / "big.npy", "w+", np.uint8, (160000, 1, 32, 32))  # 164 MB
    x[:] = np.random.default_rng(0).integers(0, 256, (1, 1, 32, 32), dtype=np.uint8)
    x.flush()
    del x
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "infer", str(tmp_path / "big.npy"), "--workers", "2",
                             "--batch-size", "1", "--chunk-size", "256"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    time.sleep(5)  # the cluster is up (about 3 s) and the job runs (about 10 s more)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the job finished before the interrupt")
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1] == "interrupted", err
    for _ in range(100):  # the workers and multiprocessing's resource tracker go within seconds
        left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"processes of the job still running: {left}"


def test_task_warnings_stay_with_their_task_across_threads():
    """Worker tasks may run in several threads at once: each collects the warnings its own thread raised
    (warnings.catch_warnings, process-wide, mixed them up and left the process's recorder pointing at a
    finished task's list)."""
    import threading
    engine_file = dist.__file__
    ready, lists = threading.Barrier(2), {}

    def task(name):
        found = []
        with dist._engine_warnings(found):
            ready.wait()
            for i in range(50):
                warnings.warn_explicit(f"{name} {i}", RuntimeWarning, engine_file, 1, module="engine.model")
            ready.wait()
        lists[name] = found
    threads = [threading.Thread(target=task, args=(name,)) for name in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert lists["a"] == [f"a {i}" for i in range(50)] and lists["b"] == [f"b {i}" for i in range(50)]
    with warnings.catch_warnings(record=True) as after:  # outside a task: warnings go on as usual
        warnings.simplefilter("always")
        warnings.warn_explicit("later", RuntimeWarning, engine_file, 1, module="engine.model")
    assert [str(w.message) for w in after] == ["later"]
