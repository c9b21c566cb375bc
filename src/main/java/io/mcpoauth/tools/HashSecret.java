package io.mcpoauth.tools;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints the bcrypt hash of a secret or password, for {@code mcp.oauth.client.<id>.secret-hash} and
 * {@code mcp.oauth.login.form.user.<name>.password-hash}. Reads the secret from the terminal without echo,
 * or from the first line of standard input, so it never appears in the shell history.
 *
 * <pre>java -cp "target/mcp-oauth/WEB-INF/lib/*:target/mcp-oauth/WEB-INF/classes" io.mcpoauth.tools.HashSecret [cost]</pre>
 */
public final class HashSecret {

    private static final int DEFAULT_COST = 12;

    private HashSecret() {
    }

    public static void main(String[] args) throws IOException {
        int cost = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_COST;
        if (cost < 10 || cost > 31) {
            throw new IllegalArgumentException("cost must be between 10 and 31");
        }
        char[] secret;
        Console console = System.console();
        if (console != null) {
            secret = console.readPassword("Secret: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            secret = line == null ? new char[0] : line.toCharArray();
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("empty secret");
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        out.println(new String(BCrypt.withDefaults().hash(cost, secret), StandardCharsets.UTF_8));
    }
}
