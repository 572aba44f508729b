package dev.guanjia.voice.call;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The calls this node holds. Calls stay on the node that answered them (their audio and dialogue
 * live in its memory), so this node alone can say they are alive: it stamps them seen every
 * {@link #SEEN_EVERY}, and another node's lost calls sweep ends those nobody stamped for
 * {@link #LOST_AFTER}. When the node stops, {@link #stop} ends its open calls as
 * {@link CallRecords#NODE_STOPPED} rather than leave them open; a call arriving meanwhile is ended
 * the same way.
 * <p>
 * The stamps run on a thread of their own, not the background jobs' one: a long job round must
 * not make this node's calls look lost.
 */
public final class OpenCalls implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OpenCalls.class.getName());

    /** How often the node stamps its open calls seen. */
    public static final Duration SEEN_EVERY = Duration.ofSeconds(20);
    /** Six stamps missed: the node is gone (or cannot reach the database), its calls are lost. */
    public static final Duration LOST_AFTER = Duration.ofMinutes(2);

    private final CallRecords records;
    private final Set<CallFlow> flows = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService stamps = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guanjia-calls-seen");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;

    public OpenCalls(CallRecords records) {
        this(records, SEEN_EVERY);
    }

    OpenCalls(CallRecords records, Duration every) {
        this.records = records;
        stamps.scheduleWithFixedDelay(this::stamp, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A call this node answered; returned for the line to run. */
    public CallFlow add(CallFlow flow) {
        flows.add(flow);
        if (stopped) {
            flow.cutOff(CallRecords.NODE_STOPPED); // came in while the line was closing
        }
        return flow;
    }

    /** The calls open here now (ended ones are forgotten). */
    public List<CallFlow> open() {
        flows.removeIf(CallFlow::ended);
        return flows.stream().filter(CallFlow::live).toList();
    }

    /** One stamp of every open call; a failure is logged, and the next stamp comes 20 s later. */
    void stamp() {
        try {
            List<UUID> ids = open().stream().map(CallFlow::id).toList();
            Set<UUID> gone = records.seen(ids);
            // ended on their own between the list and the stamp, or closed elsewhere as lost
            gone.removeIf(id -> flows.stream().noneMatch(f -> f.id().equals(id) && f.live()));
            if (!gone.isEmpty()) {
                LOG.warning(() -> gone.size() + " call(s) still on this node were closed by another node as lost "
                        + "(this node could not stamp them for " + LOST_AFTER.toMinutes() + " min): " + gone);
            }
        } catch (RuntimeException e) {
            LOG.warning("open calls not stamped seen (another node will take them for lost after "
                    + LOST_AFTER.toMinutes() + " min without a stamp): " + e.getMessage());
        }
    }

    /**
     * The node is stopping: no more stamps, and every open call ends with the reason (each one
     * that was being handed to a person gets its callback task). Returns how many it ended.
     */
    public int stop(String reason) {
        stopped = true;
        stamps.shutdownNow();
        List<UUID> underWay = new java.util.ArrayList<>();
        int n = 0;
        for (CallFlow f : List.copyOf(flows)) {
            CallFlow.Cut cut = f.letGo(reason);
            if (cut == CallFlow.Cut.STARTED) {
                underWay.add(f.id());
            }
            if (cut != CallFlow.Cut.ENDED) {
                n++;
            }
        }
        flows.clear();
        try {
            // one statement for all: a node with many calls and a slow database still stops in seconds
            records.cut(underWay, reason);
        } catch (RuntimeException e) {
            LOG.warning(underWay.size() + " call(s) not recorded as ended (" + reason + "); another node's lost "
                    + "calls sweep ends them within " + LOST_AFTER.toMinutes() + " min: " + e.getMessage());
        }
        return n;
    }

    /** Stops as {@link CallRecords#NODE_STOPPED}. */
    @Override
    public void close() {
        int n = stop(CallRecords.NODE_STOPPED);
        if (n > 0) {
            LOG.info(() -> "phone line closed: " + n + " open call(s) ended as '" + CallRecords.NODE_STOPPED + "'");
        }
    }
}
