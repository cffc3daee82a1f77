"""Benchmarks and conformance runs for moto-shared (docs/performance.md, docs/conformance.md).

`python -m benchmarks.run` compares per-operation latency, cross-process
throughput and scaling against Moto and against botocore's own cost;
`python -m benchmarks.conformance` runs Moto's own test suite against
`moto_shared.mock_aws`. Both need Moto, which the project itself never does,
so they run from a separate environment (the `benchmark` extra).
"""
