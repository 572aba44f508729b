package dev.guanjia.desk.notice;

import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.ChannelDelivery;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.order.Settled;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * "缴费成功" in the resident's own conversation once a payment is settled, with the receipt's link:
 * the conversation the payment was offered in (else their latest one), stored once per order even
 * when settling is told twice, and delivered through the channel's usual path — the web chat's
 * stream reads it from the log, WeChat gets it through the reply outbox (customer-service message).
 */
public final class PaymentNotices implements Settled {

    private static final Logger LOG = Logger.getLogger(PaymentNotices.class.getName());

    private final DataSource db;
    private final ConversationLog log;
    private final Map<String, ChannelDelivery> deliveries;
    private final Function<String, String> receiptLink;

    /** @param receiptLink the receipt's address for an order number, absolute when the service has a public one */
    public PaymentNotices(DataSource db, ConversationLog log, Map<String, ChannelDelivery> deliveries,
                          Function<String, String> receiptLink) {
        this.db = db;
        this.log = log;
        this.deliveries = deliveries;
        this.receiptLink = receiptLink;
    }

    @Override
    public void settled(PaymentOrder order) {
        try {
            Optional<UUID> conversation = conversationOf(order);
            if (conversation.isEmpty()) {
                LOG.fine(() -> "payment " + order.outTradeNo() + " settled; resident " + order.residentId()
                        + " has no conversation to tell");
                return;
            }
            String text = text(order);
            String payload = "{\"receipt\":\"" + order.outTradeNo().replace("\"", "") + "\"}";
            Optional<Long> stored = log.append(conversation.get(), "out", "system", "notice", text, payload,
                    "payment:" + order.outTradeNo());
            if (stored.isEmpty()) {
                return; // told before
            }
            ConversationLog.Owner owner = log.owner(conversation.get()).orElseThrow();
            ChannelDelivery channel = deliveries.get(owner.channel());
            if (channel != null && !"voice".equals(owner.channel())) {
                channel.deliver(owner.communityId(), conversation.get(), stored.get(), owner.channelUser(), text);
            }
        } catch (ChannelDelivery.Retrying e) {
            // the outbox keeps trying
        } catch (Exception e) {
            // the bills are paid whatever happens here; the receipt stays reachable from the log
            LOG.log(Level.WARNING, "could not tell resident " + order.residentId() + " of payment " + order.outTradeNo(), e);
        }
    }

    /** What the resident reads: the amount, how many bills, WeChat's transaction id and the receipt. */
    String text(PaymentOrder o) {
        return "缴费成功：已收到您通过微信支付缴纳的" + Offer.yuan(o.amountFen()) + "元（" + o.billCodes().size()
                + "笔账单），对应账单已标记为已缴。微信支付交易单号：" + o.transactionId() + "。电子收据：" + receiptLink.apply(o.outTradeNo());
    }

    private Optional<UUID> conversationOf(PaymentOrder o) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id FROM conversations WHERE community_id = ? AND resident_id = ?
                ORDER BY (id::text = ?) DESC, last_at DESC LIMIT 1""")) {
            s.setString(1, o.communityId());
            s.setLong(2, o.residentId());
            s.setString(3, o.conversationId() == null ? "" : o.conversationId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }
}
