package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An independent OAuth client library (Nimbus OAuth 2.0 SDK) drives the whole flow against the deployed
 * WAR: discovery, authorization with the gateway header login, code exchange, refresh, introspection,
 * revocation, client credentials, and the replay and reuse defences.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IndependentClientFlowIT {

    private static final Issuer ISSUER = new Issuer("http://localhost:8080");
    private static final URI REDIRECT = URI.create("http://127.0.0.1:49152/callback");
    private static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
    private static final ClientAuthentication APP =
            new ClientSecretBasic(new ClientID("it-confidential"), new Secret("it-secret"));
    private static final ClientAuthentication RESOURCE_SERVER =
            new ClientSecretBasic(new ClientID("it-resource-server"), new Secret("it-secret"));

    @ArquillianResource
    private URL deploymentUrl;

    private AuthorizationServerMetadata metadata;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ContainerDeployment.builtWar();
    }

    @BeforeEach
    void discover() throws Exception {
        ContainerDeployment.assertDeployedAtRoot(deploymentUrl);
        metadata = AuthorizationServerMetadata.resolve(ISSUER);
    }

    /** Authorizes as the user through the gateway header and returns the code, checking state and iss. */
    private AuthorizationCode authorize(CodeVerifier verifier) throws Exception {
        State state = new State();
        AuthorizationRequest request = new AuthorizationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE), new ClientID("it-confidential"))
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .redirectionURI(REDIRECT)
                .scope(new Scope("mcp:read", "mcp:write"))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .resource(RESOURCE)
                .build();
        HttpResponse<String> answer = Http.get(request.toURI(), "", "X-Forwarded-User", "ada@example.com");
        assertEquals(302, answer.statusCode(), answer.body());
        AuthorizationResponse response = AuthorizationResponse.parse(
                URI.create(answer.headers().firstValue("Location").orElseThrow()));
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertEquals(state, success.getState());
        assertEquals(ISSUER, success.getIssuer(), "RFC 9207 iss");
        return success.getAuthorizationCode();
    }

    private TokenResponse token(ClientAuthentication auth, AuthorizationGrant grant) throws Exception {
        return TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), auth, grant)
                .toHTTPRequest().send());
    }

    private TokenIntrospectionSuccessResponse introspect(Tokens tokens) throws Exception {
        return TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                metadata.getIntrospectionEndpointURI(), RESOURCE_SERVER, tokens.getAccessToken())
                .toHTTPRequest().send()).toSuccessResponse();
    }

    @Test
    void flowWhenDrivenByNimbusThenCodeRefreshIntrospectAndReplayDefencesWork() throws Exception {
        assertEquals(List.of(CodeChallengeMethod.S256), metadata.getCodeChallengeMethods());

        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCode code = authorize(verifier);
        AuthorizationCodeGrant codeGrant = new AuthorizationCodeGrant(code, REDIRECT, verifier);
        TokenResponse first = token(APP, codeGrant);
        assertTrue(first.indicatesSuccess(), () -> first.toErrorResponse().getErrorObject().toString());
        Tokens tokens = first.toSuccessResponse().getTokens();
        assertNotNull(tokens.getRefreshToken());

        TokenIntrospectionSuccessResponse info = introspect(tokens);
        assertTrue(info.isActive());
        assertEquals("ada@example.com", info.getSubject().getValue());
        assertEquals("it-confidential", info.getClientID().getValue());
        assertEquals("https://mcp.example.com/mcp", info.getAudience().get(0).getValue());

        TokenResponse refreshed = token(APP, new RefreshTokenGrant(tokens.getRefreshToken()));
        assertTrue(refreshed.indicatesSuccess());
        Tokens second = refreshed.toSuccessResponse().getTokens();
        assertNotEquals(tokens.getRefreshToken(), second.getRefreshToken(), "refresh tokens rotate");

        // The code again: refused, and what it produced is revoked.
        TokenResponse replay = token(APP, codeGrant);
        assertFalse(replay.indicatesSuccess());
        assertEquals("invalid_grant", ((TokenErrorResponse) replay).getErrorObject().getCode());
        assertFalse(introspect(second).isActive(), "a replayed code revokes its grant");
        assertFalse(token(APP, new RefreshTokenGrant(second.getRefreshToken())).indicatesSuccess());
    }

    @Test
    void refreshWhenRotatedTokenReusedThenWholeGrantRevoked() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Tokens tokens = token(APP, new AuthorizationCodeGrant(authorize(verifier), REDIRECT, verifier))
                .toSuccessResponse().getTokens();
        Tokens second = token(APP, new RefreshTokenGrant(tokens.getRefreshToken())).toSuccessResponse().getTokens();
        TokenResponse reuse = token(APP, new RefreshTokenGrant(tokens.getRefreshToken()));
        assertEquals("invalid_grant", ((TokenErrorResponse) reuse).getErrorObject().getCode());
        assertFalse(introspect(second).isActive());
        assertFalse(token(APP, new RefreshTokenGrant(second.getRefreshToken())).indicatesSuccess());
    }

    @Test
    void revokeWhenRefreshTokenRevokedThenAccessTokenInactive() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Tokens tokens = token(APP, new AuthorizationCodeGrant(authorize(verifier), REDIRECT, verifier))
                .toSuccessResponse().getTokens();
        HTTPResponse revoked = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), APP,
                tokens.getRefreshToken()).toHTTPRequest().send();
        assertEquals(200, revoked.getStatusCode());
        assertFalse(introspect(tokens).isActive());
    }

    @Test
    void clientCredentialsWhenMachineClientThenAudienceBoundTokenWithoutRefresh() throws Exception {
        ClientAuthentication machine = new ClientSecretBasic(new ClientID("it-machine"), new Secret("it-secret"));
        TokenResponse response = TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), machine,
                new ClientCredentialsGrant(), new Scope("mcp:read"), List.of(RESOURCE), null)
                .toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        Tokens tokens = response.toSuccessResponse().getTokens();
        assertEquals(null, tokens.getRefreshToken());
        TokenIntrospectionSuccessResponse info = introspect(tokens);
        assertEquals("it-machine", info.getSubject().getValue());
        assertEquals(RESOURCE.toString(), info.getAudience().get(0).getValue());
    }
}
