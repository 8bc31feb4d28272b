"""threadmod: legacy Python 2 thread code to idiomatic Python 3, losslessly."""

# The one place the version is written: the build reads it (pyproject.toml's dynamic version),
# and `threadmod --version` and the HTML report read it back from the installed metadata.
__version__ = "0.1.0"
