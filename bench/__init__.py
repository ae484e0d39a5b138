"""Benchmarks (``python -m bench``): figures as ratios to floors measured in the same run."""
