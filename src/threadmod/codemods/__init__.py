"""The thread stage: one libcst codemod per module, TM201-TM209 (docs/DESIGN.md has every room).

A regular package so libcst.tool can list it: `.libcst.codemod.yaml` at the project's root
names it under `modules:`, and `python -m libcst.tool list` run there imports each module
and shows the commands of `commands.py`.  Nothing is imported here: a file no thread
codemod concerns never loads libcst.
"""
