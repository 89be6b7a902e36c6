"""Benchmarks: the harness (renda.bench.harness) and every `bench_*` / `generate_*` management command.

A top layer: it uses the apps; nothing imports it (import-linter). Printed figures, not timed tests.
"""
