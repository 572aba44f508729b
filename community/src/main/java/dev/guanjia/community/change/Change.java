package dev.guanjia.community.change;

import java.util.UUID;

/**
 * Something a watching page shows has changed. Only what a reader needs to decide whether to look
 * again: the community, and for a message which conversation. The reader reads the new state from
 * the stores, so a change lost or doubled costs nothing but a query.
 */
public sealed interface Change {

    /** The community's queue may look different: a hand-off queued, claimed, closed; a call back; a delivery. */
    record Queue(String communityId) implements Change {
    }

    /** A conversation has a new message. */
    record NewMessage(String communityId, UUID conversation) implements Change {
    }

    /**
     * Changes may have been missed (another node's, while this node could not hear them): every
     * watcher, whatever its community, reads again. Its community is null.
     */
    record Missed() implements Change {
        @Override
        public String communityId() {
            return null;
        }
    }

    /** The community, or null for a change that concerns every community. */
    String communityId();
}
