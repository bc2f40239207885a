#!/bin/bash
# Everything issue 5 asks of a real GPU, in one run on a machine with one NVIDIA GPU, PyTorch with CUDA,
# numba and numba-cuda (the workplace's device machine): the GPU tests without the simulator, the
# whole-model table against cuDNN, VGG-16 and AlexNet layer by layer, VGG's 3x3 conv stage by stage
# (bench/gpu_conv_stages.py), Nsight Compute on three kernels and
# the host overhead of small layers. Logs go to $OUT (default /tmp/gpu_check). About 2 minutes on an H200.
#
#   bash bench/gpu_check.sh
#   LAYERS=" " NO_STAGES=1 NO_PROFILE=1 NO_OVERHEAD=1 bash bench/gpu_check.sh    # tests and the model table only
#
# numba-cuda 0.30.4 cannot compile against numpy 2.5: wheels in .whl/ (numpy 2.4.x, and numba-cuda for a
# machine whose own numba-cuda fails the probe) are installed into /tmp/site first, ahead of the image's.
# Fetch them where pip can reach PyPI:
#   pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#       --platform manylinux_2_28_x86_64 --platform manylinux_2_24_x86_64 -d .whl numpy==2.4.6 numba-cuda==0.30.4
set -u
OUT=${OUT:-/tmp/gpu_check}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
PY=${PYTHON:-python3}
cd "$(dirname "$0")/.."
step() { echo; echo "=== $* ($(date +%T))"; }

step machine
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv | tee "$OUT/gpu.txt"
nproc
if ls .whl/numpy-*.whl >/dev/null 2>&1; then
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/numpy-*.whl
    export PYTHONPATH=/tmp/site:$PWD
else
    export PYTHONPATH=$PWD
fi
probe() {
    $PY - <<'EOF'
import importlib.metadata as md
import numpy as np
from numba import cuda
for name in ("numpy", "numba", "numba-cuda", "torch", "h5py", "scipy"):
    try:
        print(name, md.version(name), end="; ")
    except md.PackageNotFoundError:
        print(name, "missing", end="; ")
print()
@cuda.jit
def twice(a):
    i = cuda.grid(1)
    if i < a.size:
        a[i] *= 2
a = cuda.to_device(np.arange(4, dtype=np.float32))
twice[1, 32](a)
assert list(a.copy_to_host()) == [0, 2, 4, 6], a.copy_to_host()
print("probe kernel ran on", cuda.get_current_device().name)
EOF
}
step probe
if ! probe 2>&1 | tee "$OUT/probe.txt"; then
    if ls .whl/numba_cuda-*.whl >/dev/null 2>&1; then
        step "probe failed with the image's numba-cuda: installing the carried one"
        $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/numba_cuda-*.whl
        probe 2>&1 | tee -a "$OUT/probe.txt" || { echo "no working numba.cuda: stopping"; exit 1; }
    else
        echo "no working numba.cuda: stopping"; exit 1
    fi
fi

step "GPU tests (no simulator)"
timeout ${TEST_TIMEOUT:-180} $PY -m pytest -q -p no:cacheprovider -n 8 --timeout 150 tests/gpu 2>&1 \
    | tee "$OUT/tests.log" | tail -40

step "whole models against cuDNN"
timeout ${BENCH_TIMEOUT:-150} $PY bench/bench_gpu.py --rows lenet5=1,4096,65536 --rows alexnet=1,32 \
    --rows vgg16=1,32 2>&1 | tee "$OUT/bench.log"

for spec in ${LAYERS:-vgg16=32 alexnet=32}; do
    step "$spec layer by layer"
    timeout ${LAYERS_TIMEOUT:-90} $PY bench/bench_gpu.py --layers $spec --repeat 5 2>&1 | tee "$OUT/layers-${spec%%=*}.log"
done
if [ -z "${NO_STAGES:-}" ]; then
    step "wide 3x3 conv layers stage by stage (Winograd, direct, cuDNN)"
    timeout ${STAGES_TIMEOUT:-120} $PY bench/gpu_conv_stages.py ${STAGES_ARGS:-} 2>&1 | tee "$OUT/stages.log"
fi
NCU=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
if [ -n "$NCU" ] && [ -z "${NO_PROFILE:-}" ]; then
    step "Nsight Compute: LeNet-5 fused, a VGG conv's Winograd GEMM, fc6"
    timeout ${PROFILE_TIMEOUT:-120} "$NCU" --clock-control none -k regex:"${PROFILE_KERNELS:-lenet5_kernel|gemm_tiled_gpu8x8_r168|dense_tiled_gpu32}" \
        -c ${PROFILE_COUNT:-3} --section SpeedOfLight --section WarpStateStats --section ComputeWorkloadAnalysis --section Occupancy \
        $PY bench/gpu_profile.py > "$OUT/ncu.log" 2>&1
    grep -E "lenet5_kernel|conv2d_tiled|gemm_tiled|dense_tiled|Duration|Compute \(SM\) Throughput|Memory Throughput|Achieved Occupancy|Registers Per|Stall|Issue Slots Busy|Executed Ipc A|One or More|No Eligible" "$OUT/ncu.log" | head -80
fi
if [ -z "${NO_OVERHEAD:-}" ]; then
    step "host overhead of small layers"
    timeout ${OVERHEAD_TIMEOUT:-60} $PY bench/gpu_profile.py --overhead 2>&1 | tee "$OUT/overhead.log" | head -45
    echo "--- the same with numba's own launch path (CNN_ENGINE_CUDA_FAST_LAUNCH=0):"
    CNN_ENGINE_CUDA_FAST_LAUNCH=0 timeout ${OVERHEAD_TIMEOUT:-60} $PY bench/gpu_profile.py --overhead --no-cprofile 2>&1 \
        | tee "$OUT/overhead-numba-launch.log" | head -12
fi
step done
