package com.asmm8.api;

import com.asmm8.util.ConfigurationError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bearer-token check. Tokens come from {@code ASMM8_API_TOKEN} (comma-separated, so a new one
 * can be added before the old one is removed). Every candidate is compared in constant time
 * against every configured token. Without tokens the API is open, which {@link #allowedOn}
 * permits on loopback only, unless the operator set {@code ASMM8_API_AUTH=off} explicitly.
 */
public final class ApiAuth {

    private final List<byte[]> tokens = new ArrayList<>();

    public ApiAuth(String spec) {
        if (spec != null) {
            for (String t : spec.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(sha256(t.strip()));
                }
            }
        }
    }

    public boolean hasTokens() {
        return !tokens.isEmpty();
    }

    /** Without tokens the API may only listen on a loopback address. */
    public static boolean allowedOn(String host, String tokenSpec) {
        boolean tokens = tokenSpec != null && !tokenSpec.isBlank();
        return tokens || host == null || host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")
                || host.startsWith("127.");
    }

    /**
     * As {@link #allowedOn(String, String)}, except that an explicit {@code ASMM8_API_AUTH=off}
     * ({@code authSetting}) lets the API listen anywhere without a token.
     */
    public static boolean allowedOn(String host, String tokenSpec, String authSetting) {
        return explicitlyOff(authSetting) || allowedOn(host, tokenSpec);
    }

    /** Whether asmm8.api.auth ({@code ASMM8_API_AUTH}) says {@code off}. */
    public static boolean explicitlyOff(String authSetting) {
        return authSetting != null && authSetting.strip().equalsIgnoreCase("off");
    }

    /**
     * asmm8.api.auth: {@code on} (the default, also when empty) checks tokens; {@code off} checks
     * none. Any other value is refused, so a typo never turns authentication off.
     */
    public static boolean required(String authSetting) {
        if (explicitlyOff(authSetting)) {
            return false;
        }
        if (authSetting == null || authSetting.isBlank() || authSetting.strip().equalsIgnoreCase("on")) {
            return true;
        }
        throw new ConfigurationError("asmm8.api.auth (ASMM8_API_AUTH) must be on or off, not '" + authSetting + "'");
    }

    /**
     * Checks an {@code Authorization} header: 401 when missing or not a bearer token, 403 when
     * the token is wrong. Returns normally when the request may go on.
     */
    public void check(String authorization) {
        if (tokens.isEmpty()) {
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "authentication required: send Authorization: Bearer <token>");
        }
        // compared as SHA-256 digests: equal lengths, so the time taken says nothing about the token
        byte[] given = sha256(authorization.substring(7).strip());
        boolean ok = false;
        for (byte[] t : tokens) {
            ok |= MessageDigest.isEqual(t, given); // every configured token is compared
        }
        if (!ok) {
            throw new ApiException(403, "forbidden");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
