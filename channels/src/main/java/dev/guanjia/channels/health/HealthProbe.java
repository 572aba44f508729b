package dev.guanjia.channels.health;

/** One part of the service that can say whether it works; the app supplies them. */
@FunctionalInterface
public interface HealthProbe {

    Result check();

    /** name: what was checked; detail: what an operator should know, in plain words. */
    record Result(String name, boolean up, String detail) {
    }
}
