"""Drives load with wrk (the Lua scripts in bench/wrk/) and seeds live tokens.

Every measurement is one wrk run of a fixed duration with a fixed number of connections; the scripts print
one line `BENCH {json}` with the request count, wrong answers, completed flows and latency percentiles.
"""
import base64
import glob
import hashlib
import json
import os
import random
import secrets
import signal
import subprocess
import time

from servers import BENCH, CACHE, REDIRECT, USER_HEADER, AGENT, http

WRK_DIR = os.path.join(BENCH, "wrk")


def wrk(server, script, seconds, connections, threads, env=None, timeout_s=10):
    """Runs one wrk script against the server; returns the parsed BENCH line plus rate fields."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout_s}s", "--latency",
           "-s", script + ".lua", server.url()]
    full_env = dict(os.environ, BENCH_THREADS=str(threads), **(env or {}))
    cpu_before, store_before = server_cpu(server), store_cpu()
    out = subprocess.run(cmd, cwd=WRK_DIR, env=full_env, capture_output=True, text=True,
                         timeout=seconds + 120)
    cpu, store = server_cpu(server) - cpu_before, store_cpu() - store_before
    line = next((l for l in out.stdout.splitlines() if l.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk {script} on {server.name} printed no result:\n{out.stdout}\n{out.stderr}")
    r = json.loads(line[6:])
    secs = r["duration_us"] / 1e6
    r["rps"] = r["requests"] / secs
    r["flows_per_s"] = r["flows"] / secs
    r["good_rps"] = (r["requests"] - r["bad"]) / secs
    # CPU seconds the server used per answer: unlike a rate, barely moved by other work on a shared machine.
    r["cpu_us"] = cpu * 1e6 / max(1, r["requests"])
    # The shared stores' CPU in the same interval: the server under load is their only busy client then (the
    # others idle, but for a reconcile call per second), so this is what a request costs Redis or PostgreSQL.
    r["store_cpu_us"] = store * 1e6 / max(1, r["requests"])
    return r


STORES = ("redis-server", "postgres")


def store_cpu():
    """User and system CPU seconds of every Redis server and PostgreSQL process on the machine."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                text = f.read()
        except OSError:
            continue
        comm = text[text.find("(") + 1:text.rfind(")")]
        if comm in STORES:
            fields = text.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / tick


def server_cpu(server):
    """User and system CPU seconds of every process in the server's process group (Keycloak's kc.sh and its
    JVM, Payara's JVM, node)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if server.process and int(fields[2]) == server.process.pid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def introspection_env(server, tokens_file, path=None):
    return {"BENCH_AUTH": server.rs_auth(), "BENCH_PATH": path or server.introspect_path,
            "BENCH_TOKENS": tokens_file}


def client_credentials_env(server, stop_after=0, jwt=False):
    """jwt: tokens for the server's JWT resource, each answer checked to be a JWT."""
    return {"BENCH_AUTH": server.cc_auth(), "BENCH_PATH": server.token_path, "BENCH_SCOPE": server.scope or "",
            "BENCH_STOP_AFTER": str(stop_after), **token_request_env(server, jwt)}


def refresh_env(server, tokens_file, jwt=False):
    return {"BENCH_AUTH": server.cc_auth(), "BENCH_PATH": server.token_path, "BENCH_TOKENS": tokens_file,
            **token_request_env(server, jwt)}


def token_request_env(server, jwt):
    """The resource indicator a token request names (none for a server without resources) and the token format
    the script expects."""
    return {"BENCH_RESOURCE": (server.jwt_resource if jwt else server.resource) or "",
            "BENCH_FORMAT": "jwt" if jwt else "any"}


def authorization_code_env(server):
    return {"BENCH_AUTH": server.cc_auth(), "BENCH_CLIENT": AGENT, "BENCH_REDIRECT": REDIRECT,
            "BENCH_USER_HEADER": USER_HEADER, "BENCH_RESOURCE": server.resource or ""}


def resource_env(server, path, tokens_file):
    """Calls to a protected resource with bearer tokens from the file; the answer must name the caller."""
    return {"BENCH_PATH": path, "BENCH_TOKENS": tokens_file, "BENCH_EXPECT_BODY": AGENT}


def check_resource(server, path, token):
    """The resource server accepts a sample token and refuses it altered (one character near its end changed: for a
    JWT, in the signature, and not the last, whose low bits may be base64 padding), so that a run of 200s means
    tokens were checked."""
    altered = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]
    for t, expected in ((token, 200), (altered, 401)):
        status, _, text = http("GET", server.url(path), headers={"Authorization": "Bearer " + t})
        if status != expected:
            raise RuntimeError(f"{server.name}: {path} answered {status} to a {'good' if expected == 200 else 'bad'} "
                               f"token, not {expected}: {text[:300]}")


def write_lines(name, lines):
    path = os.path.join(CACHE, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def read_first(path):
    with open(path) as f:
        return f.readline().strip()


def sample_tokens(server, n, resource=None):
    """n fresh access tokens from client-credentials grants (for `resource`, by default the server's own), in a
    file for the introspection and resource scripts."""
    name = f"tokens-{server.name}{'-jwt' if resource else ''}.txt"
    return write_lines(name, [server.client_credentials(resource) for _ in range(n)])


def refresh_tokens(server, n, resource=None):
    """n refresh tokens, each from a complete authorization code flow of its own user (for `resource`, by default
    the server's own)."""
    tokens = [server.authorization_code_flow(f"seed-{i}", resource)["refresh_token"] for i in range(n)]
    return write_lines(f"refresh-{server.name}{'-jwt' if resource else ''}.txt", tokens)


def token_hash(token):
    """The product's storage key of a token: SHA-256, base64url without padding (io.mcpoauth.crypto.Tokens)."""
    return base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).decode().rstrip("=")


def new_token():
    return secrets.token_urlsafe(32)


def seed_http(server, count, save, connections, threads):
    """Issues `count` client-credentials tokens over HTTP (the in-memory backend's only way in), each thread
    writing its tokens to `save`-<thread>. wrk sleeps its whole duration even when every thread has stopped, so
    it is interrupted (it then prints its summary) once the tokens are there or no more arrive."""
    env = dict(os.environ, BENCH_THREADS=str(threads), BENCH_SAVE=save,
               **client_credentials_env(server, stop_after=-(-count // threads)))
    proc = subprocess.Popen(["wrk", f"-t{threads}", f"-c{connections}", "-d3600s", "--timeout=10s", "-s",
                             "client-credentials.lua", server.url()], cwd=WRK_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    line = len(new_token()) + 1
    before = issued(save, line)
    last, still = before, 0
    while proc.poll() is None:
        time.sleep(0.5)
        now = issued(save, line)
        still = still + 1 if now == last else 0
        last = now
        if now - before >= count or still >= 6:
            proc.send_signal(signal.SIGINT)
            proc.wait(30)
    return last - before


def issued(save, line_length):
    return sum(os.path.getsize(f) for f in glob.glob(save + "-*")) // line_length


def seed_redis(server, template_token, count):
    """Copies the stored record of a real token under `count` new token hashes, each with its own grant id,
    through redis-cli --pipe. Returns the new tokens."""
    prefix = server.redis_prefix
    raw = subprocess.run(["redis-cli", "-h", "127.0.0.1", "GET", f"{prefix}at:{token_hash(template_token)}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    record = json.loads(raw)
    tokens = []
    proc = subprocess.Popen(["redis-cli", "-h", "127.0.0.1", "--pipe"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL)
    chunk = []
    for _ in range(count):
        t = new_token()
        tokens.append(t)
        h = token_hash(t)
        record["tokenHash"] = h
        record["grantId"] = secrets.token_hex(16)
        value = json.dumps(record, separators=(",", ":"))
        chunk.append(resp("SET", f"{prefix}at:{h}", value, "PX", "7200000"))
        if len(chunk) >= 10000:
            proc.stdin.write("".join(chunk).encode())
            chunk = []
    proc.stdin.write("".join(chunk).encode())
    proc.stdin.close()
    proc.wait()
    return tokens


def resp(*args):
    parts = [f"*{len(args)}\r\n"]
    for a in args:
        parts.append(f"${len(a.encode())}\r\n{a}\r\n")
    return "".join(parts)


def psql(sql, stdin=None):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-tAq", "-v",
                           "ON_ERROR_STOP=1", "-c", sql], input=stdin, capture_output=True, text=True,
                          check=True).stdout


def seed_jdbc(server, template_token, count):
    """Copies the row of a real token under `count` new token hashes with COPY. Returns the new tokens."""
    table = f"{server.table_prefix}access_tokens"
    row = psql(f"SELECT client_id, subject, scope, resources, issued_at, expires_at FROM {table} "
               f"WHERE token_hash = '{token_hash(template_token)}'").strip().split("|")
    tokens, lines = [], []
    for _ in range(count):
        t = new_token()
        tokens.append(t)
        lines.append("\t".join([token_hash(t), secrets.token_hex(16)] + row))
    psql(f"COPY {table} (token_hash, grant_id, client_id, subject, scope, resources, issued_at, expires_at) "
         "FROM STDIN", stdin="\n".join(lines) + "\n")
    return tokens


def live_access_tokens(server):
    """How many access tokens the backend holds (memory: not countable from outside, so None)."""
    if server.backend == "redis":
        out = subprocess.run(["redis-cli", "-h", "127.0.0.1", "--scan", "--pattern", f"{server.redis_prefix}at:*"], capture_output=True, text=True, check=True).stdout
        return sum(1 for l in out.splitlines() if l)
    if server.backend == "jdbc":
        return int(psql(f"SELECT count(*) FROM {server.table_prefix}access_tokens").strip())
    return None


def pick(tokens, n):
    return random.sample(tokens, min(n, len(tokens)))


def cleanup(server):
    """Removes what a run left in the shared Redis and PostgreSQL: its key prefix, its tables."""
    if server.backend == "redis":
        subprocess.run(["sh", "-c", f"redis-cli -h 127.0.0.1 --scan --pattern '{server.redis_prefix}*' "
                                    "| xargs -r -n 1000 redis-cli -h 127.0.0.1 UNLINK > /dev/null"], check=True)
    if server.backend == "jdbc":
        names = psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                     f"AND tablename LIKE '{server.table_prefix}%'").split()
        if names:
            psql("DROP TABLE IF EXISTS " + ", ".join(names) + " CASCADE")
