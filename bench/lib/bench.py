"""The benchmark (bench/run calls this): throughput of mcp-oauth on each backend against node-oidc-provider and
Keycloak, alternating servers round by round, then introspection latency and heap as live tokens grow.

Usage: python3 bench/lib/bench.py [--quick] [--phases throughput,scale] [--rounds N] [--seconds S]
       [--backends memory,redis,jdbc] [--servers payara,wildfly,liberty]
"""
import argparse
import glob
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time

import load
import report
from jakarta_servers import Liberty, WildFly
from servers import BENCH, CACHE, Keycloak, McpOAuth, NodeOidcProvider

CONNECTIONS = 50
THREADS = 2
SAMPLE = 1000  # tokens introspected at random in each run
BACKENDS = ["memory", "redis", "jdbc"]
JWT_SAMPLE = 200  # JWTs sent to the MicroProfile JWT resource server (each is checked alone: no state per token)
JWT_BACKENDS = ("memory", "redis")  # the Payara Micro servers that run the JWT scenarios


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def options():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="short runs and small scale: a smoke test of ~5 minutes")
    p.add_argument("--phases", default="throughput,scale")
    p.add_argument("--rounds", type=int)
    p.add_argument("--seconds", type=int)
    p.add_argument("--backends", default="memory,redis,jdbc")
    p.add_argument("--servers", default="payara,wildfly,liberty", help="the servers mcp-oauth runs on")
    p.add_argument("--out", help="results directory (default bench/results, or bench/results/quick)")
    o = p.parse_args()
    o.rounds = o.rounds or (2 if o.quick else 3)
    o.seconds = o.seconds or (4 if o.quick else 15)
    o.warmup = 3 if o.quick else 30  # per server and scenario, all before the first round
    o.scales = [1_000, 10_000] if o.quick else [1_000, 100_000, 1_000_000]
    o.out = o.out or os.path.join(BENCH, "results", *(["quick"] if o.quick else []))
    o.backends = o.backends.split(",")
    o.servers = o.servers.split(",")
    if not set(o.servers) <= {"payara", "wildfly", "liberty"} or not set(o.backends) <= set(BACKENDS):
        p.error("servers are payara, wildfly, liberty; backends memory, redis, jdbc")
    return o


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)

    def version(cmd):
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout or r.stderr).strip().splitlines()[0]

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem, "kernel": platform.release(),
            "java": version(["java", "-version"]), "node": version(["node", "--version"]),
            "wrk": " ".join(version(["wrk", "--version"]).split()[:2]), "load_before": os.getloadavg()}


# --- throughput ---------------------------------------------------------------------------------------------

def scenarios(ours, peers, ceilings):
    """(name, servers, wrk script, environment builder, which rate counts). Authorization code flows run on
    Payara Micro only, to keep a full run under an hour and a quarter."""
    everyone = ours + peers
    payara = [s for s in ours if s.runtime == McpOAuth.runtime]
    jwt = [s for s in payara if s.backend in JWT_BACKENDS]

    def intro(s):
        return load.introspection_env(s, s.tokens_file)

    return [
        ("introspection", everyone, "introspect", intro, "rps"),
        ("empty endpoint", ceilings, "introspect",
         lambda s: dict(load.introspection_env(s, s.tokens_file, s.ceiling_path), BENCH_EXPECT="any"), "rps"),
        ("client credentials", everyone, "client-credentials", load.client_credentials_env, "rps"),
        ("client credentials (JWT)", jwt, "client-credentials", lambda s: load.client_credentials_env(s, jwt=True),
         "rps"),
        ("refresh", ours, "refresh", lambda s: load.refresh_env(s, s.refresh_file), "rps"),
        ("refresh (JWT)", jwt, "refresh", lambda s: load.refresh_env(s, s.refresh_file, jwt=True), "rps"),
        ("authorization code flow", payara, "authorization-code", load.authorization_code_env, "flows_per_s"),
        # The same endpoint behind two resource servers on the same Payara: local JWT validation against a round
        # trip to /introspect (opaque tokens, the introspection sample) per request.
        ("MP-JWT endpoint", jwt, "resource", lambda s: load.resource_env(s, s.jwt_rs_path, s.jwt_tokens_file),
         "rps"),
        ("introspecting endpoint", jwt, "resource",
         lambda s: load.resource_env(s, s.introspecting_rs_path, s.tokens_file), "rps"),
    ]


def prepare(server, scenario):
    """Fresh inputs before a run: sample tokens (peers forget theirs: node's memory adapter is an LRU of 1000
    entries) and unused refresh tokens (each is good for one rotation)."""
    if scenario in ("introspection", "empty endpoint", "introspecting endpoint") and (
            server.backend is None or not hasattr(server, "tokens_file")):
        server.tokens_file = load.sample_tokens(server, 100 if server.backend is None else SAMPLE)
    if scenario == "refresh":
        server.refresh_file = load.refresh_tokens(server, 4 * CONNECTIONS)
    if scenario == "refresh (JWT)":
        server.refresh_file = load.refresh_tokens(server, 4 * CONNECTIONS, server.jwt_resource)
    if scenario == "MP-JWT endpoint" and not hasattr(server, "jwt_tokens_file"):
        server.jwt_tokens_file = load.sample_tokens(server, JWT_SAMPLE, server.jwt_resource)
    if scenario == "MP-JWT endpoint":
        load.check_resource(server, server.jwt_rs_path, load.read_first(server.jwt_tokens_file))
    if scenario == "introspecting endpoint":
        load.check_resource(server, server.introspecting_rs_path, load.read_first(server.tokens_file))


def ours_on(o):
    """mcp-oauth on each server and backend asked for, each server with its own Redis key and table prefixes;
    ports by backend (memory, redis, jdbc: +0, +1, +2) as bench/README.md lists them."""
    make = {"payara": lambda i, b: McpOAuth(b, 9301 + i, o.run_id),
            "wildfly": lambda i, b: WildFly(b, 9331 + i, 9341 + i, 9351 + i, o.run_id + "w"),
            "liberty": lambda i, b: Liberty(b, 9361 + i, 9371 + i, o.run_id + "l")}
    return [make[server](BACKENDS.index(b), b) for server in o.servers for b in o.backends]


def ceilings_of(ours):
    """Each server's ceiling: the empty endpoint on its in-memory instance (or its first one)."""
    out = {}
    for s in ours:
        if s.runtime not in out or (s.backend == "memory" and out[s.runtime].backend != "memory"):
            out[s.runtime] = s
    return list(out.values())


def throughput(o, results):
    ours = ours_on(o)
    peers = [NodeOidcProvider(9310), Keycloak(9320, 9321)]
    started = []
    try:
        for s in ours + peers:
            log(f"starting {s.name}")
            s.start()
            started.append(s)
        runs = results.setdefault("throughput", {})
        plan = scenarios(ours, peers, ceilings_of(ours))
        # Every server runs every scenario once before anything is measured: JIT compilers on a shared machine
        # take minutes, and a warm-up just before each first measurement left the first round of every JVM
        # server cold (a third of its later rate).
        for name, servers, script, env, rate in plan:
            for s in servers:
                prepare(s, name)
                load.wrk(s, script, o.warmup, CONNECTIONS, THREADS, env(s))
        log("warmed up")
        for rnd in range(o.rounds):
            for name, servers, script, env, rate in plan:
                order = servers[rnd % len(servers):] + servers[:rnd % len(servers)] if servers else []
                if rnd % 2:
                    order.reverse()
                for s in order:
                    prepare(s, name)
                    r = load.wrk(s, script, o.seconds, CONNECTIONS, THREADS, env(s))
                    r["rate"] = r[rate]
                    r["round"] = rnd
                    runs.setdefault(name, {}).setdefault(s.label, []).append(r)
                    log(f"round {rnd + 1} {name:24} {s.label:20} {r['rate']:9.0f}/s p50 {r['p50_us'] / 1000:6.1f} ms "
                        f"p99 {r['p99_us'] / 1000:6.1f} ms bad {r['bad']}")
    finally:
        for s in started:
            s.stop()
            load.cleanup(s)


# --- scale --------------------------------------------------------------------------------------------------

def heap_bytes(server):
    """Live heap after a full GC: the total of `jcmd GC.class_histogram` (which collects first)."""
    out = subprocess.run(["jcmd", str(server.process.pid), "GC.class_histogram"], capture_output=True, text=True,
                         check=True).stdout
    classes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(":"):
            classes[parts[3]] = int(parts[2])
        if parts and parts[0] == "Total":
            total = int(parts[2])
    return total, classes


def saved_tokens(prefix):
    tokens = []
    for f in glob.glob(prefix + "-*"):
        with open(f) as fh:
            tokens.extend(l.strip() for l in fh if l.strip())
    return tokens


def scale(o, results):
    out = results.setdefault("scale", {})
    for i, backend in enumerate(o.backends):
        s = McpOAuth(backend, 9305 + i, o.run_id + "s")
        log(f"starting {s.name} for the scale runs")
        s.start()
        try:
            rows = out.setdefault(s.label, [])
            template = s.client_credentials()
            tokens, live, heaps = [], 1, {}
            save = os.path.join(CACHE, f"issued-{backend}")
            for f in glob.glob(save + "-*"):
                os.remove(f)
            for n in o.scales:
                started = time.time()
                if backend == "memory":
                    load.seed_http(s, n - live, save, CONNECTIONS, THREADS)
                    tokens = saved_tokens(save)
                    live = len(tokens) + 1
                else:
                    tokens += (load.seed_redis if backend == "redis" else load.seed_jdbc)(s, template, n - live)
                    live = load.live_access_tokens(s)
                log(f"{s.name}: {live} live access tokens (seeded in {time.time() - started:.0f} s)")
                s.tokens_file = load.write_lines(f"scale-{backend}.txt", load.pick(tokens, SAMPLE))
                env = load.introspection_env(s, s.tokens_file)
                # A fresh JVM: warm up as long as the measurement, so that the first step is not the coldest.
                load.wrk(s, "introspect", max(o.warmup, o.seconds), CONNECTIONS, THREADS, env)
                # Repeated, as many times as there are rounds, and the median kept: other work on the machine
                # comes and goes between steps too.
                runs = [load.wrk(s, "introspect", o.seconds, CONNECTIONS, THREADS, env) for _ in range(o.rounds)]
                r = {k: statistics.median(x[k] for x in runs) for k in ("rps", "p50_us", "p90_us", "p99_us")}
                r.update(live=live, rate=r["rps"], bad=sum(x["bad"] for x in runs), runs=runs)
                if backend == "memory":
                    heaps[n] = heap_bytes(s)
                    r["heap"] = heaps[n][0]
                rows.append(r)
                log(f"{s.label} at {live} live tokens: {r['rps']:.0f}/s p50 {r['p50_us'] / 1000:.1f} ms "
                    f"p99 {r['p99_us'] / 1000:.1f} ms bad {r['bad']}")
            if backend == "memory" and len(heaps) >= 2:
                first, last = rows[0], rows[-1]
                (h0, c0), (h1, c1) = heaps[o.scales[0]], heaps[o.scales[-1]]
                grown = {k: c1.get(k, 0) - c0.get(k, 0) for k in c1}
                top = sorted(grown.items(), key=lambda kv: -kv[1])[:10]
                results["heap"] = {"per_grant": (h1 - h0) / (last["live"] - first["live"]),
                                   "from": first["live"], "to": last["live"], "bytes_from": h0, "bytes_to": h1,
                                   "top_classes": [(k, v / (last["live"] - first["live"])) for k, v in top]}
                log(f"heap per live grant: {results['heap']['per_grant']:.0f} bytes")
        finally:
            s.stop()
            load.cleanup(s)


def main():
    o = options()
    o.run_id = f"{int(time.time()) % 100000:05d}"
    random.seed()
    os.makedirs(o.out, exist_ok=True)
    results = {"machine": machine(), "quick": o.quick, "rounds": o.rounds, "seconds": o.seconds,
               "connections": CONNECTIONS, "threads": THREADS, "started": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                                       time.gmtime())}
    log(f"benchmark {'quick' if o.quick else 'full'}: {o.rounds} rounds of {o.seconds} s, {CONNECTIONS} connections")
    phases = o.phases.split(",")
    try:
        if "throughput" in phases:
            throughput(o, results)
            save(results, o.out)
        if "scale" in phases and "payara" in o.servers:  # on Payara Micro only
            scale(o, results)
    finally:
        save(results, o.out)


def save(results, out):
    """Writes what has been measured so far, so that a failing phase loses nothing before it."""
    results["machine"]["load_after"] = os.getloadavg()
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    report.write(results, out)
    log(f"wrote {out}/results.md and {out}/results.png")


if __name__ == "__main__":
    sys.exit(main())
