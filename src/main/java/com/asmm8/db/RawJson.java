package com.asmm8.db;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** A JSON document stored in the database ({@code jsonb}), written into an answer as is. */
public record RawJson(@JsonRawValue @JsonValue String json) {
}
