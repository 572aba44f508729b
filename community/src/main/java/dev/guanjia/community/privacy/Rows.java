package dev.guanjia.community.privacy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plain SQL for the resident-data holders: rows as ordered maps (column label → JSON-ready value:
 * times and numbers as text, arrays as lists), and updates. Java arrays bind as SQL arrays, for
 * {@code = ANY (?)}.
 */
public final class Rows {

    private Rows() {
    }

    /** The first column of every row, as longs (ids). */
    public static List<Long> longs(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    public static List<Map<String, Object>> list(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), value(rs, i, md.getColumnType(i)));
                }
                out.add(row);
            }
            return out;
        }
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Long[] ids) {
                s.setArray(i + 1, c.createArrayOf("bigint", ids));
            } else if (p instanceof UUID[] ids) {
                s.setArray(i + 1, c.createArrayOf("uuid", ids));
            } else if (p instanceof String[] texts) {
                s.setArray(i + 1, c.createArrayOf("text", texts));
            } else if (p instanceof UUID id) {
                s.setObject(i + 1, id, Types.OTHER);
            } else {
                s.setObject(i + 1, p);
            }
        }
        return s;
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toString();
            }
            case Types.ARRAY -> {
                Array a = rs.getArray(i);
                return a == null ? null : Arrays.asList((Object[]) a.getArray());
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                java.math.BigDecimal d = rs.getBigDecimal(i);
                return d == null ? null : d.toPlainString();
            }
            default -> {
                Object o = rs.getObject(i);
                return o instanceof java.sql.Date d ? d.toLocalDate().toString() : o instanceof UUID u ? u.toString() : o;
            }
        }
    }
}
