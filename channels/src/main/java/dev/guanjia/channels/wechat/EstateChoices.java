package dev.guanjia.channels.wechat;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The channels module's share of a resident's data: which estate they picked on a shared official
 * account (found by the keyed hash of their openids), and a message they sent before picking.
 * Erasure and expiry forget the row: a follower is simply asked again.
 */
public final class EstateChoices implements ResidentRecords {

    private static final String WHERE = "openid_hash = ANY (?)";

    private final PersonalData personalData;

    public EstateChoices(PersonalData personalData) {
        this.personalData = personalData;
    }

    @Override
    public List<String> tables() {
        return List.of("wechat_estates");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        out.put("wechatEstates", Rows.list(c, """
                SELECT app_id AS "account", community_id AS "community", waiting AS "waitingMessage",
                       chosen_at AS "chosenAt" FROM wechat_estates""" + " WHERE " + WHERE + " ORDER BY chosen_at",
                (Object) hashes(who)));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        return Rows.update(c, "DELETE FROM wechat_estates WHERE " + WHERE, (Object) hashes(who)) + " estate choices";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        return Rows.update(c, "DELETE FROM wechat_estates WHERE chosen_at < now() - make_interval(days => ?)",
                retention.conversationDays());
    }

    private String[] hashes(DataSubject who) {
        return who.openids().stream().map(o -> personalData.lookup(WeChatEstates.KIND, o)).toArray(String[]::new);
    }
}
