package com.asmm8.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What the source steps read off an HTTP answer besides its data: a Retry-After, an error body's start. */
final class SourceAnswers {

    private SourceAnswers() {
    }

    /** Retry-After as seconds or an HTTP date, in ms (0 when absent or unreadable). */
    static long retryAfterMs(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()) * 1000);
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, ZonedDateTime.parse(value.strip(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                        - System.currentTimeMillis());
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
    }

    /** The first 200 characters of an error answer, for the report. */
    static String snippet(InputStream body) throws IOException {
        if (body == null) {
            return "";
        }
        String s = new String(body.readNBytes(200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.isEmpty() ? "" : ": " + s;
    }
}
