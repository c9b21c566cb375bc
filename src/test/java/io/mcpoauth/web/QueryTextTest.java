package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a=b&c=d", "state=%7Bx%7D", "name=J%C3%BCrgen", "x=%E2%82%AC", "a=b+c", "q=%25",
        "x=\u00c3\u00bc", "x=\u20ac"})
    void wellFormedWhenPercentEncodingDecodesAsUtf8ThenTrue(String query) {
        assertTrue(QueryText.wellFormed(query), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "a=%C3", "a=%FF%FE", "a=%C0%AF", "a=%ED%A0%80", "a=b%"})
    void wellFormedWhenEscapeBrokenOrNotUtf8ThenFalse(String query) {
        assertFalse(QueryText.wellFormed(query), query);
    }
}
