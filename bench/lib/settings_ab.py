"""What each Payara Micro setting of server-config/payara-micro/ saves, in server CPU per request: starts the
in-memory backend with each variant in turn (alternating, round after round, so slow drifts of a shared machine
fall on every variant alike), warms it up, then measures introspection, the empty endpoint and client
credentials (one audit line per request) and prints the median, the range and n of each.

Usage (after bench/run has built the WAR and the ceiling WAR once):
  python3 bench/lib/settings_ab.py [rounds] [seconds] [variant,...]
Variants: default (Payara Micro as shipped), logging (server-config/payara-micro/logging.properties, as the
Dockerfile runs it), otel (OpenTelemetry's SDK configured with its sampler off; measured, not shipped).
Servers listen on 127.0.0.1:9400-9409.
"""
import os
import statistics
import sys

import load
from servers import ROOT, McpOAuth

LOGGING = ["--logproperties", os.path.join(ROOT, "server-config/payara-micro/logging.properties")]
# Payara Micro 6 builds an OpenTelemetry SDK for every application and its JAX-RS listener starts a span per
# request whatever otel.sdk.disabled says; with the SDK enabled and its sampler off, the spans are not recorded.
OTEL = ["-Dotel.sdk.disabled=false", "-Dotel.traces.sampler=always_off", "-Dotel.traces.exporter=none",
        "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"]
VARIANTS = {"default": ([], []), "logging": ([], LOGGING), "otel": (OTEL, [])}


class Variant(McpOAuth):
    """The benchmark's server with JVM options and Payara Micro options of one variant instead of its own."""

    def __init__(self, variant, port, run_id):
        super().__init__("memory", port, run_id)
        self.jvm, self.tuning = VARIANTS[variant]

    def command(self):
        cmd = super().command()
        return cmd[:1] + self.jvm + cmd[1:]
SCENARIOS = ("introspection", "empty endpoint", "client credentials")


def measure(variant, port, seconds):
    s = Variant(variant, port, f"ab{os.getpid() % 10000}")
    s.start()
    try:
        tokens = load.sample_tokens(s, 300)
        envs = {"introspection": ("introspect", load.introspection_env(s, tokens)),
                "empty endpoint": ("introspect", dict(load.introspection_env(s, tokens, s.ceiling_path),
                                                      BENCH_EXPECT="any")),
                "client credentials": ("client-credentials", load.client_credentials_env(s))}
        for script, env in envs.values():  # the JIT needs load on every path before it settles
            load.wrk(s, script, seconds, 50, 2, env)
        return {name: load.wrk(s, script, seconds, 50, 2, env)["cpu_us"] for name, (script, env) in envs.items()}
    finally:
        s.stop()
        load.cleanup(s)


def main(rounds, seconds, variants):
    results = {v: {sc: [] for sc in SCENARIOS} for v in variants}
    for r in range(rounds):
        order = variants if r % 2 == 0 else list(reversed(variants))
        for i, v in enumerate(order):
            cpu = measure(v, 9400 + i, seconds)
            for sc in SCENARIOS:
                results[v][sc].append(cpu[sc])
            print(f"round {r + 1} {v}: " + ", ".join(f"{sc} {cpu[sc]:.0f}" for sc in SCENARIOS), flush=True)
    print("\nserver CPU µs per request: median [min-max] n, and the median's change against default")
    for v in variants:
        for sc in SCENARIOS:
            xs = results[v][sc]
            line = f"  {v:8} {sc:19} {statistics.median(xs):6.0f} [{min(xs):.0f}-{max(xs):.0f}] n={len(xs)}"
            if v != "default" and "default" in results:
                base = statistics.median(results["default"][sc])
                line += f"  {statistics.median(xs) - base:+.0f} ({(statistics.median(xs) - base) / base:+.1%})"
            print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3, int(sys.argv[2]) if len(sys.argv) > 2 else 10,
         sys.argv[3].split(",") if len(sys.argv) > 3 else list(VARIANTS))
