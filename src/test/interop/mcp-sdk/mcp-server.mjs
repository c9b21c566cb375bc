// A real MCP server built from the SDK for enterprise.mjs and jwt.mjs: McpServer with one tool, `whoami`, behind
// the Streamable HTTP transport on 127.0.0.1, protected by the SDK's requireBearerAuth middleware. Its token
// verifier asks mcp-oauth (RFC 7662 introspection, authenticated as a resource-server client), or, for JWT
// access tokens, checks them itself with `jose` against mcp-oauth's jwks_uri (RFC 9068). It publishes
// RFC 9728 protected resource metadata naming mcp-oauth as its authorization server (the SDK's
// mcpAuthMetadataRouter), and its 401 answers point there (WWW-Authenticate resource_metadata).

import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthMetadataRouter }
    from '@modelcontextprotocol/sdk/server/auth/router.js';
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { basic, getJson } from './support.mjs';

/** Reads a token's facts from mcp-oauth's introspection endpoint, as the SDK's OAuthTokenVerifier. */
class IntrospectionVerifier {
    constructor({ metadata, clientId, clientSecret, resource }) {
        this.endpoint = metadata.introspection_endpoint;
        this.authorization = basic(clientId, clientSecret);
        this.resource = resource;
        /** Every introspection answer, in order. */
        this.answers = [];
    }

    async verifyAccessToken(token) {
        const r = await getJson(this.endpoint, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: this.authorization },
            body: new URLSearchParams({ token, token_type_hint: 'access_token' })
        });
        if (r.status !== 200 || typeof r.json?.active !== 'boolean') {
            throw new ServerError(`introspection answered ${r.status}: ${r.text.slice(0, 200)}`);
        }
        const info = r.json;
        this.answers.push(info);
        if (!info.active) {
            throw new InvalidTokenError('the token is not active');
        }
        const audience = [info.aud ?? []].flat();
        return {
            token,
            clientId: info.client_id,
            scopes: (info.scope ?? '').split(' ').filter(Boolean),
            expiresAt: info.exp,
            // requireBearerAuth refuses a token whose resource is not this server's (RFC 8707).
            resource: audience.includes(this.resource) ? new URL(this.resource)
                : audience.length ? new URL(audience[0]) : undefined,
            extra: { sub: info.sub, aud: info.aud, email: info.email, groups: info.groups, idp_iss: info.idp_iss }
        };
    }
}

/**
 * Validates JWT access tokens locally (RFC 9068 4): signature by a key of mcp-oauth's jwks_uri (fetched once and
 * cached by `jose`), typ at+jwt, iss, aud this server, exp. No call to mcp-oauth per request.
 */
class JwksVerifier {
    constructor({ metadata, resource }) {
        this.keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
        this.issuer = metadata.issuer;
        this.resource = resource;
        /** Every token accepted, its claims in order. */
        this.answers = [];
    }

    async verifyAccessToken(token) {
        let payload;
        try {
            ({ payload } = await jwtVerify(token, this.keys,
                { issuer: this.issuer, audience: this.resource, typ: 'at+jwt' }));
        } catch (e) {
            throw new InvalidTokenError(`the token is not valid here: ${e.code ?? e.message}`);
        }
        this.answers.push(payload);
        return {
            token,
            clientId: payload.client_id,
            scopes: (payload.scope ?? '').split(' ').filter(Boolean),
            expiresAt: payload.exp,
            resource: new URL(this.resource),
            extra: { sub: payload.sub, aud: payload.aud, email: payload.email, groups: payload.groups, jti: payload.jti }
        };
    }
}

/**
 * Starts the MCP server on 127.0.0.1:port (0: any free port) at path /mcp.
 *
 * @param metadata     mcp-oauth's authorization server metadata
 * @param clientId     the resource-server client that introspects (it may introspect any token)
 * @param clientSecret its secret
 * @param scope        the scope every call needs
 * @param verify       'introspection' (default) or 'jwks': validate JWT access tokens locally
 */
export async function startMcpServer({ port, metadata, clientId, clientSecret, scope, verify = 'introspection' }) {
    const app = createMcpExpressApp({ host: '127.0.0.1' });
    const listening = await new Promise((resolve, reject) => {
        const server = app.listen(port, '127.0.0.1', () => resolve(server));
        server.once('error', reject);
    });
    const url = `http://127.0.0.1:${listening.address().port}/mcp`;
    const verifier = verify === 'jwks' ? new JwksVerifier({ metadata, resource: url })
        : new IntrospectionVerifier({ metadata, clientId, clientSecret, resource: url });
    const hits = [];
    app.use((req, _res, next) => {
        hits.push(`${req.method} ${req.path}`);
        next();
    });
    app.use(mcpAuthMetadataRouter({
        oauthMetadata: metadata,
        resourceServerUrl: new URL(url),
        scopesSupported: [scope],
        resourceName: 'mcp-oauth enterprise interop server'
    }));
    const bearer = requireBearerAuth({
        verifier,
        requiredScopes: [scope],
        resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(url)),
        expectedResource: new URL(url)
    });
    // Stateless Streamable HTTP: one server and transport per request, no session.
    app.post('/mcp', bearer, async (req, res) => {
        const server = new McpServer({ name: 'mcp-oauth-enterprise-interop', version: '1.0.0' });
        server.registerTool('whoami', { description: 'Who the bearer token says the caller is' }, extra => ({
            content: [{
                type: 'text',
                text: JSON.stringify({
                    client_id: extra.authInfo?.clientId,
                    scopes: extra.authInfo?.scopes,
                    ...extra.authInfo?.extra,
                    call: randomUUID()
                })
            }]
        }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on('close', () => {
            transport.close();
            server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
    });
    // No server-initiated stream and no session to end in stateless mode.
    app.get('/mcp', bearer, (_req, res) => res.status(405).set('Allow', 'POST').end());
    app.delete('/mcp', bearer, (_req, res) => res.status(405).set('Allow', 'POST').end());
    return {
        url,
        hits,
        introspections: verifier.answers,
        close: () => {
            listening.closeAllConnections();
            listening.close();
        }
    };
}
