"""Benchmarks: `make bench` runs every bench/*_bench.py (see bench/README.md)."""
