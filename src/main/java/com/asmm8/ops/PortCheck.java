package com.asmm8.ops;

import com.asmm8.util.ConfigurationError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether the daemon can listen where it is told to, checked before its HTTP server starts. */
public final class PortCheck {

    private PortCheck() {
    }

    /** Binds {@code host:port} for an instant; a configuration error naming {@code setting} when it cannot. */
    public static void free(String setting, String host, String port) {
        int p;
        try {
            p = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationError(setting + " must be a port number, not '" + port + "'");
        }
        if (p == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, p));
        } catch (IOException e) {
            throw new ConfigurationError(setting + ": cannot listen on " + host + ":" + p + " (" + e.getMessage() + ")");
        }
    }
}
