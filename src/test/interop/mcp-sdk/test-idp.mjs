// A test enterprise identity provider for enterprise.mjs: a key pair made at start (never written anywhere),
// its public JWK set served over HTTP on a loopback port, and Identity Assertion JWT Authorization Grants
// (ID-JAG, MCP Enterprise-Managed Authorization 4.3) signed with it. The token exchange that would hand such
// a grant to a client is left out: the client receives it directly.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const ALG = 'RS256';
export const ID_JAG_TYPE = 'oauth-id-jag+jwt';

export class TestIdp {
    /** Starts the JWK set endpoint on 127.0.0.1:port (0: any free port). */
    static async start(port) {
        const idp = new TestIdp(await generateKeyPair(ALG, { extractable: true }), 'test-idp-key-1');
        const jwk = { ...(await exportJWK(idp.keys.publicKey)), kid: idp.kid, alg: ALG, use: 'sig' };
        idp.server = createServer((req, res) => {
            idp.hits.push(req.url);
            if (req.method === 'GET' && req.url === '/jwks.json') {
                res.writeHead(200, { 'Content-Type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: [jwk] }));
            } else {
                res.writeHead(404).end();
            }
        });
        await new Promise((resolve, reject) => idp.server.once('error', reject).listen(port, '127.0.0.1', resolve));
        idp.issuer = `http://127.0.0.1:${idp.server.address().port}`;
        idp.jwksUri = `${idp.issuer}/jwks.json`;
        return idp;
    }

    constructor(keys, kid) {
        this.keys = keys;
        this.kid = kid;
        this.hits = [];
    }

    /** A key pair the identity provider does not publish: what an attacker would sign with. */
    static async strangerKey() {
        return (await generateKeyPair(ALG)).privateKey;
    }

    /**
     * An ID-JAG: the claims of 4.3 with fresh jti, iat and a 3-minute exp, overridden by `claims` (a claim set
     * to undefined is left out); the header's typ, kid and the signing key may be replaced too (typ null: no
     * typ at all).
     */
    async grant({ claims = {}, typ = ID_JAG_TYPE, kid = this.kid, key = this.keys.privateKey } = {}) {
        const now = Math.floor(Date.now() / 1000);
        const all = { iss: this.issuer, jti: randomUUID(), iat: now, exp: now + 180, ...claims };
        const payload = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
        const header = { alg: ALG, kid };
        if (typ !== null) {
            header.typ = typ;
        }
        return new SignJWT(payload).setProtectedHeader(header).sign(key);
    }

    close() {
        this.server.close();
    }
}
