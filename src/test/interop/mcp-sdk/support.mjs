// What the interop scripts share: checks that end the run with a clear message, the step log, the fetch
// that records what the SDK sends, and the run's overall time limit.

export const REQUEST_TIMEOUT_MS = 20_000;
export const RUN_TIMEOUT_MS = 120_000;

export class CheckFailed extends Error {}

export function check(condition, message) {
    if (!condition) {
        throw new CheckFailed(message);
    }
}

export function step(message) {
    console.log(`[interop] ${message}`);
}

/** Enough of a token to tell two apart in the log, not enough to use it. */
export function peek(token) {
    return typeof token === 'string' ? `${token.slice(0, 6)}...` : String(token);
}

/** RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
export function basic(clientId, clientSecret) {
    const form = s => encodeURIComponent(s).replace(/%20/g, '+');
    return `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`;
}

/** A request of our own, outside the SDK: status, parsed JSON (when it is JSON) and text. */
export async function getJson(url, init = {}) {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    let json;
    try {
        json = JSON.parse(text);
    } catch {
        json = undefined;
    }
    return { status: response.status, json, text, headers: response.headers };
}

/** The fetch handed to the SDK: logs and records every request it makes. */
export class RecordingFetch {
    constructor() {
        this.exchanges = [];
        this.fetch = this.fetch.bind(this);
    }

    async fetch(input, init = {}) {
        const url = new URL(input instanceof Request ? input.url : String(input));
        const method = (init.method ?? 'GET').toUpperCase();
        const headers = new Headers(init.headers);
        const form = init.body instanceof URLSearchParams ? new URLSearchParams(init.body) : undefined;
        const exchange = { method, url, headers, form, body: typeof init.body === 'string' ? init.body : undefined };
        this.exchanges.push(exchange);
        const label = form?.get('grant_type') ? ` grant_type=${form.get('grant_type')}` : '';
        let response;
        try {
            response = await fetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        } catch (e) {
            console.log(`[interop]     sdk ${method} ${url.href}${label} -> ${e.message}`);
            throw e;
        }
        exchange.status = response.status;
        exchange.responseHeaders = response.headers;
        if (url.pathname.endsWith('/token') && !response.ok) {
            exchange.error = await response.clone().json().catch(() => undefined);
        }
        console.log(`[interop]     sdk ${method} ${url.href}${label} -> ${response.status}`);
        return response;
    }

    since(index) {
        return this.exchanges.slice(index);
    }
}

/**
 * Runs main() under the overall time limit: exit code 0 when it ends, 1 with the failed check (or the
 * error and its cause) when it throws or takes longer than RUN_TIMEOUT_MS.
 */
export function run(main) {
    const started = Date.now();
    setTimeout(() => {
        console.error(`[interop] FAILED: no result after ${RUN_TIMEOUT_MS / 1000} s`);
        process.exit(1);
    }, RUN_TIMEOUT_MS).unref();

    main().then(() => {
        step(`PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        process.exit(0);
    }, e => {
        // fetch() hides the network error (ECONNREFUSED...) in its cause.
        const cause = e?.cause ? `\ncaused by: ${e.cause.stack ?? e.cause}` : '';
        console.error(`[interop] FAILED: ${e instanceof CheckFailed ? e.message : e?.stack ?? e}${cause}`);
        process.exit(1);
    });
}
