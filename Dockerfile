# mcp-oauth on Payara Micro (the runtime the tests use, target/payara-micro.jar). Build the WAR first, then:
#   mvn -B -DskipTests package
#   docker build -t mcp-oauth .
#   docker run -p 8080:8080 -e MCP_OAUTH_ISSUER=https://auth.example.com -e MCP_OAUTH_LOGIN_MODE=header ... mcp-oauth
# Every mcp.oauth.* key can be given as an environment variable: upper case, every character other than a
# letter or digit replaced by "_" (mcp.oauth.client.my-app.secret-hash is MCP_OAUTH_CLIENT_MY_APP_SECRET_HASH);
# MicroProfile Config reads them. For the JDBC backend on PostgreSQL (the driver is in the image), add the
# DataSource with Payara Micro's post-boot command file and its MCP_OAUTH_DB_* variables (docs/servers.md):
#   docker run ... -e MCP_OAUTH_STORAGE=jdbc -e MCP_OAUTH_JDBC_DATASOURCE=jdbc/mcpOAuth -e MCP_OAUTH_DB_URL=... \
#     -e MCP_OAUTH_DB_USER=... -e MCP_OAUTH_DB_PASSWORD=... mcp-oauth --postbootcommandfile /opt/mcp-oauth/postgresql.asadmin
# The container login with a file realm user (docs/servers.md) the same way, with the password file mounted:
#   docker run ... -e MCP_OAUTH_LOGIN_MODE=container -e MCP_OAUTH_REALM_USER=ada \
#     -e MCP_OAUTH_REALM_PASSWORD_FILE=/run/secrets/ada.password -v $PWD/ada.password:/run/secrets/ada.password:ro \
#     mcp-oauth --postbootcommandfile /opt/mcp-oauth/container-realm.asadmin
# The server answers only the application and MicroProfile Health: hardening.asadmin (a pre-boot command file,
# which a post-boot file given to docker run does not replace) turns off Payara Micro's anonymous /openapi and
# /metrics, and --disablephonehome its call to the vendor at start.
# logging.properties (--logproperties) writes the same log lines, audit lines included, without the colour codes
# Payara Micro's formatter adds to every line; the file says what that saves.
# DockerfileIT checks this file without a Docker engine: the COPY sources exist after `mvn package` and the
# ENTRYPOINT command, run locally, starts the server and passes the HEALTHCHECK and the flow.

# Eclipse Temurin 17 JRE on Ubuntu 24.04 (noble): Java 17 patch releases arrive with a rebuild, the OS does not
# change under the image.
FROM eclipse-temurin:17-jre-noble

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/mcp-oauth --shell /usr/sbin/nologin mcpoauth \
    && mkdir -p /opt/mcp-oauth/tmp \
    && chown mcpoauth /opt/mcp-oauth/tmp

# Owned by root and read-only for the server's user: only /opt/mcp-oauth/tmp is writable.
COPY target/payara-micro.jar /opt/mcp-oauth/payara-micro.jar
COPY target/server-lib/postgresql.jar /opt/mcp-oauth/lib/postgresql.jar
COPY server-config/payara-micro/postgresql.asadmin /opt/mcp-oauth/postgresql.asadmin
COPY server-config/payara-micro/container-realm.asadmin /opt/mcp-oauth/container-realm.asadmin
COPY server-config/payara-micro/hardening.asadmin /opt/mcp-oauth/hardening.asadmin
COPY server-config/payara-micro/logging.properties /opt/mcp-oauth/logging.properties
COPY target/mcp-oauth.war /opt/mcp-oauth/mcp-oauth.war

USER 10001
WORKDIR /opt/mcp-oauth
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/health/ready || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/opt/mcp-oauth/tmp", \
    "-jar", "/opt/mcp-oauth/payara-micro.jar", "--deploy", "/opt/mcp-oauth/mcp-oauth.war", \
    "--addlibs", "/opt/mcp-oauth/lib/postgresql.jar", "--port", "8080", "--nocluster", "--disablephonehome", \
    "--prebootcommandfile", "/opt/mcp-oauth/hardening.asadmin", "--logproperties", "/opt/mcp-oauth/logging.properties"]
