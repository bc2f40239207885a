"""The `cnn-engine` command: argument parsing, progress bars and messages; the work is done by
engine's public functions (engine.jobs, engine.load, engine.zoo). Heavy imports happen inside the
commands that need them, so `cnn-engine --help` and a one-image `infer` start fast."""
import os
import sys
import warnings

import click

ENGINE_VERSION = "0.1.0"


class UserError(Exception):
    """A failure the user can fix; shown as one line."""


def _one_line(exc):
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Group(click.Group):
    """Turns every expected failure into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (UserError, ValueError, OSError, KeyError, MemoryError) as e:
            if ctx.obj and ctx.obj.get("verbose", 0) > 1:
                raise
            click.echo(f"error: {_one_line(e)}", err=True)
            ctx.exit(1)


def _warning_line(message, category, filename, lineno, file=None, line=None):
    click.echo(f"warning: {_one_line(message)}", err=True)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(ENGINE_VERSION, prog_name="cnn-engine")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and results.")
@click.option("-v", "--verbose", count=True, help="More detail (-vv: tracebacks for debugging).")
@click.pass_context
def main(ctx, quiet, verbose):
    """cnn-engine: run, inspect and dump convolutional networks stored in HDF5 files.

    \b
    Quick start:
      cnn-engine infer                 # bundled LeNet-5 on bundled sample digits
      cnn-engine summary               # its layers and parameters
    """
    ctx.obj = {"quiet": quiet, "verbose": 0 if quiet else verbose}
    warnings.showwarning = _warning_line


# ---------------------------------------------------------------- shared options
def model_option(f):
    return click.option("-m", "--model", "model_path", type=click.Path(dir_okay=False),
                        help="Model file (.h5). Default: the bundled LeNet-5.")(f)


def work_options(f):
    f = click.option("--threads", type=click.IntRange(min=1), help="CPU threads (default: all cores).")(f)
    f = click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)(f)
    f = click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True)(f)
    return f


def input_options(f):
    f = click.option("--labels", "labels_path", type=click.Path(dir_okay=False),
                     help="Labels for the inputs: an IDX label file or a 1-d .npy.")(f)
    f = click.option("--data-dir", type=click.Path(file_okay=False), help="Folder holding the dataset's IDX files.")(f)
    f = click.option("--split", type=click.Choice(["train", "test"]), default="test", show_default=True)(f)
    f = click.option("--data", "data_name", help="A named dataset: sample, digits, fashion-mnist, mnist-5k.")(f)
    f = click.argument("inputs", nargs=-1, type=click.Path())(f)
    return f


def load_model(model_path):
    import engine
    import weights
    path = model_path or str(weights.bundled_path())
    return engine.load(path), path


def open_inputs(model, inputs, data_name, split, data_dir, labels_path):
    from engine import data
    if inputs and data_name:
        raise UserError("give input files or --data NAME, not both")
    if data_name:
        found = data.dataset_inputs(data_name, split, data_dir)
        if labels_path:
            found.labels = data.read_labels(labels_path)
        return found
    if not inputs:
        return data.dataset_inputs("sample")
    return data.open_inputs(inputs, model, labels_path)


def setup_threads(threads):
    if threads:
        import numba
        import engine
        engine.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))


def progress_bar(ctx, length, label):
    """A click progress bar on a terminal; a no-op in pipes or with --quiet."""
    if ctx.obj["quiet"] or not sys.stderr.isatty() or length < 2:
        class Silent:
            def __enter__(self):
                return self

            def __exit__(self, *a):
                return False

            def update(self, n):
                pass
        return Silent()
    return click.progressbar(length=length, label=label, file=sys.stderr)


def say(ctx, text):
    if not ctx.obj["quiet"]:
        click.echo(text, err=True)


# ---------------------------------------------------------------- commands
@main.command()
@model_option
def summary(model_path):
    """Show a model's layers, output shapes, parameter counts and metadata.

    \b
    Example:
      cnn-engine summary -m lenet5.h5
    """
    from engine import jobs
    model, path = load_model(model_path)
    click.echo(f"File: {path}")
    click.echo(jobs.describe(model))


@main.command()
@click.argument("arch", type=click.Choice(["lenet5", "alexnet", "vgg16"]))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output model file (.h5).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--num-classes", type=click.IntRange(min=1), help="Size of the last layer.")
@click.pass_context
def init(ctx, arch, out, seed, num_classes):
    """Write a zoo architecture with fresh seeded weights.

    \b
    Example:
      cnn-engine init lenet5 -o lenet5-untrained.h5 --seed 1
    """
    import engine
    model = engine.zoo.build(arch, num_classes, seed)
    engine.save(model, out)
    say(ctx, f"wrote {out}: {arch}, {model.count_params():,} parameters, seed {seed} (untrained)")


@main.command()
@input_options
@model_option
@click.option("--top-k", type=click.IntRange(min=1), default=1, show_default=True, help="Classes shown per input.")
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Save probabilities: .npy, .csv or .json.")
@click.option("--show", type=click.IntRange(min=0), default=20, show_default=True,
              help="Inputs listed on the terminal (-v lists all).")
@work_options
@click.pass_context
def infer(ctx, inputs, data_name, split, data_dir, labels_path, model_path, top_k, out, show, batch_size, device,
          threads):
    """Classify inputs: .npy/.npz arrays, IDX files (.gz too), images or folders of images.

    Preprocessing (scaling, normalisation, resizing) comes from the model file. With no input,
    runs the bundled model on the bundled sample digits and prints the accuracy.

    \b
    Examples:
      cnn-engine infer
      cnn-engine infer digit.png --top-k 3
      cnn-engine infer t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz -m fashion.h5 -o probs.csv
    """
    import time
    from engine import jobs
    setup_threads(threads)
    model, path = load_model(model_path)
    found = open_inputs(model, inputs, data_name, split, data_dir, labels_path)
    if not jobs.is_trained(model):
        say(ctx, f"note: {os.path.basename(path)} is untrained (seeded initial weights): its predictions are "
                 f"not meaningful")
    started = time.perf_counter()
    with progress_bar(ctx, len(found), "infer") as bar:
        probs = jobs.infer(model, found, batch_size, device, progress=bar.update)
    seconds = time.perf_counter() - started
    names = model.class_names or [str(i) for i in range(probs.shape[1])]
    best = jobs.top_k(probs, top_k)
    limit = len(probs) if ctx.obj["verbose"] else show
    for i in range(min(len(probs), limit)):
        picks = "  ".join(f"{names[j]} ({probs[i, j]:.3f})" for j in best[i])
        truth = f"  [label {names[found.labels[i]] if found.labels[i] < len(names) else found.labels[i]}]" \
            if found.labels is not None else ""
        click.echo(f"{i}: {picks}{truth}")
    if len(probs) > limit:
        click.echo(f"... {len(probs) - limit} more (-v lists all, -o saves all)")
    if found.labels is not None:
        click.echo(f"accuracy: {jobs.accuracy(probs, found.labels):.4f} "
                   f"({int((probs.argmax(1) == found.labels).sum())}/{len(probs)}) on {found.description}")
    if ctx.obj["verbose"]:
        say(ctx, f"{len(probs)} inputs in {seconds:.3f} s ({len(probs) / max(seconds, 1e-9):,.0f}/s) on {device}")
    if out:
        jobs.write_predictions(out, probs, model.class_names, found.labels)
        say(ctx, f"wrote {out}")


@main.command("dump-activations")
@input_options
@model_option
@click.option("--layer", "layers", multiple=True, required=True,
              help="Layer to dump (repeatable); 'all' dumps every layer.")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output HDF5 file.")
@work_options
@click.pass_context
def dump_activations(ctx, inputs, data_name, split, data_dir, labels_path, model_path, layers, out, batch_size,
                     device, threads):
    """Stream chosen layers' outputs for every input to an HDF5 file (/activations/<layer>).

    \b
    Examples:
      cnn-engine dump-activations --layer fc2 -o feats.h5
      cnn-engine dump-activations --data digits --split train --layer all -o acts.h5
    """
    from engine import jobs
    setup_threads(threads)
    model, path = load_model(model_path)
    found = open_inputs(model, inputs, data_name, split, data_dir, labels_path)
    wanted = None if "all" in layers else list(layers)
    with progress_bar(ctx, len(found), "dump") as bar:
        names = jobs.dump_activations(model, found, wanted, out, batch_size, device, model_path=path,
                                      progress=bar.update)
    say(ctx, f"wrote {out}: {len(found)} inputs, layers {', '.join(names)}")


if __name__ == "__main__":
    main()
