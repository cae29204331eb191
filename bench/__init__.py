"""OrderFlow benchmarks: intake against a bare endpoint, the pipeline, the machine's limits."""
