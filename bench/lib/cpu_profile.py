"""Where the CPU goes, per request: runs scenarios against one backend under async-profiler (CPU samples every
millisecond, Java and native frames, system calls included) and prints, for the hottest frames, the server CPU
time per request spent with the frame on the stack. Given two scenarios, it also prints what the first costs
per request beyond the second (e.g. introspection beyond the empty endpoint).

Usage (after bench/run has installed and built everything once):
  python3 bench/lib/cpu_profile.py memory introspection,ceiling [seconds]
Scenarios: introspection, ceiling (the empty endpoint, sent the introspection requests), client-credentials,
refresh, authorization-code. async-profiler comes from Maven Central (tools.profiler:async-profiler) into
bench/.cache/; the collapsed stacks are left there (cpu-<backend>-<scenario>.collapsed).
"""
import collections
import os
import subprocess
import sys
import zipfile

import load
from servers import CACHE, McpOAuth

VERSION = "4.1"
SCRIPTS = {"introspection": "introspect", "ceiling": "introspect", "client-credentials": "client-credentials",
           "refresh": "refresh", "authorization-code": "authorization-code"}


def library():
    lib = os.path.join(CACHE, f"async-profiler-{VERSION}", "linux-x64", "libasyncProfiler.so")
    if not os.path.exists(lib):
        subprocess.run(["mvn", "-B", "-q", "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                        f"-Dartifact=tools.profiler:async-profiler:{VERSION}", f"-DoutputDirectory={CACHE}"],
                       check=True)
        with zipfile.ZipFile(os.path.join(CACHE, f"async-profiler-{VERSION}.jar")) as jar:
            jar.extract("linux-x64/libasyncProfiler.so", os.path.dirname(os.path.dirname(lib)))
    return lib


def environment(s, scenario, tokens):
    return {"introspection": lambda: load.introspection_env(s, tokens),
            "ceiling": lambda: load.introspection_env(s, tokens, s.ceiling_path),
            "client-credentials": lambda: load.client_credentials_env(s),
            "refresh": lambda: load.refresh_env(s, load.refresh_tokens(s, 200)),
            "authorization-code": lambda: load.authorization_code_env(s)}[scenario]()


def agent(pid, lib, command):
    # jcmd passes the agent's options as one argument only when quoted.
    subprocess.run(["jcmd", pid, "JVMTI.agent_load", lib, f'"{command}"'], check=True, capture_output=True)


def main(backend, scenarios, seconds):
    lib = library()
    s = McpOAuth(backend, 9309, f"p{os.getpid() % 10000}")
    s.start()
    profiles = []
    try:
        tokens = load.sample_tokens(s, 1000)
        for scenario in scenarios:  # Payara's JIT needs about half a minute of load
            load.wrk(s, SCRIPTS[scenario], 30, 50, 2, environment(s, scenario, tokens))
        pid = str(s.process.pid)
        for scenario in scenarios:
            out = os.path.join(CACHE, f"cpu-{backend}-{scenario}.collapsed")
            agent(pid, lib, "start,event=cpu,interval=1ms")
            r = load.wrk(s, SCRIPTS[scenario], seconds, 50, 2, environment(s, scenario, tokens))
            agent(pid, lib, f"stop,file={out},collapsed")
            print(f"{scenario} on {backend}: {r['rps']:.0f}/s, {r['cpu_us']:.0f} µs CPU per request, "
                  f"bad {r['bad']}; stacks in {out}")
            profiles.append((scenario, per_request(out, r["requests"])))
    finally:
        s.stop()
        load.cleanup(s)
    for scenario, frames in profiles:
        print(f"\n{scenario}: µs of CPU per request with the frame on the stack (total {frames['<all>']:.0f})")
        for f, us in sorted((kv for kv in frames.items() if kv[0] != "<all>"), key=lambda kv: -kv[1])[:40]:
            print(f"  {us:8.1f}  {f}")
    if len(profiles) == 2:
        (a, fa), (b, fb) = profiles
        print(f"\n{a} beyond {b}, µs per request ({a}, {b}, difference):")
        keys = sorted(set(fa) | set(fb), key=lambda k: -(fa.get(k, 0) - fb.get(k, 0)))
        for k in [k for k in keys if k != "<all>"][:50]:
            print(f"  {fa.get(k, 0):8.1f} {fb.get(k, 0):8.1f} {fa.get(k, 0) - fb.get(k, 0):+8.1f}  {k}")


def per_request(collapsed, requests):
    """Microseconds of CPU per request for every frame (1 ms samples), and the total under '<all>'."""
    within = collections.Counter()
    total = 0
    with open(collapsed) as f:
        for line in f:
            stack, count = line.rsplit(" ", 1)
            total += int(count)
            for frame in set(stack.split(";")):
                within[frame] += int(count)
    frames = {k: v * 1000 / max(1, requests) for k, v in within.items()}
    frames["<all>"] = total * 1000 / max(1, requests)
    return frames


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]) if len(sys.argv) > 3 else 15)
