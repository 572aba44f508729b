package dev.guanjia.ticketing.media;

import javax.sql.DataSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Photos and voice residents send, stored in our own database: the channel's copy is temporary
 * (WeChat keeps media 3 days), so the bytes are fetched at once and, when that fails, again later
 * from the kept media id. A piece belongs to one work order once attached (reference "media:ID" in
 * the order's attachments); until then it stays with its conversation and resident.
 */
public final class ResidentMedia {

    /** How an order's attachments name a stored piece: "media:" and its id. */
    public static final String REFERENCE = "media:";
    /** Largest piece we keep (WeChat's own limits are lower: images 10 MB, voice 2 MB). */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    /** How long the channel keeps the media: no point trying after that. */
    public static final Duration CHANNEL_KEEPS = Duration.ofDays(3);
    /** How long an open question "which order?" waits for the resident's answer. */
    public static final Duration CHOICE_WAITS = Duration.ofMinutes(30);
    /** Photos sent before any order was reported go onto an order reported within this time. */
    public static final Duration PENDING_KEEPS = Duration.ofHours(24);
    /** Waits before each next attempt: quick for a hiccup, then spread over the 3 days. */
    private static final Duration[] RETRY = {Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(8), Duration.ofHours(24)};

    /** One stored piece as staff pages list it. */
    public record Item(long id, String communityId, String kind, String state, String contentType, Integer size,
                       OffsetDateTime receivedAt, String conversationId, Long workOrderId) {
    }

    /** The bytes to serve, with what decides who may see them. */
    public record Content(long id, String communityId, String kind, String contentType, byte[] bytes,
                          Long workOrderId, Long orderAssigneeId, String orderStatus, String sha256) {
    }

    /** A piece still to be downloaded. */
    public record Due(long id, String communityId, String channel, String externalId, int attempts) {
    }

    /** Pieces waiting for the resident to say which open order they belong to. */
    public record Choice(List<Long> mediaIds, List<String> codes) {
    }

    private final DataSource db;
    private final Clock clock;

    public ResidentMedia(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records a piece as soon as it arrives (before any download), so a failed download never loses
     * it. A repeat of the same media id returns the stored piece.
     */
    public long receive(String communityId, String channel, String externalId, String kind, Long residentId,
                        String conversationId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO resident_media (community_id, channel, external_id, kind, resident_id, conversation_id,
                    received_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, channel, external_id) DO UPDATE SET kind = EXCLUDED.kind
                RETURNING id""")) {
            s.setString(1, communityId);
            s.setString(2, channel);
            s.setString(3, externalId);
            s.setString(4, kind);
            s.setObject(5, residentId);
            s.setString(6, conversationId);
            s.setObject(7, now);
            // the first download runs right away; the sweep only steps in if it has not finished by then
            s.setObject(8, now.plusMinutes(2));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record received media: " + e.getMessage(), e);
        }
    }

    /** Stores the downloaded bytes; the content type is read from the bytes where we know the format. */
    public void stored(long id, byte[] bytes, String declaredType) {
        if (bytes.length > MAX_BYTES) {
            failed(id, "larger than " + MAX_BYTES / (1024 * 1024) + " MB", true);
            return;
        }
        String type = contentType(bytes, declaredType);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE resident_media SET content = ?, content_type = ?, size_bytes = ?, sha256 = ?, fetched_at = ?,
                    attempts = attempts + 1, next_attempt_at = NULL, failure = NULL
                WHERE id = ? AND content IS NULL""")) {
            s.setBytes(1, bytes);
            s.setString(2, type);
            s.setInt(3, bytes.length);
            s.setString(4, sha256(bytes));
            s.setObject(5, OffsetDateTime.now(clock));
            s.setLong(6, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store media " + id + ": " + e.getMessage(), e);
        }
    }

    /** A failed download: tried again later within the channel's 3 days, unless it can never work. */
    public void failed(long id, String reason, boolean permanent) {
        try (Connection c = db.getConnection()) {
            int attempts;
            OffsetDateTime received;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT attempts, received_at FROM resident_media WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                    attempts = rs.getInt(1) + 1;
                    received = rs.getObject(2, OffsetDateTime.class);
                }
            }
            OffsetDateTime next = null;
            if (!permanent && attempts <= RETRY.length) {
                next = OffsetDateTime.now(clock).plus(RETRY[attempts - 1]);
                if (!next.isBefore(received.plus(CHANNEL_KEEPS))) {
                    next = null;
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE resident_media SET attempts = ?, next_attempt_at = ?, failure = ?
                    WHERE id = ? AND content IS NULL""")) {
                s.setInt(1, attempts);
                s.setObject(2, next);
                s.setString(3, reason == null ? "unknown" : reason.length() > 500 ? reason.substring(0, 500) : reason);
                s.setLong(4, id);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record failed media " + id + ": " + e.getMessage(), e);
        }
    }

    /** Pieces whose next download is due; each is held back a while so two sweeps never fetch it twice. */
    public List<Due> due(String communityId, String channel, int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE resident_media SET next_attempt_at = ?
                WHERE id IN (SELECT id FROM resident_media
                             WHERE content IS NULL AND next_attempt_at <= ? AND received_at > ?
                               AND community_id = ? AND channel = ?
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, community_id, channel, external_id, attempts""")) {
            s.setObject(1, now.plusMinutes(2));
            s.setObject(2, now);
            s.setObject(3, now.minus(CHANNEL_KEEPS));
            s.setString(4, communityId);
            s.setString(5, channel);
            s.setInt(6, limit);
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read due media: " + e.getMessage(), e);
        }
    }

    /** The bytes of a piece of the community; empty when there is none or it is not downloaded yet. */
    public Optional<Content> content(String communityId, long id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT m.id, m.community_id, m.kind, m.content_type, m.content, m.work_order_id, w.assignee_id,
                       w.status, m.sha256
                FROM resident_media m LEFT JOIN work_orders w ON w.id = m.work_order_id
                WHERE m.community_id = ? AND m.id = ? AND m.content IS NOT NULL""")) {
            s.setString(1, communityId);
            s.setLong(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Content(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5), (Long) rs.getObject(6), (Long) rs.getObject(7), rs.getString(8),
                        rs.getString(9)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read media " + id + ": " + e.getMessage(), e);
        }
    }

    /** What came in a conversation (or is attached to an order), newest last, without the bytes. */
    public List<Item> ofConversation(String communityId, String conversationId) {
        return items("m.community_id = ? AND m.conversation_id = ?", communityId, conversationId);
    }

    public List<Item> ofOrder(String communityId, long workOrderId) {
        return items("m.community_id = ? AND m.work_order_id = ?", communityId, workOrderId);
    }

    private List<Item> items(String where, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT m.id, m.community_id, m.kind,
                       CASE WHEN m.content IS NOT NULL THEN 'stored' WHEN m.next_attempt_at IS NOT NULL THEN 'pending'
                            ELSE 'failed' END,
                       m.content_type, m.size_bytes, m.received_at, m.conversation_id, m.work_order_id
                FROM resident_media m
                WHERE\s""" + where + " ORDER BY m.received_at, m.id LIMIT 200")) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Item> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), (Integer) rs.getObject(6), rs.getObject(7, OffsetDateTime.class),
                            rs.getString(8), (Long) rs.getObject(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list media: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- which order?

    /** Marks pieces as waiting for the resident to pick one of these orders. */
    public void offerChoice(List<Long> mediaIds, List<String> codes) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE resident_media SET choice_codes = ?, choice_offered_at = ?
                WHERE id = ANY (?) AND work_order_id IS NULL""")) {
            s.setString(1, String.join(",", codes));
            s.setObject(2, OffsetDateTime.now(clock));
            s.setArray(3, c.createArrayOf("bigint", mediaIds.toArray()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot offer a choice: " + e.getMessage(), e);
        }
    }

    /** The resident's open question, if one was asked recently and not answered. */
    public Optional<Choice> awaitingChoice(String communityId, long residentId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, choice_codes FROM resident_media
                WHERE community_id = ? AND resident_id = ? AND work_order_id IS NULL
                  AND choice_codes IS NOT NULL AND choice_offered_at > ?
                ORDER BY id""")) {
            s.setString(1, communityId);
            s.setLong(2, residentId);
            s.setObject(3, OffsetDateTime.now(clock).minus(CHOICE_WAITS));
            List<Long> ids = new ArrayList<>();
            String codes = null;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    codes = rs.getString(2);
                }
            }
            return ids.isEmpty() ? Optional.empty() : Optional.of(new Choice(ids, Arrays.asList(codes.split(","))));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read an open choice: " + e.getMessage(), e);
        }
    }

    /** The resident answered something else: the pieces stay with the conversation, the question lapses. */
    public void dropChoice(List<Long> mediaIds) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE resident_media SET choice_codes = NULL, choice_offered_at = NULL WHERE id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", mediaIds.toArray()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop a choice: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- used inside work-order transactions

    /** Binds a piece to an order (inside the order's transaction); false when it is not the order's community's or taken. */
    public static boolean bind(Connection c, long mediaId, long workOrderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE resident_media m SET work_order_id = w.id, choice_codes = NULL, choice_offered_at = NULL
                FROM work_orders w
                WHERE w.id = ? AND m.id = ? AND m.community_id = w.community_id AND m.work_order_id IS NULL""")) {
            s.setLong(1, workOrderId);
            s.setLong(2, mediaId);
            return s.executeUpdate() == 1;
        }
    }

    /** Photos the resident sent recently that belong to no order yet: they go onto the order being reported. */
    public static List<Long> unattachedPhotos(Connection c, String communityId, long residentId, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id FROM resident_media
                WHERE community_id = ? AND resident_id = ? AND work_order_id IS NULL AND kind = 'image'
                  AND received_at > ? AND (choice_offered_at IS NULL OR choice_offered_at <= ?)
                ORDER BY id""")) {
            s.setString(1, communityId);
            s.setLong(2, residentId);
            s.setObject(3, now.minus(PENDING_KEEPS));
            // a photo whose "which order?" is still open waits for that answer
            s.setObject(4, now.minus(CHOICE_WAITS));
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- formats

    /**
     * The type we serve: taken from the bytes for the formats residents send, so nothing a channel or
     * a sender declares can make us serve e.g. HTML; anything else is served as a download.
     */
    public static String contentType(byte[] b, String declared) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (b.length > 12 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        if (starts(b, '#', '!', 'A', 'M', 'R')) {
            return "audio/amr";
        }
        if (starts(b, 'I', 'D', '3') || starts(b, 0xFF, 0xFB) || starts(b, 0xFF, 0xF3)) {
            return "audio/mpeg";
        }
        if (starts(b, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        // e.g. speex voice: keep what was declared for the record, served as a download
        return declared != null && declared.matches("audio/[a-z0-9.+-]+") ? declared : "application/octet-stream";
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
