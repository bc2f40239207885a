"""Running the Click app in-process for tests, shared by the CLI and reliability tests."""
from click.testing import CliRunner


def cli(*args):
    """Invoke `cnn-engine ARGS`; an exception other than SystemExit fails the test with its output
    (CliRunner would otherwise hide the traceback a user would see)."""
    from cli.main import main
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"unexpected exception {result.exception!r}\n{result.output}") from result.exception
    return result
