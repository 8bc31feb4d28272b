"""`python -m threadmod.verify ...` runs the verify command before cli.py registers it."""

from threadmod.verify.command import verify

if __name__ == "__main__":
    verify(prog_name="python -m threadmod.verify")
