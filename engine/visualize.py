"""Pictures of a network (PNG files via matplotlib's Agg backend): 2D embeddings of a hidden layer,
a conv layer's filters, and one input's feature maps."""
import os

import numpy as np

from weights.format import atomic_path


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def embed(features, method="pca", perplexity=30.0, seed=0):
    """(N, F) -> (N, 2) with PCA or t-SNE (scikit-learn)."""
    features = np.asarray(features, np.float64).reshape(len(features), -1)
    if features.shape[1] < 2:
        raise ValueError(f"the layer has {features.shape[1]} value per input: a 2-D embedding needs at least 2")
    if not np.isfinite(features).all():
        raise ValueError("the layer's activations hold NaN or Inf: nothing to embed")
    if np.ptp(features, axis=0).max() == 0:  # (scikit-learn's t-SNE crashed the process on these)
        raise ValueError("the layer's activations are the same for every input: nothing to embed")
    if method == "pca":
        from sklearn.decomposition import PCA
        return PCA(n_components=2, random_state=seed).fit_transform(features)
    if method == "tsne":
        from sklearn.manifold import TSNE
        perplexity = min(perplexity, max(1.0, (len(features) - 1) / 3))
        return TSNE(n_components=2, perplexity=perplexity, random_state=seed, init="pca").fit_transform(features)
    raise ValueError(f"method: expected pca or tsne, got {method!r}")


def subsample(count, max_points, seed=0):
    """Sorted indices of at most max_points of count items, chosen with a fixed seed."""
    if max_points is None or count <= max_points:
        return np.arange(count)
    return np.sort(np.random.default_rng(seed).choice(count, max_points, replace=False))


def _save(fig, path, dpi):
    if not str(path).lower().endswith(".png"):
        raise ValueError(f"{path}: the output must be a .png file")
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi)
    _pyplot().close(fig)


def plot_embedding(points, labels, class_names, title, path, dpi=100):
    """Scatter of (N, 2) points, one colour per class with a legend of class names."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 7))
    cmap = plt.get_cmap("tab10" if len(class_names) <= 10 else "tab20")
    labels = np.zeros(len(points), int) if labels is None else np.asarray(labels)
    for k in np.unique(labels):
        sel = labels == k
        name = class_names[k] if class_names is not None and k < len(class_names) else str(k)
        ax.scatter(points[sel, 0], points[sel, 1], s=6, color=cmap(int(k) % cmap.N), label=name, alpha=0.8)
    ax.set_title(title)
    ax.legend(markerscale=3, fontsize=8, loc="best")
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    _save(fig, path, dpi)


def _grid(images, titles, path, suptitle, dpi=100):
    """Small grayscale images in a near-square grid, each scaled to its own range."""
    plt = _pyplot()
    n = len(images)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    cell = 1.6 if max(np.shape(images[0])) < 64 else 4.0  # photos get room to show their detail
    fig, axes = plt.subplots(rows, cols, figsize=(cell * cols, cell * rows + 0.4), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap="gray", interpolation="nearest")
            ax.set_title(titles[i], fontsize=7)
    fig.suptitle(suptitle, fontsize=9)
    fig.tight_layout()
    _save(fig, path, dpi)


def plot_filters(model, layer_name, path, max_filters=64):
    """A conv layer's filters (each input channel's kernel averaged over channels) as a grid."""
    layer = model.get_layer(layer_name)
    weight = layer.params.get("weight")
    if weight is None or weight.ndim != 4:
        raise ValueError(f"layer {layer_name!r} is not a 2D convolution (no 4-d weight)")
    kernels = weight[:max_filters].mean(axis=1)
    _grid(list(kernels), [f"{i}" for i in range(len(kernels))], path,
          f"{model.name} {layer_name}: {weight.shape[0]} filters {weight.shape[2]}x{weight.shape[3]}"
          f" (mean over {weight.shape[1]} input channels)")


def plot_feature_maps(model, x, layer_name, path, max_maps=64, device="cpu"):
    """One input's channels after a layer: x is one preprocessed input (1, *input_shape)."""
    maps = model.activations(x, [layer_name], device=device)[layer_name][0]
    if maps.ndim != 3:
        raise ValueError(f"layer {layer_name!r} outputs shape {maps.shape}, not (C, H, W) feature maps")
    _grid(list(maps[:max_maps]), [f"{i}" for i in range(min(len(maps), max_maps))], path,
          f"{model.name} {layer_name}: {maps.shape[0]} maps {maps.shape[1]}x{maps.shape[2]}")
