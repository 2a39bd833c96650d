package com.asmm8.api;

import com.asmm8.db.HostnameFilter;
import com.asmm8.db.HostnameRepository;
import com.asmm8.db.HostnameRepository.HostnameQuery;
import com.asmm8.util.ChunkedInputStream;
import com.asmm8.util.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every hostname of a domain in one JSON success envelope {@code {"status", "msg", "data": [...]}},
 * written while the HTTP layer reads it: the rows are read {@value #PAGE} at a time, in name
 * order, each page keyed on the last name of the one before (no cursor or connection is held
 * between pages), so memory stays flat whatever the size of the inventory. A database error after
 * the first bytes cuts the answer short (the status line has gone).
 */
final class HostnamePages extends ChunkedInputStream {

    static final int PAGE = 1000;
    private static final ObjectMapper JSON = Json.MAPPER;

    private final HostnameRepository hostnames;
    private final UUID domainId;
    private final Function<Object, ?> row;
    private byte[] head;
    private String after;
    private boolean first = true;
    private boolean done;

    HostnamePages(HostnameRepository hostnames, UUID domainId, String msg, Function<Object, ?> row) {
        this.hostnames = hostnames;
        this.domainId = domainId;
        this.row = row;
        try {
            head = ("{\"status\":\"success\",\"msg\":" + JSON.writeValueAsString(msg) + ",\"data\":[")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    protected byte[] nextChunk() throws IOException {
        if (head != null) {
            byte[] h = head;
            head = null;
            return h;
        }
        if (done) {
            return null;
        }
        List<Map<String, Object>> page;
        try {
            page = hostnames.list(new HostnameQuery(domainId, HostnameFilter.ALL, "name", false, after, PAGE, 0));
        } catch (SQLException e) {
            done = true;
            throw new IOException("hostname list failed: " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(page.size() * 300 + 2);
        for (Map<String, Object> r : page) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write(JSON.writeValueAsBytes(row.apply(r)));
        }
        if (page.size() < PAGE) {
            done = true;
            out.write(']');
            out.write('}');
        } else {
            after = (String) page.get(page.size() - 1).get("name");
        }
        return out.toByteArray();
    }
}
