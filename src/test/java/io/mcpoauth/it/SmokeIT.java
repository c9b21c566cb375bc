package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the container wiring: the built WAR deploys on Payara Micro at context root "/" on port
 * 8080, and the server's MicroProfile Health answers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SmokeIT {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ContainerDeployment.builtWar();
    }

    @BeforeEach
    void deployed() {
        ContainerDeployment.assertDeployedAtRoot(deploymentUrl);
    }

    @Test
    void readinessWhenDeployedThenUp() throws Exception {
        HttpResponse<String> response = get("health/ready");

        assertEquals(200, response.statusCode(), response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonObject health = reader.readObject();
            assertEquals("UP", health.getString("status"), response.body());
        }
    }

    @Test
    void getWhenPathUnknownThenNotFound() throws Exception {
        HttpResponse<String> response = get("no-such-path-" + System.nanoTime());

        assertEquals(404, response.statusCode(), response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(ContainerDeployment.BASE.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
