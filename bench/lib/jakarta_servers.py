"""mcp-oauth on WildFly and on Open Liberty, one server per backend, each with the ceiling WAR beside the product.

Both are set up the way the container tests (WildFlyProcess, LibertyProcess) and docs/servers.md set them up:
the versions pom.xml names, unpacked by bench/run into bench/.cache/; the configuration of the Payara Micro
server (McpOAuth.properties) given as a WildFly -P properties file or Liberty bootstrap.properties; the PostgreSQL
DataSource from server-config/wildfly/postgresql.cli or server-config/openliberty/server.xml. Every start uses a
fresh server directory (bench/.cache/wildfly-<port>, bench/.cache/liberty-<port>).
"""
import glob
import os
import re
import shutil
import subprocess

from servers import CACHE, LOGS, ROOT, TARGET, McpOAuth, http


def pom_version(name):
    with open(os.path.join(ROOT, "pom.xml")) as f:
        return re.search(rf"<{name}>([^<]+)</{name}>", f.read()).group(1)


def java_pid(group):
    """The JVM of a process group: the server's launch scripts are not what serves requests."""
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue
        if head.split("(", 1)[1] == "java" and int(rest.split()[2]) == group:
            return int(stat.split("/")[2])
    return None


class JakartaServer(McpOAuth):
    """What WildFly and Open Liberty share: ready once both WARs answer, one JVM in the process group."""

    def ready(self):
        if not super().ready():
            return False
        try:  # the ceiling answers only POST: 405 once deployed, 404 before
            status, _, _ = http("GET", self.url(self.ceiling_path), timeout=2)
            return status == 405
        except OSError:
            return False

    def after_start(self):
        # bench/lib/load.py counts the CPU time of the whole process group; make sure the JVM is in it.
        self.jvm = java_pid(self.process.pid)
        if self.jvm is None:
            raise RuntimeError(f"{self.name}: no JVM in process group {self.process.pid}")

    def jvm_pid(self):
        return self.jvm


class WildFly(JakartaServer):
    """WildFly's standalone-microprofile.xml; the WARs in deployments/, the properties given with -P."""

    runtime = "WildFly"
    datasource = "java:jboss/jdbc/mcpOAuth"  # WildFly binds DataSources under java: only

    def __init__(self, backend, port, https_port, management_port, run_id, heap="3g"):
        super().__init__(backend, port, run_id, heap)
        self.https_port = https_port
        self.management_port = management_port
        self.name = f"wildfly-{backend}"
        self.label = f"mcp-oauth {backend} on WildFly"
        self.home = os.path.join(CACHE, "wildfly", f"wildfly-{pom_version('wildfly.version')}")
        self.base = os.path.join(CACHE, f"wildfly-{port}")

    def ports(self):
        return [self.port, self.https_port, self.management_port]

    def properties(self):
        p = super().properties()
        if self.backend == "jdbc":
            p["mcp.oauth.jdbc.datasource"] = self.datasource
        return p

    def before_start(self):
        shutil.rmtree(self.base, ignore_errors=True)
        shutil.copytree(os.path.join(self.home, "standalone"), self.base)
        if self.backend == "jdbc":
            with open(os.path.join(LOGS, f"{self.name}-cli.log"), "w") as log:
                subprocess.run([os.path.join(self.home, "bin/jboss-cli.sh"), f"-Djboss.server.base.dir={self.base}",
                                "-Dpostgresql.jar=" + os.path.join(TARGET, "server-lib/postgresql.jar"),
                                "--file=" + os.path.join(ROOT, "server-config/wildfly/postgresql.cli")],
                               stdout=log, stderr=subprocess.STDOUT, check=True, timeout=300)
        for war in (os.path.join(TARGET, "mcp-oauth.war"), os.path.join(CACHE, "bench-ceiling.war")):
            shutil.copy(war, os.path.join(self.base, "deployments"))
        self.props_file = os.path.join(self.base, "configuration/mcp-oauth.properties")
        with open(self.props_file, "w") as f:
            for k, v in self.properties().items():
                f.write(f"{k}={v.replace(chr(92), chr(92) * 2)}\n")

    def command(self):
        return [os.path.join(self.home, "bin/standalone.sh"), "-c", "standalone-microprofile.xml",
                f"-Djboss.server.base.dir={self.base}", "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1", f"-Djboss.http.port={self.port}",
                f"-Djboss.https.port={self.https_port}", f"-Djboss.management.http.port={self.management_port}",
                "-P", self.props_file]

    def env(self):
        return dict(super().env(), JBOSS_JAVA_SIZING=f"-Xms64m -Xmx{self.heap}")


class Liberty(JakartaServer):
    """Open Liberty with server-config/openliberty/server.xml; the ceiling WAR added by a configDropins file."""

    runtime = "Open Liberty"
    server = "mcp-oauth-bench"

    def __init__(self, backend, port, https_port, run_id, heap="3g"):
        super().__init__(backend, port, run_id, heap)
        self.https_port = https_port
        self.name = f"liberty-{backend}"
        self.label = f"mcp-oauth {backend} on Open Liberty"
        self.wlp = os.path.join(CACHE, f"openliberty-{pom_version('openliberty.version')}", "wlp")
        self.user = os.path.join(CACHE, f"liberty-{port}")

    def ports(self):
        return [self.port, self.https_port]

    def before_start(self):
        shutil.rmtree(self.user, ignore_errors=True)
        d = os.path.join(self.user, "servers", self.server)
        for sub in ("apps", "configDropins/overrides"):
            os.makedirs(os.path.join(d, sub))
        driver = os.path.join(self.user, "shared/resources/postgresql")
        os.makedirs(driver)
        shutil.copy(os.path.join(TARGET, "server-lib/postgresql.jar"), driver)
        shutil.copy(os.path.join(ROOT, "server-config/openliberty/server.xml"), d)
        shutil.copy(os.path.join(TARGET, "mcp-oauth.war"), os.path.join(d, "apps"))
        shutil.copy(os.path.join(CACHE, "bench-ceiling.war"), os.path.join(d, "apps"))
        with open(os.path.join(d, "configDropins/overrides/bench-ceiling.xml"), "w") as f:
            f.write('<server>\n    <webApplication id="bench-ceiling" location="bench-ceiling.war" '
                    'contextRoot="/bench-ceiling"/>\n</server>\n')
        with open(os.path.join(d, "bootstrap.properties"), "w") as f:
            f.write(f"http.host=127.0.0.1\nhttp.port={self.port}\nhttps.port={self.https_port}\n")
            for k, v in self.properties().items():
                f.write(f"{k}={v.replace(chr(92), chr(92) * 2)}\n")
        with open(os.path.join(d, "jvm.options"), "w") as f:
            f.write(f"-Xmx{self.heap}\n")

    def command(self):
        return [os.path.join(self.wlp, "bin/server"), "run", self.server]

    def env(self):
        return dict(super().env(), WLP_USER_DIR=self.user)
