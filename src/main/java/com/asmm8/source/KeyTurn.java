package com.asmm8.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys one source run may use, in turn: the current key until the source refuses it (401,
 * 403) or says it is out of quota (429 with no reset soon), then the next. Each key set aside is
 * named by its place in the provider config, never by its value.
 */
final class KeyTurn {

    private final String source;
    private final List<String> keys;
    private final ProviderKeys provider;
    private final List<String> setAside = new ArrayList<>();
    private int at;

    KeyTurn(String source, List<String> keys, ProviderKeys provider) {
        this.source = source;
        this.keys = keys;
        this.provider = provider;
    }

    boolean none() {
        return keys.isEmpty();
    }

    /** The key in use, or null when every key was set aside. */
    String current() {
        return at < keys.size() ? keys.get(at) : null;
    }

    /** Sets the current key aside ({@code why}: "refused (HTTP 401)"); true when another key is left. */
    boolean setAside(String why) {
        setAside.add(name(keys.get(at)) + " " + why);
        at++;
        return at < keys.size();
    }

    /** "key 2 of 3", as the provider config lists it. */
    String name(String key) {
        return "key " + provider.place(source, key) + " of " + keys.size();
    }

    /** {@code text} with every key's value replaced by its name (an error body that echoes the key). */
    String redact(String text) {
        String out = text;
        for (String k : keys) {
            out = out.replace(k, "<" + name(k) + ">");
        }
        return out;
    }

    /** The keys set aside, for the report; empty when none. */
    String report() {
        return setAside.isEmpty() ? "" : String.join("; ", setAside);
    }
}
