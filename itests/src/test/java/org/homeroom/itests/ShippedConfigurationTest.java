package org.homeroom.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The .cfg files the distribution ships (karaf-distribution/src/main/assembly/etc) say what they mean:
 * plain ASCII, because Karaf reads them as ISO-8859-1 and anything else must be a \\uXXXX escape
 * (docs/decisions.md, "Configuration files are ASCII"), and every key explained by a comment in its block.
 * Messaging's file is documented by its own module's tests.
 */
public class ShippedConfigurationTest {

    static final Path ETC = Path.of(System.getProperty("user.dir")).resolveSibling("karaf-distribution").resolve("src/main/assembly/etc");

    @Test
    public void everyShippedCfgIsAsciiAndEveryKeyIsExplained() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(ETC)) {
            files = list.filter(p -> p.toString().endsWith(".cfg") && !p.getFileName().toString().startsWith("org.homeroom.messaging")).sorted().toList();
        }
        assertTrue("no .cfg found in " + ETC, files.size() >= 5);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] < 0) {
                    problems.add(file.getFileName() + ": byte " + i + " is not ASCII (write \\uXXXX)");
                    break;
                }
            }
            // a key is explained when a comment line is right above it, or a comment of its block names it
            boolean previousIsComment = false;
            StringBuilder blockComments = new StringBuilder();
            boolean continued = false;
            for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)) {
                String t = line.strip();
                if (continued) {
                    continued = t.endsWith("\\");
                    continue;
                }
                if (t.isEmpty()) {
                    previousIsComment = false; // a blank line ends a block: the next key needs its own comment
                    blockComments.setLength(0);
                } else if (t.startsWith("#") || t.startsWith("!")) {
                    previousIsComment = true;
                    blockComments.append(t.toLowerCase()).append('\n');
                } else {
                    String key = t.split("[=:\\s]", 2)[0];
                    if (!previousIsComment && !java.util.regex.Pattern.compile("(?<![a-z0-9.])" + java.util.regex.Pattern.quote(key.toLowerCase()) + "(?![a-z0-9])")
                            .matcher(blockComments).find()) {
                        problems.add(file.getFileName() + ": key " + key + " has no comment");
                    }
                    previousIsComment = false;
                    continued = t.endsWith("\\");
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }
}
