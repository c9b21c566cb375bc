// Real-browser test: headless Chromium, driven by playwright-core, signs in through the demo form and
// answers the consent page of a running mcp-oauth server.
//
//   node consent.mjs http://localhost:8686 [screenshot.png]
//
// The server must run with server-config/payara-micro/demo.properties (form login, user "demo" with password
// "demo", the public client "demo-app" with the loopback redirect URI http://127.0.0.1/callback), freshly
// started: consent is remembered once approved, so the deny run comes first. Chromium is the system one,
// /usr/bin/chromium (Debian's chromium package) unless CHROMIUM_PATH says otherwise; no browser is
// downloaded. Every step is printed; the first failed check ends the run with exit code 1.
//
// A small HTTP listener on 127.0.0.1 is the client's redirect target, so the browser really lands there:
//   1. deny: sign in, the consent page (client name, scope, redirect host, anti-framing headers, the
//      same-site CSRF cookie) is checked and photographed, Deny lands on the callback with access_denied;
//   2. approve: the same, Approve lands on the callback with a code, the state and the issuer (RFC 9207),
//      and the code is exchanged for tokens with the PKCE verifier;
//   3. remembered: a third sign-in for the same scope goes straight back with a code, no consent page;
// and the sign-in page, loaded into a frame of another origin, must not render there.
// The screenshot (of the consent page in run 1) is written to the path given, target/consent.png by default;
// docs/consent.png is a copy of it.

import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Flags Chromium needs as root on a machine without outside network: without the background-networking
// ones it keeps trying Google's services and the connections are refused in bulk.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CLIENT_ID = 'demo-app';
const CLIENT_NAME = 'Demo MCP app';
const SCOPE = 'mcp:read';
const USER = 'demo';
const PASSWORD = 'demo';
const STEP_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 90_000;

class CheckFailed extends Error {}

function check(condition, message) {
    if (!condition) {
        throw new CheckFailed(message);
    }
}

const started = Date.now();

/** Prints a step with the seconds since the start. */
function step(message) {
    console.log(`[browser ${((Date.now() - started) / 1000).toFixed(1).padStart(4)}s] ${message}`);
}

/** RFC 7636 4.1 and 4.2: a random verifier and its S256 challenge. */
function pkce() {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The client's redirect target: records every request and answers with a page saying what came back. */
async function startCallbackListener() {
    const hits = [];
    const server = createServer((req, res) => {
        const url = new URL(req.url, `http://${req.headers.host}`);
        if (url.pathname === '/frame') {
            // Another origin trying to frame the authorization server's page (clickjacking).
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(`<!DOCTYPE html><title>framing attempt</title><iframe id="victim" width="600" height="400" src="${
                url.searchParams.get('src').replace(/[&<>"]/g, c => `&#${c.charCodeAt(0)};`)}"></iframe>`);
            return;
        }
        if (url.pathname === '/favicon.ico') {
            res.writeHead(204).end();
            return;
        }
        hits.push(url);
        res.writeHead(url.pathname === '/callback' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(url.pathname === '/callback' ? `callback received: ${url.search}\n` : 'not found\n');
    });
    await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${server.address().port}`;
    return { origin, redirectUri: `${origin}/callback`, hits, close: () => server.close() };
}

function authorizeUrl(base, redirectUri, state, challenge) {
    const q = new URLSearchParams({
        response_type: 'code', client_id: CLIENT_ID, redirect_uri: redirectUri, scope: SCOPE, state,
        code_challenge: challenge, code_challenge_method: 'S256'
    });
    return `${base}/authorize?${q}`;
}

/**
 * Opens /authorize in a fresh browser context (no cookies), checks the sign-in page and signs in.
 * Returns the page and the response to the sign-in POST: the consent page, or the redirect's landing.
 */
async function signIn(browser, run, { base, callback, state, challenge, requests }) {
    const context = await browser.newContext({ viewport: { width: 640, height: 360 } });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    page.on('request', r => requests.push(r.url()));
    page.on('console', m => step(`    ${run}: console ${m.type()}: ${m.text()}`));

    const signInResponse = await page.goto(authorizeUrl(base, callback.redirectUri, state, challenge));
    check(signInResponse?.status() === 200, `${run}: GET /authorize answered ${signInResponse?.status()}`);
    check(await page.locator('h1').innerText() === `Sign in to continue to ${CLIENT_NAME}`,
        `${run}: the sign-in page's heading is "${await page.locator('h1').innerText()}"`);
    check((await signInResponse.allHeaders())['x-frame-options'] === 'DENY',
        `${run}: the sign-in page is served without X-Frame-Options DENY`);
    step(`${run}: sign-in page shown (${page.url().split('?')[0]}), signing in as ${USER}`);

    await page.fill('#username', USER);
    await page.fill('#password', PASSWORD);
    const [loginResponse] = await Promise.all([
        page.waitForEvent('response', r => r.request().method() === 'POST' && r.url() === `${base}/login`),
        page.click('button[type=submit]')
    ]);
    await page.waitForLoadState('load');
    return { context, page, loginResponse };
}

/** The consent page's content, headers and cookie, as the browser got them. */
async function checkConsentPage(run, page, loginResponse, context) {
    check(loginResponse.status() === 200,
        `${run}: POST /login answered ${loginResponse.status()}, not the consent page; page: ${
            (await page.locator('body').innerText()).slice(0, 300)}`);
    const headers = await loginResponse.allHeaders();
    const heading = await page.locator('h1').innerText();
    check(heading === `${CLIENT_NAME} wants to access your account`, `${run}: the consent page's heading is "${heading}"`);
    check(await page.title() === `Authorize ${CLIENT_NAME} - mcp-oauth`, `${run}: the consent page's title is "${await page.title()}"`);
    const body = await page.locator('body').innerText();
    check(body.includes(`Signed in as ${USER}.`), `${run}: the consent page does not say who is signed in: ${body}`);
    const scopes = await page.locator('#scopes li').allInnerTexts();
    check(scopes.length === 1 && scopes[0] === SCOPE, `${run}: the consent page lists the scopes ${JSON.stringify(scopes)}`);
    const host = await page.locator('#redirect-host').innerText();
    check(host === '127.0.0.1', `${run}: the consent page names the redirect host "${host}"`);
    check(await page.locator('#approve').isVisible() && await page.locator('#deny').isVisible(),
        `${run}: the consent page lacks a visible Approve or Deny button`);
    check(headers['x-frame-options'] === 'DENY', `${run}: X-Frame-Options is ${headers['x-frame-options']}`);
    check(/(^|;)\s*frame-ancestors 'none'/.test(headers['content-security-policy'] ?? ''),
        `${run}: the Content-Security-Policy "${headers['content-security-policy']}" lacks frame-ancestors 'none'`);
    check(headers['cache-control'] === 'no-store', `${run}: Cache-Control is ${headers['cache-control']}`);
    const cookie = (await context.cookies()).find(c => c.name === 'mcp_oauth_csrf');
    check(cookie, `${run}: the consent page set no mcp_oauth_csrf cookie`);
    check(cookie.sameSite === 'Strict' && cookie.httpOnly,
        `${run}: the CSRF cookie is SameSite=${cookie.sameSite}, HttpOnly=${cookie.httpOnly}`);
    step(`${run}: consent page shown: "${heading}", scopes ${scopes}, back to ${host}; `
        + `X-Frame-Options ${headers['x-frame-options']}, CSRF cookie SameSite=${cookie.sameSite} HttpOnly`);
}

/** Clicks a consent button and waits until the browser is on the client's redirect URI. */
async function answer(run, page, button, callback) {
    await Promise.all([
        page.waitForURL(url => url.origin === callback.origin, { waitUntil: 'load' }),
        page.click(button)
    ]);
    return landed(run, page, callback);
}

/** Where the browser is now: the callback's query, also checked against what the listener received. */
function landed(run, page, callback) {
    const url = new URL(page.url());
    check(url.origin + url.pathname === callback.redirectUri, `${run}: the browser is at ${url.href}, not the redirect URI`);
    const hit = callback.hits.at(-1);
    check(hit && hit.search === url.search, `${run}: the listener did not receive ${url.search} (last: ${hit?.search})`);
    step(`${run}: landed on ${callback.redirectUri}?${[...url.searchParams.keys()].join('&')}`);
    return url.searchParams;
}

async function tokens(base, code, verifier, redirectUri) {
    const response = await fetch(`${base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: CLIENT_ID,
            redirect_uri: redirectUri, code_verifier: verifier }),
        signal: AbortSignal.timeout(STEP_TIMEOUT_MS)
    });
    const text = await response.text();
    check(response.status === 200, `POST /token answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
}

async function denyRun(browser, env, screenshot) {
    const run = 'deny';
    const state = randomBytes(16).toString('base64url');
    const { challenge } = pkce();
    const { context, page, loginResponse } = await signIn(browser, run, { ...env, state, challenge });
    try {
        await checkConsentPage(run, page, loginResponse, context);
        mkdirSync(dirname(screenshot), { recursive: true });
        await page.screenshot({ path: screenshot, fullPage: true });
        step(`${run}: screenshot of the consent page written to ${screenshot}`);
        const q = await answer(run, page, '#deny', env.callback);
        check(q.get('error') === 'access_denied', `${run}: error is ${q.get('error')}, not access_denied`);
        check(q.get('state') === state, `${run}: the state came back as ${q.get('state')}`);
        check(!q.has('code'), `${run}: a code came back with the denial`);
        check(q.get('iss') === env.issuer, `${run}: iss is ${q.get('iss')}, not ${env.issuer}`);
        step(`${run}: ok, error=access_denied with the state`);
    } finally {
        await context.close();
    }
}

async function approveRun(browser, env) {
    const run = 'approve';
    const state = randomBytes(16).toString('base64url');
    const { verifier, challenge } = pkce();
    const { context, page, loginResponse } = await signIn(browser, run, { ...env, state, challenge });
    try {
        await checkConsentPage(run, page, loginResponse, context);
        const q = await answer(run, page, '#approve', env.callback);
        check(q.get('code'), `${run}: no code came back; query: ${q}`);
        check(!q.has('error'), `${run}: error ${q.get('error')} came back`);
        check(q.get('state') === state, `${run}: the state came back as ${q.get('state')}`);
        // RFC 9207 2: the issuer identifies who sent the browser back, against mix-up attacks.
        check(q.get('iss') === env.issuer, `${run}: iss is ${q.get('iss')}, not ${env.issuer}`);
        const t = await tokens(env.base, q.get('code'), verifier, env.callback.redirectUri);
        check(t.access_token && t.token_type?.toLowerCase() === 'bearer' && t.scope === SCOPE,
            `${run}: the code was exchanged for ${JSON.stringify(Object.keys(t))}, scope ${t.scope}`);
        step(`${run}: ok, the code was exchanged for a ${t.token_type} token with scope ${t.scope}`);
    } finally {
        await context.close();
    }
}

async function rememberedRun(browser, env) {
    const run = 'remembered';
    const state = randomBytes(16).toString('base64url');
    const { verifier, challenge } = pkce();
    const { context, page, loginResponse } = await signIn(browser, run, { ...env, state, challenge });
    try {
        check(loginResponse.status() === 303,
            `${run}: POST /login answered ${loginResponse.status()}: consent was not remembered after the approval`);
        await page.waitForURL(url => url.origin === env.callback.origin, { waitUntil: 'load' });
        const q = landed(run, page, env.callback);
        check(q.get('code') && q.get('state') === state, `${run}: the query is ${q}`);
        await tokens(env.base, q.get('code'), verifier, env.callback.redirectUri);
        step(`${run}: ok, no consent page the second time, and the code works`);
    } finally {
        await context.close();
    }
}

/** The sign-in page inside a frame of another origin (the callback listener's) must stay empty. */
async function framingRun(browser, env) {
    const run = 'framing';
    const context = await browser.newContext();
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    try {
        const page = await context.newPage();
        const target = authorizeUrl(env.base, env.callback.redirectUri, 'framed', pkce().challenge);
        const framed = page.waitForEvent('response', r => r.url() === target);
        await page.goto(`${env.callback.origin}/frame?src=${encodeURIComponent(target)}`);
        const response = await framed;
        check(response.status() === 200, `${run}: the framed /authorize answered ${response.status()}`);
        await page.waitForLoadState('load');
        const frame = page.frames().find(f => f !== page.mainFrame());
        check(frame, `${run}: the page has no frame`);
        const fields = await frame.locator('#username').count();
        check(fields === 0, `${run}: the sign-in form rendered inside another site's frame (${frame.url()})`);
        step(`${run}: ok, the sign-in page did not render in a frame of ${env.callback.origin}`);
    } finally {
        await context.close();
    }
}

async function main() {
    const arg = process.argv[2];
    if (!arg || !/^https?:\/\//.test(arg)) {
        throw new CheckFailed('usage: node consent.mjs <server base URL, e.g. http://localhost:8686> [screenshot.png]');
    }
    const base = arg.replace(/\/+$/, '');
    const screenshot = resolve(process.argv[3] ?? 'target/consent.png');
    try {
        accessSync(CHROMIUM, constants.X_OK);
    } catch {
        throw new CheckFailed(`no Chromium at ${CHROMIUM}: install Debian's chromium and chromium-driver `
            + '(apt-get install -y chromium chromium-driver; .ci/run does so), or set CHROMIUM_PATH');
    }
    const playwrightVersion = JSON.parse(
        readFileSync(new URL('./node_modules/playwright-core/package.json', import.meta.url), 'utf8')).version;

    const discovery = await fetch(`${base}/.well-known/oauth-authorization-server`,
        { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
    check(discovery.status === 200, `GET /.well-known/oauth-authorization-server answered ${discovery.status}`);
    const { issuer } = await discovery.json();

    const callback = await startCallbackListener();
    let browser;
    try {
        // launch() gives Chromium a new empty user data dir of its own, removed on close; each run below
        // has its own context, so no cookie or remembered login carries from one run to the next.
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: CHROMIUM_ARGS,
            timeout: STEP_TIMEOUT_MS
        });
        step(`playwright-core ${playwrightVersion}, Chromium ${browser.version()} at ${CHROMIUM}, Node ${process.version}`);
        step(`server ${base} (issuer ${issuer}), redirect target ${callback.redirectUri}`);
        const requests = [];
        const env = { base, issuer, callback, requests };

        await denyRun(browser, env, screenshot);
        await approveRun(browser, env);
        await rememberedRun(browser, env);
        await framingRun(browser, env);

        // The pages load nothing from anywhere else (no third-party assets).
        const origins = new Set(requests.map(u => new URL(u).origin));
        const foreign = [...origins].filter(o => o !== new URL(base).origin && o !== callback.origin);
        check(foreign.length === 0, `the pages made requests to ${foreign.join(', ')}`);
        step(`the browser requested only ${[...origins].join(' and ')}`);
    } finally {
        await browser?.close();
        callback.close();
    }
}

setTimeout(() => {
    console.error(`[browser] FAILED: no result after ${RUN_TIMEOUT_MS / 1000} s`);
    process.exit(1);
}, RUN_TIMEOUT_MS).unref();

main().then(() => {
    step(`PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
}, e => {
    const cause = e?.cause ? `\ncaused by: ${e.cause.stack ?? e.cause}` : '';
    console.error(`[browser] FAILED: ${e instanceof CheckFailed ? e.message : e?.stack ?? e}${cause}`);
    process.exit(1);
});
