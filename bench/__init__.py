"""Benchmarks for Chorus builds (not tests: they print numbers). See docs/benchmarks.md."""
