package dev.guanjia.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of the form --name value, consumed as a command reads them. */
public final class Args {

    private final List<String> args;

    public Args(String[] args) {
        this.args = new ArrayList<>(Arrays.asList(args));
    }

    public boolean help() {
        return args.contains("--help") || args.contains("-h");
    }

    public String required(String name) {
        String v = optional(name);
        if (v == null) {
            throw new UsageException("missing " + name + " (see --help)");
        }
        return v;
    }

    public String optional(String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException(name + " needs a value (see --help)");
        }
        String v = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return v;
    }

    public int optionalInt(String name, int fallback) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(name + " must be a positive whole number, got '" + v + "'");
    }

    /** Whether a switch without a value ({@code --cold}) was given; it is taken off the arguments. */
    public boolean flag(String name) {
        return args.remove(name);
    }

    /** The next bare word (a sub-command), or null. */
    public String word() {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            return null;
        }
        return args.remove(0);
    }

    public void requireNoneLeft() {
        if (!args.isEmpty()) {
            throw new UsageException("unexpected argument(s): " + String.join(" ", args) + " (see --help)");
        }
    }

    /** The command line was not understood; the message says how to fix it. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
