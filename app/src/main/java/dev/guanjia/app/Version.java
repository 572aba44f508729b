package dev.guanjia.app;

/** The version Maven built, read from the jar manifest (unknown when run from classes). */
public final class Version {

    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
