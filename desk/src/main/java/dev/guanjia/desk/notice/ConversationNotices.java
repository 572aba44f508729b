package dev.guanjia.desk.notice;

import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.ticketing.outbox.Notification;
import dev.guanjia.ticketing.outbox.NotificationSender;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Work-order notices for residents written into their most recent conversation (last 30 days), so
 * the web chat shows them live and the console sees them in the transcript. Each notice is stored
 * once even when the outbox retries it.
 */
public final class ConversationNotices implements NotificationSender {

    private final DataSource db;
    private final ConversationLog log;

    public ConversationNotices(DataSource db, ConversationLog log) {
        this.db = db;
        this.log = log;
    }

    @Override
    public void send(Notification n) throws SQLException {
        if (!"resident".equals(n.targetKind())) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id FROM conversations WHERE community_id = ? AND resident_id = ?
                  AND last_at > now() - interval '30 days' ORDER BY last_at DESC LIMIT 1""")) {
            s.setString(1, n.communityId());
            s.setLong(2, n.targetId());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    String payload = n.workOrderCode() == null ? null
                            : "{\"order\":\"" + n.workOrderCode().replace("\"", "") + "\"}";
                    log.append(rs.getObject(1, UUID.class), "out", "system", "notice", n.message(), payload,
                            "notice:" + n.id());
                }
            }
        }
    }
}
