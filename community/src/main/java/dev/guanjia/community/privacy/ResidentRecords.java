package dev.guanjia.community.privacy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One module's share of a resident's data (个人信息保护法): it adds what its tables hold about the
 * resident to their export, erases it on request and ends it when its retention period is over.
 * Each module implements this for its own tables (no module reads another's); the application
 * collects them, and a test checks that every table is covered by one or declared free of
 * residents' data.
 */
public interface ResidentRecords {

    /** The tables this covers. */
    List<String> tables();

    /** Adds this module's data about the resident to the export (keys are the export's sections). */
    void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException;

    /**
     * Removes or anonymises the resident's data, inside the caller's transaction; operational facts
     * (categories, statuses, times) stay for the company's records and KPIs.
     *
     * @param marker the text that replaces what the resident wrote
     * @return a short account for the audit log ("3 work orders' descriptions")
     */
    String erase(Connection c, DataSubject who, String marker) throws SQLException;

    /**
     * Ends what is past its retention period, inside the caller's transaction.
     *
     * @param marker the text that replaces expired free text
     * @return how many rows were removed or anonymised
     */
    int expire(Connection c, Retention retention, String marker) throws SQLException;
}
