package dev.guanjia.community.staff;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who works for a community (ids, codes, names, roles), for the modules that show or pick staff:
 * the desk's console and call backs, the demo sign-ins, the benchmarks. Only this module reads the
 * staff table.
 */
public final class StaffDirectory {

    /** Roles that work the console (technicians have their own page). */
    public static final List<String> CONSOLE = List.of("agent", "supervisor", "admin");

    public record Member(long id, String communityId, String code, String name, String role) {
        public boolean hasRole(Collection<String> roles) {
            return roles.contains(role);
        }
    }

    private final DataSource db;

    public StaffDirectory(DataSource db) {
        this.db = db;
    }

    /** Every staff member of the community, by code. */
    public List<Member> of(String communityId) {
        return query("SELECT id, community_id, code, name, role FROM staff WHERE community_id = ? ORDER BY code",
                communityId);
    }

    /** The staff member with this code in the community. */
    public Optional<Member> find(String communityId, String code) {
        return query("SELECT id, community_id, code, name, role FROM staff WHERE community_id = ? AND code = ?",
                communityId, code).stream().findFirst();
    }

    /** Staff members by id, in one query (for names beside ids another module stores). */
    public Map<Long, Member> byIds(Collection<Long> ids) {
        try (Connection c = db.getConnection()) {
            return byIds(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read staff: " + e.getMessage(), e);
        }
    }

    /** The same, in the caller's connection (and so its transaction). */
    public static Map<Long, Member> byIds(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, Member> out = new HashMap<>();
        Long[] wanted = ids.stream().filter(Objects::nonNull).distinct().toArray(Long[]::new);
        if (wanted.length > 0) {
            query(c, "SELECT id, community_id, code, name, role FROM staff WHERE id = ANY (?)", (Object) wanted)
                    .forEach(m -> out.put(m.id(), m));
        }
        return out;
    }

    private List<Member> query(String sql, Object... parameters) {
        try (Connection c = db.getConnection()) {
            return query(c, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read staff: " + e.getMessage(), e);
        }
    }

    /** Runs a query of (id, community, code, name, role); a Long[] parameter goes as a bigint array. */
    private static List<Member> query(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Long[] ids) {
                    s.setArray(i + 1, c.createArrayOf("bigint", ids));
                } else {
                    s.setObject(i + 1, parameters[i]);
                }
            }
            List<Member> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Member(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return out;
        }
    }
}
