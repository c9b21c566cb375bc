package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepsTest {

    @Test
    void secureCookiesWhenIssuerHttpsThenSecureOnLoopbackHttpNot() {
        assertTrue(Steps.secureCookies("https://auth.example.com"));
        assertTrue(Steps.secureCookies("https://localhost:8443"));
        assertFalse(Steps.secureCookies("http://localhost:8080"));
        assertFalse(Steps.secureCookies("http://127.0.0.1:9000"));
    }
}
