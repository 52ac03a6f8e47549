package org.homeroom.platform.data.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/** One versioned script, {@code V<version>__<description>.sql}, split into statements at each {@code ;} ending a line. */
record MigrationScript(int version, String description, String sql) {

    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    static MigrationScript of(String fileName, String sql) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration file name must look like V1__create_tables.sql: " + fileName);
        }
        return new MigrationScript(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), sql);
    }

    long checksum() {
        CRC32 crc = new CRC32();
        crc.update(sql.replace("\r\n", "\n").strip().getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** Statements without comments; statements end with a semicolon at the end of a line. */
    List<String> statements() {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
