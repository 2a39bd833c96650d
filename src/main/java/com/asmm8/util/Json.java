package com.asmm8.util;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON mapper of the daemon (Jackson), shared by the API, the broker messages, the tool
 * output parsers and the scan records, and bound in the registry as {@code objectMapper}.
 * Strict where input comes from outside: trailing content after the document and duplicate keys
 * are refused (a request or message that means two things is rejected, not guessed at).
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }
}
