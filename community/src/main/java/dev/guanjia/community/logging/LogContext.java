package dev.guanjia.community.logging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Which request, conversation and background job run the current thread works for, so every log
 * line written meanwhile can name them (the app's log formatter reads it). Set at the HTTP edge,
 * for a conversation turn and for each round of a background job; work handed to another thread
 * takes a {@link #snapshot()} along.
 * A plain ThreadLocal: Helidon serves each request on its own (virtual) thread.
 */
public final class LogContext {

    /** An id we accept from a caller as is: short, and nothing that could forge a log line or field. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final ThreadLocal<Ids> CURRENT = new ThreadLocal<>();

    /** The ids of one thread's current work; any may be null. */
    public record Ids(String requestId, String conversationId, String jobId) {
        public Ids(String requestId, String conversationId) {
            this(requestId, conversationId, null);
        }
    }

    private LogContext() {
    }

    /** The caller's id when it is safe to log as is, else a fresh one. */
    public static String acceptOrCreate(String offered) {
        return offered != null && SAFE_ID.matcher(offered).matches() ? offered : newId();
    }

    /** 16 hex digits: unique enough to find one request's lines among a day's. */
    public static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    /** Starts a request on this thread: its id, and no conversation yet. */
    public static void startRequest(String requestId) {
        CURRENT.set(new Ids(requestId, null));
    }

    /** The request is over: its lines are written. */
    public static void clear() {
        CURRENT.remove();
    }

    public static String requestId() {
        Ids ids = CURRENT.get();
        return ids == null ? null : ids.requestId();
    }

    public static String conversationId() {
        Ids ids = CURRENT.get();
        return ids == null ? null : ids.conversationId();
    }

    public static String jobId() {
        Ids ids = CURRENT.get();
        return ids == null ? null : ids.jobId();
    }

    /**
     * Runs one round of a background job under a fresh job id, so an operator can follow that round
     * (a sweep, a delivery) across its lines; a job has no request, and each turn it runs names its
     * own conversation. Restores what was there before.
     */
    public static void inJob(String jobId, Runnable round) {
        Ids before = CURRENT.get();
        CURRENT.set(new Ids(null, null, jobId));
        try {
            round.run();
        } finally {
            restore(before);
        }
    }

    /** What this thread works for now (null ids when nothing is set). */
    public static Ids snapshot() {
        Ids ids = CURRENT.get();
        return ids == null ? new Ids(null, null) : ids;
    }

    /**
     * Runs a conversation's work with its id in the context (the request id kept), restoring what
     * was there before.
     */
    public static <T> T inConversation(String conversationId, java.util.function.Supplier<T> work) {
        Ids before = CURRENT.get();
        CURRENT.set(new Ids(before == null ? null : before.requestId(), conversationId,
                before == null ? null : before.jobId()));
        try {
            return work.get();
        } finally {
            restore(before);
        }
    }

    /** Wraps work for another thread so its lines carry the ids of the thread that handed it over. */
    public static Runnable carried(Runnable work) {
        Ids ids = CURRENT.get();
        return () -> {
            Ids before = CURRENT.get();
            CURRENT.set(ids);
            try {
                work.run();
            } finally {
                restore(before);
            }
        };
    }

    private static void restore(Ids before) {
        if (before == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(before);
        }
    }
}
