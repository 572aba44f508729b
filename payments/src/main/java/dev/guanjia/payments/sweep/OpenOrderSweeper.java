package dev.guanjia.payments.sweep;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.order.Settlement;
import dev.guanjia.payments.order.WeChatPayOrders;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * For notifies that never came: open orders older than {@code after} are queried at WeChat Pay;
 * paid ones are settled (settled_by 'query'), unpaid ones past their expiry are closed there and
 * here, which frees their bills. Each order is handled in its own transaction with its row locked
 * ({@code FOR UPDATE SKIP LOCKED}), so sweepers on several threads or processes never handle the
 * same order twice and a notify arriving meanwhile waits for the lock.
 */
public final class OpenOrderSweeper {

    private static final Logger LOG = Logger.getLogger(OpenOrderSweeper.class.getName());

    /** What one sweep did. */
    public record Sweep(int checked, int settled, int closed, int failed) {
    }

    private final DataSource db;
    private final Merchant merchant;
    private final Settlement settlement;
    private final Clock clock;
    private final Duration after;

    public OpenOrderSweeper(DataSource db, Merchant merchant, Settlement settlement, Clock clock, Duration after) {
        this.db = db;
        this.merchant = merchant;
        this.settlement = settlement;
        this.clock = clock;
        this.after = after;
    }

    /** One pass over the open orders old enough (at most {@code limit}). */
    public Sweep sweep(int limit) {
        int checked = 0;
        int settled = 0;
        int closed = 0;
        int failed = 0;
        long lastId = 0;
        while (checked < limit) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                long id;
                String no;
                OffsetDateTime expires;
                String community;
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT id, out_trade_no, expires_at, community_id FROM payment_orders
                        WHERE state = 'open' AND created_at < ? AND id > ?
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")) {
                    s.setObject(1, OffsetDateTime.ofInstant(clock.instant().minus(after), ZoneOffset.UTC));
                    s.setLong(2, lastId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            break;
                        }
                        id = rs.getLong(1);
                        no = rs.getString(2);
                        expires = rs.getObject(3, OffsetDateTime.class);
                        community = rs.getString(4);
                    }
                }
                lastId = id;
                checked++;
                try {
                    Optional<Merchant.Transaction> t = merchant.query(no);
                    if (t.isPresent() && Settlement.wasPaid(t.get())) {
                        Settlement.Result r = settlement.settleIn(c, t.get(), "query");
                        c.commit();
                        if (r.outcome() == Settlement.Outcome.MISMATCH) {
                            AuditLog.record(db, "wechat-pay", "payment.refused", r.communityId(), "order " + no, r.detail());
                            failed++;
                        } else {
                            settlement.after(r);
                            settled++;
                        }
                        continue;
                    }
                    boolean expired = !expires.toInstant().isAfter(clock.instant());
                    boolean paying = t.isPresent() && "USERPAYING".equals(t.get().tradeState());
                    if (expired && !paying) {
                        if (t.isPresent() && !"CLOSED".equals(t.get().tradeState())) {
                            merchant.close(no);
                        }
                        WeChatPayOrders.closeLocally(c, no, clock);
                        AuditLog.append(c, "sweeper", "payment.order.closed", community, "order " + no,
                                "expired unpaid (" + (t.isPresent() ? t.get().tradeState() : "not at WeChat Pay") + ")");
                        c.commit();
                        closed++;
                    } else {
                        c.rollback();
                    }
                } catch (MerchantException e) {
                    c.rollback();
                    failed++;
                    LOG.warning("sweeper: cannot check order " + no + ": " + e.getMessage());
                }
            } catch (SQLException e) {
                LOG.warning("sweeper stopped: " + e.getMessage());
                failed++;
                break;
            }
        }
        if (settled + closed > 0) {
            AuditLog.anchor(db);
        }
        return new Sweep(checked, settled, closed, failed);
    }
}
