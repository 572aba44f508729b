package dev.guanjia.community.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Brings stored personal data up to the current key: seals what was stored in the clear (rows
 * from before encryption), re-seals what an older key sealed, and recomputes lookup hashes. Run
 * at start-up (cheap when nothing is left to do) and by the key rotation command.
 */
public final class Resealing {

    private Resealing() {
    }

    /** Re-seals one column of a table keyed by "id"; returns the rows changed. */
    public static int column(Connection c, PersonalData pd, String table, String column) throws SQLException {
        int changed = 0;
        try (PreparedStatement read = c.prepareStatement(
                "SELECT id, " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL");
             PreparedStatement write = c.prepareStatement(
                     "UPDATE " + table + " SET " + column + " = ? WHERE id = ?");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                String stored = rs.getString(2);
                if (!pd.isSealedWithCurrentKey(stored)) {
                    write.setString(1, pd.seal(pd.open(stored)));
                    write.setObject(2, rs.getObject(1));
                    write.addBatch();
                    changed++;
                }
            }
            write.executeBatch();
        }
        return changed;
    }

    /** Residents' names, identities (sealed value and lookup hash), staff phones and texted phones. */
    public static int community(Connection c, PersonalData pd) throws SQLException {
        int changed = column(c, pd, "residents", "name") + column(c, pd, "staff", "phone")
                + column(c, pd, "sms_messages", "phone");
        // texted phones are found (limits, delivery reports) by the lookup hash of the current key
        try (PreparedStatement read = c.prepareStatement("SELECT id, phone, phone_hash FROM sms_messages");
             PreparedStatement write = c.prepareStatement("UPDATE sms_messages SET phone_hash = ? WHERE id = ?");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                String hash = pd.lookup("phone", pd.open(rs.getString(2)));
                if (!hash.equals(rs.getString(3))) {
                    write.setString(1, hash);
                    write.setLong(2, rs.getLong(1));
                    write.addBatch();
                    changed++;
                }
            }
            write.executeBatch();
        }
        try (PreparedStatement read = c.prepareStatement("SELECT id, kind, value, value_hash FROM resident_identities");
             PreparedStatement write = c.prepareStatement(
                     "UPDATE resident_identities SET value = ?, value_hash = ? WHERE id = ?");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                String plain = pd.open(rs.getString(3));
                String hash = pd.lookup(rs.getString(2), plain);
                if (!pd.isSealedWithCurrentKey(rs.getString(3)) || !hash.equals(rs.getString(4))) {
                    write.setString(1, pd.isSealedWithCurrentKey(rs.getString(3)) ? rs.getString(3) : pd.seal(plain));
                    write.setString(2, hash);
                    write.setLong(3, rs.getLong(1));
                    write.addBatch();
                    changed++;
                }
            }
            write.executeBatch();
        }
        return changed;
    }
}
