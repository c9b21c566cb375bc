package io.mcpoauth.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Just enough of the servlet API for the filter and error page tests: answers by method name. */
final class ServletFakes {

    private ServletFakes() {
    }

    /** A request answering the named methods; any other method answers null (or 0, or -1 for lengths). */
    static HttpServletRequest request(Map<String, Object> answers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (answers.containsKey(name)) {
                        Object a = answers.get(name);
                        return a instanceof Function<?, ?> f ? ((Function<Object, Object>) f).apply(args[0]) : a;
                    }
                    if (name.equals("getContentLengthLong")) {
                        return -1L;
                    }
                    if (name.equals("getContentLength")) {
                        return -1;
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }

    static ServletInputStream stream(InputStream in) {
        return new ServletInputStream() {
            @Override
            public int read() throws java.io.IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
    }

    /** A response that records status, headers and body. */
    static final class Response {

        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpServletResponse servlet = (HttpServletResponse) Proxy.newProxyInstance(
                ServletFakes.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status = (Integer) args[0];
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out();
                        }
                        default -> {
                        }
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });

        private ServletOutputStream out() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
