"""Writes results.md (tables, ratios, targets) and results.png from a run's results."""
import os
import statistics

RUNTIMES = ["Payara Micro", "WildFly", "Open Liberty"]
BACKENDS = ["memory", "redis", "jdbc"]


def label(runtime, backend):
    """The results' name of mcp-oauth on a server with a backend (on Payara Micro, as in earlier results)."""
    return f"mcp-oauth {backend}" + ("" if runtime == RUNTIMES[0] else f" on {runtime}")


OURS = [label(r, b) for r in RUNTIMES for b in BACKENDS]
NAMES = {label(r, b): f"{r}, {b}" for r in RUNTIMES for b in BACKENDS}
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


def runtime_of(server):
    return next((r for r in RUNTIMES if server in (label(r, b) for b in BACKENDS)), None)


def runtimes(results):
    """The servers mcp-oauth ran on in these results, in RUNTIMES order."""
    seen = {runtime_of(s) for servers in results.get("throughput", {}).values() for s in servers}
    seen |= {runtime_of(s) for s in results.get("scale", {})}
    return [r for r in RUNTIMES if r in seen]


def ceiling(results, runtime):
    """The instance of a server whose empty endpoint was measured: its in-memory one, where it ran."""
    measured = results.get("throughput", {}).get("empty endpoint", {})
    return next((label(runtime, b) for b in BACKENDS if label(runtime, b) in measured), None)


def targets(results, t):
    """(target, {server: measured}, met) for each target of the issue that this run measured. A throughput target
    is met when it is met on at least one of the servers; scale and heap are measured on Payara Micro only."""
    rows = []
    node = ("introspection", "node-oidc-provider")
    kc_cc = ("client credentials", "Keycloak")

    def add(text, values, limit, fmt, higher=True):
        values = {r: v for r, v in values.items() if v is not None}
        if values:
            rows.append((text, {r: fmt.format(v) for r, v in values.items()},
                         any(v >= limit if higher else v <= limit for v in values.values())))

    def each(scenario, backend, base_scenario, base_server=None):
        return {r: paired(results, scenario, label(r, backend), base_scenario, base_server or ceiling(results, r))
                for r in RUNTIMES}

    # The targets of the second speed round: introspection against node-oidc-provider's, grants against
    # Keycloak's client credentials, each met when one of the three servers meets it.
    add("introspection, memory ≥ 2.5× node-oidc-provider, on at least one server",
        each("introspection", "memory", *node), 2.5, "{:.2f}×")
    add("introspection, memory ≥ 80 % of the same server's empty JAX-RS endpoint, on at least one server",
        each("introspection", "memory", "empty endpoint"), 0.8, "{:.0%}")
    add("introspection, Redis ≥ 1.5× node-oidc-provider, on at least one server",
        each("introspection", "redis", *node), 1.5, "{:.2f}×")
    add("introspection, PostgreSQL ≥ 1.0× node-oidc-provider, on at least one server",
        each("introspection", "jdbc", *node), 1.0, "{:.2f}×")
    add("client credentials, memory ≥ 10× Keycloak's client credentials, on at least one server",
        each("client credentials", "memory", *kc_cc), 10, "{:.1f}×")
    add("refresh, PostgreSQL ≥ 3× Keycloak's client credentials, on at least one server",
        each("refresh", "jdbc", *kc_cc), 3, "{:.1f}×")
    add("refresh, Redis ≥ 5× Keycloak's client credentials, on at least one server",
        each("refresh", "redis", *kc_cc), 5, "{:.1f}×")
    for server, rows_ in results.get("scale", {}).items():
        if len(rows_) >= 2:
            add(f"introspection p99, {server.split()[1]}: {rows_[-1]['live']:,} vs {rows_[0]['live']:,} live tokens "
                "≤ 1.5×", {runtime_of(server): rows_[-1]["p99_us"] / rows_[0]["p99_us"]}, 1.5, "{:.2f}×",
                higher=False)
    heap = results.get("heap")
    if heap:
        add("heap per live in-memory grant ≤ 1 KB", {RUNTIMES[0]: heap["per_grant"]}, 1024, "{:.0f} bytes",
            higher=False)
    return rows


def store_cpu_table(results, shown, scen):
    """The Redis or PostgreSQL CPU per request of the instances on those backends, where the run measured it."""
    store = {sc: {sv: statistics.median(r["store_cpu_us"] for r in runs) for sv, runs in servers.items()
                  if all("store_cpu_us" in r for r in runs) and (" redis" in sv or " jdbc" in sv)}
             for sc, servers in results["throughput"].items()}
    store_scen = [sc for sc in scen if store.get(sc)]
    rows = [sv for sv in shown if any(sv in store[sc] for sc in store_scen)]
    if not rows:
        return []
    lines = ["", "The store's CPU per request, µs (the Redis server's or every PostgreSQL process's, user and "
             "system, in the same interval; median over rounds): the machine's two cores run it beside the "
             "server and wrk, so a request costs the machine the server's CPU and this.", "",
             "| store CPU µs per request | " + " | ".join(store_scen) + " |", "|---|" + "---:|" * len(store_scen)]
    for sv in rows:
        lines.append(f"| {NAMES.get(sv, sv)} | " + " | ".join(
            f"{store[sc][sv]:,.0f}" if sv in store[sc] else "–" for sc in store_scen) + " |")
    return lines


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
        # One row per server and backend, one column per scenario: nine instances of mcp-oauth and two peers
        # would not fit side by side.
        shown = [s for s in OURS + PEERS if any(s in t.get(sc, {}) for sc in SCENARIOS)]
        scen = [sc for sc in SCENARIOS if sc in t]
        lines += ["## Throughput", "", "Each server's empty endpoint (its ceiling) is measured on its in-memory "
                  "instance.", "", "| per second (p50 / p99 ms) | " + " | ".join(scen) + " |",
                  "|---|" + "---:|" * len(scen)]
        for s in shown:
            cells = []
            for sc in scen:
                v = t[sc].get(s)
                cells.append(f"{v[0]:,.0f} ({v[1]:.1f} / {v[2]:.1f})" + (f" **{v[3]} bad**" if v[3] else "")
                             if v else "–")
            lines.append(f"| {NAMES.get(s, s)} | " + " | ".join(cells) + " |")
        cpu = {sc: {sv: statistics.median(r["cpu_us"] for r in runs) for sv, runs in servers.items()
                    if all("cpu_us" in r for r in runs)} for sc, servers in results["throughput"].items()}
        if any(cpu.values()):
            cpu_scen = [sc for sc in scen if cpu.get(sc)]
            lines += ["", "Server CPU per request, µs (all the server's processes, user and system; median over "
                      "rounds). Less sensitive than rates to other work on the machine:", "",
                      "| CPU µs per request | " + " | ".join(cpu_scen) + " |", "|---|" + "---:|" * len(cpu_scen)]
            for sv in shown:
                lines.append(f"| {NAMES.get(sv, sv)} | " + " | ".join(
                    f"{cpu[sc][sv]:,.0f}" if sv in cpu[sc] else "–" for sc in cpu_scen) + " |")
            lines += store_cpu_table(results, shown, scen)
            costs = []
            for r in runtimes(results):
                top = ceiling(results, r)
                empty = cpu.get("empty endpoint", {}).get(top)
                intro = cpu.get("introspection", {}).get(top)
                if empty and intro:
                    costs.append(f"{intro / empty:.2f}× on {r} (so at most {empty / intro:.0%} of its rate)")
            if costs:
                lines += ["", "An introspection costs the server, against its own empty endpoint's request on the "
                          f"same instance: " + ", ".join(costs) + ", when CPU is the limit."]
        lines += ["", "Ratios: within each round, then the median over rounds.", ""]
        kinds = (("introspection / node-oidc-provider's", "introspection", ("introspection", "node-oidc-provider")),
                 ("introspection / the server's empty endpoint", "introspection", ("empty endpoint", None)),
                 ("client credentials / Keycloak's", "client credentials", ("client credentials", "Keycloak")),
                 ("refresh / Keycloak's client credentials", "refresh", ("client credentials", "Keycloak")),
                 ("client credentials / node-oidc-provider's", "client credentials",
                  ("client credentials", "node-oidc-provider")))
        lines += ["| | " + " | ".join(k[0] for k in kinds) + " |", "|---|" + "---:|" * len(kinds)]
        for s in shown:
            if s in OURS:
                values = [paired(results, sc, s, base[0], base[1] or ceiling(results, runtime_of(s)))
                          for _, sc, base in kinds]
                lines.append(f"| {NAMES[s]} | " + " | ".join(f"{v:.2f}" if v else "–" for v in values) + " |")
        lines += jwt_ratios(results, shown, cpu)
        lines.append("")
    if results.get("scale"):
        lines += ["## Introspection as live tokens grow", "",
                  "| server, backend | live access tokens | per second | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
        for s, rows in results["scale"].items():
            for r in rows:
                lines.append(f"| {NAMES.get(s, s)} | {r['live']:,} | {r['rate']:,.0f} | {r['p50_us'] / 1000:.1f} | "
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
        on = runtimes(results)
        lines += ["## Targets", "", "| target | " + " | ".join(on) + " | met |", "|---|" + "---:|" * len(on) + ":---:|"]
        lines += [f"| {a} | " + " | ".join(b.get(r, "") for r in on) + f" | {'yes' if c else '**no**'} |"
                  for a, b, c in rows]
        lines.append("")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines))
    plot(results, t, os.path.join(out, "results.png"))


def jwt_ratios(results, shown, cpu):
    """JWT access tokens against opaque ones on the same server, each pair measured in the same rounds: issuance,
    and a resource server checking JWTs locally (MicroProfile JWT) against one introspecting opaque tokens."""
    pairs = (("client credentials (JWT)", "client credentials"), ("refresh (JWT)", "refresh"),
             ("MP-JWT endpoint", "introspecting endpoint"))
    servers = [s for s in shown if any(paired(results, a, s, b, s) for a, b in pairs)]
    if not servers:
        return []
    lines = ["", "JWT access tokens (RFC 9068) against opaque ones, same server, same rounds. The resource side is one "
             "endpoint behind MicroProfile JWT (JWTs checked locally) and behind a call to the same server's "
             "`/introspect` per request (opaque tokens); both run in the authorization server's JVM, so the "
             "introspecting endpoint's CPU includes the introspection it causes.", "",
             "| | " + " | ".join(f"{a} / {b}" for a, b in pairs) + " | CPU per request, MP-JWT / introspecting |",
             "|---|" + "---:|" * (len(pairs) + 1)]
    for s in servers:
        values = [paired(results, a, s, b, s) for a, b in pairs]
        local, remote = (cpu.get(sc, {}).get(s) for sc in pairs[-1])
        values.append(local / remote if local and remote else None)
        lines.append(f"| {NAMES.get(s, s)} | " + " | ".join(f"{v:.2f}" if v else "–" for v in values) + " |")
    return lines


def fmt_load(v):
    return " / ".join(f"{x:.1f}" for x in v) if v else "?"


def plot(results, t, path):
    """One panel per scenario, a bar per server and backend (coloured by backend, hatched by server), and the
    latency panel of the scale runs."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scen = [sc for sc in SCENARIOS if sc in t]
    panels = scen + (["scale"] if results.get("scale") else [])
    if not panels:
        return
    cols = min(3, len(panels))
    rows_n = -(-len(panels) // cols)
    most = max([len(t[sc]) for sc in scen] + [4])
    fig, axes = plt.subplots(rows_n, cols, figsize=(5.4 * cols, (0.8 + 0.24 * most) * rows_n), squeeze=False)
    hatch = {r: h for r, h in zip(RUNTIMES, ("", "//", ".."))}
    for ax, sc in zip(axes.flat, scen):
        shown = [s for s in OURS + PEERS if s in t[sc]]
        values = [t[sc][s][0] for s in shown]
        bars = ax.barh(range(len(shown)), values, color=[color(s) for s in shown],
                       hatch=None, edgecolor="white", linewidth=0)
        for bar, s in zip(bars, shown):
            bar.set_hatch(hatch.get(runtime_of(s), ""))
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:,.0f}", va="center", fontsize=7)
        ax.set_yticks(range(len(shown)))
        ax.set_yticklabels([NAMES.get(s, s) for s in shown], fontsize=7)
        ax.set_ylim(most - 0.5, -0.5)  # as thick a bar in every panel, the first on top
        ax.set_xlim(0, max(values) * 1.25)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(f"{sc}, per second" + (" (flows)" if sc == "authorization code flow" else ""), fontsize=9)
    if results.get("scale"):
        b = axes.flat[len(scen)]
        for s, rows in results["scale"].items():
            b.plot([r["live"] for r in rows], [r["p99_us"] / 1000 for r in rows], marker="o", color=color(s),
                   label=f"{NAMES.get(s, s)} p99")
            b.plot([r["live"] for r in rows], [r["p50_us"] / 1000 for r in rows], marker=".", linestyle=":",
                   color=color(s), label=f"{NAMES.get(s, s)} p50")
        b.set_xscale("log")
        b.set_xlabel("live access tokens", fontsize=8)
        b.set_ylabel("introspection latency, ms", fontsize=8)
        b.set_title("Introspection latency as live tokens grow", fontsize=9)
        b.tick_params(labelsize=7)
        b.legend(fontsize=6)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    m = results["machine"]
    fig.suptitle(f"mcp-oauth on {', '.join(runtimes(results))} vs node-oidc-provider and Keycloak: 50 connections, "
                 f"median of rounds; {m['cores']} cores, loopback, wrk ({results['started']})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def color(server):
    """By backend, the same on every server; the peers their own."""
    backend = next((b for b in BACKENDS if server in (label(r, b) for r in RUNTIMES)), None)
    return f"C{BACKENDS.index(backend)}" if backend else f"C{3 + PEERS.index(server)}" if server in PEERS else None


if __name__ == "__main__":
    import json
    import sys

    directory = sys.argv[1]
    with open(os.path.join(directory, "results.json")) as f:
        write(json.load(f), directory)
