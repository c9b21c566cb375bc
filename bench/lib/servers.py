"""The servers the benchmark starts: mcp-oauth on Payara Micro (one per backend), node-oidc-provider, Keycloak
(mcp-oauth on WildFly and Open Liberty: jakarta_servers.py).

Each server knows how to start, wait until it answers, stop, and what its endpoints and credentials are.
Every server listens on 127.0.0.1 on a port of 9300-9399; logs go to bench/.cache/logs/.
"""
import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
CACHE = os.path.join(BENCH, ".cache")
LOGS = os.path.join(CACHE, "logs")
TARGET = os.path.join(ROOT, "target")
TEMURIN = "/usr/lib/jvm/temurin-25-jdk-amd64"
KEYCLOAK_VERSION = "26.5.6"

AGENT, AGENT_SECRET = "bench-agent", "bench-agent-secret"
RS, RS_SECRET = "bench-rs", "bench-rs-secret"
# bcrypt, cost 10, of the two secrets above: client secrets as an operator configures them.
AGENT_HASH = "$2a$10$SHTo1aEss5PVBxbL.iKvJuvAQy76drY2h1O9MbUSConcSWIZGMR3."
RS_HASH = "$2a$10$aecjvfF2RRxX.7SaE7REf.RA/lUS80k6ejI6GTlXaqifKzKae9g0S"
REDIRECT = "http://127.0.0.1/cb"
USER_HEADER = "X-Forwarded-User"


def basic(client_id, secret):
    return base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def http(method, url, body=None, headers=None, timeout=30):
    """One request; returns (status, headers, body text) and never raises for an HTTP status."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form(fields):
    return urllib.parse.urlencode(fields)


class Server:
    """A process on a port. Subclasses set name, port, command and environment."""

    name = "server"
    label = "server"
    backend = None  # set for mcp-oauth instances
    process = None
    resource = None  # the resource indicator (RFC 8707) its tokens are asked for, when it has resources

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def log_path(self):
        return os.path.join(LOGS, f"{self.name}.log")

    def start(self):
        os.makedirs(LOGS, exist_ok=True)
        for port in self.ports():  # another run's server there would answer in this one's place
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    raise RuntimeError(f"{self.name}: port {port} is in use (another benchmark running?)")
        self.before_start()
        log = open(self.log_path(), "w")
        env = dict(os.environ, **self.env())
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, env=env,
                                        cwd=self.cwd(), start_new_session=True)
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path()}")
            if self.ready():
                self.after_start()
                return
            time.sleep(1)
        raise RuntimeError(f"{self.name} did not answer within 300 s; see {self.log_path()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def ready(self):
        try:
            status, _, _ = http("GET", self.url(self.ready_path), timeout=2)
            return status == 200
        except OSError:
            return False

    def ports(self):
        return [self.port]

    def env(self):
        return {}

    def cwd(self):
        return BENCH

    def before_start(self):
        pass

    def after_start(self):
        pass

    def cc_auth(self):
        return basic(AGENT, AGENT_SECRET)

    def rs_auth(self):
        return basic(RS, RS_SECRET)

    def client_credentials(self, resource=None):
        """One client-credentials grant (for `resource`, by default the server's own); returns the access token."""
        body = {"grant_type": "client_credentials"}
        if self.scope:
            body["scope"] = self.scope
        if resource or self.resource:
            body["resource"] = resource or self.resource
        status, _, text = http("POST", self.url(self.token_path), form(body),
                               {"Authorization": "Basic " + self.cc_auth(),
                                "Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            raise RuntimeError(f"{self.name}: client credentials answered {status}: {text[:300]}")
        return json.loads(text)["access_token"]


class McpOAuth(Server):
    """The product's WAR on Payara Micro with one backend, and the bench WARs beside it: the ceiling and two
    resource servers, /bench-jwt-rs (MicroProfile JWT) and /bench-introspecting-rs (/introspect per request).
    Its tokens are for one of two resources: `resource` (opaque tokens) or `jwt_resource` (RFC 9068 JWTs)."""

    # Payara Micro's settings as the Dockerfile runs them (server-config/payara-micro/; what they save:
    # bench/lib/settings_ab.py).
    tuning = ["--logproperties", os.path.join(ROOT, "server-config/payara-micro/logging.properties")]

    label = "mcp-oauth"
    runtime = "Payara Micro"
    ready_path = "/.well-known/oauth-authorization-server"
    token_path = "/token"
    introspect_path = "/introspect"
    ceiling_path = "/bench-ceiling/empty"
    jwt_rs_path = "/bench-jwt-rs/caller"
    introspecting_rs_path = "/bench-introspecting-rs/caller"
    scope = "mcp:read"

    def __init__(self, backend, port, run_id, heap="3g", jfr=False):
        self.backend = backend
        self.port = port
        self.name = f"mcp-oauth-{backend}"
        self.label = f"mcp-oauth {backend}"
        self.run_id = run_id
        self.heap = heap
        self.jfr = jfr
        self.redis_prefix = f"bench:{run_id}:"
        self.table_prefix = f"bench_{run_id}_"
        self.resource = self.url("/mcp")
        self.jwt_resource = self.url("/bench-jwt-rs")
        self.key_encryption_key = base64.b64encode(secrets.token_bytes(32)).decode()

    def properties(self):
        p = {
            "mcp.oauth.issuer": self.url(),
            "mcp.oauth.storage": self.backend,
            "mcp.oauth.memory.max-entries": "10000000",
            "mcp.oauth.login.mode": "header",
            "mcp.oauth.login.header": USER_HEADER,
            "mcp.oauth.login.trusted-proxies": "127.0.0.1/32,::1/128",
            "mcp.oauth.scopes": "mcp:read mcp:write",
            "mcp.oauth.clients": f"{AGENT},{RS}",
            f"mcp.oauth.client.{AGENT}.secret-hash": AGENT_HASH,
            f"mcp.oauth.client.{AGENT}.redirect-uris": REDIRECT,
            f"mcp.oauth.client.{AGENT}.grant-types": "authorization_code,refresh_token,client_credentials",
            f"mcp.oauth.client.{RS}.secret-hash": RS_HASH,
            f"mcp.oauth.client.{RS}.grant-types": "client_credentials",
            f"mcp.oauth.client.{RS}.introspect-any": "true",
            "mcp.oauth.consent": "skip-for",
            "mcp.oauth.consent.skip-for": AGENT,
            # Rate limits stay on, so their cost is measured, with limits no benchmark reaches.
            "mcp.oauth.rate-limit.per-client": "1000000000",
            "mcp.oauth.rate-limit.per-address": "1000000000",
            "mcp.oauth.rate-limit.authorize-per-address": "1000000000",
            "mcp.oauth.token.access-ttl": "2h",
            "mcp.oauth.token.refresh-ttl": "2h",
            # Two resources, tokens for the second are RFC 9068 JWTs (docs/jwt.md), living as long as opaque ones
            # so that a sample fetched once lasts the run; typ JWT, the only one Payara's MicroProfile JWT takes.
            "mcp.oauth.resources": f"{self.resource},{self.jwt_resource}",
            "mcp.oauth.token.jwt-resources": self.jwt_resource,
            "mcp.oauth.token.jwt-lifetime": "2h",
            "mcp.oauth.token.jwt-typ": "JWT",
            # Generated signing keys, sealed with this key in the Redis and JDBC storages (docs/jwt.md).
            "mcp.oauth.jwt.key-encryption-key": self.key_encryption_key,
            # The MicroProfile JWT resource server's whole configuration (MicroProfile Config of the same process).
            "mp.jwt.verify.publickey.location": self.url("/jwks"),
            "mp.jwt.verify.issuer": self.url(),
            "mp.jwt.verify.audiences": self.jwt_resource,
            # The introspecting resource server's: it is a resource server for opaque tokens.
            "bench.introspect.url": self.url(self.introspect_path),
            "bench.introspect.credentials": basic(RS, RS_SECRET),
            "bench.introspect.audience": self.resource,
        }
        if self.backend == "redis":
            p["mcp.oauth.redis.url"] = "redis://127.0.0.1:6379"
            p["mcp.oauth.redis.key-prefix"] = self.redis_prefix
        if self.backend == "jdbc":
            p["mcp.oauth.jdbc.datasource"] = "jdbc/mcpOAuth"
            p["mcp.oauth.jdbc.table-prefix"] = self.table_prefix
        return p

    def before_start(self):
        tmp = os.path.join(CACHE, f"tmp-{self.port}")
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        self.props_file = os.path.join(CACHE, f"{self.name}.properties")
        with open(self.props_file, "w") as f:
            for k, v in self.properties().items():
                f.write(f"{k}={v.replace(chr(92), chr(92) * 2)}\n")
        self.tmp = tmp

    def command(self):
        cmd = ["java", f"-Xmx{self.heap}", f"-Djava.io.tmpdir={self.tmp}"]
        if self.jfr:
            cmd.append("-XX:FlightRecorderOptions:stackdepth=256")  # Payara's request stacks are deep
        cmd += ["-jar", os.path.join(TARGET, "payara-micro.jar"),
                "--deploy", os.path.join(TARGET, "mcp-oauth.war"),
                "--deploy", os.path.join(CACHE, "bench-ceiling.war"),
                "--deploy", os.path.join(CACHE, "bench-jwt-rs.war"),
                "--deploy", os.path.join(CACHE, "bench-introspecting-rs.war"),
                "--port", str(self.port), "--nocluster", "--disablephonehome",
                "--systemproperties", self.props_file, *self.tuning]
        if self.backend == "jdbc":
            cmd += ["--postbootcommandfile", os.path.join(ROOT, "server-config/payara-micro/postgresql.asadmin"),
                    "--addlibs", os.path.join(TARGET, "server-lib/postgresql.jar")]
        return cmd

    def env(self):
        if self.backend != "jdbc":
            return {}
        return {"MCP_OAUTH_DB_URL": "jdbc:postgresql://127.0.0.1:5432/test",
                "MCP_OAUTH_DB_USER": "postgres", "MCP_OAUTH_DB_PASSWORD": "unused"}

    def authorization_code_flow(self, user, resource=None):
        """One complete flow with header login, for `resource` (by default `self.resource`); returns the token
        response."""
        verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        q = form({"response_type": "code", "client_id": AGENT, "redirect_uri": REDIRECT, "scope": "mcp:read",
                  "state": "s", "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                  "code_challenge_method": "S256", "resource": resource or self.resource})
        status, headers, text = http("GET", self.url("/authorize?" + q), headers={USER_HEADER: user})
        location = headers.get("Location") or headers.get("location") or ""
        code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query).get("code")
        if status != 302 or not code:
            raise RuntimeError(f"{self.name}: authorize answered {status} {location} {text[:300]}")
        status, _, text = http("POST", self.url("/token"),
                               form({"grant_type": "authorization_code", "code": code[0],
                                     "redirect_uri": REDIRECT, "code_verifier": verifier}),
                               {"Authorization": "Basic " + self.cc_auth(),
                                "Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            raise RuntimeError(f"{self.name}: token answered {status}: {text[:300]}")
        return json.loads(text)


class NodeOidcProvider(Server):
    name = "node-oidc-provider"
    label = "node-oidc-provider"
    ready_path = "/.well-known/openid-configuration"
    token_path = "/token"
    introspect_path = "/token/introspection"
    scope = "mcp:read"

    def __init__(self, port):
        self.port = port

    def command(self):
        return ["node", os.path.join(BENCH, "peers/oidc-provider-server.js"), str(self.port)]

    def env(self):
        return {"NODE_ENV": "production"}


class Keycloak(Server):
    """Keycloak in dev mode (H2 in a file, as `start-dev` sets up), on Temurin 25, with a fresh data directory."""

    name = "keycloak"
    label = "Keycloak"
    token_path = "/realms/bench/protocol/openid-connect/token"
    introspect_path = "/realms/bench/protocol/openid-connect/token/introspect"
    scope = None

    def __init__(self, port, management_port):
        self.port = port
        self.management_port = management_port
        self.home = os.path.join(CACHE, f"keycloak-{KEYCLOAK_VERSION}")

    def ports(self):
        return [self.port, self.management_port]

    def before_start(self):
        shutil.rmtree(os.path.join(self.home, "data"), ignore_errors=True)

    def command(self):
        return [os.path.join(self.home, "bin/kc.sh"), "start-dev", f"--http-port={self.port}",
                "--http-host=127.0.0.1", f"--http-management-port={self.management_port}",
                "--health-enabled=true"]

    def env(self):
        return {"JAVA_HOME": TEMURIN, "KC_BOOTSTRAP_ADMIN_USERNAME": "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD": "admin"}

    def ready(self):
        try:
            status, _, _ = http("GET", f"http://127.0.0.1:{self.management_port}/health/ready", timeout=2)
            return status == 200
        except OSError:
            return False

    def after_start(self):
        """A realm `bench` with the two confidential clients, access tokens living an hour."""
        status, _, text = http("POST", self.url("/realms/master/protocol/openid-connect/token"),
                               form({"grant_type": "password", "client_id": "admin-cli", "username": "admin",
                                     "password": "admin"}),
                               {"Content-Type": "application/x-www-form-urlencoded"})
        admin = {"Authorization": "Bearer " + json.loads(text)["access_token"],
                 "Content-Type": "application/json"}
        status, _, text = http("POST", self.url("/admin/realms"),
                               json.dumps({"realm": "bench", "enabled": True, "accessTokenLifespan": 3600}), admin)
        if status != 201:
            raise RuntimeError(f"keycloak realm: {status} {text[:300]}")
        for client_id, secret, service in ((AGENT, AGENT_SECRET, True), (RS, RS_SECRET, False)):
            status, _, text = http("POST", self.url("/admin/realms/bench/clients"), json.dumps({
                "clientId": client_id, "secret": secret, "publicClient": False, "enabled": True,
                "clientAuthenticatorType": "client-secret", "serviceAccountsEnabled": service,
                "standardFlowEnabled": False, "directAccessGrantsEnabled": False}), admin)
            if status != 201:
                raise RuntimeError(f"keycloak client {client_id}: {status} {text[:300]}")
