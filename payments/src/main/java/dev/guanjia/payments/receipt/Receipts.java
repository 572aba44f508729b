package dev.guanjia.payments.receipt;

import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The electronic receipt (电子收据) of a paid order: community, houses, each bill with its period and
 * the amount paid for it, total, WeChat Pay's transaction id and when it was paid. Names come from
 * the community module's read methods.
 */
public final class Receipts {

    /** One receipt; amounts in fen. */
    public record Receipt(String outTradeNo, String communityId, String communityName, long residentId,
                          List<String> houseCodes, List<Item> items, long totalFen, String transactionId,
                          OffsetDateTime paidAt, long refundedFen) {
    }

    /** One bill paid. */
    public record Item(String billCode, String houseCode, String itemName, String period, long amountFen) {
    }

    private final DataSource db;

    public Receipts(DataSource db) {
        this.db = db;
    }

    /** The receipt of a paid order; empty when there is no such order or it is not paid. */
    public Optional<Receipt> of(String outTradeNo) {
        try (Connection c = db.getConnection()) {
            long orderId;
            String community;
            long resident;
            long total;
            String transaction;
            OffsetDateTime paidAt;
            long refunded;
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT id, community_id, resident_id, amount_fen, transaction_id, paid_at, refunded_fen
                    FROM payment_orders WHERE out_trade_no = ? AND state = 'paid'""")) {
                s.setString(1, outTradeNo);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    orderId = rs.getLong(1);
                    community = rs.getString(2);
                    resident = rs.getLong(3);
                    total = rs.getLong(4);
                    transaction = rs.getString(5);
                    paidAt = rs.getObject(6, OffsetDateTime.class);
                    refunded = rs.getLong(7);
                }
            }
            Map<Long, Long> paidFor = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT bill_id, amount_fen FROM payment_order_bills WHERE order_id = ? ORDER BY bill_id")) {
                s.setLong(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        paidFor.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            List<Item> items = new ArrayList<>();
            TreeSet<String> houses = new TreeSet<>();
            for (Bills.Payable b : Bills.byIds(c, paidFor.keySet())) {
                items.add(new Item(b.code(), b.houseCode(), b.itemName(), b.period(), paidFor.get(b.id())));
                houses.add(b.houseCode());
            }
            String name = CommunityDirectory.name(c, community).orElse(community);
            return Optional.of(new Receipt(outTradeNo, community, name, resident, List.copyOf(houses), List.copyOf(items),
                    total, transaction, paidAt, refunded));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the receipt of " + outTradeNo + ": " + e.getMessage(), e);
        }
    }
}
