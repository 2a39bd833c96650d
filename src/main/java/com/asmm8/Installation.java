package com.asmm8;

import com.asmm8.util.ConfigurationError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the daemon finds its files, from any working directory. The jar carries the defaults
 * (classpath {@code asmm8/}: routes, tools.yaml, wordlists; {@code application.properties}); the
 * configuration directory ({@code ASMM8_CONFIG_DIR}, default {@code $ASMM8_HOME/config})
 * overrides any of them file by file, under the same relative name ({@code routes/20-scan.yaml},
 * {@code tools.yaml}, {@code wordlists/subdomains.txt}); {@code application.properties} there
 * overrides the packaged one key by key. {@code ASMM8_HOME} (default: the working directory; the
 * launcher sets the distribution's folder) holds the data, the staging and the token file.
 */
public record Installation(Path home, Path configDir) {

    static final String DEFAULTS = "asmm8/";
    static final String ROUTES = "routes";

    /** The installation the environment names. */
    public static Installation fromEnvironment() {
        Path home = Path.of(env("ASMM8_HOME", ".")).toAbsolutePath().normalize();
        String config = System.getenv("ASMM8_CONFIG_DIR");
        Path configDir = config == null || config.isBlank() ? home.resolve("config") : Path.of(config).toAbsolutePath().normalize();
        return new Installation(home, configDir);
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    /**
     * The property files, later ones overriding earlier ones key by key: the jar's, the config
     * directory's (when present), then {@code ASMM8_CONFIG} (a file, when set: it must exist).
     */
    public String propertyLocations() {
        List<String> locations = new ArrayList<>(List.of("classpath:application.properties"));
        Path own = configDir.resolve("application.properties");
        if (Files.isRegularFile(own)) {
            locations.add("file:" + own);
        }
        String explicit = System.getenv("ASMM8_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            Path f = Path.of(explicit).toAbsolutePath();
            if (!Files.isReadable(f)) {
                throw new ConfigurationError("ASMM8_CONFIG: " + f + " does not exist or cannot be read");
            }
            locations.add("file:" + f);
        }
        return String.join(",", locations);
    }

    /** The properties that point the configuration at this installation (initial properties of Camel Main). */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("asmm8.home", home.toString());
        p.put("asmm8.config-dir", configDir.toString());
        p.put("asmm8.routes.dir", configDir.resolve(ROUTES).toString());
        p.put("asmm8.routes.pattern", routesPattern());
        p.put("asmm8.defaults.tools", file("tools.yaml").toString());
        p.put("asmm8.defaults.takeovers", file("takeovers.yaml").toString());
        p.put("asmm8.defaults.wordlist", file("wordlists/subdomains.txt").toString());
        p.put("asmm8.defaults.permutation-words", file("wordlists/permutations.txt").toString());
        return p;
    }

    /**
     * Makes sure the watched route folder exists (a file saved there later is picked up); the
     * problem when it cannot be made (a read-only configuration directory), else empty.
     */
    public Optional<String> routesDirectory() {
        Path dir = configDir.resolve(ROUTES);
        try {
            Files.createDirectories(dir);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create " + dir + " (" + e + ")");
        }
    }

    /**
     * Every route file: the config directory's {@code routes/N.yaml} where it has one, else the
     * jar's; and the config directory's files the jar has no file of that name for.
     */
    String routesPattern() {
        Path dir = configDir.resolve(ROUTES);
        TreeSet<String> names = new TreeSet<>(packaged(DEFAULTS + ROUTES + "/"));
        names.addAll(own(dir));
        List<String> pattern = new ArrayList<>();
        for (String name : names) {
            Path override = dir.resolve(name);
            pattern.add(Files.isRegularFile(override) ? "file:" + override : "classpath:" + DEFAULTS + ROUTES + "/" + name);
        }
        return String.join(",", pattern);
    }

    private static List<String> own(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList();
        } catch (IOException e) {
            throw new ConfigurationError("ASMM8_CONFIG_DIR: cannot list " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The file of {@code relative} name: the config directory's, else the jar's copied to
     * {@code $ASMM8_HOME/tmp/defaults/} (tools such as gobuster need a file on disk).
     */
    public Path file(String relative) {
        Path own = configDir.resolve(relative);
        if (Files.isRegularFile(own)) {
            return own;
        }
        Path copy = home.resolve("tmp").resolve("defaults").resolve(relative);
        try (InputStream in = Installation.class.getClassLoader().getResourceAsStream(DEFAULTS + relative)) {
            if (in == null) {
                throw new ConfigurationError("ASMM8_CONFIG_DIR: no " + relative + " in " + configDir + " and none packaged");
            }
            Files.createDirectories(copy.getParent());
            Path part = Files.createTempFile(copy.getParent(), copy.getFileName().toString(), ".part");
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copy;
        } catch (IOException e) {
            throw new ConfigurationError("ASMM8_HOME: cannot write the default " + relative + " to " + copy + " ("
                    + e.getMessage() + "): set ASMM8_HOME to a writable folder", e);
        }
    }

    /** The names of the files the jar (or, in tests, the classes folder) holds under {@code folder}. */
    static List<String> packaged(String folder) {
        try {
            Path source = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                Path dir = source.resolve(folder);
                return Files.isDirectory(dir) ? own(dir) : List.of();
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(folder) && n.length() > folder.length()
                        && n.indexOf('/', folder.length()) < 0).map(n -> n.substring(folder.length())).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
