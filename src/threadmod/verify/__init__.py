"""`threadmod verify`: run a legacy script under Python 2.7 and its conversion under Python 3
with virtual time and one deterministic scheduler, and compare their output thread by thread.

The library API is in `threadmod.verify.engine` (run_traced, compare, find_python2, verify,
record, Trace, Verdict); the click command is `threadmod.verify.command.verify`.
"""
