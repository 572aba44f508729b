package dev.guanjia.payments.offer;

import dev.guanjia.community.billing.Bills;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Offers kept in payment_offers behind an unguessable token (192 random bits), valid for a while
 * ({@link #DEFAULT_TTL}). The bills are always re-read from the community's billing, so an offer
 * never carries a stale amount.
 */
public final class StoredOffers implements PaymentOffers {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource db;
    private final Bills bills;
    private final Clock clock;
    private final Duration ttl;

    public StoredOffers(DataSource db, Clock clock, Duration ttl) {
        this.db = db;
        this.bills = new Bills(db);
        this.clock = clock;
        this.ttl = ttl;
    }

    public StoredOffers(DataSource db) {
        this(db, Clock.systemUTC(), DEFAULT_TTL);
    }

    @Override
    public Optional<Offer> offer(String communityId, long residentId, List<Long> houseIds, List<String> billCodes,
                                 String channel, String openid, String conversationId) {
        Set<String> wanted = new HashSet<>(billCodes == null ? List.of() : billCodes);
        List<Bills.Payable> unpaid = bills.unpaidOf(houseIds).stream()
                .filter(b -> b.communityId().equals(communityId))
                .filter(b -> wanted.isEmpty() || wanted.contains(b.code()))
                .toList();
        if (unpaid.isEmpty()) {
            return Optional.empty();
        }
        String token = token();
        OffsetDateTime expires = OffsetDateTime.ofInstant(clock.instant().plus(ttl), ZoneOffset.UTC);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_offers (token, community_id, resident_id, channel, openid, conversation_id,
                                            bill_ids, bill_codes, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, token);
            s.setString(2, communityId);
            s.setLong(3, residentId);
            s.setString(4, channel);
            s.setString(5, openid);
            s.setString(6, conversationId);
            s.setArray(7, c.createArrayOf("bigint", unpaid.stream().map(Bills.Payable::id).toArray()));
            s.setArray(8, c.createArrayOf("text", unpaid.stream().map(Bills.Payable::code).toArray()));
            s.setObject(9, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.setObject(10, expires);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a payment offer: " + e.getMessage(), e);
        }
        return Optional.of(offer(token, communityId, residentId, channel, openid, conversationId, unpaid, expires));
    }

    @Override
    public Optional<Offer> find(String token) {
        if (token == null || token.isBlank() || token.length() > 64) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection()) {
            return find(c, token, clock);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a payment offer: " + e.getMessage(), e);
        }
    }

    /** An unexpired offer in the caller's connection, its bills re-read (paid ones dropped). */
    public static Optional<Offer> find(Connection c, String token, Clock clock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT community_id, resident_id, channel, openid, conversation_id, bill_ids, expires_at
                FROM payment_offers WHERE token = ? AND expires_at > ?""")) {
            s.setString(1, token);
            s.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array ids = rs.getArray(6);
                List<Long> billIds = Arrays.asList((Long[]) ids.getArray());
                String community = rs.getString(1);
                List<Bills.Payable> unpaid = Bills.byIds(c, billIds).stream()
                        .filter(b -> !b.paid() && b.communityId().equals(community)).toList();
                return Optional.of(offer(token, community, rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), unpaid, rs.getObject(7, OffsetDateTime.class)));
            }
        }
    }

    private static Offer offer(String token, String communityId, long residentId, String channel, String openid,
                               String conversationId, List<Bills.Payable> bills, OffsetDateTime expires) {
        List<Offer.OfferedBill> items = new ArrayList<>();
        long total = 0;
        for (Bills.Payable b : bills) {
            items.add(new Offer.OfferedBill(b.id(), b.code(), b.houseCode(), b.itemName(), b.period(), b.amountFen()));
            total += b.amountFen();
        }
        return new Offer(token, communityId, residentId, channel, openid, conversationId, List.copyOf(items), total,
                expires);
    }

    private static String token() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
