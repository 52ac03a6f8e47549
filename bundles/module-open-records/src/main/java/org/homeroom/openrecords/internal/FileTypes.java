package org.homeroom.openrecords.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The file types the office accepts, each with its extensions and a check of the content itself, so
 * a renamed executable is not stored as a "PDF" and later handed to the public.
 */
enum FileTypes {
    PDF("pdf", "application/pdf", List.of("pdf")),
    PNG("png", "image/png", List.of("png")),
    JPEG("jpeg", "image/jpeg", List.of("jpg", "jpeg")),
    TXT("txt", "text/plain", List.of("txt")),
    CSV("csv", "text/csv", List.of("csv")),
    DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", List.of("docx")),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", List.of("xlsx"));

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    final String code;
    final String mediaType;
    final List<String> extensions;

    FileTypes(String code, String mediaType, List<String> extensions) {
        this.code = code;
        this.mediaType = mediaType;
        this.extensions = extensions;
    }

    static Optional<FileTypes> ofMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(bare)).findFirst();
    }

    static Optional<FileTypes> ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    boolean nameFits(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && extensions.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether the bytes are what this type says. Office documents are ZIP containers; text must be UTF-8 without NULs. */
    boolean contentFits(byte[] content) {
        return switch (this) {
            case PDF -> startsWith(content, PDF_MAGIC);
            case PNG -> startsWith(content, PNG_MAGIC);
            case JPEG -> startsWith(content, JPEG_MAGIC);
            case DOCX, XLSX -> startsWith(content, ZIP_MAGIC);
            case TXT, CSV -> isUtf8Text(content);
        };
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    private static boolean isUtf8Text(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
