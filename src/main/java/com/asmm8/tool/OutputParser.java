package com.asmm8.tool;

import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the candidate hostname from one line of a tool's output, as the tool's declaration
 * says: the whole line ({@code lines}), one field of a JSON object per line ({@code json}), or
 * group 1 of a regular expression ({@code pattern}, for example gobuster's {@code Found: name}).
 * Returns {@code null} for a line that carries no candidate; cleaning and scope come after.
 */
public final class OutputParser {

    public enum Format {
        LINES, JSON, PATTERN
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    private final Format format;
    private final String field;
    private final Pattern pattern;

    public OutputParser(Format format, String field, String pattern) {
        this.format = format;
        this.field = field;
        this.pattern = pattern == null ? null : Pattern.compile(pattern);
        if (format == Format.JSON && (field == null || field.isBlank())) {
            throw new IllegalArgumentException("output format json needs 'field'");
        }
        if (format == Format.PATTERN) {
            if (this.pattern == null) {
                throw new IllegalArgumentException("output format pattern needs 'pattern'");
            }
            if (this.pattern.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException("output pattern needs a capturing group for the name: " + pattern);
            }
        }
    }

    public static OutputParser lines() {
        return new OutputParser(Format.LINES, null, null);
    }

    public String extract(String line) {
        if (line == null) {
            return null;
        }
        switch (format) {
            case LINES :
                return line;
            case JSON :
                String t = line.strip();
                if (!t.startsWith("{")) {
                    return null;
                }
                try {
                    JsonNode node = JSON.readTree(t).get(field);
                    return node != null && node.isTextual() ? node.asText() : null;
                } catch (Exception e) {
                    return null;
                }
            case PATTERN :
            default :
                Matcher m = pattern.matcher(HostnameNormalizer.strip(line));
                return m.find() ? m.group(1) : null;
        }
    }
}
