"""threadmod: legacy Python 2 thread code to idiomatic Python 3, losslessly."""

__version__ = "0.1.0"
