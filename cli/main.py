"""The `cnn-engine` command: argument parsing, progress bars and messages; the work is done by
engine's public functions (engine.jobs, engine.load, engine.zoo). Heavy imports happen inside the
commands that need them, so `cnn-engine --help` and a one-image `infer` start fast."""
import os
import sys
import warnings

import click

ENGINE_VERSION = "0.1.0"


class UserError(ValueError):
    """A failure the user can fix; shown as one line. (A ValueError: under `python -m cli.main`, cli/convert.py
    imports a second copy of this module, whose UserError the group catches as a ValueError.)"""


def _one_line(exc):
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Group(click.Group):
    """Turns every expected failure into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        _swallowed_interrupt["seen"] = False  # (per command: tests run many in one process)
        try:
            result = super().invoke(ctx)
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
        if _swallowed_interrupt["seen"]:  # a Ctrl-C Python could not raise (see _quiet_unraisable)
            _swallowed_interrupt["seen"] = False
            click.echo("interrupted (after the command had finished its work: its output is complete)", err=True)
            ctx.exit(130)
        return result


_swallowed_interrupt = {"seen": False}


def _quiet_unraisable(unraisable, default=sys.unraisablehook):
    """A Ctrl-C that lands inside a destructor or a weakref callback (h5py's, while dump-activations
    writes its file) cannot stop the command: Python ignores it there. Keep it from printing a
    traceback, and remember it, so that the command still ends as interrupted (exit 130) once its work
    is done. Anything else is reported as usual."""
    if unraisable.exc_type is KeyboardInterrupt:
        _swallowed_interrupt["seen"] = True
        import signal
        import threading
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            # deliver it again, from another thread 5 ms later so that it lands after this hook has returned: the main
            # thread then raises it outside the callback and the command stops now (transfer's long fit ran
            # on after such a swallowed Ctrl-C); the flag stays as a fallback
            timer = threading.Timer(0.005, os.kill, (os.getpid(), signal.SIGINT))
            timer.daemon = True
            timer.start()
    else:
        default(unraisable)


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
    sys.unraisablehook = _quiet_unraisable


# ---------------------------------------------------------------- shared options
def model_option(f):
    return click.option("-m", "--model", "model_path", type=click.Path(dir_okay=False),
                        help="Model file (.h5), or a bundled model's name (lenet5-digits, lenet5-fashion-mnist). "
                             "Default: lenet5-digits.")(f)


def work_options(f):
    f = click.option("--threads", type=click.IntRange(min=1), help="CPU threads (default: all cores).")(f)
    f = click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)(f)
    f = click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True)(f)
    return f


def dask_options(f):
    """--scheduler / --workers / --chunk-size: run on a Dask cluster (engine.distributed)."""
    f = click.option("--chunk-size", type=click.IntRange(min=1), default=1024, show_default=True,
                     help="With --scheduler/--workers: inputs per Dask task.")(f)
    f = click.option("--workers", type=click.IntRange(min=1),
                     help="Run on a local Dask cluster of N worker processes (pip install 'cnn-engine[dask]').")(f)
    f = click.option("--scheduler", metavar="ADDRESS",
                     help="Run on the Dask cluster at ADDRESS (tcp://host:8786); paths must be valid on workers.")(f)
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
    """-m: a file; or, where no such file exists, the name of a model shipped in weights/ (an installed
    package has no weights/ folder in the user's working directory)."""
    import engine
    import weights
    path = model_path or str(weights.bundled_path())
    name = os.path.splitext(os.path.basename(path))[0]
    if not os.path.exists(path) and os.path.dirname(path) in ("", "weights") and name in weights.BUNDLED_MODELS:
        path = str(weights.bundled_path(name))
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


def refuse_overwriting(out, *sources):
    """OUT must not be a file the command reads (inputs, labels, model): the write is atomic, but it
    would replace that input all the same. Sources may be None, folders, or 'file.h5:/dataset'."""
    if not out or not os.path.exists(out):
        return
    from engine import data
    for source in sources:
        if not source:
            continue
        spec = data.split_h5_spec(source)
        path = spec[0] if spec else source
        if os.path.exists(path) and os.path.samefile(path, out):
            raise UserError(f"-o {out}: is also an input of this command ({source}); choose another output file")


def check_labels(found, classes):
    """Labels must name one of the model's classes: a -1 would be shown as the last class."""
    if found.labels is not None and len(found.labels) and (found.labels.min() < 0 or found.labels.max() >= classes):
        bad = int(found.labels.min() if found.labels.min() < 0 else found.labels.max())
        raise UserError(f"labels: {bad} is not a class of this model (0..{classes - 1})")


def setup_threads(ctx, threads):
    """The thread count for the kernels; and, before any kernel runs, the first-compile note."""
    announce_compiling(ctx)
    if threads:
        import numba
        import engine
        engine.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))


_compile_note = {"shown": False}


def announce_compiling(ctx):
    """Says once per process, when Numba starts compiling a kernel it found no cached copy of (the first
    run on a machine: from half a minute for LeNet-5 to a minute for AlexNet; later runs load the cache
    in about a second), why nothing seems to happen. Silent with --quiet and when everything is cached."""
    if ctx.obj["quiet"] or _compile_note["shown"]:
        return
    from numba.core import event

    class FirstCompile(event.Listener):
        def on_start(self, ev):
            if not _compile_note["shown"]:
                _compile_note["shown"] = True
                text = "compiling kernels for this machine (first run only; later runs load them from the cache)"
                # on a terminal, over the progress bar's line (it redraws below)
                click.echo("\r" + text.ljust(79) if sys.stderr.isatty() else text, err=True)

        def on_end(self, ev):
            pass

    listener = FirstCompile()
    event.register("numba:compile", listener)
    ctx.call_on_close(lambda: event.unregister("numba:compile", listener))


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
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
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
@dask_options
@click.pass_context
def infer(ctx, inputs, data_name, split, data_dir, labels_path, model_path, top_k, out, show, batch_size, device,
          threads, scheduler, workers, chunk_size):
    """Classify inputs: .npy/.npz arrays, IDX files (.gz too), images or folders of images.

    Preprocessing (scaling, normalisation, resizing) comes from the model file. With no input,
    runs the bundled model on the bundled sample digits and prints the accuracy.

    \b
    Examples:
      cnn-engine infer
      cnn-engine infer digit.png --top-k 3
      cnn-engine infer t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz -m fashion.h5 -o probs.csv
      cnn-engine infer --data fashion-mnist --split train --workers 4 -o probs.npy   # on a local Dask cluster
    """
    import time

    import numpy as np

    from engine import jobs
    setup_threads(ctx, threads)
    if out:
        jobs.check_predictions_path(out)
    model, path = load_model(model_path)
    refuse_overwriting(out, *inputs, labels_path, path)
    found = open_inputs(model, inputs, data_name, split, data_dir, labels_path)
    check_labels(found, model.output_shape[-1])
    if not jobs.is_trained(model):
        say(ctx, f"note: {os.path.basename(path)} is untrained (seeded initial weights): its predictions are "
                 f"not meaningful")
    started = time.perf_counter()
    if scheduler or workers:  # the same job on a Dask cluster: workers open the inputs themselves
        from engine import distributed
        spec = distributed.InputSpec.from_cli(inputs, data_name, split, data_dir, labels_path)
        with distributed.cluster(scheduler, workers, threads) as client, \
                progress_bar(ctx, len(found), "infer") as bar:
            probs = distributed.infer(client, path, spec, chunk_size, batch_size, device, progress=bar.update,
                                      threads=threads, client_inputs=found, client_model=model)
    else:
        with progress_bar(ctx, len(found), "infer") as bar:
            probs = jobs.infer(model, found, batch_size, device, progress=bar.update)
    seconds = time.perf_counter() - started
    names = model.class_names or [str(i) for i in range(probs.shape[1])]
    best = jobs.top_k(probs, top_k)
    limit = len(probs) if ctx.obj["verbose"] else show
    for i in range(min(len(probs), limit)):
        # a NaN row (NaN or Inf inputs) has no most probable class: not "0 (nan)"
        picks = "  ".join(f"{names[j]} ({probs[i, j]:.3f})" for j in best[i]) if np.isfinite(probs[i]).all() \
            else "no prediction (NaN)"
        truth = f"  [label {names[found.labels[i]] if found.labels[i] < len(names) else found.labels[i]}]" \
            if found.labels is not None else ""
        click.echo(f"{i}: {picks}{truth}")
    if len(probs) > limit:
        click.echo(f"... {len(probs) - limit} more (-v lists all, {f'all are in {out}' if out else '-o saves all'})")
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
@click.option("--resume", is_flag=True, help="Continue an interrupted run from OUT.partial/ (checked first).")
@work_options
@dask_options
@click.pass_context
def dump_activations(ctx, inputs, data_name, split, data_dir, labels_path, model_path, layers, out, resume, batch_size,
                     device, threads, scheduler, workers, chunk_size):
    """Stream chosen layers' outputs for every input to an HDF5 file (/activations/<layer>).

    \b
    Examples:
      cnn-engine dump-activations --layer fc2 -o feats.h5
      cnn-engine dump-activations --data digits --split train --layer all -o acts.h5
      cnn-engine dump-activations big.npy --layer fc2 -o feats.h5 --resume   # after an interruption
      cnn-engine dump-activations big.h5 --layer fc2 -o feats.h5 --scheduler tcp://head:8786 --chunk-size 4096

    Completed batches are kept in OUT.partial/ until the end, so an interrupted run never damages
    OUT and --resume continues from the last complete batch.
    """
    from engine import jobs
    setup_threads(ctx, threads)
    from engine.data import HDF5_SUFFIXES
    if not str(out).lower().endswith(HDF5_SUFFIXES):
        raise UserError(f"{out}: the output is an HDF5 file: name it .h5 (or {', '.join(HDF5_SUFFIXES[1:])})")
    model, path = load_model(model_path)
    refuse_overwriting(out, *inputs, labels_path, path)
    found = open_inputs(model, inputs, data_name, split, data_dir, labels_path)
    wanted = None if "all" in layers else list(layers)
    if scheduler or workers:  # workers write OUT.partial/ chunks; this process only assembles OUT
        from engine import distributed
        spec = distributed.InputSpec.from_cli(inputs, data_name, split, data_dir, labels_path)
        with distributed.cluster(scheduler, workers, threads) as client, progress_bar(ctx, len(found), "dump") as bar:
            names = distributed.dump_activations(client, path, spec, wanted, out, chunk_size, batch_size, device,
                                                 resume=resume, progress=bar.update, threads=threads,
                                                 client_inputs=found, client_model=model)
    else:
        with progress_bar(ctx, len(found), "dump") as bar:
            names = jobs.dump_activations(model, found, wanted, out, batch_size, device, model_path=path,
                                          progress=bar.update, resume=resume)
    say(ctx, f"wrote {out}: {len(found)} inputs, layers {', '.join(names)}")


@main.command()
@click.argument("arch", type=click.Choice(["lenet5", "lenet5-bn", "alexnet", "vgg16"]))
@click.option("--data", "data_name", required=True, help="Dataset: digits, fashion-mnist, mnist-5k.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder holding the dataset's IDX files.")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False),
              help="Model file, written when training ends; OUT.partial holds the checkpoint of each epoch.")
@click.option("--epochs", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True)
@click.option("--lr", type=click.FloatRange(min=0, min_open=True), help="Learning rate (adam 1e-3, sgd 0.05).")
@click.option("--optimizer", type=click.Choice(["sgd", "adam"]), default="adam", show_default=True)
@click.option("--momentum", type=float, default=0.9, show_default=True, help="SGD momentum.")
@click.option("--weight-decay", type=click.FloatRange(min=0), default=0.0, show_default=True)
@click.option("--schedule", type=click.Choice(["constant", "cosine", "step"]), default="cosine", show_default=True)
@click.option("--augment-shift", type=click.IntRange(min=0), default=0, show_default=True,
              help="Random translations of up to N pixels.")
@click.option("--augment-flip", is_flag=True, help="Random horizontal flips.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--resume", type=click.Path(dir_okay=False),
              help="Continue from a checkpoint: FILE.partial if it exists, else FILE (a finished run).")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.option("--threads", type=click.IntRange(min=1), help="CPU threads (default: all cores).")
@click.pass_context
def train(ctx, arch, data_name, data_dir, out, epochs, batch_size, lr, optimizer, momentum, weight_decay, schedule,
          augment_shift, augment_flip, seed, resume, device, threads):
    """Train a zoo architecture from scratch on a named dataset.

    \b
    Examples:
      cnn-engine train lenet5 --data digits -o lenet5-digits.h5 --epochs 30
      cnn-engine train lenet5-bn --data fashion-mnist -o fashion.h5 --epochs 15 --augment-shift 2 --augment-flip
      cnn-engine train lenet5 --data digits -o lenet5-digits.h5 --epochs 40 --resume lenet5-digits.h5
                                    # continues lenet5-digits.h5.partial after an interruption
    """
    from engine import jobs
    setup_threads(ctx, threads)
    if resume:  # the checkpoint's settings win (FORMAT.md): say so rather than ignore what was typed
        from click.core import ParameterSource
        ignored = [f"--{name.replace('_', '-')}" for name in ("batch_size", "lr", "optimizer", "momentum",
                                                               "weight_decay", "schedule", "augment_shift",
                                                               "augment_flip", "seed")
                   if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE]
        if ignored:
            say(ctx, f"note: --resume continues with the checkpoint's settings; ignoring {', '.join(ignored)}")
    command = "cnn-engine " + " ".join(sys.argv[1:])  # recorded in the model's provenance
    bar = {"now": None}

    def on_batch(count, loss, acc):
        if bar["now"] is not None:
            bar["now"].label = f"loss {loss:.4f} acc {acc:.4f}"
            bar["now"].update(count)

    def on_epoch(state):
        if bar["now"] is not None:
            bar["now"].__exit__(None, None, None)
            bar["now"] = None
        r = state.history[-1]
        val = f"  val_accuracy {r['val_accuracy']:.4f}" if r.get("val_accuracy") is not None else ""
        say(ctx, f"epoch {r['epoch']}/{state.config['epochs']}  loss {r['loss']:.4f}  "
                 f"train_accuracy {r['train_accuracy']:.4f}{val}  lr {r['lr']:.2e}  {r['seconds']:.1f}s  "
                 f"(checkpoint {out}.partial)")

    class Bars:
        """A fresh progress bar per epoch, on a terminal only."""
        def __init__(self):
            self.size = None

        def __call__(self, count, loss, acc):
            if bar["now"] is None and self.size and not ctx.obj["quiet"] and sys.stderr.isatty():
                bar["now"] = click.progressbar(length=self.size, file=sys.stderr, show_pos=True)
                bar["now"].__enter__()
            on_batch(count, loss, acc)

    bars = Bars()
    model, state, accuracy = jobs.train(arch, data_name, out, epochs=epochs, batch_size=batch_size, lr=lr,
                                        optimizer=optimizer, seed=seed, resume=resume, data_dir=data_dir,
                                        schedule=schedule, weight_decay=weight_decay, momentum=momentum,
                                        augment_shift=augment_shift, augment_flip=augment_flip, device=device,
                                        command=command, on_batch=bars, on_epoch=on_epoch,
                                        on_start=lambda n: setattr(bars, "size", n))
    click.echo(f"test accuracy {accuracy:.4f} on {model.provenance['test_images']:,} {data_name} test images; "
               f"wrote {out}")


@main.command()
@input_options
@model_option
@work_options
@click.pass_context
def evaluate(ctx, inputs, data_name, split, data_dir, labels_path, model_path, batch_size, device, threads):
    """Accuracy and confusion matrix on labelled inputs (default: the bundled sample digits).

    \b
    Examples:
      cnn-engine evaluate --data digits
      cnn-engine evaluate -m fashion.h5 --data fashion-mnist
    """
    from engine import jobs
    setup_threads(ctx, threads)
    model, path = load_model(model_path)
    found = open_inputs(model, inputs, data_name, split, data_dir, labels_path)
    accuracy, confusion = jobs.evaluate(model, found, batch_size, device)
    names = model.class_names or [str(i) for i in range(confusion.shape[0])]
    click.echo(f"accuracy: {accuracy:.4f} ({int(confusion.trace())}/{int(confusion.sum())}) on {found.description}")
    click.echo(jobs.format_confusion(confusion, names))


@main.command()
@model_option
@click.option("--layer", required=True, help="Layer whose activations feed the classifier, e.g. fc2.")
@click.option("--data", "data_name", required=True, help="Dataset: digits, fashion-mnist, mnist-5k.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder holding the dataset's IDX files.")
@click.option("--classifier", type=click.Choice(["logistic", "svm"]), default="logistic", show_default=True)
@click.option("--max-train", type=click.IntRange(min=10), help="Use at most N training images (seeded).")
@click.option("--dump-dir", type=click.Path(file_okay=False), help="Keep the activation dumps in this folder.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@work_options
@click.pass_context
def transfer(ctx, model_path, layer, data_name, data_dir, classifier, max_train, dump_dir, seed, batch_size, device,
             threads):
    """Transfer learning: fit a scikit-learn classifier on a layer's stored activations.

    \b
    Example (LeNet-5 trained on digits, its 84-unit fc2 reused for Fashion-MNIST):
      cnn-engine transfer -m weights/lenet5-digits.h5 --layer fc2 --data fashion-mnist --max-train 10000
    """
    from engine import data, jobs, visualize
    setup_threads(ctx, threads)
    if dump_dir and not os.path.isdir(dump_dir):
        raise UserError(f"--dump-dir {dump_dir}: no such folder")
    model, path = load_model(model_path)
    x_train, y_train, class_names = data.load_dataset(data_name, "train", data_dir)
    keep = visualize.subsample(len(y_train), max_train, seed)
    # the description names the subset: it is part of the inputs' fingerprint, which --dump-dir's reuse checks
    subset = "" if len(keep) == len(y_train) else f", {len(keep)} of {len(y_train)} chosen with seed {seed}"
    train_inputs = data.Inputs([data.array_part(x_train[keep], data_name, batch=True)], y_train[keep],
                               f"dataset {data_name} (train{subset})")
    test_inputs = data.dataset_inputs(data_name, "test", data_dir)
    result = jobs.transfer(model, train_inputs, test_inputs, layer, classifier, batch_size, device,
                           dump_dir=dump_dir, model_path=path, seed=seed, class_names=class_names)
    for reused in result["reused_dumps"]:
        say(ctx, f"reused {reused} (the same model file and inputs)")
    click.echo(f"{classifier} on {layer} ({result['features']} features, {result['train_images']:,} training images): "
               f"test accuracy {result['transfer_accuracy']:.4f} on {result['test_images']:,} {data_name} test images")
    if "network_accuracy" in result:
        click.echo(f"the network's own test accuracy: {result['network_accuracy']:.4f}")
    else:
        click.echo(f"(the network was trained on other classes than {data_name}'s: no accuracy of its own here)")


@main.command()
@model_option
@click.option("--data", "data_name", default="sample", show_default=True, help="Dataset to embed.")
@click.option("--split", type=click.Choice(["train", "test"]), default="test", show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder holding the dataset's IDX files.")
@click.option("--layer", required=True, help="Hidden layer to embed, e.g. fc2.")
@click.option("--method", type=click.Choice(["pca", "tsne"]), default="pca", show_default=True)
@click.option("--max-points", type=click.IntRange(min=3), default=2000, show_default=True,
              help="Subsample with a fixed seed.")
@click.option("--perplexity", type=click.FloatRange(min=1), default=30.0, show_default=True, help="t-SNE perplexity.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output PNG.")
@work_options
@click.pass_context
def plot(ctx, model_path, data_name, split, data_dir, layer, method, max_points, perplexity, seed, out, batch_size,
         device, threads):
    """2D embedding (PCA or t-SNE) of a hidden layer, one colour per class.

    \b
    Example:
      cnn-engine plot --data digits --layer fc2 --method tsne -o fc2-tsne.png
    """
    from engine import data, jobs, visualize
    setup_threads(ctx, threads)
    if not str(out).lower().endswith(".png"):
        raise UserError(f"{out}: the output must be a .png file")
    model, path = load_model(model_path)
    refuse_overwriting(out, path)
    x, y, class_names = data.load_dataset(data_name, split, data_dir)
    keep = visualize.subsample(len(y), max_points, seed)
    inputs = data.Inputs([data.array_part(x[keep], data_name, batch=True)], y[keep], f"dataset {data_name} ({split})")
    feats = jobs.features(model, inputs, layer, batch_size, device)
    points = visualize.embed(feats, method, perplexity, seed)
    names = class_names or model.class_names  # the colours are the dataset's labels
    title = f"{model.name} ({os.path.basename(path)}), layer {layer}: {method.upper()} of {len(keep):,} {data_name} points"
    visualize.plot_embedding(points, inputs.labels, names, title, out)
    say(ctx, f"wrote {out}")


@main.command()
@model_option
@click.option("--layer", required=True, help="A Conv2D layer, e.g. conv1.")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output PNG.")
@click.pass_context
def filters(ctx, model_path, layer, out):
    """A conv layer's filters as a grid of small images.

    \b
    Example:
      cnn-engine filters --layer conv1 -o conv1-filters.png
    """
    from engine import visualize
    model, path = load_model(model_path)
    refuse_overwriting(out, path)
    visualize.plot_filters(model, layer, out)
    say(ctx, f"wrote {out}")


@main.command("feature-maps")
@click.argument("input_path", metavar="INPUT", type=click.Path())
@model_option
@click.option("--index", type=click.IntRange(min=0), default=0, show_default=True,
              help="Which input of a multi-input file.")
@click.option("--layer", required=True, help="Layer whose output channels are shown, e.g. conv1.")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output PNG.")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.pass_context
def feature_maps(ctx, input_path, model_path, index, layer, out, device):
    """One input's channels after a layer: what the filters detect.

    \b
    Example:
      cnn-engine feature-maps digit.png --layer conv1 -o conv1-maps.png
    """
    from engine import data, visualize
    announce_compiling(ctx)
    model, path = load_model(model_path)
    refuse_overwriting(out, input_path, path)
    found = data.open_inputs([input_path], model)
    if index >= len(found):
        raise UserError(f"--index {index}: {input_path} holds {len(found)} inputs")
    visualize.plot_feature_maps(model, found.batch(index, index + 1, model), layer, out, device=device)
    say(ctx, f"wrote {out}")


from cli.convert import convert  # noqa: E402  (its own module: the importers are large)

main.add_command(convert)

if __name__ == "__main__":
    main()
