"""A module that imports nothing: threading goes after the docstring and __future__."""
from __future__ import print_function


def work():
    print("working")


def spawn():
    t = threading.Thread(target=work)
    t.start()


spawn()
while 1:
    pass
