// TEST-ONLY KEY. Never use it anywhere else: its private half is published here, in the repository.
//
// The ES256 key of the machine client that authenticates with private_key_jwt (RFC 7523 2.2) in
// enterprise.mjs. The server under test knows its public half: EnterpriseInteropIT puts the same public
// JWK set in mcp.oauth.client.<id>.jwks. Regenerate both together (jose's generateKeyPair('ES256'),
// exportJWK, the same kid) if it ever needs to change.

export const MACHINE_CLIENT_KEY = Object.freeze({
    kty: 'EC',
    crv: 'P-256',
    x: 'O4f-W0WKUSUXMBhckdNYYgKxAya_i3IriXSp3IxwYLg',
    y: 'Ap5gBthbaExpp2ROVutgwX_fYn8eDDpy0PmBWnZDwv8',
    d: '1Ql6Qqift6J3GuOEOzbcUq3GcrpcNF-gvqFqloQIbJ8',
    kid: 'ent-pkjwt-test-1',
    alg: 'ES256',
    use: 'sig'
});
