package dev.guanjia.community.change;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InProcessChangeFeedTest {

    @Test
    void listenersHearChangesUntilTheyStop() {
        InProcessChangeFeed feed = new InProcessChangeFeed();
        List<Change> heard = new CopyOnWriteArrayList<>();
        ChangeFeed.Subscription first = feed.subscribe(heard::add);
        ChangeFeed.Subscription second = feed.subscribe(heard::add);
        UUID conversation = UUID.randomUUID();
        feed.publish(new Change.NewMessage("c1", conversation));
        assertEquals(List.of(new Change.NewMessage("c1", conversation), new Change.NewMessage("c1", conversation)),
                heard, "the same listener subscribed twice hears twice");
        first.close();
        second.close();
        feed.publish(new Change.Queue("c1"));
        assertEquals(2, heard.size(), "nothing after closing");
    }

    @Test
    void aBrokenListenerNeitherFailsThePublisherNorSilencesOthers() {
        InProcessChangeFeed feed = new InProcessChangeFeed();
        List<Change> heard = new CopyOnWriteArrayList<>();
        feed.subscribe(c -> {
            throw new IllegalStateException("broken");
        });
        feed.subscribe(heard::add);
        feed.publish(new Change.Queue("c1"));
        assertEquals(List.of(new Change.Queue("c1")), heard);
    }
}
