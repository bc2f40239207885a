"""Training: softmax cross-entropy, SGD with momentum and Adam (PyTorch's update rules), weight decay,
seeded shuffling, learning-rate schedules, per-epoch checkpoints that `resume` continues from."""
import math
import time

import numpy as np

from engine import ops


def _logit_layers(model):
    """Layers up to the logits: a final Softmax is left out, the loss applies its own."""
    from engine.layers import Softmax
    return model.layers[:-1] if isinstance(model.layers[-1], Softmax) else model.layers


def loss_and_grads(model, x, labels, rng, device="cpu"):
    """-> (mean softmax cross-entropy of the batch, {layer: {param: gradient}}, logits)."""
    caches, h = [], x
    run = _logit_layers(model)
    for layer in run:
        h, cache = layer.forward_train(h, rng, device)
        caches.append(cache)
    logits = h
    loss, dh = ops.softmax_cross_entropy(logits, labels, device)
    grads = {}
    for layer, cache in zip(reversed(run), reversed(caches)):
        dh, g = layer.backward(dh, cache, device)
        if g:
            grads[layer.name] = g
    return loss, grads, logits


class SGD:
    """PyTorch's SGD: v = momentum * v + (g + wd * p); p -= lr * v."""

    slots = ("velocity",)

    def __init__(self, lr=0.01, momentum=0.9, weight_decay=0.0):
        self.lr, self.momentum, self.weight_decay = lr, momentum, weight_decay
        self.state, self.steps = {}, 0

    def step(self, params, grads, lr):
        self.steps += 1
        for key, g in grads.items():
            p = params[key]
            g = g + self.weight_decay * p if self.weight_decay else g
            v = self.state.setdefault(key, {"velocity": np.zeros_like(p)})["velocity"]
            v *= self.momentum
            v += g
            p -= lr * v


class Adam:
    """PyTorch's Adam (L2 weight decay added to the gradient), bias-corrected moments."""

    slots = ("m", "v")

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.state, self.steps = {}, 0

    def step(self, params, grads, lr):
        self.steps += 1
        b1, b2 = self.betas
        c1, c2 = 1 - b1 ** self.steps, 1 - b2 ** self.steps
        for key, g in grads.items():
            p = params[key]
            g = g + self.weight_decay * p if self.weight_decay else g
            s = self.state.setdefault(key, {"m": np.zeros_like(p), "v": np.zeros_like(p)})
            s["m"] *= b1
            s["m"] += (1 - b1) * g
            s["v"] *= b2
            s["v"] += (1 - b2) * g * g
            p -= (lr / c1) * s["m"] / (np.sqrt(s["v"] / c2) + self.eps)


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def learning_rate(base, schedule, epoch, epochs):
    """The rate for a 0-based epoch: constant, cosine (to 0 at the end) or step (x0.1 at 50% and 75%)."""
    if schedule == "constant":
        return base
    if schedule == "cosine":
        return base * 0.5 * (1 + math.cos(math.pi * epoch / max(epochs, 1)))
    if schedule == "step":
        return base * (0.1 ** ((epoch >= epochs * 0.5) + (epoch >= epochs * 0.75)))
    raise ValueError(f"schedule: expected constant, cosine or step, got {schedule!r}")


def augment_batch(x, rng, shift=0, flip=False):
    """Random translations of up to `shift` pixels (zero fill) and horizontal flips, per image."""
    if not shift and not flip:
        return x
    out = np.zeros_like(x)
    n, _, h, w = x.shape
    dy = rng.integers(-shift, shift + 1, n) if shift else np.zeros(n, int)
    dx = rng.integers(-shift, shift + 1, n) if shift else np.zeros(n, int)
    flips = rng.random(n) < 0.5 if flip else np.zeros(n, bool)
    for i in range(n):
        img = x[i, :, :, ::-1] if flips[i] else x[i]
        ys, xs = slice(max(dy[i], 0), h + min(dy[i], 0)), slice(max(dx[i], 0), w + min(dx[i], 0))
        yd, xd = slice(max(-dy[i], 0), h + min(-dy[i], 0)), slice(max(-dx[i], 0), w + min(-dx[i], 0))
        out[i, :, yd, xd] = img[:, ys, xs]
    return out


def evaluate(model, x, labels, batch_size=500, device="cpu"):
    """-> (accuracy, confusion matrix [true, predicted])."""
    probs = model.predict(x, batch_size=batch_size, device=device)
    predicted = probs.argmax(1)
    k = probs.shape[1]
    confusion = np.zeros((k, k), np.int64)
    np.add.at(confusion, (np.asarray(labels), predicted), 1)
    return float(np.mean(predicted == labels)), confusion


class TrainState:
    """What a checkpoint needs beyond the weights: settings, progress and optimizer slots."""

    def __init__(self, config, epoch=0, history=None, optimizer_state=None, steps=0):
        self.config, self.epoch, self.history = dict(config), epoch, list(history or [])
        self.optimizer_state, self.steps = optimizer_state or {}, steps


def fit(model, x, y, x_val=None, y_val=None, epochs=10, batch_size=64, lr=None, optimizer="adam", momentum=0.9,
        weight_decay=0.0, schedule="cosine", seed=0, augment_shift=0, augment_flip=False, device="cpu",
        state=None, on_batch=None, on_epoch=None):
    """Train model in place on preprocessed inputs x (N, ...) and integer labels y.

    on_batch(done, loss, accuracy) after each batch; on_epoch(state) after each epoch (write the
    checkpoint there). state: a TrainState from a checkpoint, to resume after its last epoch.
    Shuffling and dropout at epoch e draw from numpy's generator seeded with (seed, e), so a resumed
    run matches an uninterrupted one."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer: expected sgd or adam, got {optimizer!r}")
    if augment_shift and np.ndim(x) == 4 and 2 * augment_shift >= min(np.shape(x)[2:]):
        raise ValueError(f"augment_shift: {augment_shift} pixels would move a {np.shape(x)[2]}x{np.shape(x)[3]} "
                         f"input out of its frame; use less than half its side")
    lr = lr if lr is not None else (1e-3 if optimizer == "adam" else 0.05)
    config = dict(epochs=epochs, batch_size=batch_size, lr=lr, optimizer=optimizer, momentum=momentum,
                  weight_decay=weight_decay, schedule=schedule, seed=seed, augment_shift=augment_shift,
                  augment_flip=augment_flip)
    opt = SGD(lr, momentum, weight_decay) if optimizer == "sgd" else Adam(lr, weight_decay=weight_decay)
    params = {(layer.name, k): v for layer in model.layers for k, v in layer.params.items()}
    if state is None:
        state = TrainState(config)
    else:
        opt.steps = state.steps
        opt.state = {key: slots for key, slots in state.optimizer_state.items() if key in params}
        state.config.update(epochs=epochs)
    x = np.asarray(x, np.float32)
    y = np.asarray(y, np.int64)
    with _one_blas_thread():
        _run_epochs(model, x, y, x_val, y_val, epochs, batch_size, lr, schedule, seed, augment_shift, augment_flip,
                    device, state, opt, params, on_batch, on_epoch)
    return state


def _one_blas_thread():
    """The conv GEMMs run with one BLAS thread: on 2 cores OpenBLAS's spinning threads and Numba's
    fight (conv2 backward of lenet5-bn at batch 64: 162 ms with 2 BLAS threads under load, 10 ms with 1)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # comes with scikit-learn; without it, run as configured
        import contextlib
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _run_epochs(model, x, y, x_val, y_val, epochs, batch_size, lr, schedule, seed, augment_shift, augment_flip,
                device, state, opt, params, on_batch, on_epoch):
    n = len(x)
    for epoch in range(state.epoch, epochs):
        rng = np.random.default_rng([seed, epoch])
        order = rng.permutation(n)
        rate = learning_rate(lr, schedule, epoch, epochs)
        started, seen, loss_sum, correct = time.perf_counter(), 0, 0.0, 0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            xb = augment_batch(x[idx], rng, augment_shift, augment_flip) if x.ndim == 4 else x[idx]
            loss, grads, logits = loss_and_grads(model, xb, y[idx], rng, device)
            flat = {(layer, k): g for layer, gs in grads.items() for k, g in gs.items()}
            opt.step(params, flat, rate)
            for layer in model.layers:
                layer.params_changed()
            seen += len(idx)
            loss_sum += loss * len(idx)
            correct += int((logits.argmax(1) == y[idx]).sum())
            if on_batch:
                on_batch(len(idx), loss_sum / seen, correct / seen)
        record = {"epoch": epoch + 1, "lr": rate, "loss": loss_sum / seen, "train_accuracy": correct / seen,
                  "seconds": time.perf_counter() - started}
        if x_val is not None:
            record["val_accuracy"] = evaluate(model, x_val, y_val, device=device)[0]
        state.epoch, state.steps, state.optimizer_state = epoch + 1, opt.steps, opt.state
        state.history.append(record)
        if on_epoch:
            on_epoch(state)
