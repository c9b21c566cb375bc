package io.mcpoauth.it;

/**
 * A user of a server's own realm (Payara's file realm, WildFly's ApplicationRealm, Liberty's basic registry),
 * for the container login tests.
 *
 * @param group the realm group, mapped to the application's role of the same name
 */
record RealmUser(String name, String password, String group) {

    /** In the group the WAR's role {@code mcp-oauth-user} is mapped to. */
    static final RealmUser ADA = new RealmUser("ada", "Ada-pass-2026", "mcp-oauth-user");
    /** Known to the realm, but without the role. */
    static final RealmUser BOB = new RealmUser("bob", "Bob-pass-2026", "accounting");

    String basic() {
        return Http.basic(name, password);
    }
}
