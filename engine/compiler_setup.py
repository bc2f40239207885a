"""Numba settings that must be in place before Numba compiles anything.

Measured on the project's machines (see shared PERF-NOTES.md):
- NUMBA_SLP_VECTORIZE=1 lets LLVM merge scalar accumulators into vector registers.
- NUMBA_CPU_FEATURES = host features + "-prefer-256-bit,+prefer-no-gather": without it LLVM
  stays on 256-bit registers and emits gathers on AVX-512 machines.
- The OpenMP threading layer launches a prange in ~1.6 us; workqueue takes 30-130 us.

Every setting is only a default: a value the user already exported wins.

Also here, because it too must happen before the first large array: glibc's malloc hands every
block over 32 MB straight back to the kernel when it is freed, so each batch's activations are
page-faulted in afresh (VGG-16 at batch 8: 1.46-1.97 s per call; with the heap keeping them,
1.40 s steady). keep_freed_memory() raises the mmap and trim thresholds, as ONNX Runtime's arena
does for its own buffers; CNN_ENGINE_SYSTEM_MALLOC=1 (or any MALLOC_*_ variable) leaves malloc alone.
"""
import os
import sys


def _host_cpu_features():
    try:
        import llvmlite.binding as llvm
        features = llvm.get_host_cpu_features().flatten()
    except Exception:  # unknown host: let Numba pick its own defaults
        return None
    return features + ",-prefer-256-bit,+prefer-no-gather" if features else None


def keep_freed_memory():
    """Let glibc reuse freed activation buffers instead of unmapping them (see the module docstring)."""
    if os.environ.get("CNN_ENGINE_SYSTEM_MALLOC") or any(k.startswith("MALLOC_") for k in os.environ):
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3  # from glibc's malloc.h
        return bool(libc.mallopt(m_mmap_threshold, 1 << 30) and libc.mallopt(m_trim_threshold, (1 << 31) - 1))
    except (OSError, AttributeError):  # not glibc (musl, ...): nothing to tune
        return False


def configure():
    os.environ.setdefault("NUMBA_SLP_VECTORIZE", "1")
    os.environ.setdefault("NUMBA_THREADING_LAYER_PRIORITY", "omp tbb workqueue")
    if "NUMBA_CPU_FEATURES" not in os.environ:
        features = _host_cpu_features()
        if features:
            os.environ["NUMBA_CPU_FEATURES"] = features
    keep_freed_memory()
    if "numba" in sys.modules:  # imported before us: make it re-read the environment
        from numba.core import config
        config.reload_config()


configure()
