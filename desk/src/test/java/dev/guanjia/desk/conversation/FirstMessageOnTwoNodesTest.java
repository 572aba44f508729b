package dev.guanjia.desk.conversation;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new follower's first message and WeChat's retry of it reach two nodes at the same moment: both
 * find (or open) one conversation, so the message id tells the retry apart and it is stored once.
 */
class FirstMessageOnTwoNodesTest {

    private final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");

    @Test
    void aMessageAndItsRetryArrivingAtOnceAreStoredOnce() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        ConversationLog nodeA = new ConversationLog(db, PersonalData.ephemeral());
        ConversationLog nodeB = new ConversationLog(db, PersonalData.ephemeral());
        for (int round = 0; round < 5; round++) {
            String openid = "wx-new-" + round;
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<ConversationLog.Received>> deliveries = new ArrayList<>();
            try (ExecutorService nodes = Executors.newFixedThreadPool(2)) {
                for (ConversationLog node : List.of(nodeA, nodeB)) {
                    deliveries.add(nodes.submit(() -> {
                        together.await();
                        UUID conversation = node.latest("c1", "wechat", openid)
                                .orElseGet(() -> node.latestOrOpen("c1", "wechat", openid, null, null));
                        return node.receive(conversation, "电梯坏了", "msg:7" + openid, Duration.ofSeconds(45));
                    }));
                }
            }
            ConversationLog.Received a = deliveries.get(0).get();
            ConversationLog.Received b = deliveries.get(1).get();
            assertEquals(a.messageId(), b.messageId(), "one stored message");
            assertEquals(1, (a.fresh() ? 1 : 0) + (b.fresh() ? 1 : 0), "fresh for one delivery only");
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM conversations WHERE channel_user = '" + openid + "'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "one conversation");
            }
        }
    }
}
