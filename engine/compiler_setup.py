"""Numba settings that must be in place before Numba compiles anything.

Measured on the project's machines (see shared PERF-NOTES.md):
- NUMBA_SLP_VECTORIZE=1 lets LLVM merge scalar accumulators into vector registers.
- NUMBA_CPU_FEATURES = host features + "-prefer-256-bit,+prefer-no-gather": without it LLVM
  stays on 256-bit registers and emits gathers on AVX-512 machines.
- The OpenMP threading layer launches a prange in ~1.6 us; workqueue takes 30-130 us.

Every setting is only a default: a value the user already exported wins.
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


def configure():
    os.environ.setdefault("NUMBA_SLP_VECTORIZE", "1")
    os.environ.setdefault("NUMBA_THREADING_LAYER_PRIORITY", "omp tbb workqueue")
    if "NUMBA_CPU_FEATURES" not in os.environ:
        features = _host_cpu_features()
        if features:
            os.environ["NUMBA_CPU_FEATURES"] = features
    if "numba" in sys.modules:  # imported before us: make it re-read the environment
        from numba.core import config
        config.reload_config()


configure()
