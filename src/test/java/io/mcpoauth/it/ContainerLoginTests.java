package io.mcpoauth.it;

import org.junit.jupiter.api.Test;

/** The container login stories each server's test runs ({@link ContainerLoginFlow}), on the server it started. */
abstract class ContainerLoginTests {

    /** The flow against the server the subclass started in its {@code @BeforeAll}. */
    abstract ContainerLoginFlow flow();

    @Test
    void codeFlowWhenRealmUserWithTheRoleThenSignedInByTheServer() throws Exception {
        flow().codeFlowWhenSignedInByTheServer();
    }

    @Test
    void consentWhenPublicClientThenApprovedByTheSignedInUser() throws Exception {
        flow().consentWhenPublicClientThenApprovedByTheSignedInUser();
    }

    @Test
    void refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid() throws Exception {
        flow().refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid();
    }
}
