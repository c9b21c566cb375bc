package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code container} login mode on Payara Micro: the file realm's users are created at boot by
 * {@code server-config/payara-micro/container-realm.asadmin} as it is (plus one line for a user without the
 * role), and the server authenticates them with HTTP Basic at {@code /login/container}. A second server, in the
 * default {@code form} mode with the same realm, shows that the path signs in nobody there.
 */
class ContainerLoginIT extends ContainerLoginTests {

    private static final int PORT = 9210;
    private static final int FORM_PORT = 9211;

    private PayaraProcess container;
    private PayaraProcess form;

    ContainerLoginIT() {
        super(PORT);
    }

    @Override
    RunningServer start(Map<String, String> properties) throws Exception {
        Path dir = Path.of("target", "container-login-it").toAbsolutePath();
        Files.createDirectories(dir);
        Path ada = password(dir, RealmUser.ADA);
        Path bob = password(dir, RealmUser.BOB);
        Path commands = dir.resolve("realm.asadmin");
        Files.writeString(commands, Files.readString(ServerProcess.project()
                .resolve("server-config/payara-micro/container-realm.asadmin"), StandardCharsets.UTF_8)
                + "\ncreate-file-user --groups " + RealmUser.BOB.group() + " --passwordfile " + bob + " "
                + RealmUser.BOB.name() + "\n", StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("MCP_OAUTH_REALM_USER", RealmUser.ADA.name(),
                "MCP_OAUTH_REALM_PASSWORD_FILE", ada.toString());
        Map<String, String> formMode = PortableFlow.testProperties("http://localhost:" + FORM_PORT);
        formMode.put("mcp.oauth.login.mode", "form");
        form = PayaraProcess.start(FORM_PORT, formMode, env, "--postbootcommandfile", commands.toString());
        container = PayaraProcess.start(PORT, properties, env, "--postbootcommandfile", commands.toString());
        return container;
    }

    private static Path password(Path dir, RealmUser user) throws Exception {
        Path file = dir.resolve(user.name() + ".password");
        Files.writeString(file, "AS_ADMIN_USERPASSWORD=" + user.password() + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @AfterAll
    void stopFormServer() throws Exception {
        Stop.all(form);
    }

    @Test
    void auditWhenRefusedOrSignedInThenSubjectAndContainerMode() throws Exception {
        flow().refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid();
        Pattern refused = Pattern.compile("\\{[^\\n]*\"event\":\"login.failed\"[^\\n]*\"subject\":\"bob\""
                + "[^\\n]*\"reason\":\"missing role mcp-oauth-user\"[^\\n]*\"login\":\"container\"");
        Pattern granted = Pattern.compile("\\{[^\\n]*\"event\":\"authorization.granted\"[^\\n]*"
                + "\"subject\":\"ada\"[^\\n]*\"login\":\"container\"");
        String log = "";
        for (int i = 0; i < 50 && !(refused.matcher(log).find() && granted.matcher(log).find()); i++) {
            Thread.sleep(100);
            log = container.tail();
        }
        assertTrue(refused.matcher(log).find(), log);
        assertTrue(granted.matcher(log).find(), log);
    }

    @Test
    void loginContainerWhenFormModeThenSignsInNobody() throws Exception {
        ContainerLoginFlow.otherModeSignsInNobody(form.base(), RealmUser.ADA);
    }
}
