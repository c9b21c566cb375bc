// Interop test: the official MCP TypeScript SDK's OAuth client, auth() from
// @modelcontextprotocol/sdk/client/auth.js, against a running mcp-oauth server.
//
//   node interop.mjs http://localhost:8080
//
// The server must run with mcp.oauth.login.mode=header, mcp.oauth.login.header=X-Forwarded-User and this
// machine's loopback addresses as trusted proxies, its issuer being the URL given. Every step is printed;
// the first failed check ends the run with exit code 1.
//
// The flow runs twice, once per kind of client the SDK supports:
//   1. a public client (token_endpoint_auth_method "none"), discovered the legacy MCP way: no protected
//      resource metadata, so the SDK treats the MCP server's origin as the authorization server;
//   2. a confidential client (client_secret_basic), discovered through RFC 9728 protected resource
//      metadata served by a stub MCP server on 127.0.0.1, so the SDK sends RFC 8707 resource indicators.
//      Having a secret, this client can also introspect its own tokens (RFC 7662).
// Each run: discovery, dynamic registration (RFC 7591), authorization with the header login, code exchange
// with PKCE, a refresh through auth(), the rotated refresh token rejected, and the SDK recovering from the
// revoked grant (RFC 9700 4.14.2) with a new authorization.

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import {
    basic, check, CheckFailed, getJson, peek, RecordingFetch, REQUEST_TIMEOUT_MS, run, step
} from './support.mjs';

const USER = 'interop-user';
const LOGIN_HEADER = 'X-Forwarded-User';
// Nothing listens there: redirectToAuthorization reads the code from the Location header instead.
const REDIRECT_URL = 'http://127.0.0.1:43117/callback';

/**
 * The OAuthClientProvider: keeps what the SDK saves in memory, and plays the user at the authorization
 * endpoint behind the SSO gateway (the gateway's header, sent from a trusted loopback address).
 */
class InteropProvider {
    constructor({ authMethod, metadata, expectedResource }) {
        this.authMethod = authMethod;
        this.metadata = metadata;
        this.expectedResource = expectedResource;
        this.client = undefined;
        this.saved = undefined;
        this.verifier = undefined;
        this.sentState = undefined;
        this.codes = [];
        this.invalidations = [];
    }

    get redirectUrl() {
        return REDIRECT_URL;
    }

    get clientMetadata() {
        return {
            client_name: `mcp-oauth interop (MCP TypeScript SDK, ${this.authMethod})`,
            redirect_uris: [REDIRECT_URL],
            token_endpoint_auth_method: this.authMethod,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code']
        };
    }

    state() {
        this.sentState = randomBytes(16).toString('base64url');
        return this.sentState;
    }

    clientInformation() {
        return this.client;
    }

    saveClientInformation(information) {
        this.client = information;
    }

    tokens() {
        return this.saved;
    }

    saveTokens(tokens) {
        this.saved = tokens;
    }

    saveCodeVerifier(verifier) {
        this.verifier = verifier;
    }

    codeVerifier() {
        check(this.verifier, 'the SDK asked for a code verifier it never saved');
        return this.verifier;
    }

    invalidateCredentials(scope) {
        this.invalidations.push(scope);
        if (scope === 'all' || scope === 'client') {
            this.client = undefined;
        }
        if (scope === 'all' || scope === 'tokens') {
            this.saved = undefined;
        }
        if (scope === 'all' || scope === 'verifier') {
            this.verifier = undefined;
        }
    }

    /**
     * The consent page, answered as the user would: its form's hidden fields are posted back with the
     * same-site CSRF cookie the page set, through the gateway as the same user.
     */
    async approveConsent(authorizeUrl, page) {
        const html = await page.text();
        const field = name => html.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
        const request = field('request');
        const csrf = field('csrf');
        check(request && csrf, `/authorize answered 200 without a consent form: ${html.slice(0, 300)}`);
        const cookie = (page.headers.getSetCookie?.() ?? [page.headers.get('set-cookie')])
            .map(c => c?.split(';')[0]).find(c => c?.startsWith('mcp_oauth_csrf='));
        check(cookie, 'the consent page set no CSRF cookie');
        const response = await fetch(new URL('/consent', authorizeUrl), {
            method: 'POST',
            redirect: 'manual',
            headers: { [LOGIN_HEADER]: USER, cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ request, csrf, decision: 'approve' }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
        });
        step(`    consent page shown; POST /consent approve -> ${response.status}`);
        return response;
    }

    async redirectToAuthorization(authorizationUrl) {
        const url = new URL(authorizationUrl);
        const q = url.searchParams;
        step(`    authorization request: ${url.origin}${url.pathname}?${[...q.keys()].join('&')}`);
        check(`${url.origin}${url.pathname}` === this.metadata.authorization_endpoint,
            `the SDK sent the user to ${url.origin}${url.pathname}, not the metadata's authorization_endpoint`);
        check(q.get('response_type') === 'code', `response_type is ${q.get('response_type')}`);
        check(q.get('client_id') === this.client?.client_id, 'client_id is not the registered one');
        check(q.get('redirect_uri') === REDIRECT_URL, `redirect_uri is ${q.get('redirect_uri')}`);
        check(q.get('code_challenge_method') === 'S256', 'PKCE with S256 is not used');
        check(/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? ''), 'code_challenge is not a base64url SHA-256');
        check(q.get('state') === this.sentState, 'state is not the one the provider made');
        check(q.get('resource') === (this.expectedResource ?? null),
            `resource is ${q.get('resource')}, expected ${this.expectedResource ?? 'none'}`);

        let response = await fetch(url, {
            redirect: 'manual',
            headers: { [LOGIN_HEADER]: USER },
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
        });
        step(`    GET /authorize with ${LOGIN_HEADER}: ${USER} -> ${response.status}`);
        if (response.status === 200) {
            response = await this.approveConsent(url, response);
        }
        const location = response.headers.get('location');
        if (response.status !== 302 && response.status !== 303) {
            const body = await response.text();
            throw new CheckFailed(`/authorize answered ${response.status}, not a redirect: ${body.slice(0, 500)}`);
        }
        check(location, '/authorize redirected without a Location header');
        const callback = new URL(location, url);
        check(`${callback.origin}${callback.pathname}` === REDIRECT_URL,
            `/authorize redirected to ${callback.origin}${callback.pathname}, not the redirect_uri`);
        const p = callback.searchParams;
        check(!p.has('error'), `/authorize answered error=${p.get('error')}: ${p.get('error_description')}`);
        check(p.get('code'), 'the redirect carries no code');
        check(p.get('state') === this.sentState, `the redirect's state ${p.get('state')} is not the one sent`);
        // RFC 9207 2: a server that advertises the iss parameter includes it, equal to its issuer.
        if (this.metadata.authorization_response_iss_parameter_supported || p.has('iss')) {
            check(p.get('iss') === this.metadata.issuer, `the redirect's iss ${p.get('iss')} is not the issuer`);
        }
        step(`    redirect to ${REDIRECT_URL} with code ${peek(p.get('code'))}, state and iss as expected`);
        this.codes.push(p.get('code'));
    }
}

/** A stub MCP server that serves only its RFC 9728 protected resource metadata. */
async function startResourceServer(issuer, scopes) {
    const hits = [];
    const server = createServer((req, res) => {
        hits.push(req.url);
        const resource = `http://127.0.0.1:${server.address().port}/mcp`;
        // RFC 9728 3.1: the well-known suffix goes between the host and the resource's path.
        if (req.method === 'GET' && req.url === '/.well-known/oauth-protected-resource/mcp') {
            const body = { resource, authorization_servers: [issuer], bearer_methods_supported: ['header'] };
            if (scopes?.length) {
                body.scopes_supported = scopes;
            }
            res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
        } else {
            res.writeHead(404).end();
        }
    });
    await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${server.address().port}/mcp`, hits, close: () => server.close() };
}

function clientAuth(client, form) {
    if (client.client_secret) {
        return { Authorization: basic(client.client_id, client.client_secret) };
    }
    form.set('client_id', client.client_id);
    return {};
}

/** POSTs a refresh_token grant ourselves, outside the SDK, authenticating as the client would. */
async function refreshDirectly(metadata, client, refreshToken) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...clientAuth(client, form) };
    return getJson(metadata.token_endpoint, { method: 'POST', headers, body: form });
}

async function introspect(metadata, client, token) {
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...clientAuth(client, form) };
    const r = await getJson(metadata.introspection_endpoint, { method: 'POST', headers, body: form });
    check(r.status === 200 && typeof r.json?.active === 'boolean',
        `/introspect answered ${r.status}: ${r.text.slice(0, 300)}`);
    return r.json;
}

function checkTokens(tokens, what) {
    check(typeof tokens?.access_token === 'string' && tokens.access_token.length > 0, `${what}: no access_token`);
    check(typeof tokens.refresh_token === 'string' && tokens.refresh_token.length > 0, `${what}: no refresh_token`);
    check(tokens.token_type?.toLowerCase() === 'bearer', `${what}: token_type is ${tokens.token_type}`);
    check(Number.isInteger(tokens.expires_in) && tokens.expires_in > 0, `${what}: expires_in is ${tokens.expires_in}`);
}

/** The single token request among the exchanges, checked for grant type, resource and client authentication. */
function tokenRequest(exchanges, metadata, client, grantType, expectedResource) {
    const requests = exchanges.filter(e => e.url.href === metadata.token_endpoint);
    check(requests.length === 1, `expected one request to the token endpoint, saw ${requests.length}`);
    const r = requests[0];
    check(r.method === 'POST' && r.form, 'the token request is not a form POST');
    check(r.form.get('grant_type') === grantType, `grant_type is ${r.form.get('grant_type')}, expected ${grantType}`);
    check(r.form.get('resource') === (expectedResource ?? null),
        `token request resource is ${r.form.get('resource')}, expected ${expectedResource ?? 'none'}`);
    if (client.client_secret) {
        check(r.headers.get('authorization') === basic(client.client_id, client.client_secret),
            'the confidential client did not use client_secret_basic');
        check(!r.form.has('client_secret'), 'the client secret was sent in the body as well');
    } else {
        check(r.form.get('client_id') === client.client_id && !r.headers.has('authorization'),
            'the public client did not identify itself with client_id in the body');
    }
    return r;
}

async function runFlow({ title, authMethod, withResourceMetadata, base, metadata }) {
    step(`=== ${title}`);
    const http = new RecordingFetch();
    let resourceServer;
    let serverUrl;
    let expectedResource;
    if (withResourceMetadata) {
        resourceServer = await startResourceServer(metadata.issuer, metadata.scopes_supported);
        serverUrl = resourceServer.url;
        expectedResource = resourceServer.url;
        step(`MCP server stub at ${serverUrl} publishes RFC 9728 metadata naming ${metadata.issuer}`);
    } else {
        serverUrl = `${base}/mcp`;
        step(`MCP server at ${serverUrl} without RFC 9728 metadata: the SDK falls back to its origin`);
    }
    const provider = new InteropProvider({ authMethod, metadata, expectedResource });
    try {
        // 1. Discovery, registration, authorization request.
        step('auth(): discovery, dynamic registration, authorization');
        let mark = http.exchanges.length;
        let result = await auth(provider, { serverUrl, fetchFn: http.fetch });
        check(result === 'REDIRECT', `auth() returned ${result}, expected REDIRECT`);
        let exchanges = http.since(mark);
        if (withResourceMetadata) {
            check(resourceServer.hits.includes('/.well-known/oauth-protected-resource/mcp'),
                'the SDK did not read the protected resource metadata');
        }
        const asMetadata = exchanges.filter(e => e.url.href === `${base}/.well-known/oauth-authorization-server`);
        check(asMetadata.some(e => e.status === 200), 'the SDK did not load the authorization server metadata');
        const registrations = exchanges.filter(e => e.url.href === metadata.registration_endpoint);
        check(registrations.length === 1, `expected one registration request, saw ${registrations.length}`);
        // RFC 7591 3.2.1: a successful registration answers 201 Created.
        check(registrations[0].status === 201, `/register answered ${registrations[0].status}, expected 201`);
        const client = provider.client;
        check(typeof client?.client_id === 'string', 'registration saved no client_id');
        check(client.token_endpoint_auth_method === authMethod,
            `registered token_endpoint_auth_method is ${client.token_endpoint_auth_method}`);
        check(Boolean(client.client_secret) === (authMethod !== 'none'),
            authMethod === 'none' ? 'a public client was given a secret' : 'a confidential client got no secret');
        check(client.redirect_uris?.includes(REDIRECT_URL), 'the registration response lacks the redirect URI');
        step(`registered client ${client.client_id} (${authMethod}), user sent to the authorization endpoint`);
        check(provider.codes.length === 1, 'redirectToAuthorization was not called once');

        // 2. Code exchange.
        step('auth() with the authorization code: code exchange');
        mark = http.exchanges.length;
        result = await auth(provider, { serverUrl, authorizationCode: provider.codes[0], fetchFn: http.fetch });
        check(result === 'AUTHORIZED', `auth() returned ${result}, expected AUTHORIZED`);
        exchanges = http.since(mark);
        const exchange = tokenRequest(exchanges, metadata, client, 'authorization_code', expectedResource);
        check(exchange.status === 200, `the code exchange answered ${exchange.status}`);
        check(exchange.form.get('code_verifier') === provider.verifier, 'the code_verifier sent is not the saved one');
        const first = provider.tokens();
        checkTokens(first, 'code exchange');
        step(`tokens: access ${peek(first.access_token)}, refresh ${peek(first.refresh_token)}, ` +
            `expires_in ${first.expires_in}${first.scope ? `, scope "${first.scope}"` : ''}`);
        if (client.client_secret) {
            const info = await introspect(metadata, client, first.access_token);
            check(info.active === true, `the new access token introspects as ${JSON.stringify(info)}`);
            check(info.sub === USER, `introspection sub is ${info.sub}, expected ${USER}`);
            check(info.client_id === client.client_id, `introspection client_id is ${info.client_id}`);
            const aud = [info.aud ?? []].flat();
            check(!expectedResource || aud.includes(expectedResource),
                `introspection aud ${JSON.stringify(info.aud)} lacks ${expectedResource}`);
            step(`introspection: active, sub ${info.sub}, aud ${JSON.stringify(info.aud)}`);
        }

        // 3. Refresh. auth() refreshes whenever it holds a refresh token and is given no code: this is what
        // the SDK's transports do after a 401 for an expired access token.
        step('auth() again, holding tokens: refresh');
        mark = http.exchanges.length;
        result = await auth(provider, { serverUrl, fetchFn: http.fetch });
        check(result === 'AUTHORIZED', `auth() returned ${result}, expected AUTHORIZED`);
        check(provider.codes.length === 1 && provider.invalidations.length === 0,
            `the refresh failed and the SDK fell back to a new authorization (invalidated: ${provider.invalidations})`);
        exchanges = http.since(mark);
        const refresh = tokenRequest(exchanges, metadata, client, 'refresh_token', expectedResource);
        check(refresh.status === 200, `the refresh answered ${refresh.status}`);
        check(refresh.form.get('refresh_token') === first.refresh_token, 'the SDK did not present the refresh token');
        const second = provider.tokens();
        checkTokens(second, 'refresh');
        check(second.refresh_token !== first.refresh_token, 'the refresh token was not rotated (OAuth 2.1 4.3.1)');
        check(second.access_token !== first.access_token, 'the refresh returned the same access token');
        step(`refreshed: access ${peek(second.access_token)}, refresh ${peek(second.refresh_token)} (rotated)`);
        if (client.client_secret) {
            const info = await introspect(metadata, client, second.access_token);
            check(info.active === true && info.sub === USER, `the refreshed access token introspects as ${JSON.stringify(info)}`);
            step('introspection: the refreshed access token is active');
        }

        // 4. The rotated refresh token is dead.
        step('POST /token with the old refresh token');
        const replay = await refreshDirectly(metadata, client, first.refresh_token);
        check(replay.status === 400 && replay.json?.error === 'invalid_grant',
            `the old refresh token was answered ${replay.status} ${replay.text.slice(0, 300)}, expected 400 invalid_grant`);
        step('old refresh token rejected: 400 invalid_grant');
        if (client.client_secret) {
            // RFC 9700 4.14.2: reuse of a rotated refresh token revokes the grant's active tokens.
            const info = await introspect(metadata, client, second.access_token);
            check(info.active === false, `after the reuse the refreshed access token is still ${JSON.stringify(info)}`);
            step('introspection: the reuse revoked the grant, the refreshed access token is inactive');
        }

        // 5. The SDK meets the revoked grant: its refresh gets invalid_grant, it drops the tokens and starts
        // a new authorization with the same client.
        step('auth() again: the current refresh token belongs to the revoked grant');
        mark = http.exchanges.length;
        result = await auth(provider, { serverUrl, fetchFn: http.fetch });
        check(result === 'REDIRECT', `auth() returned ${result}, expected REDIRECT after the grant was revoked`);
        exchanges = http.since(mark);
        const refused = exchanges.filter(e => e.url.href === metadata.token_endpoint);
        check(refused.length === 1 && refused[0].form?.get('grant_type') === 'refresh_token'
                && refused[0].form.get('refresh_token') === second.refresh_token,
            'the SDK did not try the current refresh token');
        check(refused[0].status === 400 && refused[0].error?.error === 'invalid_grant',
            `the revoked grant's refresh token was answered ${refused[0].status} ${JSON.stringify(refused[0].error)}`);
        check(JSON.stringify(provider.invalidations) === '["tokens"]',
            `the SDK invalidated ${JSON.stringify(provider.invalidations)}, expected ["tokens"]`);
        check(!exchanges.some(e => e.url.href === metadata.registration_endpoint), 'the SDK registered again');
        check(provider.codes.length === 2, 'the SDK did not start a new authorization');
        step('refresh refused with invalid_grant; the SDK dropped its tokens and re-authorized the same client');
        mark = http.exchanges.length;
        result = await auth(provider, { serverUrl, authorizationCode: provider.codes[1], fetchFn: http.fetch });
        check(result === 'AUTHORIZED', `auth() returned ${result}, expected AUTHORIZED`);
        check(tokenRequest(http.since(mark), metadata, client, 'authorization_code', expectedResource).status === 200,
            'the second code exchange failed');
        const third = provider.tokens();
        checkTokens(third, 'second code exchange');
        if (client.client_secret) {
            const info = await introspect(metadata, client, third.access_token);
            check(info.active === true, `the new grant's access token introspects as ${JSON.stringify(info)}`);
        }
        step(`new grant: access ${peek(third.access_token)}, refresh ${peek(third.refresh_token)}`);
        step(`${title}: ok`);
    } finally {
        resourceServer?.close();
    }
}

async function main() {
    const arg = process.argv[2];
    if (!arg || !/^https?:\/\//.test(arg)) {
        throw new CheckFailed('usage: node interop.mjs <server base URL, e.g. http://localhost:8080>');
    }
    const base = arg.replace(/\/+$/, '');
    // The SDK's exports map hides its package.json from import and require.
    const sdkPackage = new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url);
    const sdkVersion = JSON.parse(await readFile(sdkPackage, 'utf8')).version;
    step(`MCP TypeScript SDK ${sdkVersion}, Node ${process.version}, server ${base}`);

    const discovery = await getJson(`${base}/.well-known/oauth-authorization-server`);
    check(discovery.status === 200 && discovery.json,
        `GET /.well-known/oauth-authorization-server answered ${discovery.status}: ${discovery.text.slice(0, 300)}`);
    const metadata = discovery.json;
    // RFC 8414 3.3: the issuer is the URL the metadata was fetched from, minus the well-known part.
    check(metadata.issuer === base, `the metadata's issuer ${metadata.issuer} is not ${base}`);
    check(metadata.registration_endpoint, 'the metadata has no registration_endpoint');
    check(metadata.token_endpoint_auth_methods_supported?.includes('none'), 'public clients are not supported');
    step(`metadata: issuer ${metadata.issuer}, grants ${metadata.grant_types_supported}`);

    await runFlow({ title: 'public client, legacy discovery', authMethod: 'none', withResourceMetadata: false, base, metadata });
    await runFlow({ title: 'confidential client, RFC 9728 discovery', authMethod: 'client_secret_basic',
        withResourceMetadata: true, base, metadata });
}

run(main);
