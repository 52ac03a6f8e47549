package org.homeroom.platform.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

/**
 * The HTTP methods a resource class answers at a path, read from its JAX-RS annotations, for the
 * {@code Allow} header of a 405 (CXF's lists every method of every class whose path matched,
 * including the refused one). Sub-resource locators are not followed: their target is only known at
 * run time.
 */
final class AllowedMethods {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*\\})+))?\\}");

    private AllowedMethods() {
    }

    /** @param path the path below the class's own {@code @Path}, without leading slash ("" for the class's own) */
    static Set<String> of(Class<?> type, String path) {
        return of(type, path, module -> null);
    }

    /**
     * As {@link #of(Class, String)}, following the platform's module locators: a locator whose path has a
     * {@code {module}} variable leads to that module's resource class, as {@code modules} knows it.
     */
    static Set<String> of(Class<?> type, String path, Function<String, Class<?>> modules) {
        Set<String> methods = new TreeSet<>();
        String target = trim(path);
        for (Method m : type.getMethods()) {
            String verb = httpMethod(m);
            if (verb == null) {
                continue;
            }
            Path p = m.getAnnotation(Path.class);
            if (matches(p == null ? "" : p.value(), target)) {
                methods.add(verb);
            }
        }
        if (methods.isEmpty()) {
            for (Method m : type.getMethods()) {
                Path p = m.getAnnotation(Path.class);
                if (httpMethod(m) != null || p == null || !p.value().contains("{module")) {
                    continue;
                }
                Matcher locator = Pattern.compile(namedRegex(p.value()) + "(?:/(?<rest0>.*))?").matcher(target);
                if (locator.matches()) {
                    Class<?> module = modules.apply(locator.group("module"));
                    if (module != null) {
                        methods.addAll(of(module, locator.group("rest0") == null ? "" : locator.group("rest0"), modules));
                        return methods; // HEAD and OPTIONS are added by the inner call
                    }
                }
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    /** The rest of {@code path} after a class whose {@code @Path} is {@code template}, or null if it does not match. */
    static String below(String template, String path) {
        if (trim(template).isEmpty()) {
            return trim(path); // @Path("/"): every path is below it
        }
        Matcher m = Pattern.compile(regex(template) + "(?:/(.*))?").matcher(trim(path));
        return m.matches() ? (m.group(m.groupCount()) == null ? "" : m.group(m.groupCount())) : null;
    }

    /** Literal characters of a template: JAX-RS prefers the class with the most. */
    static int literalLength(String template) {
        return VARIABLE.matcher(trim(template)).replaceAll("").length();
    }

    static boolean matches(String template, String path) {
        return Pattern.compile(regex(template)).matcher(trim(path)).matches();
    }

    private static String regex(String template) {
        String t = trim(template);
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(t);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(t.substring(last, m.start())));
            regex.append('(').append(m.group(1) == null ? "[^/]+" : m.group(1).trim().replace("(", "(?:")).append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(t.substring(last)));
        return regex.toString();
    }

    /** As {@link #regex}, with each variable a named group (names are letters and digits in our paths). */
    private static String namedRegex(String template) {
        String t = trim(template);
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(t);
        int last = 0;
        while (m.find()) {
            String name = m.group().substring(1).split("[:}]", 2)[0].trim().replaceAll("[^A-Za-z0-9]", "");
            regex.append(Pattern.quote(t.substring(last, m.start())));
            regex.append("(?<").append(name).append('>').append(m.group(1) == null ? "[^/]+" : m.group(1).trim().replace("(", "(?:")).append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(t.substring(last)));
        return regex.toString();
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String trim(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
