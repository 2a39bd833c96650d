package com.asmm8.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Certificate transparency through crt.sh's JSON endpoint ({@code ?q=%25.<domain>&output=json}):
 * an array of certificate entries whose {@code name_value} holds the certificate's names, one per
 * line, and {@code common_name} its subject. Read with Jackson's streaming parser, entry by entry:
 * a large domain's answer is tens of MB.
 */
final class CrtShFormat implements SourceFormat {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String url(String base, String domain) {
        return base + "?q=" + URLEncoder.encode("%." + domain, StandardCharsets.UTF_8) + "&output=json";
    }

    @Override
    public long parse(InputStream body, Writer out) throws IOException {
        long n = 0;
        try (JsonParser p = JSON.createParser(SourceFormat.notHtml(body))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new SourceAnswerException("the answer is not a JSON array of certificates");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new SourceAnswerException("a certificate entry is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_STRING && (field.equals("name_value") || field.equals("common_name"))) {
                        for (String name : p.getText().split("\n")) {
                            if (!name.isBlank()) {
                                out.write(name.strip());
                                out.write('\n');
                                n++;
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new SourceAnswerException("the answer goes on after its JSON array");
            }
        } catch (JsonEOFException e) {
            throw new SourceAnswerException("the answer was cut short (incomplete JSON after " + n + " names)", e);
        } catch (StreamReadException e) {
            throw new SourceAnswerException("the answer is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return n;
    }
}
