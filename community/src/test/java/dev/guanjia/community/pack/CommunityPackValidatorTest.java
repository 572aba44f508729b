package dev.guanjia.community.pack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommunityPackValidatorTest {

    @TempDir
    Path dir;

    private final List<PackProblem> notes = new ArrayList<>();

    private List<PackProblem> problems(String yaml) throws IOException {
        Path f = dir.resolve("community.yaml");
        Files.writeString(f, yaml);
        List<PackProblem> problems = new ArrayList<>();
        CommunityPack pack = CommunityPackReader.read(f, problems);
        if (pack != null) {
            CommunityPackValidator.check(pack, problems, notes);
        }
        return problems;
    }

    /** No problem, and one note at the given line naming the field: said, and imported all the same. */
    private void assertOneNote(String yaml, String lineText, String field, String reason) throws IOException {
        assertEquals(List.of(), problems(yaml));
        assertEquals(1, notes.size(), () -> "notes: " + notes);
        assertEquals(SmallPack.lineOf(yaml, lineText), notes.get(0).line());
        assertEquals(field, notes.get(0).field());
        assertTrue(notes.get(0).reason().contains(reason), notes.get(0)::toString);
    }

    /** Exactly one problem, at the given line, naming the field, with the reason containing text. */
    private void assertOneProblem(String yaml, String lineText, String field, String reason) throws IOException {
        List<PackProblem> ps = problems(yaml);
        assertEquals(1, ps.size(), () -> "problems: " + ps);
        PackProblem p = ps.get(0);
        assertEquals("community.yaml", p.file());
        assertEquals(SmallPack.lineOf(yaml, lineText), p.line(), p::toString);
        assertEquals(field, p.field());
        assertTrue(p.reason().contains(reason), p::toString);
    }

    @Test
    void theSmallPackIsValidAndReadWithExactMoney() throws IOException {
        assertEquals(List.of(), problems(SmallPack.YAML));
        List<PackProblem> none = new ArrayList<>();
        Path f = dir.resolve("community.yaml");
        CommunityPack pack = CommunityPackReader.read(f, none);
        assertNotNull(pack);
        assertEquals(new BigDecimal("483.00"), pack.bills().get(2).amount());
        assertEquals(3, pack.houses().size());
        assertEquals(List.of("1-2-502", "2-1-301"), pack.residents().get(2).houses());
    }

    @Test
    void aTimeZoneMustBeOneTheTzDatabaseKnows() throws IOException {
        String yaml = SmallPack.with("office_hours: \"每天 9:00-17:00\"", "office_hours: \"每天 9:00-17:00\"\ntime_zone: Beijing");
        assertOneProblem(yaml, "time_zone:", "time_zone", "'Beijing' is not a time zone");
    }

    @Test
    void aPhoneIsReadAsTheCompanyWritesIt() throws IOException {
        // a landline with its area code and a dash, a mobile with the country code and spaces
        assertEquals(List.of(), problems(SmallPack.with("phone: \"13000000002\"", "phone: \"010-6552 0417\"")
                .replace("phone: \"13000000003\"", "phone: \"+86 130 0000 0003\"")));
        assertOneProblem(SmallPack.with("phone: \"13000000002\"", "phone: \"010-655\""), "id: r2",
                "resident r2.phone", "must be a phone number");
        assertOneProblem(SmallPack.with("phone: \"13000000002\"", "phone: \"电话待补\""), "id: r2",
                "resident r2.phone", "must be a phone number");
    }

    @Test
    void oneNumberSpelledTwoWaysIsTwoResidentsOnOnePhone() throws IOException {
        assertOneProblem(SmallPack.with("phone: \"13000000002\"", "phone: \"+86 13000000001\""), "id: r2",
                "resident r2.phone", "also the phone of resident r1");
    }

    @Test
    void aOneOffChargeIsNamedAsTheCompanyNamesIt() throws IOException {
        String season = SmallPack.with("cycle: monthly}", "cycle: monthly}\n  - {code: heating, name: 采暖费, "
                        + "unit_price: 25.00, unit: \"元/平方米\", basis: area, cycle: once}")
                .replace("  - {id: b4,", "  - {id: b5, house: \"2-1-301\", item: heating, period: \"2026-2027采暖季\", "
                        + "amount: 1500.00, due: \"2026-11-15\", status: overdue}\n  - {id: b4,");
        assertEquals(List.of(), problems(season));
        assertOneProblem(season.replace("2026-2027采暖季", "2026-2027采暖季".repeat(5)), "id: b5",
                "bill b5.period", "does not fit the once cycle");
    }

    @Test
    void unknownHouseInBill() throws IOException {
        String yaml = SmallPack.with("{id: b4, house: \"2-1-301\"", "{id: b4, house: \"9-9-999\"");
        assertOneProblem(yaml, "id: b4", "bill b4.house", "unknown house '9-9-999'");
    }

    @Test
    void duplicateId() throws IOException {
        String yaml = SmallPack.with("{id: b3, house", "{id: b2, house");
        List<PackProblem> ps = problems(yaml);
        // the duplicate is reported; the second b2 also duplicates a (house, item, period)? no: different house
        assertEquals(1, ps.size(), ps::toString);
        assertEquals("bill b2", ps.get(0).field());
        assertEquals(SmallPack.lineOf(yaml, "amount: 483.00"), ps.get(0).line());
        assertTrue(ps.get(0).reason().contains("duplicate id 'b2'"));
    }

    @Test
    void negativeAmount() throws IOException {
        String yaml = SmallPack.with("amount: 100.00", "amount: -100.00");
        assertOneProblem(yaml, "id: b4", "bill b4.amount", "must be greater than 0");
    }

    @Test
    void amountThatDoesNotMatchTheFeeItem() throws IOException {
        String yaml = SmallPack.with("amount: 483.00", "amount: 480.00");
        assertOneProblem(yaml, "id: b3", "bill b3.amount", "= 483.00");
    }

    @Test
    void badDate() throws IOException {
        String yaml = SmallPack.with("due: \"2026-11-30\"", "due: \"2026-11-31\"");
        assertOneProblem(yaml, "id: b4", "bill b4.due", "is not a date");
    }

    @Test
    void paidBillWithoutPaymentDate() throws IOException {
        String yaml = SmallPack.with(", status: paid, paid_at: \"2026-07-10\"}", ", status: paid}");
        assertOneProblem(yaml, "id: b1", "bill b1.paid_at", "needs paid_at");
    }

    @Test
    void missingRequiredField() throws IOException {
        String yaml = SmallPack.with("area_m2: 60.00, ", "");
        assertOneProblem(yaml, "id: \"2-1-301\"", "house 2-1-301.area_m2", "missing");
    }

    @Test
    void wordWhereANumberBelongs() throws IOException {
        String yaml = SmallPack.with("floors: 6", "floors: six");
        assertOneProblem(yaml, "id: \"2\", name", "building 2.floors", "not a whole number");
    }

    @Test
    void unitNotInBuilding() throws IOException {
        String yaml = SmallPack.with("{id: \"2-1-301\", building: \"2\", unit: \"1\"",
                "{id: \"2-1-301\", building: \"2\", unit: \"3\"");
        assertOneProblem(yaml, "id: \"2-1-301\"", "house 2-1-301.unit", "not one of building 2's units");
    }

    @Test
    void phoneSharedByTwoResidents() throws IOException {
        String yaml = SmallPack.with("phone: \"13000000003\"", "phone: \"13000000001\"");
        assertOneProblem(yaml, "id: r3", "resident r3.phone", "also the phone of resident r1");
    }

    @Test
    void familyMemberOfAHouseNobodyOwns() throws IOException {
        String yaml = SmallPack.with("houses: [\"1-1-101\"], role: family", "houses: [\"2-1-301\"], role: family")
                .replace("houses: [\"1-2-502\", \"2-1-301\"]", "houses: [\"1-2-502\"]");
        assertOneNote(yaml, "id: r2", "resident r2.houses", "no resident owns that house");
    }

    @Test
    void technicianWithUnknownSkill() throws IOException {
        String yaml = SmallPack.with("skills: [plumbing, electrical]", "skills: [plumbing, electrical, magic]");
        assertOneProblem(yaml, "id: s1", "staff s1.skills", "'magic' is not a work-order category");
    }

    @Test
    void workOrderAssignedToSomeoneWithoutTheSkill() throws IOException {
        String yaml = SmallPack.with("category: electrical, title: 插座没电", "category: elevator, title: 插座没电");
        assertOneNote(yaml, "id: w2", "work_order w2.assignee", "has no skill elevator");
    }

    @Test
    void ratingOnAnOpenOrder() throws IOException {
        String yaml = SmallPack.with("assignee: s1}", "assignee: s1, rating: 3}");
        assertOneProblem(yaml, "id: w2", "work_order w2.rating", "only closed work orders");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() throws IOException {
        String yaml = SmallPack.with("amount: 100.00", "amount: -1")
                .replace("due: \"2026-12-31\", status: unpaid}\n  - {id: b3", "due: \"tomorrow\", status: unpaid}\n  - {id: b3")
                .replace("{id: b1, house: \"1-1-101\"", "{id: b1, house: \"nowhere\"");
        List<PackProblem> ps = problems(yaml);
        assertEquals(3, ps.size(), ps::toString);
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() throws IOException {
        String yaml = SmallPack.with("  - {id: b4, house", "  - {id: b4, house: [unclosed, house");
        List<PackProblem> ps = problems(yaml);
        assertEquals(1, ps.size(), ps::toString);
        assertTrue(ps.get(0).reason().startsWith("not valid YAML"), ps::toString);
        assertTrue(ps.get(0).line() >= SmallPack.lineOf(yaml, "id: b4"), ps::toString);
    }

    @Test
    void problemsPrintAsFileLineFieldReason() {
        assertEquals("community.yaml:12: bill b1.amount: must be greater than 0",
                new PackProblem("community.yaml", 12, "bill b1.amount", "must be greater than 0").toString());
    }
}
