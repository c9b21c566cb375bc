# mcp-oauth on Payara Micro. Build the WAR first (mvn -B -DskipTests package), then:
#   docker build -t mcp-oauth .
#   docker run -p 8080:8080 -e MCP_OAUTH_ISSUER=https://auth.example.com -e MCP_OAUTH_LOGIN_MODE=header ... mcp-oauth
# Every mcp.oauth.* key can be given as an environment variable (mcp.oauth.token.access-ttl is
# MCP_OAUTH_TOKEN_ACCESS_TTL); MicroProfile Config reads them.
FROM eclipse-temurin:17-jre

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/mcp-oauth --shell /usr/sbin/nologin mcpoauth \
    && mkdir -p /opt/mcp-oauth/tmp \
    && chown -R mcpoauth /opt/mcp-oauth

COPY --chown=mcpoauth target/payara-micro.jar /opt/mcp-oauth/payara-micro.jar
COPY --chown=mcpoauth target/mcp-oauth.war /opt/mcp-oauth/mcp-oauth.war

USER mcpoauth
WORKDIR /opt/mcp-oauth
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/health/ready || exit 1

ENTRYPOINT ["java", "-Djava.io.tmpdir=/opt/mcp-oauth/tmp", "-jar", "/opt/mcp-oauth/payara-micro.jar", \
    "--deploy", "/opt/mcp-oauth/mcp-oauth.war", "--port", "8080", "--nocluster", "--disablephonehome"]
