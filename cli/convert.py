"""`cnn-engine convert`: ONNX and Keras models -> a cnn-engine model file (docs/importers.md).

Registered on the group in cli/main.py with `main.add_command(convert)`; errors are ValueErrors,
which the group prints as one line."""
import click


def _channel_values(ctx, param, value):
    """'0.485,0.456,0.406' -> [0.485, 0.456, 0.406]."""
    if value is None:
        return None
    try:
        values = [float(v) for v in value.replace(" ", "").split(",") if v != ""]
    except ValueError:
        raise click.BadParameter(f"expected comma-separated numbers, got {value!r}") from None
    if not values:
        raise click.BadParameter("expected at least one number")
    return values


def _scale(ctx, param, value):
    """A number or a fraction such as 1/255."""
    if value is None:
        return None
    try:
        if "/" in value:
            num, den = value.split("/", 1)
            return float(num) / float(den)
        return float(value)
    except (ValueError, ZeroDivisionError):
        raise click.BadParameter(f"expected a number such as 0.00392 or 1/255, got {value!r}") from None


@click.command()
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output model file (.h5).")
@click.option("--class-names", "class_names", type=click.Path(exists=True, dir_okay=False),
              help="Text file with one class name per line, in output order.")
@click.option("--mean", callback=_channel_values, help="Per-channel mean after scaling, e.g. 0.485,0.456,0.406.")
@click.option("--std", callback=_channel_values, help="Per-channel standard deviation, e.g. 0.229,0.224,0.225.")
@click.option("--scale", callback=_scale, help="Multiplies raw 0..255 inputs first, e.g. 1/255.")
@click.option("--config", "config",
              help="Architecture for a Keras weights-only file: a Keras model JSON file or a zoo name (lenet5, ...).")
@click.pass_context
def convert(ctx, src, out, class_names, mean, std, scale, config):
    """Convert an ONNX (.onnx) or Keras (.h5, .keras) model into a cnn-engine model file.

    The result is channels first (NCHW / NCL) and runs without the source framework. Preprocessing
    (--scale, then --mean/--std per channel) and class names are stored in the file.

    \b
    Examples:
      cnn-engine convert lenet.onnx -o lenet.h5 --scale 1/255 --mean 0.1307 --std 0.3081
      cnn-engine convert model.keras -o model.h5 --class-names classes.txt --scale 1/255
      cnn-engine convert weights.h5 --config model.json -o model.h5
    PyTorch: export to ONNX first with torch.onnx.export (docs/importers.md).
    """
    from cli.main import refuse_overwriting
    from engine.importers import convert as convert_model
    refuse_overwriting(out, src, class_names, config)
    model = convert_model(src, out, class_names=class_names, mean=mean, std=std, scale=scale, config=config)
    if not (ctx.obj or {}).get("quiet"):
        shape = ", ".join(map(str, model.input_shape))
        click.echo(f"wrote {out}: {model.name}, {len(model.layers)} layers, {model.count_params():,} parameters, "
                   f"input ({shape})", err=True)
