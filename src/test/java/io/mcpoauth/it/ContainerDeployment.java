package io.mcpoauth.it;

import java.io.File;
import java.net.URI;
import java.net.URL;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive every container test deploys: the WAR {@code mvn package} built, unchanged, so the
 * tests exercise the very file that ships.
 */
final class ContainerDeployment {

    /** Set by failsafe (pom.xml); the default suits a run from the project directory. */
    static final String WAR_PROPERTY = "mcp.oauth.war";

    /**
     * Where tests send requests: the issuer in it-server.properties. Not the deployment URL Arquillian
     * injects, whose host is the address Payara Micro reports (the machine's, not loopback).
     */
    static final URI BASE = URI.create("http://localhost:8080/");

    private ContainerDeployment() {
    }

    /**
     * The built WAR as a ShrinkWrap archive.
     *
     * @throws IllegalStateException when the WAR has not been built yet
     */
    static WebArchive builtWar() {
        File war = new File(System.getProperty(WAR_PROPERTY, "target/mcp-oauth.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath()
                    + " does not exist: run the integration tests through 'mvn verify', which packages it first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * Fails unless the app was deployed at "/" on port 8080. Needed because a WAR that fails to deploy
     * (a CDI error, say) leaves Payara Micro running with no application and Arquillian reporting
     * success; the reason is in the server log printed above the test output.
     *
     * @param deploymentUrl the {@code @ArquillianResource URL} of the deployment
     */
    static void assertDeployedAtRoot(URL deploymentUrl) {
        if (deploymentUrl == null || deploymentUrl.getPort() != 8080 || !"/".equals(deploymentUrl.getPath())) {
            throw new AssertionError("mcp-oauth is not deployed at http://localhost:8080/ (Arquillian reports "
                    + deploymentUrl + "): look for 'Exception while loading the app' in the Payara Micro log above");
        }
    }
}
