"""Reliability under hostile input, interruption and load (issue 7).

- Model files: mutated real files (truncated, bit-flipped, bytes overwritten) loaded in a watchdog
  subprocess (libhdf5 itself can loop forever on a few damaged files, and a crash must not take the
  test run with it), Hypothesis-made architectures, every root attribute removed or retyped, datasets
  of every wrong kind. Each ends in engine.load returning a model or raising FormatError with one
  line, and the CLI printing one 'error:' line; never a crash, a hang, or an allocation the file
  merely claims (tracemalloc's peak is checked).
- Input readers: IDX, .npy, .npz and image headers claiming huge sizes, bombs, odd PNG modes.
- Interruption: dump-activations and train killed (SIGKILL, SIGINT) at seeded points never damage the
  final name, and --resume gives the uninterrupted result bit for bit.
- Load: two dumps at once do not interfere. (Memory at 100,000 inputs: bench/bench_memory.py.)
- Numerics: NaN/Inf inputs or weights are reported once, with the layer that produced them.
"""
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
import tracemalloc
import warnings
import zipfile
import zlib
import gzip
import io

import h5py
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import engine
from cli_runner import cli
import weights
from engine import data
from engine.layers import LAYER_TYPES
from weights.format import FormatError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = str(weights.bundled_path())
ENV = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
MB = 1 << 20


@pytest.fixture(autouse=True)
def _restore_showwarning(monkeypatch):
    """cli.main installs its own warnings.showwarning; put the original back after each test."""
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)


def one_line_refusal(fn, *args, allow_ok=True, **kwargs):
    """fn(*args) returns, or raises a ValueError (FormatError is one) with a one-line message;
    returns 'ok' or the message. Any other exception fails the test."""
    try:
        fn(*args, **kwargs)
    except ValueError as e:
        message = str(e).strip()
        assert message and "\n" not in message, repr(message)
        return message
    assert allow_ok, "expected a refusal"
    return "ok"


class PeakMemory:
    """tracemalloc's peak (NumPy reports its buffers to it) while the block runs, in bytes."""

    def __enter__(self):
        self.was_tracing = tracemalloc.is_tracing()
        if not self.was_tracing:
            tracemalloc.start()
        tracemalloc.reset_peak()
        self.base = tracemalloc.get_traced_memory()[0]
        return self

    def __exit__(self, *exc):
        self.peak = tracemalloc.get_traced_memory()[1] - self.base
        if not self.was_tracing:
            tracemalloc.stop()
        return False


def cli_refuses(*args):
    """One 'error:' line (the last line of stderr), exit 1, no traceback."""
    result = cli(*args)
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    return errors[0]


# ================================================================ mutated model files, in a watchdog subprocess
WORKER = r'''
import json, os, resource, sys, traceback
import engine
from weights.format import FormatError
limit = int(os.environ["FUZZ_AS_LIMIT"])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # an allocation the file merely claims fails loudly
for line in sys.stdin:
    print("start", flush=True)
    try:
        engine.load(line.strip(), allow_nonfinite=True)
        out = {"outcome": "ok"}
    except FormatError as e:
        out = {"outcome": "refused" if "\n" not in str(e).strip() else "multiline", "msg": str(e)[:300]}
    except BaseException as e:
        out = {"outcome": "crash", "msg": f"{type(e).__name__}: {str(e)[:200]}", "tb": traceback.format_exc()[-2000:]}
    print("result " + json.dumps(out), flush=True)
'''


def load_in_watchdog(paths, timeout=5.0, as_limit=3 << 30):
    """engine.load every path in a worker subprocess (address space limited to as_limit). -> [(path,
    {"outcome": ok|refused|multiline|crash|hang|died, "msg"})]. A load that runs past `timeout` is a
    hang: the worker is killed and a fresh one continues with the next path."""
    results, todo = [], [os.fspath(p) for p in paths]
    env = dict(ENV, FUZZ_AS_LIMIT=str(as_limit), NUMBA_NUM_THREADS="1")
    while todo:
        proc = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        fd, buf = proc.stdout.fileno(), b""
        try:
            while todo:
                proc.stdin.write((todo[0] + "\n").encode())
                proc.stdin.flush()
                deadline, started, got = time.monotonic() + 120, None, None  # the first load waits for imports
                while got is None:
                    if b"\n" in buf:
                        line, buf = buf.split(b"\n", 1)
                        if line.startswith(b"start"):
                            started = time.monotonic()
                        elif line.startswith(b"result "):
                            got = json.loads(line[7:])
                        continue
                    left = (started + timeout if started else deadline) - time.monotonic()
                    if left <= 0:
                        got = {"outcome": "hang"}
                    elif select.select([fd], [], [], left)[0]:
                        chunk = os.read(fd, 1 << 16)
                        if not chunk:
                            got = {"outcome": "died", "msg": f"worker exit status {proc.wait()}"}
                        buf += chunk
                results.append((todo.pop(0), got))
                if got["outcome"] in ("hang", "died"):
                    break
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    return results


def mutate(src, rng, metadata_end):
    """One seeded mutation of a file's bytes: truncation, bit flips (in the metadata or anywhere), or
    random bytes over a metadata range."""
    data_ = bytearray(src)
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return "truncated", bytes(data_[:int(rng.integers(1, len(data_)))])
    if kind in (1, 2):
        end = metadata_end if kind == 1 else len(data_)
        for _ in range(int(rng.integers(1, 9))):
            data_[int(rng.integers(0, end))] ^= 1 << int(rng.integers(0, 8))
        return "bitflip-metadata" if kind == 1 else "bitflip-anywhere", bytes(data_)
    start, size = int(rng.integers(0, metadata_end)), int(rng.integers(1, 16))
    data_[start:start + size] = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
    return "overwritten", bytes(data_)


def _metadata_end(path):
    with h5py.File(path, "r") as f:
        return int(f["params/conv1/weight"].id.get_offset())  # attributes and object headers come first


def fuzz_model_files(tmp_path, count, seed):
    src = open(MODEL, "rb").read()
    end = _metadata_end(MODEL)
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        kind, mutated = mutate(src, rng, end)
        path = tmp_path / f"{i:05d}-{kind}.h5"
        path.write_bytes(mutated)
        paths.append(path)
    return load_in_watchdog(paths)


def _summarise(results):
    counts = {}
    for _, r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    return counts


def _check_fuzz_results(results, count):
    counts = _summarise(results)
    print(f"\nmutated model files: {count} tried: {counts}")
    bad = [(os.path.basename(p), r) for p, r in results if r["outcome"] in ("crash", "multiline", "died")]
    assert not bad, bad[:3]
    # libhdf5 itself loops forever on about 1 in 1,500 files with flipped metadata bits (a library
    # bug, seen in 2 of 9,000): tolerated here, reported, never allowed to hang the suite
    assert counts.get("hang", 0) <= max(2, count // 200), counts
    return counts


def test_mutated_model_files_are_loaded_or_refused(tmp_path):
    results = fuzz_model_files(tmp_path, 400, seed=7)
    _check_fuzz_results(results, 400)
    # the CLI prints one 'error:' line for the refused ones (hangs excluded: they'd hang in-process)
    refused = [p for p, r in results if r["outcome"] == "refused"]
    for path in refused[::max(1, len(refused) // 12)]:
        cli_refuses("summary", "-m", path)


@pytest.mark.slow
def test_many_mutated_model_files(tmp_path):
    _check_fuzz_results(fuzz_model_files(tmp_path, 6000, seed=8), 6000)


def test_vlen_sequence_where_a_string_belongs_is_refused_not_a_segfault(tmp_path):
    """One flipped bit (found by the fuzzer) turns the architecture's variable-length string into a
    variable-length sequence of uint8, which h5py crashes the process reading: the type is checked first."""
    path = tmp_path / "vlen.h5"
    shutil.copy(MODEL, path)
    with h5py.File(path, "r+") as f:
        del f.attrs["architecture"]
        value = np.empty(1, object)
        value[0] = np.frombuffer(b'{"layers": []}', np.uint8)
        f.attrs.create("architecture", value, dtype=h5py.vlen_dtype(np.uint8))
    results = load_in_watchdog([path])
    assert results[0][1]["outcome"] == "refused", results
    assert "architecture" in results[0][1]["msg"] and "type" in results[0][1]["msg"]


# ================================================================ attributes removed or retyped, by hand
ROOT_ATTRS = ["format", "format_version", "architecture", "input_shape", "preprocessing", "class_names",
              "provenance", "created_by"]
RETYPED = {
    "deleted": None, "int": np.int64(3), "negative": np.int64(-1), "float": np.float64(1.5),
    "bool": np.bool_(True), "int-array": np.arange(4), "empty-str": "", "bytes": np.bytes_(b"\xff\xfe"),
    "json-number": "12", "json-list": "[1, 2]", "nan": "NaN", "huge-int-json": "9" * 5000,
    "nested": "[" * 10000 + "]" * 10000, "float-array": np.ones((2, 2)), "complex": np.complex128(1j),
    "fixed-str-array": np.array([b"a", b"b"]), "vlen-int": "vlen",
}


@pytest.mark.parametrize("attr", ROOT_ATTRS)
def test_root_attributes_removed_or_retyped(tmp_path, attr):
    cases = 0
    for label, value in RETYPED.items():
        path = tmp_path / f"{attr}-{label}.h5"
        shutil.copy(MODEL, path)
        with h5py.File(path, "r+") as f:
            del f.attrs[attr]
            if isinstance(value, str) and value == "vlen":
                vlen = np.empty(1, object)
                vlen[0] = np.array([1, 2, 3], np.int32)
                f.attrs.create(attr, vlen, dtype=h5py.vlen_dtype(np.int32))
            elif value is not None:
                f.attrs[attr] = value
        with PeakMemory() as peak:
            message = one_line_refusal(engine.load, path)
        assert peak.peak < 64 * MB, (label, peak.peak)
        optional = attr in ("class_names", "created_by", "preprocessing", "provenance", "input_shape")
        if label == "deleted" and optional:
            assert message == "ok", message
        elif attr in ("format", "format_version", "architecture", "input_shape") and label != "deleted":
            assert message != "ok", (label, "accepted")
        cases += 1
    assert cases == len(RETYPED)


def test_input_shape_attribute_disagreeing_with_architecture(tmp_path):
    path = tmp_path / "m.h5"
    shutil.copy(MODEL, path)
    with h5py.File(path, "r+") as f:
        f.attrs["input_shape"] = np.array([1, 28, 28])
    assert "input_shape" in one_line_refusal(engine.load, path, allow_ok=False)


# ================================================================ datasets of every wrong kind
def _swap_dataset(path, where, make):
    with h5py.File(path, "r+") as f:
        del f[where]
        make(f, where)


DATASET_CASES = {
    "complex": lambda f, w: f.create_dataset(w, data=np.zeros((6,), np.complex64)),
    "bool": lambda f, w: f.create_dataset(w, data=np.zeros((6,), bool)),
    "compound": lambda f, w: f.create_dataset(w, data=np.zeros((6,), [("a", "f4"), ("b", "f4")])),
    "vlen": lambda f, w: f.create_dataset(w, (6,), dtype=h5py.vlen_dtype(np.float32)),
    "vlen-str": lambda f, w: f.create_dataset(w, data=np.array(["x"] * 6, object), dtype=h5py.string_dtype()),
    "scalar": lambda f, w: f.create_dataset(w, data=np.float32(1)),
    "empty": lambda f, w: f.create_dataset(w, data=h5py.Empty("f4")),
    "group": lambda f, w: f.create_group(w),
    "soft-link-loop": lambda f, w: f.__setitem__(w, h5py.SoftLink(w)),
    "external-link": lambda f, w: f.__setitem__(w, h5py.ExternalLink("/nonexistent.h5", "/x")),
    "unwritten-chunks": lambda f, w: f.create_dataset(w, (6,), np.float32, chunks=(1,)),
    "huge-shape-unwritten": lambda f, w: f.create_dataset(w, (6, 10 ** 9), np.float32, chunks=(1, 1000)),
    "external-raw-file": lambda f, w: f.create_dataset(w, (6,), np.float32, external=[("/dev/zero", 0, 24)]),
    "reference": lambda f, w: f.create_dataset(w, (6,), dtype=h5py.ref_dtype),
}


@pytest.mark.parametrize("case", list(DATASET_CASES))
def test_parameter_dataset_of_the_wrong_kind(tmp_path, case):
    path = tmp_path / "m.h5"
    shutil.copy(MODEL, path)
    _swap_dataset(path, "params/conv1/bias", DATASET_CASES[case])
    with PeakMemory() as peak:
        message = one_line_refusal(engine.load, path, allow_ok=False)
    assert peak.peak < 64 * MB, peak.peak
    assert "conv1" in message or "damaged" in message, message


def test_unwritten_dataset_within_the_size_limit_is_refused_before_allocating(tmp_path, monkeypatch):
    """A 16 KB file whose chunked dataset claims 1.6 GB (under the 8 GB limit) but stores nothing:
    reading it would allocate the claimed size, so it is refused by comparing with the stored bytes."""
    arch = {"name": "big", "input_shape": [20000], "layers": [{"type": "Dense", "config": {"name": "fc",
                                                                                           "units": 20000}}]}
    path = tmp_path / "big.h5"
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "cnn-engine-model"
        f.attrs["format_version"] = np.int64(1)
        f.attrs["architecture"] = json.dumps(arch)
        f.create_dataset("params/fc/weight", (20000, 20000), np.float32, chunks=(100, 100))
        f.create_dataset("params/fc/bias", (20000,), np.float32, chunks=(100,))
    monkeypatch.setattr(h5py.Dataset, "__getitem__", lambda *a: pytest.fail("read before the size check"))
    assert "stores" in one_line_refusal(engine.load, path, allow_ok=False)


def test_compressed_parameters_still_load(tmp_path):
    """The stored-size check allows compression (up to deflate's ratio): a legitimate gzip file loads."""
    model = engine.load(MODEL)
    path = tmp_path / "gz.h5"
    shutil.copy(MODEL, path)
    with h5py.File(path, "r+") as f:
        for layer in ("conv1", "fc1"):
            for name in ("weight", "bias"):
                value = f[f"params/{layer}/{name}"][()]
                del f[f"params/{layer}/{name}"]
                f.create_dataset(f"params/{layer}/{name}", data=value, compression="gzip", shuffle=True)
        del f["params/fc2/bias"]
        f.create_dataset("params/fc2/bias", data=np.zeros(84, np.float32), compression="gzip")  # all zeros
    back = engine.load(path)
    assert np.array_equal(back.get_layer("fc1").params["weight"], model.get_layer("fc1").params["weight"])


# ================================================================ Hypothesis: architectures
json_leaf = (st.none() | st.booleans() | st.sampled_from([0, -1, 1, 2, 3, 5, 2 ** 31, 2 ** 63, 10 ** 12, -10 ** 9])
             | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=True, allow_infinity=True)
             | st.sampled_from(["same", "valid", "relu", "", "x/y", "\udc80", "1", "[1]"]) | st.text(max_size=6))
json_value = st.recursive(json_leaf, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=6), c,
                                                                                         max_size=4), max_leaves=12)
BASE_ARCH = engine.load(MODEL).get_config()


@st.composite
def hostile_architectures(draw):
    arch = json.loads(json.dumps(BASE_ARCH))
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["value", "key", "layer", "input", "drop", "whole"]))
        layers = arch["layers"]
        i = draw(st.integers(0, len(layers) - 1)) if layers else 0
        if action == "value" and layers:
            config = layers[i]["config"]
            key = draw(st.sampled_from(sorted(config) or ["name"]))
            config[key] = draw(json_value)
        elif action == "key" and layers:
            layers[i]["config"][draw(st.text(max_size=8))] = draw(json_value)
        elif action == "layer":
            kind = draw(st.sampled_from(sorted(LAYER_TYPES) + ["Conv3D", "", "__class__", "Sequential"]))
            config = draw(st.dictionaries(st.sampled_from(["name", "filters", "units", "kernel_size", "stride",
                                                           "padding", "dilation", "groups", "size", "rate",
                                                           "activation", "eps"]), json_value, max_size=5))
            layers.insert(i, {"type": kind, "config": config})
        elif action == "input":
            arch["input_shape"] = draw(json_value | st.lists(st.integers(-5, 2 ** 40), max_size=4))
        elif action == "drop" and layers:
            del layers[i]
        elif action == "whole":
            arch = draw(json_value)
            break
    return arch


def _write_with_architecture(path, arch_text):
    shutil.copy(MODEL, path)
    with h5py.File(path, "r+") as f:
        f.attrs["architecture"] = arch_text


@FUZZ
@given(arch=hostile_architectures())
def test_hypothesis_architectures(tmp_path, arch):
    path = tmp_path / "m.h5"
    _write_with_architecture(path, json.dumps(arch))
    with PeakMemory() as peak:
        one_line_refusal(engine.load, path)
    assert peak.peak < 64 * MB, peak.peak


@FUZZ
@given(text=(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
       .filter(lambda t: "\x00" not in t))  # HDF5 strings cannot hold NUL
def test_hypothesis_architecture_text(tmp_path, text):
    path = tmp_path / "m.h5"
    _write_with_architecture(path, text)
    assert one_line_refusal(engine.load, path, allow_ok=False)


# ================================================================ input readers
def _idx(dims, code=0x08, payload=b"", gz=False):
    raw = struct.pack(">BBBB", 0, 0, code, len(dims)) + struct.pack(f">{len(dims)}I", *dims) + payload
    return gzip.compress(raw) if gz else raw


def _npy_header(shape, dtype="|u1", payload=b"\0" * 64):
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": dtype, "fortran_order": False, "shape": tuple(shape)})
    return out.getvalue() + payload


def _read_and_batch(path):
    """What the CLI does with an input file: open it for the bundled model and preprocess the first batch."""
    model = engine.load(MODEL)
    inputs = data.open_inputs([path], model)
    if len(inputs):
        inputs.batch(0, min(len(inputs), 4), model)


@FUZZ
@given(dims=st.lists(st.integers(0, 2 ** 32 - 1) | st.integers(0, 70), min_size=1, max_size=4),
       code=st.sampled_from([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E]), payload=st.binary(max_size=300))
def test_hypothesis_idx_headers(tmp_path, dims, code, payload):
    path = tmp_path / "x-idx3-ubyte"
    path.write_bytes(_idx(dims, code, payload))
    # int64 overflow of the product of the dims is a known bug (test_idx_dims_overflowing_int64)
    if np.prod(np.array(dims, object)) * 8 >= 2 ** 62:
        return
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path)
    assert peak.peak < 64 * MB


@FUZZ
@given(dims=st.lists(st.integers(1, 2 ** 10), min_size=1, max_size=4), payload=st.binary(max_size=300))
def test_hypothesis_idx_gz_headers(tmp_path, dims, payload):
    if np.prod(np.array(dims, object)) > 2 ** 22:
        return  # gzip reads allocate the claimed size: the known bug of test_idx_gz_claiming_huge_size
    path = tmp_path / "x.idx.gz"
    path.write_bytes(_idx(dims, 0x08, payload, gz=True))
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path)
    assert peak.peak < 64 * MB


@FUZZ
@given(shape=st.lists(st.integers(0, 2 ** 40) | st.integers(0, 40), max_size=5),
       dtype=st.sampled_from(["|u1", "<f4", ">f8", "<i8", "|b1", "<c8", "|V4", "<M8[s]", "<U3"]),
       payload=st.binary(max_size=400))
def test_hypothesis_npy_headers(tmp_path, shape, dtype, payload):
    path = tmp_path / "x.npy"
    path.write_bytes(_npy_header(shape, dtype, payload))
    if np.prod(np.array(shape, object)) * 16 >= 2 ** 63 or (len(shape) in (2, 3) and 0 in shape):
        return  # known bugs: test_npy_shape_overflowing_int64, test_empty_single_image
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path)
    assert peak.peak < 64 * MB


@FUZZ
@given(shape=st.lists(st.integers(0, 2 ** 14), max_size=4), payload=st.binary(max_size=400))
def test_hypothesis_npz_members(tmp_path, shape, payload):
    """Claims up to about 2^14 bytes more than stored (the header is checked before np.load allocates)."""
    path = tmp_path / "x.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("x.npy", _npy_header(shape, "|u1", payload))
    if np.prod(np.array(shape, object)) > 64 * MB or (len(shape) in (2, 3) and 0 in shape):
        return  # known bugs: test_npz_member_claiming_huge_shape..., test_empty_single_image
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path)
    assert peak.peak < 256 * MB


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png(width, height, depth=8, colour=0, idat=b""):
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(idat)) + _chunk(b"IEND", b""))


@FUZZ
@given(width=st.integers(0, 2 ** 31 - 1) | st.integers(0, 64), height=st.integers(0, 2 ** 31 - 1) | st.integers(0, 64),
       depth=st.sampled_from([1, 2, 4, 8, 16, 3]), colour=st.sampled_from([0, 2, 3, 4, 6, 5]),
       idat=st.binary(max_size=200))
def test_hypothesis_png_headers(tmp_path, width, height, depth, colour, idat):
    path = tmp_path / "x.png"
    path.write_bytes(_png(width, height, depth, colour, idat))
    if Image_pixels_limit() < width * height <= 2 * Image_pixels_limit():
        return  # Pillow only warns in this band, then decodes: see test_png_just_over_the_pixel_limit
    started = time.perf_counter()
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path)
    assert peak.peak < 256 * MB
    assert time.perf_counter() - started < 5


def Image_pixels_limit():
    from PIL import Image
    return Image.MAX_IMAGE_PIXELS


def test_decompression_bomb_header_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png(100000, 100000, idat=b"\0" * 1000))
    started = time.perf_counter()
    with PeakMemory() as peak:
        message = one_line_refusal(_read_and_batch, path, allow_ok=False)
    assert "decompression bomb" in message and time.perf_counter() - started < 1 and peak.peak < 16 * MB
    assert cli_refuses("infer", path).startswith("error: ")


def test_png_just_over_the_pixel_limit_warns_then_refuses_truncated_data(tmp_path):
    """Between Pillow's limit and twice it, Pillow warns (DecompressionBombWarning) and decodes: the
    CLI shows the warning as one line, and a truncated body is then refused."""
    side = int((Image_pixels_limit() * 1.5) ** 0.5)
    path = tmp_path / "big.png"
    path.write_bytes(_png(side, side, idat=b"\0" * 100))
    result = cli("infer", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert any(line.startswith("warning:") and "bomb" in line for line in result.stderr.splitlines()), result.stderr


def test_palette_and_grayscale_alpha_and_one_bit_pngs(tmp_path):
    from PIL import Image
    rng = np.random.default_rng(0)
    indices = rng.integers(0, 4, (20, 20)).astype(np.uint8)
    pal = Image.fromarray(indices, mode="P")
    pal.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
    pal.save(tmp_path / "pal.png")
    rgb = np.array([[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]], np.float32)[indices]
    np.testing.assert_array_equal(data.read_image(tmp_path / "pal.png", 3), rgb.transpose(2, 0, 1))
    gray = data.read_image(tmp_path / "pal.png", 1)[0]
    np.testing.assert_allclose(gray, np.round(rgb @ np.array([0.299, 0.587, 0.114])), atol=1)
    Image.fromarray(np.stack([indices * 60, np.full_like(indices, 255)], -1), mode="LA").save(tmp_path / "la.png")
    np.testing.assert_array_equal(data.read_image(tmp_path / "la.png", 1)[0], indices * 60)
    Image.fromarray(indices > 1).save(tmp_path / "bits.png")
    np.testing.assert_array_equal(data.read_image(tmp_path / "bits.png", 1)[0], (indices > 1) * 255.0)


@pytest.mark.parametrize("channels_in,channels_model", [(1, 3), (3, 1), (3, 3), (1, 1)])
def test_gray_into_rgb_model_and_back(tmp_path, channels_in, channels_model):
    """A gray PNG into an RGB model and an RGB PNG into a gray model, through the CLI."""
    from PIL import Image
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (12, 12) if channels_in == 1 else (12, 12, 3)).astype(np.uint8)
    Image.fromarray(pixels).save(tmp_path / "in.png")
    model_path = tmp_path / "m.h5"
    cli("init", "lenet5", "-o", model_path)
    if channels_model == 3:
        model = engine.load(model_path)
        config = model.get_config()
        config["input_shape"] = [3, 32, 32]
        params = {l.name: dict(l.params) for l in model.layers}
        params["conv1"]["weight"] = np.repeat(params["conv1"]["weight"], 3, axis=1) / 3
        model = engine.Sequential.from_config(config, params, preprocessing=dict(model.preprocessing, channels="rgb"))
        engine.save(model, model_path)
    result = cli("infer", tmp_path / "in.png", "-m", model_path, "-o", tmp_path / "p.npy")
    assert result.exit_code == 0, result.output
    assert np.load(tmp_path / "p.npy").shape == (1, 10)


def test_object_arrays_in_npz_refused(tmp_path):
    np.savez(tmp_path / "o.npz", x=np.array([{"a": 1}, None], object))
    assert "pickle" in one_line_refusal(data.read_array_file, tmp_path / "o.npz", allow_ok=False).lower()


def test_npy_claiming_a_terabyte_is_refused_without_allocating(tmp_path):
    path = tmp_path / "x.npy"
    path.write_bytes(_npy_header((10 ** 6, 1, 10 ** 6)))
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path, allow_ok=False)
    assert peak.peak < 16 * MB


# -------- known bugs in engine/data.py (not this file's to fix): run, and expected to fail until fixed
@pytest.mark.parametrize("shape", [(10 ** 6, 1, 10 ** 6), (2 * 10 ** 8, 1, 1)], ids=["terabyte", "200MB"])
def test_npz_member_claiming_huge_shape_is_refused_without_allocating(tmp_path, shape):
    path = tmp_path / "x.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("x.npy", _npy_header(shape))
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path, allow_ok=False)
    assert peak.peak < 16 * MB


def test_idx_gz_claiming_huge_size(tmp_path):
    path = tmp_path / "x-idx3-ubyte.gz"
    path.write_bytes(_idx([100000, 100000, 100000], payload=b"\0" * 100, gz=True))
    with PeakMemory() as peak:
        one_line_refusal(_read_and_batch, path, allow_ok=False)
    assert peak.peak < 16 * MB


@pytest.mark.parametrize("gz", [False, True])
def test_idx_dims_overflowing_int64(tmp_path, gz):
    path = tmp_path / ("x-idx3-ubyte" + (".gz" if gz else ""))
    path.write_bytes(_idx([2 ** 32 - 1] * 4, payload=b"\0" * 100, gz=gz))
    assert str(path) in one_line_refusal(_read_and_batch, path, allow_ok=False)
    cli_refuses("infer", path)


def test_npy_shape_overflowing_int64(tmp_path):
    path = tmp_path / "x.npy"
    path.write_bytes(_npy_header((39, 2828, 5541, 1886546775), ">f8"))
    cli_refuses("infer", path)


@pytest.mark.parametrize("shape", [(0, 33), (1, 0, 5)])
def test_empty_single_image(tmp_path, shape):
    np.save(tmp_path / "x.npy", np.zeros(shape, np.uint8))
    cli_refuses("infer", tmp_path / "x.npy")


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path):
    from PIL import Image
    values = (np.arange(16).reshape(4, 4) * 4369).astype(np.uint16)  # 0 .. 65535
    Image.fromarray(values).save(tmp_path / "g16.png")
    got = data.read_image(tmp_path / "g16.png", 1)[0]
    np.testing.assert_allclose(got, values / 257, atol=1)


# ================================================================ interruption
def popen_cli(*args):
    return subprocess.Popen([sys.executable, "-m", "cli.main", *map(str, args)], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_cli(*args, timeout=180):
    done = subprocess.run([sys.executable, "-m", "cli.main", *map(str, args)], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def assert_same_dump(a, b):
    """h5py arrays equal bit for bit, attributes equal except 'seconds'."""
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        names_a, names_b = [], []
        fa.visit(names_a.append)
        fb.visit(names_b.append)
        assert names_a == names_b
        for name in names_a:
            if isinstance(fa[name], h5py.Dataset):
                assert fa[name].dtype == fb[name].dtype and fa[name].shape == fb[name].shape, name
                assert fa[name][()].tobytes() == fb[name][()].tobytes(), name
        attrs_a = {k: v for k, v in fa.attrs.items() if k != "seconds"}
        attrs_b = {k: v for k, v in fb.attrs.items() if k != "seconds"}
        assert attrs_a.keys() == attrs_b.keys()
        for key in attrs_a:
            assert np.array_equal(attrs_a[key], attrs_b[key]), key


DUMP_N, DUMP_BATCH = 1500, 100


@pytest.fixture(scope="module")
def dump_inputs(tmp_path_factory):
    """1,500 random 1x32x32 uint8 images (.npy) and the uninterrupted dump of every layer."""
    folder = tmp_path_factory.mktemp("dump")
    x = np.random.default_rng(42).integers(0, 256, (DUMP_N, 1, 32, 32), dtype=np.uint8)
    np.save(folder / "x.npy", x)
    np.save(folder / "older.npy", x[:300])
    ref = folder / "ref.h5"
    done = run_cli("dump-activations", folder / "x.npy", "--batch-size", DUMP_BATCH, "--layer", "all", "-o", ref)
    assert done.returncode == 0, done.stderr
    older = folder / "older.h5"
    done = run_cli("dump-activations", folder / "older.npy", "--batch-size", DUMP_BATCH, "--layer", "all", "-o", older)
    assert done.returncode == 0, done.stderr
    return folder, ref, older


def _chunks_done(partial):
    try:
        return sum(1 for n in os.listdir(partial) if n.startswith("rows-") and n.endswith(".npz"))
    except FileNotFoundError:
        return 0


def interrupt_dump(tmp_path, dump_inputs, sig, after_chunks, extra_delay, previous):
    """Start a dump, kill it with `sig` once `after_chunks` chunks are on disk (plus extra_delay
    seconds), check the final name, then --resume and compare with the uninterrupted dump."""
    folder, ref, older = dump_inputs
    out = tmp_path / "acts.h5"
    if previous:
        shutil.copy(older, out)
    before = out.read_bytes() if previous else None
    args = ("dump-activations", folder / "x.npy", "--batch-size", DUMP_BATCH, "--layer", "all", "-o", out)
    proc = popen_cli(*args)
    partial = str(out) + ".partial"
    deadline = time.monotonic() + 120
    while proc.poll() is None and _chunks_done(partial) < after_chunks and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(extra_delay)
    finished_first = proc.poll() is not None
    if not finished_first:
        proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    chunks = _chunks_done(partial)
    if not finished_first:
        assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL), (proc.returncode, stderr)
    if proc.returncode == 130 and "its output is complete" in stderr:
        # (SIGINT) the KeyboardInterrupt landed in a destructor or weakref callback (h5py's, while the final
        # file is assembled), where Python cannot raise it: cli/main.py's _quiet_unraisable remembers it, the
        # command finishes and then exits as interrupted. The complete dump must be right.
        assert not os.path.exists(partial)
        assert_same_dump(out, ref)
        pytest.skip("the Ctrl-C came while the final file was written: it completed, then reported the interrupt")
    if proc.returncode == 0:
        # Nothing was interrupted: it finished before the signal. The complete dump must be right, but no
        # resume ran.
        assert not os.path.exists(partial)
        assert_same_dump(out, ref)
        pytest.skip("the dump finished before the signal: nothing was interrupted or resumed")
    # the final name: the previous complete file byte for byte, or absent
    if previous:
        assert out.read_bytes() == before
        engine_dump = data_read_dump(out)
        assert engine_dump == 300
    else:
        assert not out.exists()
    done = run_cli(*args, "--resume")
    assert done.returncode == 0, done.stderr
    assert not os.path.exists(partial)
    assert_same_dump(out, ref)
    leftovers = [n for n in os.listdir(tmp_path) if n.startswith(".acts.h5.")]
    return {"signal": sig.name, "after_chunks": after_chunks, "chunks_at_kill": chunks, "rc": proc.returncode,
            "leftover_temp_files": leftovers}


def data_read_dump(path):
    with h5py.File(path, "r") as f:
        assert f.attrs["complete"] and f.attrs["format"] == "cnn-engine-activations"
        return int(f.attrs["count"])


def _kill_points(seed, count):
    rng = np.random.default_rng(seed)
    n_chunks = DUMP_N // DUMP_BATCH
    points = []
    for i in range(count):
        sig = signal.SIGINT if i % 3 == 2 else signal.SIGKILL
        after = int(rng.integers(1, n_chunks + 1))  # n_chunks: while the final file is being assembled
        points.append((sig, after, float(rng.uniform(0, 0.05)), bool(i % 2)))
    return points


# the last case: a SIGINT early in the run, so that at least one Ctrl-C is interrupted and resumed by default
# (the random SIGINT point lands after 14 of 15 chunks, usually in the final assembly, and then skips)
@pytest.mark.parametrize("sig,after,delay,previous", _kill_points(2024, 3) + [(signal.SIGINT, 3, 0.0, True)])
def test_dump_interrupted_then_resumed(tmp_path, dump_inputs, sig, after, delay, previous):
    result = interrupt_dump(tmp_path, dump_inputs, sig, after, delay, previous)
    print("\n", result)


@pytest.mark.slow
@pytest.mark.parametrize("sig,after,delay,previous", _kill_points(99, 9))
def test_dump_interrupted_then_resumed_more_points(tmp_path, dump_inputs, sig, after, delay, previous):
    print("\n", interrupt_dump(tmp_path, dump_inputs, sig, after, delay, previous))


def test_dump_resume_refuses_other_inputs(tmp_path, dump_inputs):
    """A partial dump started for some inputs is not continued with others."""
    folder, _, _ = dump_inputs
    out = tmp_path / "acts.h5"
    proc = popen_cli("dump-activations", folder / "x.npy", "--batch-size", DUMP_BATCH, "--layer", "fc2", "-o", out)
    while proc.poll() is None and _chunks_done(str(out) + ".partial") < 2:
        time.sleep(0.002)
    proc.kill()
    proc.communicate()
    if proc.returncode == 0:
        pytest.skip("finished before it could be killed")
    done = run_cli("dump-activations", folder / "older.npy", "--layer", "fc2", "-o", out, "--resume")
    assert done.returncode == 1 and done.stderr.splitlines()[-1].startswith("error: --resume"), done.stderr


def _train_args(out, epochs):
    # batch 4: an epoch of ~320 steps lasts long enough for the kill to land inside epoch 2
    return ("train", "lenet5", "--data", "digits", "-o", out, "--epochs", epochs, "--seed", 3, "--batch-size", 4)


def _params(path):
    model = engine.load(path)
    return {f"{l.name}/{k}": v for l in model.layers for k, v in l.params.items()}


def test_train_killed_during_epoch_two_then_resumed(tmp_path):
    ref = tmp_path / "ref.h5"
    done = run_cli(*_train_args(ref, 2))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "model.h5"
    shutil.copy(MODEL, out)  # a previous model under the final name must survive untouched
    before = out.read_bytes()
    proc = popen_cli(*_train_args(out, 2))
    line = ""
    while "epoch 1/2" not in line:
        line = proc.stderr.readline()
        assert line or proc.poll() is None, "train ended before epoch 1"
    time.sleep(float(np.random.default_rng(5).uniform(0.05, 0.3)))
    proc.kill()
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes() == before, "the final name changed before training ended"
    checkpoint = engine.load(str(out) + ".partial")
    from engine import storage
    assert storage.load_training_state(str(out) + ".partial", checkpoint).epoch in (1, 2)
    done = run_cli(*_train_args(out, 2), "--resume", out)
    assert done.returncode == 0, done.stderr
    assert not os.path.exists(str(out) + ".partial")
    got, want = _params(out), _params(ref)
    assert got.keys() == want.keys()
    for key in want:
        assert got[key].tobytes() == want[key].tobytes(), key  # the resumed run is the uninterrupted one


def test_train_resume_from_damaged_checkpoint_is_one_error_line(tmp_path):
    out = tmp_path / "model.h5"
    engine.save(engine.zoo.lenet5(), str(out) + ".partial")  # a model, but no training state
    done = run_cli(*_train_args(out, 2), "--resume", out)
    assert done.returncode == 1 and done.stderr.splitlines()[-1].startswith("error:"), done.stderr
    (tmp_path / "model.h5.partial").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    done = run_cli(*_train_args(out, 2), "--resume", out)
    assert done.returncode == 1 and done.stderr.splitlines()[-1].startswith("error:"), done.stderr


# ================================================================ load
def test_two_dumps_at_once_do_not_interfere(tmp_path, dump_inputs):
    folder, _, _ = dump_inputs
    x = np.load(folder / "x.npy")
    np.save(tmp_path / "a.npy", x[:500])
    np.save(tmp_path / "b.npy", x[500:900][:, :, ::-1])
    jobs_ = {name: ("dump-activations", tmp_path / f"{name}.npy", "--batch-size", 50, "--layer", "conv1",
                    "--layer", "fc2", "-o") for name in ("a", "b")}
    procs = {name: popen_cli(*args, tmp_path / f"par-{name}.h5") for name, args in jobs_.items()}
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "Traceback" not in err, err
    for name, args in jobs_.items():
        done = run_cli(*args, tmp_path / f"seq-{name}.h5")
        assert done.returncode == 0, done.stderr
        assert_same_dump(tmp_path / f"par-{name}.h5", tmp_path / f"seq-{name}.h5")
    with h5py.File(tmp_path / "par-a.h5", "r") as fa, h5py.File(tmp_path / "par-b.h5", "r") as fb:
        assert fa["activations/fc2"].shape[0] == 500 and fb["activations/fc2"].shape[0] == 400
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".partial") or n.endswith(".tmp")]


# ================================================================ numerics
def test_nan_inputs_across_many_batches_warn_once(tmp_path):
    x = np.random.default_rng(0).random((500, 1, 32, 32)).astype(np.float32) * 255
    x[[3, 120, 260, 499], 0, 5, 5] = np.nan
    np.save(tmp_path / "x.npy", x)
    for args in (("infer", tmp_path / "x.npy", "-o", tmp_path / "p.npy", "--batch-size", 50),
                 ("dump-activations", tmp_path / "x.npy", "--layer", "fc2", "-o", tmp_path / "a.h5",
                  "--batch-size", 50)):
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        warned = [l for l in done.stderr.splitlines() if l.startswith("warning:")]
        assert len(warned) == 1 and "NaN" in warned[0], done.stderr
    probs = np.load(tmp_path / "p.npy")
    assert np.isnan(probs[[3, 120, 260, 499]]).all() and np.isfinite(np.delete(probs, [3, 120, 260, 499], 0)).all()


@pytest.fixture
def inf_conv1_model(tmp_path):
    path = tmp_path / "inf.h5"
    shutil.copy(MODEL, path)
    with h5py.File(path, "r+") as f:
        w = f["params/conv1/weight"][()]
        w[2, 0, 1, 1] = np.inf
        f["params/conv1/weight"][...] = w
    return path


def test_inf_weight_is_reported_once_with_its_layer(inf_conv1_model):
    with pytest.raises(FormatError, match="conv1/weight"):
        engine.load(inf_conv1_model)
    model = engine.load(inf_conv1_model, allow_nonfinite=True)
    x = np.zeros((300, 1, 32, 32), np.float32)  # zero background: 0 * inf = NaN in conv1
    x[:, :, 10:20, 10:20] = 0.5
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            probs = model.predict(x, batch_size=64)
        model.activations(x, ["conv1", "fc2"], batch_size=100)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1 and "conv1" in messages[0] and "NaN or Inf" in messages[0], messages
    assert np.isnan(probs).all()


def test_finite_inputs_and_weights_do_not_warn():
    model = engine.load(MODEL)
    x = np.random.default_rng(0).random((64, 1, 32, 32)).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict(x)
