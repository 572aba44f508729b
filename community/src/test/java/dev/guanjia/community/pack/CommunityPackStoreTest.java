package dev.guanjia.community.pack;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunityProfile;
import dev.guanjia.community.directory.CommunitySummary;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommunityPackStoreTest {

    @TempDir
    Path dir;

    private DataSource db;
    private final PersonalData personalData = PersonalData.ephemeral();

    @BeforeEach
    void database() {
        db = TestDatabase.fresh("community");
    }

    private void store(String yaml) throws Exception {
        Path f = dir.resolve("community.yaml");
        Files.writeString(f, yaml);
        List<PackProblem> problems = new ArrayList<>();
        CommunityPack pack = CommunityPackReader.read(f, problems);
        CommunityPackValidator.check(pack, problems, new ArrayList<>());
        assertEquals(List.of(), problems);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            CommunityPackStore.replace(c, pack, pack.community().id(), personalData);
            c.commit();
        }
    }

    private long number(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void storesEverythingThePackHolds() throws Exception {
        store(SmallPack.YAML);
        CommunitySummary c = new CommunityDirectory(db).find("test-garden").orElseThrow();
        assertEquals("测试花园", c.name());
        assertEquals(2, c.buildings());
        assertEquals(3, c.houses());
        assertEquals(3, c.residents());
        assertEquals(3, c.staff());
        assertEquals(4, number("SELECT count(*) FROM bills"));
        assertEquals(0, new BigDecimal("483.00").compareTo(
                new BigDecimal(text("SELECT amount FROM bills WHERE code = 'b3'"))));
        // r3 lives in two houses; house 1-1-101 has an owner and a family member
        assertEquals(2, number("SELECT count(*) FROM resident_houses rh JOIN residents r ON r.id = rh.resident_id "
                + "WHERE r.code = 'r3'"));
        assertEquals(2, number("SELECT count(*) FROM resident_houses rh JOIN houses h ON h.id = rh.house_id "
                + "WHERE h.code = '1-1-101'"));
        // identities are found by their keyed hash; the stored value is sealed
        assertEquals("r3", text("SELECT r.code FROM resident_identities i JOIN residents r ON r.id = i.resident_id "
                + "WHERE i.kind = 'wechat_openid' AND i.value_hash = '"
                + personalData.lookup("wechat_openid", "wx-3") + "'"));
        assertEquals(0, number("SELECT count(*) FROM resident_identities WHERE value LIKE '%wx-%' OR value ~ '^[0-9]+$'"));
        assertEquals("{plumbing,electrical}", text("SELECT skills::text FROM staff WHERE code = 's1'"));
    }

    @Test
    void aCommunityKeepsItsOwnTimeZoneAndChinasWhenThePackSaysNone() throws Exception {
        store(SmallPack.YAML);
        CommunityDirectory directory = new CommunityDirectory(db);
        assertEquals(java.time.ZoneId.of("Asia/Shanghai"), directory.zone("test-garden"));
        store(SmallPack.with("office_hours: \"每天 9:00-17:00\"", "office_hours: \"每天 9:00-17:00\"\ntime_zone: Asia/Urumqi"));
        assertEquals(java.time.ZoneId.of("Asia/Urumqi"), directory.zone("test-garden"));
        assertEquals("Asia/Urumqi", directory.find("test-garden").orElseThrow().timeZone());
        assertEquals(java.time.ZoneId.of("Asia/Shanghai"), directory.zone("no-such-community"));
    }

    @Test
    void aProfileNamesTheCommunityAndItsContactsAndIsEmptyForAnUnknownOne() throws Exception {
        store(SmallPack.YAML);
        CommunityDirectory directory = new CommunityDirectory(db);
        CommunitySummary summary = directory.find("test-garden").orElseThrow();
        CommunityProfile profile = directory.profile("test-garden").orElseThrow();
        assertEquals(summary.name(), profile.name());
        assertEquals(summary.servicePhone(), profile.servicePhone());
        assertEquals(summary.emergencyPhone(), profile.emergencyPhone());
        assertEquals(summary.officeHours(), profile.officeHours());
        assertEquals(summary.timeZone(), profile.timeZone());
        assertTrue(directory.profile("no-such-community").isEmpty());
    }

    @Test
    void aTrunksSpellingOfANumberFindsTheResidentRegisteredWithAnother() throws Exception {
        store(SmallPack.YAML.replace("phone: \"13000000002\"", "phone: \"051266010901\""));
        var residents = new dev.guanjia.community.resident.Residents(db, personalData);
        assertEquals("r2", residents.identify("test-garden", "phone", "+8651266010901").orElseThrow().code());
        assertEquals("r2", residents.identify("test-garden", "phone", "008651266010901").orElseThrow().code());
        assertEquals("r1", residents.identify("test-garden", "phone", "+86 130 0000 0001").orElseThrow().code());
        assertEquals("r1", residents.identify("test-garden", "phone", "013000000001").orElseThrow().code());
        // a mobile's hash is what it was before numbers were normalised: existing databases still match
        assertEquals(personalData.rawLookup("phone", "13000000001"),
                personalData.lookup("phone", "+8613000000001"));
    }

    @Test
    void reimportIsIdempotentAndKeepsRowIds() throws Exception {
        store(SmallPack.YAML);
        long houseId = number("SELECT id FROM houses WHERE code = '1-2-502'");
        String before = text("SELECT string_agg(code || amount || status, ',' ORDER BY code) FROM bills");
        store(SmallPack.YAML);
        assertEquals(houseId, number("SELECT id FROM houses WHERE code = '1-2-502'"));
        assertEquals(3, number("SELECT count(*) FROM houses"));
        assertEquals(4, number("SELECT count(*) FROM bills"));
        assertEquals(4, number("SELECT count(*) FROM resident_houses"));
        assertEquals(5, number("SELECT count(*) FROM resident_identities"));
        assertEquals(before, text("SELECT string_agg(code || amount || status, ',' ORDER BY code) FROM bills"));
    }

    @Test
    void reimportUpdatesChangedRowsAndRemovesMissingOnes() throws Exception {
        store(SmallPack.YAML);
        String changed = SmallPack.YAML
                .replace("  - {id: b4, house: \"2-1-301\", item: parking, period: \"2026-11\", amount: 100.00, "
                        + "due: \"2026-11-30\", status: unpaid}\n", "")
                .replace("{id: b3, house: \"1-2-502\", item: property, period: \"2026-Q4\", amount: 483.00, "
                                + "due: \"2026-12-31\", status: unpaid}",
                        "{id: b3, house: \"1-2-502\", item: property, period: \"2026-Q4\", amount: 483.00, "
                                + "due: \"2026-12-31\", status: paid, paid_at: \"2026-11-02\"}")
                .replace("name: 主管丙", "name: 主管丁");
        assertTrue(!changed.equals(SmallPack.YAML));
        store(changed);
        assertEquals(3, number("SELECT count(*) FROM bills"));
        assertEquals("paid", text("SELECT status FROM bills WHERE code = 'b3'"));
        assertEquals("2026-11-02", text("SELECT paid_at::text FROM bills WHERE code = 'b3'"));
        assertEquals("主管丁", text("SELECT name FROM staff WHERE code = 's3'"));
    }

    @Test
    void runtimeBindingsSurviveAReimport() throws Exception {
        store(SmallPack.YAML);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO resident_identities (community_id, resident_id, kind, value, source) "
                    + "SELECT community_id, id, 'wechat_openid', 'wx-bound-later', 'bound' FROM residents "
                    + "WHERE code = 'r2'");
        }
        store(SmallPack.YAML);
        assertEquals("r2", text("SELECT r.code FROM resident_identities i JOIN residents r ON r.id = i.resident_id "
                + "WHERE i.value = 'wx-bound-later'"));
    }

    @Test
    void storesUnderAnotherIdWhenAsked() throws Exception {
        Path f = dir.resolve("community.yaml");
        Files.writeString(f, SmallPack.YAML);
        CommunityPack pack = CommunityPackReader.read(f, new ArrayList<>());
        try (Connection c = db.getConnection()) {
            CommunityPackStore.replace(c, pack, "copy-b", personalData);
        }
        assertEquals(List.of("copy-b"), new CommunityDirectory(db).list().stream().map(CommunitySummary::id).toList());
    }
}
