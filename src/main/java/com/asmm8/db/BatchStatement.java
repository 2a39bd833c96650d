package com.asmm8.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.jdbc.JdbcConstants;

/**
 * One batch statement: its SQL with named parameters in camel-jdbc's syntax ({@code :?name}) and
 * their values. The write route hands it to the {@code jdbc:} endpoint (the SQL as the body, the
 * values as the {@code CamelJdbcParameters} header); {@link #run} runs the same statement where no
 * route is involved (the replay of a dead process's spools at start-up, and the tests).
 */
public record BatchStatement(String sql, Map<String, Object> parameters) {

    private static final Pattern PARAMETER = Pattern.compile(":\\?(\\w+)");
    private static final String STARTED = "batchStatementStarted";

    /** Hands the statement to the route's jdbc: endpoint (the SQL as the body, the values as CamelJdbcParameters) and starts its clock. */
    public void bind(Exchange exchange) {
        exchange.getMessage().setBody(sql);
        exchange.getMessage().setHeader(JdbcConstants.JDBC_PARAMETERS, parameters);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** How long the statement {@link #bind} handed over took, once its row is back. */
    public static Duration took(Exchange exchange) {
        return Duration.ofNanos(System.nanoTime() - exchange.getProperty(STARTED, Long.class));
    }

    /** Runs the statement on a connection of {@code ds}; answers its single row (column label to value). */
    public Map<String, Object> run(DataSource ds) throws SQLException {
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder plain = new StringBuilder(sql.length());
        List<Object> values = new ArrayList<>();
        while (m.find()) {
            if (!parameters.containsKey(m.group(1))) {
                throw new IllegalArgumentException("no value for the parameter " + m.group(1));
            }
            values.add(parameters.get(m.group(1)));
            m.appendReplacement(plain, "?");
        }
        m.appendTail(plain);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(plain.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (rs.next()) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                }
                return row;
            }
        }
    }
}
