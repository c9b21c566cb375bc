"""Writes results.md (tables, ratios, targets) and results.png from a run's results."""
import os
import statistics
import textwrap

OURS = ["mcp-oauth memory", "mcp-oauth redis", "mcp-oauth jdbc"]
PEERS = ["node-oidc-provider", "Keycloak"]
# Each JWT scenario beside its opaque one; the resource-side pair last.
SCENARIOS = ["introspection", "empty endpoint", "client credentials", "client credentials (JWT)", "refresh",
             "refresh (JWT)", "authorization code flow", "MP-JWT endpoint", "introspecting endpoint"]


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def summary(results):
    """{scenario: {server: (rate, p50 ms, p99 ms, bad, runs)}} from the medians over rounds."""
    out = {}
    for scenario, servers in results.get("throughput", {}).items():
        out[scenario] = {s: (median(runs, "rate"), median(runs, "p50_us") / 1000, median(runs, "p99_us") / 1000,
                             sum(r["bad"] for r in runs), len(runs)) for s, runs in servers.items()}
    return out


def rate(t, scenario, server):
    return t.get(scenario, {}).get(server, (None,))[0]


def ratio(a, b):
    return a / b if a and b else None


def paired(results, scenario, server, base_scenario, base_server):
    """The median over rounds of the ratio within each round: both figures of a pair were measured minutes
    apart, so what the machine's other work did to a whole round cancels out."""
    runs = results.get("throughput", {})
    a = {r["round"]: r["rate"] for r in runs.get(scenario, {}).get(server, [])}
    b = {r["round"]: r["rate"] for r in runs.get(base_scenario, {}).get(base_server, [])}
    pairs = [a[k] / b[k] for k in a if k in b and b[k]]
    return statistics.median(pairs) if pairs else None


def targets(results, t):
    """(target, measured, met) for each target of the issue that this run measured."""
    rows = []
    node = ("introspection", "node-oidc-provider")
    kc_cc = ("client credentials", "Keycloak")

    def add(text, value, limit, fmt, higher=True):
        if value is not None:
            rows.append((text, fmt.format(value), value >= limit if higher else value <= limit))

    add("introspection, memory ≥ 2× node-oidc-provider",
        paired(results, "introspection", "mcp-oauth memory", *node), 2, "{:.2f}×")
    add("introspection, memory ≥ 80 % of the empty JAX-RS endpoint",
        paired(results, "introspection", "mcp-oauth memory", "empty endpoint", "mcp-oauth memory"), 0.8, "{:.0%}")
    add("introspection, Redis ≥ 1.5× node-oidc-provider",
        paired(results, "introspection", "mcp-oauth redis", *node), 1.5, "{:.2f}×")
    for backend in ("memory", "redis", "jdbc"):
        for scenario in ("client credentials", "refresh"):
            add(f"{scenario}, {backend} ≥ 10× Keycloak's client credentials",
                paired(results, scenario, f"mcp-oauth {backend}", *kc_cc), 10, "{:.1f}×")
    for server, rows_ in results.get("scale", {}).items():
        if len(rows_) >= 2:
            add(f"introspection p99, {server.split()[-1]}: {rows_[-1]['live']:,} vs {rows_[0]['live']:,} live tokens "
                "≤ 1.5×", rows_[-1]["p99_us"] / rows_[0]["p99_us"], 1.5, "{:.2f}×", higher=False)
    heap = results.get("heap")
    if heap:
        add("heap per live in-memory grant ≤ 1 KB", heap["per_grant"], 1024, "{:.0f} bytes", higher=False)
    return rows


def write(results, out):
    t = summary(results)
    m = results["machine"]
    lines = [f"# Benchmark results ({'quick smoke run' if results['quick'] else 'full run'}, {results['started']})", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Linux {m['kernel']}; {m['java']}; "
             f"node {m['node']}; {m['wrk']}. Load average before {fmt_load(m['load_before'])}, after "
             f"{fmt_load(m.get('load_after'))} (the machine is shared with other builds).", "",
             f"Method: wrk, {results['connections']} connections on {results['threads']} threads over loopback; "
             f"{results['rounds']} rounds of {results['seconds']} s per server and scenario, servers alternated "
             "(rotated, every other round reversed) so drift hits all alike; each figure is the median over rounds. "
             "Latency is closed-loop (wrk waits for each answer), at full load.", ""]
    if t:
        lines += ["## Throughput", "", "| per second (p50 / p99 ms) | " + " | ".join(
            s for s in OURS + PEERS if any(s in t.get(sc, {}) for sc in SCENARIOS)) + " |"]
        shown = [s for s in OURS + PEERS if any(s in t.get(sc, {}) for sc in SCENARIOS)]
        lines.append("|---|" + "---:|" * len(shown))
        for sc in SCENARIOS:
            if sc not in t:
                continue
            cells = []
            for s in shown:
                v = t[sc].get(s)
                cells.append(f"{v[0]:,.0f} ({v[1]:.1f} / {v[2]:.1f})" + (f" **{v[3]} bad**" if v[3] else "")
                             if v else "–")
            lines.append(f"| {sc} | " + " | ".join(cells) + " |")
        cpu = {sc: {sv: statistics.median(r["cpu_us"] for r in runs) for sv, runs in servers.items()
                    if all("cpu_us" in r for r in runs)} for sc, servers in results["throughput"].items()}
        if any(cpu.values()):
            lines += ["", "Server CPU per request, µs (all the server's processes, user and system; median over "
                      "rounds). Less sensitive than rates to other work on the machine:", "",
                      "| CPU µs per request | " + " | ".join(shown) + " |", "|---|" + "---:|" * len(shown)]
            for sc in SCENARIOS:
                if cpu.get(sc):
                    lines.append(f"| {sc} | " + " | ".join(f"{cpu[sc][sv]:,.0f}" if sv in cpu[sc] else "–"
                                                          for sv in shown) + " |")
            empty = cpu.get("empty endpoint", {}).get("mcp-oauth memory")
            intro = cpu.get("introspection", {}).get("mcp-oauth memory")
            if empty and intro:
                lines += ["", f"An in-memory introspection costs the server {intro / empty:.2f}× the CPU of the empty "
                          f"endpoint's request (so at most {empty / intro:.0%} of its rate when CPU is the limit)."]
            pair = [(sv, cpu.get("MP-JWT endpoint", {}).get(sv), cpu.get("introspecting endpoint", {}).get(sv))
                    for sv in shown]
            pair = [(sv, j, i) for sv, j, i in pair if j and i]
            if pair:
                lines += ["", "Resource side: the same endpoint behind MicroProfile JWT (JWTs checked locally) and "
                          "behind a call to the same server's `/introspect` per request (opaque tokens); the "
                          "introspecting endpoint's CPU includes the introspection it asks for. CPU of a call "
                          "checked locally / of a call introspected: " + ", ".join(
                              f"{sv} {j / i:.2f}" for sv, j, i in pair) + "."]
        lines += ["", "Ratios: within each round, then the median over rounds.", ""]
        lines += ["| | " + " | ".join(OURS) + " |", "|---|" + "---:|" * len(OURS)]
        for label, sc, base in (("introspection / node-oidc-provider", "introspection",
                                 ("introspection", "node-oidc-provider")),
                                ("introspection / empty endpoint (memory's server)", "introspection",
                                 ("empty endpoint", "mcp-oauth memory")),
                                ("client credentials / Keycloak client credentials", "client credentials",
                                 ("client credentials", "Keycloak")),
                                ("refresh / Keycloak client credentials", "refresh", ("client credentials", "Keycloak")),
                                ("client credentials / node-oidc-provider client credentials", "client credentials",
                                 ("client credentials", "node-oidc-provider")),
                                ("client credentials (JWT) / client credentials (opaque)", "client credentials (JWT)",
                                 ("client credentials", None)),
                                ("refresh (JWT) / refresh (opaque)", "refresh (JWT)", ("refresh", None)),
                                ("MP-JWT endpoint / introspecting endpoint", "MP-JWT endpoint",
                                 ("introspecting endpoint", None))):
            # A base without a server: the same server's figure in the base scenario.
            values = [paired(results, sc, s, base[0], base[1] or s) for s in OURS]
            lines.append(f"| {label} | " + " | ".join(f"{v:.2f}" if v else "–" for v in values) + " |")
        lines.append("")
    if results.get("scale"):
        lines += ["## Introspection as live tokens grow", "",
                  "| backend | live access tokens | per second | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
        for s, rows in results["scale"].items():
            for r in rows:
                lines.append(f"| {s} | {r['live']:,} | {r['rate']:,.0f} | {r['p50_us'] / 1000:.1f} | "
                             f"{r['p99_us'] / 1000:.1f} |")
        lines.append("")
    heap = results.get("heap")
    if heap:
        lines += [f"Heap per live in-memory grant (client credentials: one access token): **{heap['per_grant']:.0f} "
                  f"bytes**, from the live heap after full GC (`jcmd GC.class_histogram`) at {heap['from']:,} and "
                  f"{heap['to']:,} live tokens. Largest contributors per grant: " + ", ".join(
                      f"`{k}` {v:.0f}" for k, v in heap["top_classes"][:6] if v > 1) + ".", ""]
    rows = targets(results, t)
    if rows:
        lines += ["## Targets", "", "| target | measured | met |", "|---|---:|:---:|"]
        lines += [f"| {a} | {b} | {'yes' if c else '**no**'} |" for a, b, c in rows]
        lines.append("")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines))
    plot(results, t, os.path.join(out, "results.png"))


def fmt_load(v):
    return " / ".join(f"{x:.1f}" for x in v) if v else "?"


def plot(results, t, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if results.get("scale"):
        fig, (a, b) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 2]})
    else:  # a throughput-only run (--phases throughput): no latency panel
        fig, a = plt.subplots(1, 1, figsize=(8, 4.8))
        b = None
    servers = [s for s in OURS + PEERS if any(s in t.get(sc, {}) for sc in SCENARIOS)]
    scen = [sc for sc in SCENARIOS if sc in t]
    width = 0.8 / max(1, len(servers))
    for i, s in enumerate(servers):
        xs = [j + i * width for j, sc in enumerate(scen) if s in t[sc]]
        ys = [t[sc][s][0] for sc in scen if s in t[sc]]
        a.bar(xs, ys, width, label=s)
    a.set_xticks([j + width * (len(servers) - 1) / 2 for j in range(len(scen))])
    a.set_xticklabels([textwrap.fill(sc, 13, break_long_words=False) for sc in scen], fontsize=7)
    a.set_yscale("log")
    a.set_ylabel("per second (log scale)")
    a.set_title("Throughput, 50 connections, median of rounds")
    if servers:
        a.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    if b is not None:
        for s, rows in results.get("scale", {}).items():
            color = f"C{OURS.index(s)}" if s in OURS else None
            b.plot([r["live"] for r in rows], [r["p99_us"] / 1000 for r in rows], marker="o", color=color,
                   label=f"{s} p99")
            b.plot([r["live"] for r in rows], [r["p50_us"] / 1000 for r in rows], marker=".", linestyle=":",
                   color=color, label=f"{s} p50")
        b.set_xscale("log")
        b.set_xlabel("live access tokens")
        b.set_ylabel("introspection latency, ms")
        b.set_title("Introspection latency as live tokens grow")
        if results.get("scale"):
            b.legend(fontsize=7)
    m = results["machine"]
    fig.suptitle(f"mcp-oauth vs node-oidc-provider and Keycloak, {m['cores']} cores, loopback, wrk "
                 f"({results['started']})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    import json
    import sys

    directory = sys.argv[1]
    with open(os.path.join(directory, "results.json")) as f:
        write(json.load(f), directory)
