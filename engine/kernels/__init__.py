"""Device kernels: pure functions on arrays, one module per device (cpu.py; cuda.py with the GPU issue)."""
