package org.homeroom.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.Test;

/**
 * The configuration files the distribution ships for messaging say what the code reads: every key the code
 * reads is there, every key there is read, each has its comment right above it, and the value shown is the
 * code's default (so a file left as shipped means what it says).
 */
public class ShippedConfigurationTest {

    private static final Path ETC = Path.of(System.getProperty("user.dir")).resolve("../../karaf-distribution/src/main/assembly/etc").normalize();

    /** key → value, in file order, each checked to have a comment on the line above. */
    private static Map<String, String> documented(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            assertTrue(file + ":" + (i + 1) + " is not key=value: " + line, eq > 0);
            String key = line.substring(0, eq).strip();
            assertTrue(file + ": " + key + " has no comment right above it", i > 0 && lines.get(i - 1).strip().startsWith("#"));
            keys.put(key, line.substring(eq + 1).strip());
        }
        Properties read = new Properties(); // as Karaf reads it
        try (var in = Files.newInputStream(file)) {
            read.load(in);
        }
        assertEquals(file + " as Karaf reads it", new TreeSet<>(keys.keySet()), new TreeSet<>(read.stringPropertyNames()));
        return keys;
    }

    private static Map<String, Method> attributes(Class<?> config) {
        return Arrays.stream(config.getDeclaredMethods()).collect(Collectors.toMap(Method::getName, m -> m));
    }

    private static void matches(Path file, Class<?> config) throws IOException {
        Map<String, String> keys = documented(file);
        Map<String, Method> read = attributes(config);
        assertEquals(file + " has exactly the keys " + config.getSimpleName() + " reads", new TreeSet<>(read.keySet()), new TreeSet<>(keys.keySet()));
        keys.forEach((key, value) -> {
            Object fallback = read.get(key).getDefaultValue();
            assertEquals(file + ": " + key + " shows the code's default", fallback == null ? "" : String.valueOf(fallback), value);
        });
    }

    @Test
    public void messagingsFileHasEveryKeyItReadsEachDocumentedWithItsDefault() throws IOException {
        matches(ETC.resolve("org.homeroom.messaging.cfg"), MessagingConfig.class);
    }

    @Test
    public void theTwilioTemplateHasEveryKeyTheProviderReadsEachDocumented() throws IOException {
        Path file = ETC.resolve("org.homeroom.messaging.twilio.cfg.example");
        Map<String, String> keys = documented(file);
        assertEquals(new TreeSet<>(attributes(TwilioProvider.TwilioConfig.class).keySet()), new TreeSet<>(keys.keySet()));
        assertEquals(Set.of("accountSid", "authToken", "fromNumber"), keys.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey).collect(Collectors.toSet())); // what only the district knows
    }

    @Test
    public void theTokenAndTheWebhookAddressAreConfiguredInOnePlace() throws IOException {
        Set<String> messaging = documented(ETC.resolve("org.homeroom.messaging.cfg")).keySet();
        for (String retired : MessagingModule.RETIRED_KEYS.keySet()) {
            assertTrue(retired, !messaging.contains(retired) && !attributes(MessagingConfig.class).containsKey(retired));
        }
        assertTrue(attributes(TwilioProvider.TwilioConfig.class).keySet().containsAll(List.of("authToken", "webhookBaseUrl")));
        assertTrue(!attributes(TwilioProvider.TwilioConfig.class).containsKey("statusCallbackUrl"));
    }
}
