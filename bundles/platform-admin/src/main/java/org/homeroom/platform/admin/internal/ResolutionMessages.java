package org.homeroom.platform.admin.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Karaf resolver errors into one sentence an administrator can act on. The full resolver
 * output still goes to the log; people get what is missing, named plainly.
 */
final class ResolutionMessages {

    private static final Pattern MISSING = Pattern.compile(
            "missing requirement \\[[^\\]]*\\] ([\\w.]+); (?:[^\\[\\]]*?)filter:=\"\\(([^)]*)\\)\"");
    private static final Pattern IDENTITY = Pattern.compile("osgi\\.identity=([^;)\\s]+)");
    /** A bundle or repository the container could not download: "Error downloading mvn:g/a/v", "Could not find artifact g:a:jar:v". */
    private static final Pattern MVN_URL = Pattern.compile("mvn:[\\w.\\-]+/[\\w.\\-]+/[\\w.\\-]+(?:/[\\w.\\-]*)*");
    private static final Pattern MAVEN_COORDINATES = Pattern.compile(
            "(?:Could not find artifact|Error resolving artifact) ([\\w.\\-]+):([\\w.\\-]+):(?:[\\w\\-]+:)?([\\w.\\-]+)");

    private ResolutionMessages() {
    }

    /**
     * The artifact a failed download names, as "the bundle mvn:…, which is not in the distribution's
     * system/ folder …", or null when the message is not about a download.
     */
    static String missingArtifact(String message) {
        if (message == null || !(message.contains("download") || message.contains("Could not find artifact")
                || message.contains("Error resolving artifact"))) {
            return null;
        }
        Matcher url = MVN_URL.matcher(message);
        String artifact = null;
        if (url.find()) {
            artifact = url.group().replaceAll("\\.+$", "");
        } else {
            Matcher gav = MAVEN_COORDINATES.matcher(message);
            if (gav.find()) {
                artifact = "mvn:" + gav.group(1) + "/" + gav.group(2) + "/" + gav.group(3);
            }
        }
        return artifact == null ? null : "the bundle " + artifact + ", which is not in the distribution's system/ folder"
                + " or any configured Maven repository (rebuild the distribution with the module's feature, or add the jar)";
    }

    /** What the module needs and nobody provides, e.g. "the Java package org.example.pdf". */
    static String explain(String resolverMessage) {
        if (resolverMessage == null || resolverMessage.isBlank()) {
            return "the container could not resolve it (details in the server log)";
        }
        String artifact = missingArtifact(resolverMessage);
        if (artifact != null) {
            return artifact;
        }
        // the innermost "missing requirement" is the root cause; outer ones are the chain leading to it
        String namespace = null;
        String filter = null;
        Matcher m = MISSING.matcher(resolverMessage);
        while (m.find()) {
            namespace = m.group(1);
            filter = m.group(2);
        }
        if (namespace == null) {
            Matcher identity = IDENTITY.matcher(resolverMessage);
            if (resolverMessage.contains("No matching features") || resolverMessage.contains("not found")) {
                return "a feature that no configured features repository has";
            }
            return identity.find() ? "'" + identity.group(1) + "', which cannot be resolved (details in the server log)"
                    : "something the container could not resolve (details in the server log)";
        }
        String value = filter.contains("=") ? filter.substring(filter.indexOf('=') + 1) : filter;
        return switch (namespace) {
            case "osgi.wiring.package" -> "the Java package " + value + ", which no installed bundle provides";
            case "osgi.identity" -> "'" + value + "', which is not available";
            case "osgi.service" -> "the service " + value + ", which no installed bundle offers";
            case "osgi.ee" -> "a Java runtime this container does not have (" + value + ")";
            case "osgi.extender" -> "the extender " + value + ", which is not installed";
            default -> "'" + filter + "' (" + namespace + "), which nothing installed provides";
        };
    }
}
