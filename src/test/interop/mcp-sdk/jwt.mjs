// Interop test of JWT access tokens (RFC 9068) against a running mcp-oauth server, with client and resource
// server code from the official MCP TypeScript SDK and `jose`:
//
//   node jwt.mjs http://localhost:9471 [--mcp-port 9473]
//
// An SDK McpServer (mcp-server.mjs) validates bearer tokens itself, with jose's createRemoteJWKSet on mcp-oauth's
// jwks_uri and jwtVerify (typ at+jwt, issuer, audience): no introspection. The SDK's Client meets its 401,
// discovers mcp-oauth through the RFC 9728 metadata, gets a client_credentials JWT through ClientCredentialsProvider
// and calls the tool. A token for another resource and one signed by a key mcp-oauth never published are refused.
// A revoked JWT is inactive at /introspect at once, while the MCP server, validating locally, accepts it until it
// expires: what revocation means for JWTs.
//
// The server must be configured as McpSdkJwtIT configures it: mcp.oauth.token.format=jwt,
// mcp.oauth.resources=http://127.0.0.1:<mcp port>/mcp,https://other.example.com/mcp, the machine client below and
// the resource-server client that introspects. The first failed check ends the run with exit code 1.

import { readFile } from 'node:fs/promises';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { basic, check, CheckFailed, getJson, peek, RecordingFetch, run, step } from './support.mjs';
import { startMcpServer } from './mcp-server.mjs';

const MACHINE = { id: 'jwt-machine', secret: 'it-secret' };
const RESOURCE_SERVER = { id: 'jwt-resource-server', secret: 'it-secret' };
const OTHER_RESOURCE = 'https://other.example.com/mcp';
const SCOPE = 'mcp:read';

function options(argv) {
    const [base, ...rest] = argv;
    if (!base || !/^https?:\/\//.test(base)) {
        throw new CheckFailed('usage: node jwt.mjs <server base URL> [--mcp-port N]');
    }
    const o = { base: base.replace(/\/+$/, ''), mcpPort: 9473 };
    for (let i = 0; i < rest.length; i += 2) {
        check(rest[i] === '--mcp-port', `unknown option ${rest[i]}`);
        o.mcpPort = Number.parseInt(rest[i + 1], 10);
    }
    return o;
}

/** The MCP server's answer to tools/list with this bearer token, outside the SDK. */
function listTools(mcp, token) {
    return getJson(mcp.url, { method: 'POST', headers: { Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
}

async function machineToken(metadata, resource) {
    const r = await getJson(metadata.token_endpoint, { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(MACHINE.id, MACHINE.secret) },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE, resource }) });
    check(r.status === 200 && r.json?.access_token, `client_credentials answered ${r.status} ${r.text.slice(0, 300)}`);
    return r.json;
}

async function introspect(metadata, token) {
    const r = await getJson(metadata.introspection_endpoint, { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded',
            Authorization: basic(RESOURCE_SERVER.id, RESOURCE_SERVER.secret) },
        body: new URLSearchParams({ token }) });
    check(r.status === 200 && typeof r.json?.active === 'boolean', `/introspect answered ${r.status}: ${r.text}`);
    return r.json;
}

/** The SDK on its own: 401, discovery, a client_credentials JWT through the provider, then the tool. */
async function sdkFlow(metadata, mcp) {
    step('=== the SDK\'s ClientCredentialsProvider against an MCP server validating JWTs with jose');
    const http = new RecordingFetch();
    const provider = new ClientCredentialsProvider({ clientId: MACHINE.id, clientSecret: MACHINE.secret,
        expectedIssuer: metadata.issuer, scope: SCOPE });
    const client = new Client({ name: 'mcp-oauth jwt interop', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: provider, fetch: http.fetch }));
    try {
        check(http.exchanges[0]?.status === 401, 'the MCP server did not answer the first request with 401');
        const tokens = provider.tokens();
        const header = decodeProtectedHeader(tokens.access_token);
        const claims = decodeJwt(tokens.access_token);
        check(header.typ === 'at+jwt' && header.kid && header.alg === 'ES256',
            `the access token's header is ${JSON.stringify(header)}`);
        check(claims.iss === metadata.issuer && claims.aud === mcp.url && claims.client_id === MACHINE.id
            && claims.sub === MACHINE.id && claims.scope === SCOPE && claims.jti,
            `the access token says ${JSON.stringify(claims)}`);
        check(tokens.expires_in === claims.exp - claims.iat && tokens.expires_in <= 300,
            `expires_in ${tokens.expires_in}, exp - iat ${claims.exp - claims.iat}`);
        step(`JWT access token ${peek(tokens.access_token)}: ${JSON.stringify(header)}, aud ${claims.aud}, `
            + `expires_in ${tokens.expires_in}`);
        const result = await client.callTool({ name: 'whoami', arguments: {} });
        check(!result.isError, `whoami failed: ${JSON.stringify(result)}`);
        const seen = JSON.parse(result.content[0].text);
        check(seen.client_id === MACHINE.id && seen.jti === claims.jti,
            `the MCP server saw ${JSON.stringify(seen)}`);
        check(mcp.introspections.some(c => c.jti === claims.jti), 'the MCP server did not validate the token itself');
        step(`tools/call whoami: accepted after local validation against ${metadata.jwks_uri}`);
        return tokens.access_token;
    } finally {
        await client.close();
    }
}

async function refusals(metadata, mcp, token) {
    step('=== tokens the MCP server must refuse');
    const other = await machineToken(metadata, OTHER_RESOURCE);
    check(decodeJwt(other.access_token).aud === OTHER_RESOURCE, 'the other resource\'s token has another audience');
    const r1 = await listTools(mcp, other.access_token);
    check(r1.status === 401, `a JWT for ${OTHER_RESOURCE} was answered ${r1.status}`);
    step(`a JWT for ${OTHER_RESOURCE}: 401`);

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const header = decodeProtectedHeader(token);
    const forged = await new SignJWT(decodeJwt(token)).setProtectedHeader(header)
        .sign(await importJWK({ ...(await exportJWK(privateKey)) }, 'ES256'));
    const r2 = await listTools(mcp, forged);
    check(r2.status === 401, `a JWT signed by a key mcp-oauth never published (kid ${header.kid}) was answered ${r2.status}`);
    step(`the same claims and kid, signed by a key mcp-oauth never published: 401`);

    const good = await listTools(mcp, token);
    check(good.status === 200, `the real token was answered ${good.status}`);
    step('the real token still: 200');
}

/** RFC 7009 and RFC 9068 side by side: revocation reaches /introspect at once, a local validator at exp. */
async function revocation(metadata, mcp) {
    step('=== what revocation means for a JWT');
    const { access_token: token } = await machineToken(metadata, mcp.url);
    check((await introspect(metadata, token)).active === true, 'a fresh JWT is not active at /introspect');
    const r = await getJson(metadata.revocation_endpoint, { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(MACHINE.id, MACHINE.secret) },
        body: new URLSearchParams({ token }) });
    check(r.status === 200, `/revoke answered ${r.status} ${r.text}`);
    check((await introspect(metadata, token)).active === false, 'a revoked JWT is still active at /introspect');
    const local = await listTools(mcp, token);
    check(local.status === 200, `the MCP server answered ${local.status} to a revoked but unexpired JWT`);
    step('revoked: inactive at /introspect at once; the locally validating MCP server accepts it until exp');
}

async function main() {
    const o = options(process.argv.slice(2));
    const sdkPackage = new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url);
    const sdkVersion = JSON.parse(await readFile(sdkPackage, 'utf8')).version;
    step(`MCP TypeScript SDK ${sdkVersion}, Node ${process.version}, server ${o.base}`);
    const discovery = await getJson(`${o.base}/.well-known/oauth-authorization-server`);
    check(discovery.status === 200 && discovery.json?.jwks_uri,
        `the metadata names no jwks_uri: ${discovery.status} ${discovery.text.slice(0, 300)}`);
    const metadata = discovery.json;
    const mcp = await startMcpServer({ port: o.mcpPort, metadata, scope: SCOPE, verify: 'jwks' });
    try {
        step(`MCP server at ${mcp.url}, validating JWTs against ${metadata.jwks_uri}`);
        const token = await sdkFlow(metadata, mcp);
        await refusals(metadata, mcp, token);
        await revocation(metadata, mcp);
    } finally {
        mcp.close();
    }
}

run(main);
