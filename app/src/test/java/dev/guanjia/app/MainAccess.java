package dev.guanjia.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Lets tests in other packages run a command the way the process would. */
public final class MainAccess {

    private MainAccess() {
    }

    public static int run(String[] args, Path workDir, PrintStream out) {
        return Main.run(args, Map.of(), workDir, out, out);
    }
}
