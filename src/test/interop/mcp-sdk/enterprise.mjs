// Interop test of the enterprise MCP authorization extensions against a running mcp-oauth server, with client
// and resource server code from the official MCP TypeScript SDK:
//
//   node enterprise.mjs http://localhost:9461 [--mcp-port 9463] [--idp-port 9462] [--parts a,b,c]
//
// 1. machine clients (extension io.modelcontextprotocol/oauth-client-credentials): the SDK's Client and
//    StreamableHTTPClientTransport meet an SDK MCP server (mcp-server.mjs) that answers 401, discover mcp-oauth
//    through its RFC 9728 metadata, get a client_credentials token and call its tool; once with
//    ClientCredentialsProvider (client_secret_basic, part `client-secret`), once with PrivateKeyJwtProvider
//    (private_key_jwt, RFC 7523 2.2, part `private-key-jwt`), whose replayed or foreign-signed assertions
//    must then be refused with invalid_client;
// 2. Enterprise-Managed Authorization (io.modelcontextprotocol/enterprise-managed-authorization, part `id-jag`):
//    a test identity provider (test-idp.mjs) publishes its keys on a loopback port and issues ID-JAGs; a
//    confidential client redeems one at /token with the jwt-bearer grant (RFC 7523 2.1; this SDK version has
//    no class for it, so this is a plain POST); the access token works at the MCP server, which checks it by
//    introspection; the grant presented again, grants of the wrong type, key, audience, issuer, client or
//    resource, and expired ones are refused.
//
// The server must be configured as EnterpriseInteropIT configures it: the clients below, the identity
// provider `acme-idp` with issuer http://127.0.0.1:<idp port> and jwks-uri http://127.0.0.1:<idp port>/jwks.json,
// and mcp.oauth.resources=http://127.0.0.1:<mcp port>/mcp. Every step is printed; the first failed check ends
// the run with exit code 1, and so does a run that takes longer than 120 s.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider, PrivateKeyJwtProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { basic, check, CheckFailed, getJson, peek, RecordingFetch, run, step } from './support.mjs';
import { startMcpServer } from './mcp-server.mjs';
import { TestIdp } from './test-idp.mjs';
import { MACHINE_CLIENT_KEY } from './test-keys.mjs';

const SECRET = 'it-secret';
/** Introspects any token for the MCP server. */
const RESOURCE_SERVER = { id: 'ent-resource-server', secret: SECRET };
/** Machine client with a secret: client_credentials. */
const SECRET_MACHINE = { id: 'ent-machine', secret: SECRET };
/** Machine client with the key in test-keys.mjs: client_credentials and the jwt-bearer grant. */
const KEY_MACHINE = { id: 'ent-pkjwt', key: MACHINE_CLIENT_KEY };
/** Confidential client that redeems ID-JAGs, admitted by the identity provider. */
const AGENT = { id: 'ent-agent', secret: SECRET };
/** Confidential client allowed the jwt-bearer grant but not admitted by the identity provider. */
const OUTSIDER = { id: 'ent-outsider', secret: SECRET };
const IDP_ID = 'acme-idp';
const SCOPE = 'mcp:read';
const ALL_SCOPES = 'mcp:read mcp:write';
const USER = { sub: 'alice-0042', email: 'alice@acme.example', groups: ['engineering', 'mcp-users'] };

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const PARTS = ['client-secret', 'private-key-jwt', 'id-jag'];

function options(argv) {
    const [base, ...rest] = argv;
    if (!base || !/^https?:\/\//.test(base)) {
        throw new CheckFailed('usage: node enterprise.mjs <server base URL> [--mcp-port N] [--idp-port N] '
            + `[--parts ${PARTS.join(',')}]`);
    }
    const o = { base: base.replace(/\/+$/, ''), mcpPort: 9463, idpPort: 9462, parts: PARTS };
    for (let i = 0; i < rest.length; i += 2) {
        const [name, value] = [rest[i], rest[i + 1]];
        if (name === '--mcp-port' || name === '--idp-port') {
            o[name === '--mcp-port' ? 'mcpPort' : 'idpPort'] = Number.parseInt(value, 10);
        } else if (name === '--parts') {
            o.parts = value.split(',');
            check(o.parts.every(p => PARTS.includes(p)), `--parts: one of ${PARTS.join(', ')}, saw ${value}`);
        } else {
            throw new CheckFailed(`unknown option ${name}`);
        }
    }
    return o;
}

/** A private_key_jwt client assertion of our own (RFC 7523 3), signed with `key`. */
async function clientAssertion(metadata, { audience = metadata.issuer, key = MACHINE_CLIENT_KEY } = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
        .setIssuer(KEY_MACHINE.id).setSubject(KEY_MACHINE.id).setAudience(audience)
        .setIssuedAt(now).setExpirationTime(now + 60)
        .sign(await importJWK(key, 'ES256'));
}

/** POSTs a form to /token, authenticated with the client's secret (Basic) or a client assertion. */
async function tokenRequest(metadata, client, params) {
    const form = new URLSearchParams(params);
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (client.secret) {
        headers.Authorization = basic(client.id, client.secret);
    } else if (client.key) {
        form.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
        form.set('client_assertion', await clientAssertion(metadata));
    } else {
        form.set('client_id', client.id);
    }
    return getJson(metadata.token_endpoint, { method: 'POST', headers, body: form });
}

function expectError(r, statuses, errors, what) {
    check(statuses.includes(r.status) && errors.includes(r.json?.error),
        `${what}: answered ${r.status} ${r.text.slice(0, 300)}, expected ${statuses.join(' or ')} `
        + errors.join(' or '));
    step(`${what}: refused, ${r.status} ${r.json.error}`);
}

function scopeSet(scope) {
    return [...new Set((scope ?? '').split(' ').filter(Boolean))].sort().join(' ');
}

async function introspect(metadata, token) {
    const r = await getJson(metadata.introspection_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded',
            Authorization: basic(RESOURCE_SERVER.id, RESOURCE_SERVER.secret) },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' })
    });
    check(r.status === 200 && typeof r.json?.active === 'boolean', `/introspect answered ${r.status}: ${r.text}`);
    return r.json;
}

/** Calls the MCP server's whoami tool through the SDK's Client; returns what the server saw. */
async function whoami(client) {
    const tools = await client.listTools();
    check(tools.tools.some(t => t.name === 'whoami'), `tools/list has no whoami: ${JSON.stringify(tools)}`);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    check(!result.isError && result.content?.[0]?.type === 'text', `whoami failed: ${JSON.stringify(result)}`);
    return JSON.parse(result.content[0].text);
}

/** An SDK Client on a given bearer token (no OAuth provider: a 401 would be an error). */
async function whoamiWithToken(mcp, token) {
    const client = new Client({ name: 'mcp-oauth enterprise interop', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url),
        { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
        return await whoami(client);
    } finally {
        await client.close();
    }
}

/**
 * The SDK on its own: Client.connect meets a 401, discovers the authorization server through the MCP server's
 * RFC 9728 metadata, gets a client_credentials token through the provider and retries; then the tool is called.
 * Returns the token request the SDK made.
 */
async function machineFlow({ title, provider, clientId, metadata, mcp }) {
    step(`=== ${title}`);
    const http = new RecordingFetch();
    const client = new Client({ name: `mcp-oauth enterprise interop (${title})`, version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: provider, fetch: http.fetch }));
    try {
        const first = http.exchanges[0];
        check(first?.url.href === mcp.url && first.status === 401,
            `the first request was ${first?.method} ${first?.url} -> ${first?.status}, expected a 401 from the MCP server`);
        const challenge = first.responseHeaders.get('www-authenticate') ?? '';
        check(challenge.includes(`resource_metadata="${new URL(mcp.url).origin}/.well-known/oauth-protected-resource/mcp"`),
            `the MCP server's 401 does not point at its metadata: ${challenge}`);
        check(mcp.hits.includes('GET /.well-known/oauth-protected-resource/mcp'),
            'the SDK did not read the protected resource metadata');
        check(http.exchanges.some(e => e.url.href === `${metadata.issuer}/.well-known/oauth-authorization-server`
            && e.status === 200), 'the SDK did not load the authorization server metadata from mcp-oauth');
        check(!http.exchanges.some(e => e.url.href === metadata.registration_endpoint), 'the SDK registered a client');
        const requests = http.exchanges.filter(e => e.url.href === metadata.token_endpoint);
        check(requests.length === 1, `expected one token request, saw ${requests.length}`);
        const request = requests[0];
        check(request.status === 200, `the token request answered ${request.status} ${JSON.stringify(request.error)}`);
        check(request.form?.get('grant_type') === 'client_credentials', `grant_type ${request.form?.get('grant_type')}`);
        check(request.form.get('resource') === mcp.url, `resource ${request.form.get('resource')}, expected ${mcp.url}`);
        const tokens = provider.tokens();
        check(tokens?.access_token && tokens.token_type?.toLowerCase() === 'bearer', 'the SDK saved no bearer token');
        step(`token for ${clientId}: ${peek(tokens.access_token)}, scope "${tokens.scope}", expires_in ${tokens.expires_in}`);
        const seen = await whoami(client);
        check(seen.client_id === clientId, `the MCP server saw client ${seen.client_id}, expected ${clientId}`);
        check(seen.scopes?.includes(SCOPE), `the MCP server saw scopes ${JSON.stringify(seen.scopes)}`);
        step(`tools/call whoami: the MCP server accepted the token (introspected: client ${seen.client_id}, `
            + `scopes ${seen.scopes.join(' ')})`);
        return request;
    } finally {
        await client.close();
    }
}

async function clientSecretPart({ metadata, mcp }) {
    const request = await machineFlow({
        title: 'ClientCredentialsProvider, client_secret_basic',
        provider: new ClientCredentialsProvider({ clientId: SECRET_MACHINE.id, clientSecret: SECRET_MACHINE.secret,
            expectedIssuer: metadata.issuer, scope: SCOPE }),
        clientId: SECRET_MACHINE.id, metadata, mcp
    });
    check(request.headers.get('authorization') === basic(SECRET_MACHINE.id, SECRET_MACHINE.secret),
        'the SDK did not authenticate with client_secret_basic');
}

async function privateKeyJwtPart({ metadata, mcp }) {
    check(metadata.token_endpoint_auth_methods_supported?.includes('private_key_jwt'),
        `metadata token_endpoint_auth_methods_supported lacks private_key_jwt: ${metadata.token_endpoint_auth_methods_supported}`);
    const request = await machineFlow({
        title: 'PrivateKeyJwtProvider, private_key_jwt',
        provider: new PrivateKeyJwtProvider({ clientId: KEY_MACHINE.id, privateKey: KEY_MACHINE.key, algorithm: 'ES256',
            expectedIssuer: metadata.issuer, scope: SCOPE }),
        clientId: KEY_MACHINE.id, metadata, mcp
    });
    check(!request.headers.has('authorization') && !request.form.has('client_secret'),
        'the SDK sent a secret besides the client assertion');
    const assertion = request.form.get('client_assertion');
    check(request.form.get('client_assertion_type') === CLIENT_ASSERTION_TYPE && assertion,
        'the SDK did not send a client assertion');
    const claims = decodeJwt(assertion);
    check(claims.iss === KEY_MACHINE.id && claims.sub === KEY_MACHINE.id && claims.aud === metadata.issuer,
        `the SDK's assertion says iss ${claims.iss}, sub ${claims.sub}, aud ${claims.aud}`);
    step(`the SDK's assertion: ${JSON.stringify(decodeProtectedHeader(assertion))}, iss=sub=${claims.iss}, aud ${claims.aud}`);

    // RFC 7523 3 item 7: an assertion's jti is used once.
    const params = { grant_type: 'client_credentials', scope: SCOPE, resource: mcp.url,
        client_assertion_type: CLIENT_ASSERTION_TYPE };
    const post = form => getJson(metadata.token_endpoint, { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    expectError(await post({ ...params, client_assertion: assertion }), [400, 401], ['invalid_client'],
        'the SDK\'s client assertion presented again');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stranger = { ...(await exportJWK(privateKey)), kid: MACHINE_CLIENT_KEY.kid };
    expectError(await post({ ...params, client_assertion: await clientAssertion(metadata, { key: stranger }) }),
        [400, 401], ['invalid_client'], 'a client assertion signed with a key the client did not register');
    // The token endpoint is an audience as good as the issuer (RFC 7523 3 item 3).
    const own = await post({ ...params,
        client_assertion: await clientAssertion(metadata, { audience: metadata.token_endpoint }) });
    check(own.status === 200 && own.json?.access_token,
        `a fresh assertion with the token endpoint as audience answered ${own.status} ${own.text.slice(0, 300)}`);
    const info = await introspect(metadata, own.json.access_token);
    check(info.active === true && info.client_id === KEY_MACHINE.id, `its token introspects as ${JSON.stringify(info)}`);
    step('a fresh assertion (aud = token endpoint) still gets a token: the refusals were for replay and key');
}

async function idJagPart({ metadata, mcp, idp, withKeyClient }) {
    step('=== Enterprise-Managed Authorization: ID-JAG redeemed with the jwt-bearer grant');
    check(metadata.grant_types_supported?.includes(JWT_BEARER),
        `metadata grant_types_supported lacks ${JWT_BEARER}: ${metadata.grant_types_supported}`);
    const grantFor = (client, claims = {}, header = {}) => idp.grant({ ...header, claims: {
        sub: USER.sub, aud: metadata.issuer, client_id: client.id, resource: mcp.url, scope: ALL_SCOPES,
        email: USER.email, groups: USER.groups, ...claims } });
    const redeem = (client, assertion, params = {}) =>
        tokenRequest(metadata, client, { grant_type: JWT_BEARER, assertion, ...params });
    const subject = `${IDP_ID}|${USER.sub}`;

    // 1. A grant redeemed by the client it names, narrowing the scope and naming the grant's resource.
    const assertion = await grantFor(AGENT);
    const r = await redeem(AGENT, assertion, { scope: SCOPE, resource: mcp.url });
    check(r.status === 200, `the ID-JAG was answered ${r.status} ${r.text.slice(0, 300)}`);
    const t = r.json;
    check(typeof t.access_token === 'string' && t.access_token && t.token_type?.toLowerCase() === 'bearer',
        `not a bearer token response: ${r.text}`);
    check(Number.isInteger(t.expires_in) && t.expires_in > 0, `expires_in is ${t.expires_in}`);
    check(t.scope === SCOPE, `scope is "${t.scope}", expected the requested "${SCOPE}"`);
    check(t.refresh_token === undefined, 'a refresh token was issued for an ID-JAG');
    check(idp.hits.includes('/jwks.json'), 'mcp-oauth never fetched the identity provider\'s JWK set');
    step(`ID-JAG for ${AGENT.id} redeemed: ${peek(t.access_token)}, scope "${t.scope}", expires_in ${t.expires_in}, `
        + `no refresh token; mcp-oauth fetched ${idp.jwksUri}`);

    const info = await introspect(metadata, t.access_token);
    check(info.active === true, `the token introspects as ${JSON.stringify(info)}`);
    check(info.sub === subject, `introspection sub is ${info.sub}, expected ${subject}`);
    check([info.aud ?? []].flat().includes(mcp.url), `introspection aud ${JSON.stringify(info.aud)} lacks ${mcp.url}`);
    check(info.client_id === AGENT.id, `introspection client_id is ${info.client_id}`);
    check(scopeSet(info.scope) === SCOPE, `introspection scope is "${info.scope}"`);
    check(info.email === USER.email, `introspection email is ${info.email}`);
    const groups = Array.isArray(info.groups) ? info.groups : String(info.groups ?? '').split(/[ ,]/);
    check(USER.groups.every(g => groups.includes(g)), `introspection groups are ${JSON.stringify(info.groups)}`);
    check(info.idp_iss === idp.issuer, `introspection idp_iss is ${info.idp_iss}, expected ${idp.issuer}`);
    step(`introspection: active, sub ${info.sub}, aud ${JSON.stringify(info.aud)}, email ${info.email}, `
        + `groups ${JSON.stringify(info.groups)}, idp_iss ${info.idp_iss}`);

    const introspected = mcp.introspections.length;
    const seen = await whoamiWithToken(mcp, t.access_token);
    check(mcp.introspections.length > introspected, 'the MCP server did not introspect the token');
    check(seen.sub === subject && seen.client_id === AGENT.id && seen.email === USER.email
            && seen.idp_iss === idp.issuer,
        `the MCP server saw ${JSON.stringify(seen)}`);
    step(`tools/call whoami with the token: the MCP server accepted it as ${seen.sub} via ${seen.client_id}`);

    // 2. RFC 7523 3 item 7: the same grant again.
    expectError(await redeem(AGENT, assertion), [400], ['invalid_grant'], 'the same ID-JAG presented again');

    // 3. A client authenticating with private_key_jwt, no scope or resource asked: the grant's.
    if (withKeyClient) {
        const k = await redeem(KEY_MACHINE, await grantFor(KEY_MACHINE));
        check(k.status === 200, `an ID-JAG redeemed with private_key_jwt was answered ${k.status} ${k.text.slice(0, 300)}`);
        check(scopeSet(k.json.scope) === ALL_SCOPES && k.json.refresh_token === undefined,
            `the token response was ${k.text}`);
        const seenByKey = await whoamiWithToken(mcp, k.json.access_token);
        check(seenByKey.sub === subject && seenByKey.client_id === KEY_MACHINE.id,
            `the MCP server saw ${JSON.stringify(seenByKey)}`);
        step(`ID-JAG for ${KEY_MACHINE.id} redeemed with private_key_jwt: scope "${k.json.scope}", `
            + `accepted by the MCP server as ${seenByKey.sub}`);
    }

    // 4. Grants that must be refused, each fresh (never a replay).
    const stranger = await TestIdp.strangerKey();
    const invalid = [
        ['an ID token look-alike (typ JWT)', () => grantFor(AGENT, {}, { typ: 'JWT' })],
        ['a grant without typ', () => grantFor(AGENT, {}, { typ: null })],
        ['a grant signed by a key not in the JWK set (unknown kid)', () => grantFor(AGENT, {}, { key: stranger, kid: 'other-key' })],
        ['a grant signed by a key not in the JWK set (the published kid)', () => grantFor(AGENT, {}, { key: stranger })],
        ['a grant for another authorization server (aud)', () => grantFor(AGENT, { aud: 'https://as.elsewhere.example' })],
        ['an expired grant', () => grantFor(AGENT, { iat: Math.floor(Date.now() / 1000) - 600,
            exp: Math.floor(Date.now() / 1000) - 300 })],
        ['a grant for a resource not served here', () => grantFor(AGENT, { resource: 'https://mcp.elsewhere.example/mcp' })],
        ['a grant from an issuer that is not configured', () => grantFor(AGENT, { iss: 'https://idp.elsewhere.example' })],
        [`a grant issued to ${OUTSIDER.id}, presented by ${AGENT.id}`, () => grantFor(OUTSIDER)]
    ];
    for (const [what, mint] of invalid) {
        expectError(await redeem(AGENT, await mint()), [400], ['invalid_grant'], what);
    }
    expectError(await redeem(OUTSIDER, await grantFor(OUTSIDER)), [400], ['invalid_grant'],
        `a grant presented by ${OUTSIDER.id}, which the identity provider does not admit`);
    expectError(await redeem(SECRET_MACHINE, await grantFor(SECRET_MACHINE)), [400], ['unauthorized_client'],
        `a grant presented by ${SECRET_MACHINE.id}, which may not use the jwt-bearer grant`);
    expectError(await redeem({ id: AGENT.id }, await grantFor(AGENT)), [401], ['invalid_client'],
        'a grant presented without client authentication');
    expectError(await redeem(AGENT, await grantFor(AGENT, { scope: SCOPE }), { scope: ALL_SCOPES }), [400],
        ['invalid_scope'], 'a request for more scope than the grant gives');
    expectError(await redeem(AGENT, await grantFor(AGENT), { resource: 'https://mcp.elsewhere.example/mcp' }), [400],
        ['invalid_target', 'invalid_grant'], 'a request for another resource than the grant\'s');

    // 5. Control: the client and the identity provider are still in good standing.
    const last = await redeem(AGENT, await grantFor(AGENT));
    check(last.status === 200 && scopeSet(last.json?.scope) === ALL_SCOPES,
        `a fresh valid ID-JAG after the refusals was answered ${last.status} ${last.text.slice(0, 300)}`);
    step('a fresh valid ID-JAG still redeems: the refusals were for the reasons given');

    const bogus = await getJson(mcp.url, { method: 'POST', headers: { Authorization: 'Bearer not-a-token',
        'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    check(bogus.status === 401, `the MCP server answered ${bogus.status} to an unknown token`);
    step('the MCP server refuses an unknown token: 401');
}

async function main() {
    const o = options(process.argv.slice(2));
    const sdkPackage = new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url);
    const sdkVersion = JSON.parse(await readFile(sdkPackage, 'utf8')).version;
    step(`MCP TypeScript SDK ${sdkVersion}, Node ${process.version}, server ${o.base}, parts ${o.parts.join(',')}`);
    const discovery = await getJson(`${o.base}/.well-known/oauth-authorization-server`);
    check(discovery.status === 200 && discovery.json?.issuer === o.base,
        `GET /.well-known/oauth-authorization-server answered ${discovery.status}: ${discovery.text.slice(0, 300)}`);
    const metadata = discovery.json;
    check(metadata.introspection_endpoint, 'the metadata has no introspection_endpoint');

    const mcp = await startMcpServer({ port: o.mcpPort, metadata, clientId: RESOURCE_SERVER.id,
        clientSecret: RESOURCE_SERVER.secret, scope: SCOPE });
    let idp;
    try {
        step(`MCP server (SDK McpServer, Streamable HTTP) at ${mcp.url}, tokens checked at ${metadata.introspection_endpoint}`);
        if (o.parts.includes('client-secret')) {
            await clientSecretPart({ metadata, mcp });
        }
        if (o.parts.includes('private-key-jwt')) {
            await privateKeyJwtPart({ metadata, mcp });
        }
        if (o.parts.includes('id-jag')) {
            idp = await TestIdp.start(o.idpPort);
            step(`test identity provider ${idp.issuer}, keys at ${idp.jwksUri}`);
            await idJagPart({ metadata, mcp, idp, withKeyClient: o.parts.includes('private-key-jwt') });
        }
    } finally {
        idp?.close();
        mcp.close();
    }
}

run(main);
