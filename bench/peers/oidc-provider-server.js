// node-oidc-provider as the benchmark runs it: its default in-memory adapter, introspection, registration and
// client credentials enabled, two confidential clients (an agent and a resource server that introspects).
// Usage: node oidc-provider-server.js PORT
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 9310);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'bench-agent',
      client_secret: 'bench-agent-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: 'bench-rs',
      client_secret: 'bench-rs-secret',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    registration: { enabled: true },
    devInteractions: { enabled: false },
  },
  scopes: ['mcp:read'],
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${port}`));
