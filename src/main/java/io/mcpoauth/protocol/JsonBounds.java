package io.mcpoauth.protocol;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * Checks the shape of a JSON text with a streaming parser before a binder builds objects from it: nesting
 * depth, items per array or members per object, and string length. A binder recurses once per level, so
 * 5,000 nested {@code [} in a 16 KB body ended a registration in a {@code StackOverflowError}; the streaming
 * parser keeps only a counter per open level here, and stops at the first level too many.
 */
public final class JsonBounds {

    /** Levels of nested objects and arrays; client metadata needs 4 (a JWK set's key's certificate chain). */
    public static final int MAX_DEPTH = 16;
    /** Items of one array, or members of one object. */
    public static final int MAX_ITEMS = 100;
    /** Characters of one string or member name. */
    public static final int MAX_STRING = 8192;

    private JsonBounds() {
    }

    /**
     * Refuses a text that is not well-formed JSON or exceeds a bound, with {@code error} and a description
     * that names the bound (never the text).
     */
    public static void check(String json, OAuthError error) {
        Deque<int[]> open = new ArrayDeque<>();
        try (JsonParser parser = jakarta.json.Json.createParser(new StringReader(json))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_ARRAY, START_OBJECT -> {
                        count(open, error);
                        if (open.size() == MAX_DEPTH) {
                            throw new OAuthException(error, "JSON nested deeper than " + MAX_DEPTH + " levels");
                        }
                        open.push(new int[1]);
                    }
                    case END_ARRAY, END_OBJECT -> open.pop();
                    case KEY_NAME -> string(parser.getString(), error);
                    case VALUE_STRING -> {
                        count(open, error);
                        string(parser.getString(), error);
                    }
                    default -> count(open, error);
                }
            }
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            throw new OAuthException(error, "the body is not well-formed JSON");
        }
    }

    private static void count(Deque<int[]> open, OAuthError error) {
        int[] items = open.peek();
        if (items != null && ++items[0] > MAX_ITEMS) {
            throw new OAuthException(error, "a JSON array or object has more than " + MAX_ITEMS + " entries");
        }
    }

    private static void string(String s, OAuthError error) {
        if (s.length() > MAX_STRING) {
            throw new OAuthException(error, "a JSON string is longer than " + MAX_STRING + " characters");
        }
    }
}
