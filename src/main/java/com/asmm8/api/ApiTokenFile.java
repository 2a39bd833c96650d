package com.asmm8.api;

import com.asmm8.util.ConfigurationError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The API token of a daemon started without {@code ASMM8_API_TOKEN}: generated once (32 random
 * bytes, hex) into a file only its owner can read ({@code asmm8.api.token-file}, default
 * {@code $ASMM8_HOME/api-token}), and read from it at later starts, as Jupyter does. The token is
 * never logged; the file's path is.
 */
public final class ApiTokenFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final String SETTING = "asmm8.api.token-file (ASMM8_API_TOKEN_FILE)";

    private ApiTokenFile() {
    }

    /** Whether the file was made now (true) or read; and the token. */
    public record Token(String value, boolean generated) {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    /** The token in {@code file}, made first when there is none. */
    public static Token ensure(Path file) {
        try {
            if (!Files.exists(file)) {
                try {
                    return new Token(create(file), true);
                } catch (FileAlreadyExistsException raced) {
                    // another daemon of this home made it first: read it
                }
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new ConfigurationError(SETTING + ": " + file + " can be read by others (" + PosixFilePermissions.toString(perms)
                        + "): chmod 600 it, or delete it to have a new one made");
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.length() < 16) {
                throw new ConfigurationError(SETTING + ": " + file + " holds no token of at least 16 characters");
            }
            return new Token(token, false);
        } catch (IOException e) {
            throw new ConfigurationError(SETTING + ": cannot read or write " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        // created with owner-only permissions: never readable by others, not even for an instant
        Path made = Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(made, token + "\n", StandardCharsets.UTF_8);
        return token;
    }
}
