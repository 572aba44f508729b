package dev.guanjia.community.settings;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Per-community switches (table community_settings), read by the modules they steer. */
public final class CommunitySettings {

    private final DataSource db;

    public CommunitySettings(DataSource db) {
        this.db = db;
    }

    /** The setting's value for the community, if it has one. */
    public Optional<String> value(String communityId, String key) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT value FROM community_settings WHERE community_id = ? AND key = ?")) {
            s.setString(1, communityId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read setting " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * A positive whole number of minutes (or any count) from the setting, else the fallback: an
     * unset, malformed or zero setting never stops the service.
     */
    public int positive(String communityId, String key, int fallback) {
        try {
            int v = Integer.parseInt(value(communityId, key).orElse("").strip());
            return v > 0 ? v : fallback;
        } catch (NumberFormatException | IllegalStateException e) {
            return fallback;
        }
    }
}
