package com.asmm8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.camel.main.Main;

/**
 * Entry point. Without arguments: the daemon (scheduled scans). With {@code scan <domain>
 * [--type T]}: one scan of that domain, then exit (see {@link ScanCommand}).
 */
public final class Asmm8 {

    private Asmm8() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("scan")) {
            System.exit(ScanCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Main main = newMain();
        main.run(args);
    }

    /** A Camel Main with the routes of {@code routes/} and the ASMM8 beans, not yet started. */
    public static Main newMain() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(configLocation());
        main.configure().addConfiguration(new Asmm8Configuration());
        return main;
    }

    /**
     * {@code ASMM8_CONFIG}, else {@code config/application.properties} in the working directory,
     * else the copy packaged in the jar.
     */
    static String configLocation() {
        String env = System.getenv("ASMM8_CONFIG");
        if (env != null && !env.isBlank()) {
            return "file:" + env;
        }
        Path local = Path.of("config", "application.properties");
        return Files.isRegularFile(local) ? "file:" + local : "classpath:application.properties";
    }
}
