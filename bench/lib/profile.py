"""Where the time goes: runs one scenario against one backend under Java Flight Recorder and prints the
hottest frames (self time) and the hottest io.mcpoauth frames (anywhere on the stack) from the CPU samples.

Usage (after bench/run has installed and built everything once):
  python3 bench/lib/profile.py memory introspection 20
Scenarios: introspection, client-credentials, refresh, authorization-code, ceiling (the empty endpoint, sent
the introspection requests).
"""
import collections
import json
import os
import subprocess
import sys

import load
from cpu_profile import SCRIPTS, environment
from servers import CACHE, McpOAuth


def main(backend, scenario, seconds):
    jfr = os.path.join(CACHE, f"profile-{backend}-{scenario}.jfr")
    s = McpOAuth(backend, 9309, f"p{os.getpid() % 10000}", jfr=True)
    s.start()
    try:
        tokens = load.sample_tokens(s, 1000)

        def env():
            return environment(s, scenario, tokens)

        load.wrk(s, SCRIPTS[scenario], 10, 50, 2, env())  # warm-up, not recorded
        pid = str(s.process.pid)
        subprocess.run(["jcmd", pid, "JFR.start", "name=bench", "settings=profile"], check=True,
                       capture_output=True)
        r = load.wrk(s, SCRIPTS[scenario], seconds, 50, 2, env())
        subprocess.run(["jcmd", pid, "JFR.stop", "name=bench", f"filename={jfr}"], check=True, capture_output=True)
        print(f"{scenario} on {backend}: {r['rps']:.0f}/s, p50 {r['p50_us'] / 1000:.1f} ms, "
              f"p99 {r['p99_us'] / 1000:.1f} ms, bad {r['bad']}; recording {jfr}")
    finally:
        s.stop()
        load.cleanup(s)
    summarize(jfr)


def summarize(jfr, top=40):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "300", "--events", "jdk.ExecutionSample", jfr], capture_output=True,
                         text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_time, ours, within = collections.Counter(), collections.Counter(), collections.Counter()
    for e in events:
        frames = [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}" for f in e["values"]["stackTrace"]["frames"]]
        if not frames:
            continue
        self_time[frames[0]] += 1
        for f in set(frames):
            if f.startswith("io.mcpoauth"):
                ours[f] += 1
            within[f] += 1
    n = len(events)
    print(f"\n{n} CPU samples; top frames by self time:")
    for f, c in self_time.most_common(top):
        print(f"  {100 * c / n:5.1f}%  {f}")
    print("\nio.mcpoauth frames, share of samples with the frame anywhere on the stack:")
    for f, c in ours.most_common(top):
        print(f"  {100 * c / n:5.1f}%  {f}")
    print("\nall frames, share of samples with the frame anywhere on the stack:")
    for f, c in within.most_common(2 * top):
        print(f"  {100 * c / n:5.1f}%  {f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
