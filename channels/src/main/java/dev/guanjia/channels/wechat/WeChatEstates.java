package dev.guanjia.channels.wechat;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunityProfile;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.Residents;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The communities one official account serves, and which of them serves a follower. An account of
 * one community serves everyone in it. A shared account (a property company's one 公众号 for all its
 * estates) serves a follower in the community where their openid is bound to a resident, else in
 * the one they picked from a numbered list of the account's estates (remembered per account and
 * follower in wechat_estates); until they pick, every message is answered with that list. One who
 * picked wrongly says "换小区" and is asked again.
 */
public final class WeChatEstates {

    /** One community of the account: its binding steps, its photo intake and its reminder opt-outs. */
    public record Estate(String communityId, WeChatBinding binding, WeChatPhotos photos,
                         WeChatReminderReplies reminders) {
    }

    static final String KIND = "wechat_openid";
    /** A pick as residents type it: "2", "第2个", "2号", "２". */
    private static final Pattern PICK = Pattern.compile("第?\\s*(\\d{1,3})\\s*(?:个|号|个小区)?[。.!！]?");
    /** A follower who picked the wrong estate. */
    private static final Pattern CHANGE = Pattern.compile("(换|切换|更换|改|重选|重新选择?)(一下)?(个)?小区|选错(了)?小区|小区选错了?");

    private final String appId;
    private final Map<String, Estate> estates = new LinkedHashMap<>();
    private final Residents residents;
    private final CommunityDirectory directory;
    private final PersonalData personalData;
    private final DataSource db;

    public WeChatEstates(String appId, List<Estate> estates, Residents residents, CommunityDirectory directory,
                         PersonalData personalData, DataSource db) {
        this.appId = appId;
        for (Estate e : estates) {
            this.estates.put(e.communityId(), e);
        }
        this.residents = residents;
        this.directory = directory;
        this.personalData = personalData;
        this.db = db;
    }

    public List<Estate> all() {
        return List.copyOf(estates.values());
    }

    /** The estate of a community the account serves. */
    public Optional<Estate> of(String communityId) {
        return Optional.ofNullable(estates.get(communityId));
    }

    /** Runs a message's handling with each follower looked up once (see {@link Residents#once}). */
    public <T> T once(java.util.function.Supplier<T> work) {
        return residents.once(work);
    }

    /** The estate serving this follower; empty while a follower of a shared account has not picked one. */
    public Optional<Estate> serving(String openid) {
        if (estates.size() == 1) {
            return Optional.of(estates.values().iterator().next());
        }
        for (Estate e : estates.values()) {
            if (residents.identify(e.communityId(), KIND, openid).isPresent()) {
                return Optional.of(e);
            }
        }
        return chosen(openid).map(estates::get);
    }

    /**
     * The list again when a follower of a shared account who picked an estate (and is bound in none)
     * asks to change it; their pick is forgotten. Empty for every other message.
     */
    public Optional<String> change(String openid, String said) {
        if (estates.size() == 1 || said == null || !CHANGE.matcher(said).find()
                || estates.keySet().stream().anyMatch(c -> residents.identify(c, KIND, openid).isPresent())) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM wechat_estates WHERE app_id = ? AND openid_hash = ?")) {
            s.setString(1, appId);
            s.setString(2, personalData.lookup(KIND, openid));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("forgetting a follower's estate failed", e);
        }
        return Optional.of(question("好的，请重新选择。", new ArrayList<>(estates.keySet())));
    }

    /**
     * What a follower who has not picked an estate is told, and the message they sent before
     * picking (kept until now), to be answered in the estate they just picked.
     */
    public record Choice(String reply, Optional<String> waiting) {
    }

    /**
     * The answer to a follower who has not picked an estate yet: their pick remembered and
     * confirmed, a hint on a number not in the list, else the list. A question sent before picking
     * is kept (it is a message received: it must not be lost) and handed back with the pick.
     */
    public Choice choose(String openid, String said) {
        List<String> ids = new ArrayList<>(estates.keySet());
        String text = said == null ? "" : java.text.Normalizer.normalize(said, java.text.Normalizer.Form.NFKC).strip();
        Matcher m = PICK.matcher(text);
        int picked = -1;
        if (m.matches()) {
            picked = Integer.parseInt(m.group(1));
            if (picked < 1 || picked > ids.size()) {
                return new Choice("没有第" + picked + "个小区。请回复 1 到 " + ids.size() + " 之间的数字，选择您居住的小区：\n"
                        + list(ids), Optional.empty());
            }
        } else {
            for (int i = 0; i < ids.size(); i++) {
                if (!text.isEmpty() && text.contains(name(ids.get(i)))) {
                    picked = i + 1;
                }
            }
        }
        if (picked < 1) {
            if ("[关注]".equals(text) || text.isEmpty()) {
                return new Choice(question("欢迎关注！", ids), Optional.empty());
            }
            keep(openid, said);
            return new Choice(question("您的留言已收到，选好小区后马上为您处理。", ids), Optional.empty());
        }
        String id = ids.get(picked - 1);
        Optional<String> waiting = remember(openid, id);
        if (waiting.isPresent()) {
            return new Choice("好的，已为您选择「" + name(id) + "」（选错了请回复“换小区”）。您刚才的留言正在处理，稍后回复您。",
                    waiting);
        }
        return new Choice("好的，已为您选择「" + name(id) + "」，之后由该小区的物业为您服务（选错了请回复“换小区”）。请问有什么可以帮您？"
                + "查账单和工单前需要先绑定：" + WeChatBinding.HOW, Optional.empty());
    }

    /** Keeps what a follower said before picking an estate (the latest messages, as one text). */
    private void keep(String openid, String said) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO wechat_estates (app_id, openid_hash, waiting) VALUES (?, ?, ?)
                ON CONFLICT (app_id, openid_hash) DO UPDATE
                SET waiting = right(coalesce(wechat_estates.waiting || E'\n', '') || excluded.waiting, 2000)""")) {
            s.setString(1, appId);
            s.setString(2, personalData.lookup(KIND, openid));
            s.setString(3, said.strip());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("keeping a follower's message failed", e);
        }
    }

    private String question(String greeting, List<String> ids) {
        return greeting + "本公众号为以下小区服务，请问您住在哪个小区？请回复序号：\n" + list(ids);
    }

    private String list(List<String> ids) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            out.append(i + 1).append(". ").append(name(ids.get(i))).append(i + 1 < ids.size() ? "\n" : "");
        }
        return out.toString();
    }

    /** Looked up each time: an estate's pack may be imported after the server started. */
    private String name(String communityId) {
        return directory.profile(communityId).map(CommunityProfile::name).orElse(communityId);
    }

    private Optional<String> chosen(String openid) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT community_id FROM wechat_estates WHERE app_id = ? AND openid_hash = ?")) {
            s.setString(1, appId);
            s.setString(2, personalData.lookup(KIND, openid));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1) != null && estates.containsKey(rs.getString(1)) ? Optional.of(rs.getString(1))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a follower's estate failed", e);
        }
    }

    /** Remembers the pick; returns the message kept from before it (and forgets it here). */
    private Optional<String> remember(String openid, String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                WITH before AS (SELECT waiting FROM wechat_estates WHERE app_id = ? AND openid_hash = ?)
                INSERT INTO wechat_estates (app_id, openid_hash, community_id) VALUES (?, ?, ?)
                ON CONFLICT (app_id, openid_hash) DO UPDATE
                SET community_id = excluded.community_id, chosen_at = now(), waiting = NULL
                RETURNING (SELECT waiting FROM before)""")) {
            String hash = personalData.lookup(KIND, openid);
            s.setString(1, appId);
            s.setString(2, hash);
            s.setString(3, appId);
            s.setString(4, hash);
            s.setString(5, communityId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("remembering a follower's estate failed", e);
        }
    }
}
