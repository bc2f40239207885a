"""bench/bench_gpu.py without a GPU: one line, exit 0; its timing helpers on the simulator."""
import os
import subprocess
import sys

import numpy as np
import pytest

import reference as ref
from engine import fused_cuda, zoo
from gpu_reference import check, lenet5_logits64, params64, randomise

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
from bench import bench_gpu  # noqa: E402

pytestmark = pytest.mark.gpu


def test_bench_without_a_gpu_prints_one_line_and_exits_0():
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1")
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "bench_gpu.py")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.count("\n") == 1 and "nothing to measure" in run.stdout


def test_bench_forward_is_the_models_predict():
    """What the benchmark times computes LeNet-5's probabilities: against tests/reference.py, random parameters."""
    from numba import cuda
    model = randomise(zoo.lenet5(seed=2), 2)
    x = np.random.default_rng(0).random((1, 1, 32, 32)).astype(np.float32)
    forward = bench_gpu.our_forward(model, fused_cuda.plan(model, "cuda"))
    got = forward(cuda.to_device(x)).copy_to_host()
    check(got, ref.softmax(lenet5_logits64(params64(model), x)[0], axis=1))
    seconds = bench_gpu.timed(lambda: forward(cuda.to_device(x)), cuda.synchronize, repeat=1, min_time=0)
    assert seconds > 0


@pytest.fixture
def torch_on_the_cpu(monkeypatch):
    """torch's CPU build standing in for torch with CUDA: .cuda() is the identity, synchronize a no-op."""
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.nn.Module, "cuda", lambda self, *a, **k: self)
    monkeypatch.setattr(torch.Tensor, "cuda", lambda self, *a, **k: self)
    monkeypatch.setattr(torch.cuda, "synchronize", lambda *a, **k: None)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda *a: "stand-in")
    monkeypatch.setattr(bench_gpu, "no_gpu_reason", lambda: None)


def test_bench_table_with_torch_on_the_cpu_standing_in(torch_on_the_cpu, capsys):
    assert bench_gpu.main(["--rows", "lenet5=1", "--repeat", "1", "--min-time", "0", "--warmup", "1"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("lenet5*")]
    assert len(rows) == 1 and float(rows[0].split()[-1]) <= 1e-4  # the fused kernel, equal to torch's outputs


def test_bench_layers_with_torch_on_the_cpu_standing_in(torch_on_the_cpu, monkeypatch, capsys):
    from engine import layers as L
    from engine.model import Sequential

    def tiny(seed=0):  # every kind of layer the table times, small enough for the simulator
        return randomise(Sequential([L.Conv2D(4, 3, padding=1, activation="relu", name="conv"),
                                     L.MaxPool2D(2, name="pool"), L.Flatten(name="flat"),
                                     L.Dense(5, name="fc"), L.Softmax(name="prob")], input_shape=(2, 6, 6)), seed)
    monkeypatch.setattr(zoo, "tiny", tiny, raising=False)
    assert bench_gpu.main(["--layers", "tiny=3", "--repeat", "1", "--min-time", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in out if line.split() and line.split()[0] in {"conv", "pool", "flat", "fc", "prob"}]
    assert len(rows) == 5 and all(float(r[-1]) <= 1e-4 for r in rows)  # every layer equal to its torch twin
    assert out[-1].startswith("sum")
