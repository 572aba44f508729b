package dev.guanjia.payments.privacy;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The payments module's share of a resident's data: the payments offered to them, their orders and
 * payments (with the WeChat openid that paid) and refunds. Erasure keeps orders, payments and
 * refunds as the company's financial records (amounts, bills, times, transaction ids: the books and
 * reconciliation need them) but drops the offers and takes out the openids, the conversation links
 * and their name or number from refund reasons staff wrote. Offers end a day after they expire;
 * openids on orders and payments end with the conversation retention period.
 */
public final class PaymentRecords implements ResidentRecords {

    @Override
    public List<String> tables() {
        return List.of("payment_offers", "payment_orders", "payment_order_bills", "payments", "payment_refunds");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        List<Map<String, Object>> orders = Rows.list(c, """
                SELECT o.id, o.out_trade_no AS "outTradeNo", o.channel, o.trade_type AS "tradeType", o.openid,
                       o.description, o.amount_fen AS "amountFen", o.state, o.created_at AS "createdAt",
                       o.expires_at AS "expiresAt", o.paid_at AS "paidAt", o.transaction_id AS "transactionId",
                       o.refunded_fen AS "refundedFen"
                FROM payment_orders o WHERE o.community_id = ? AND o.resident_id = ? ORDER BY o.created_at, o.id""",
                who.communityId(), who.residentId());
        for (Map<String, Object> o : orders) {
            Object id = o.remove("id");
            o.put("bills", Rows.list(c, """
                    SELECT bill_code AS "bill", amount_fen AS "amountFen" FROM payment_order_bills
                    WHERE order_id = ? ORDER BY bill_code""", id));
            o.put("payment", Rows.list(c, """
                    SELECT transaction_id AS "transactionId", amount_fen AS "amountFen", payer_openid AS "payerOpenid",
                           success_time AS "successTime", settled_by AS "settledBy", duplicate
                    FROM payments WHERE order_id = ?""", id));
            o.put("refunds", Rows.list(c, """
                    SELECT out_refund_no AS "outRefundNo", amount_fen AS "amountFen", reason, state,
                           created_at AS "createdAt", finished_at AS "finishedAt"
                    FROM payment_refunds WHERE order_id = ? ORDER BY id""", id));
        }
        out.put("paymentOrders", orders);
        out.put("paymentOffers", Rows.list(c, """
                SELECT channel, openid, bill_codes AS "bills", created_at AS "createdAt", expires_at AS "expiresAt"
                FROM payment_offers WHERE community_id = ? AND resident_id = ? ORDER BY created_at""",
                who.communityId(), who.residentId()));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        int offers = Rows.update(c, "DELETE FROM payment_offers WHERE community_id = ? AND resident_id = ?",
                who.communityId(), who.residentId());
        int orders = Rows.update(c, """
                UPDATE payment_orders SET openid = NULL, conversation_id = NULL
                WHERE community_id = ? AND resident_id = ?""", who.communityId(), who.residentId());
        Rows.update(c, """
                UPDATE payments SET payer_openid = NULL WHERE order_id IN
                    (SELECT id FROM payment_orders WHERE community_id = ? AND resident_id = ?)""",
                who.communityId(), who.residentId());
        for (Map<String, Object> r : Rows.list(c, """
                SELECT f.id, f.reason FROM payment_refunds f JOIN payment_orders o ON o.id = f.order_id
                WHERE o.community_id = ? AND o.resident_id = ?""", who.communityId(), who.residentId())) {
            Rows.update(c, "UPDATE payment_refunds SET reason = ? WHERE id = ?", who.scrub((String) r.get("reason")),
                    r.get("id"));
        }
        return offers + " payment offers, openids of " + orders + " payment orders";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        int offers = Rows.update(c, "DELETE FROM payment_offers WHERE expires_at < now() - interval '1 day'");
        int orders = Rows.update(c, """
                UPDATE payment_orders SET openid = NULL, conversation_id = NULL
                WHERE (openid IS NOT NULL OR conversation_id IS NOT NULL)
                  AND created_at < now() - make_interval(days => ?)""", retention.conversationDays());
        int payments = Rows.update(c, """
                UPDATE payments SET payer_openid = NULL
                WHERE payer_openid IS NOT NULL AND settled_at < now() - make_interval(days => ?)""",
                retention.conversationDays());
        return offers + orders + payments;
    }
}
