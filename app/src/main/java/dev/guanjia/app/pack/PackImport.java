package dev.guanjia.app.pack;

import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.pack.CommunityPack;
import dev.guanjia.community.pack.CommunityPackReader;
import dev.guanjia.community.pack.CommunityPackStore;
import dev.guanjia.community.pack.CommunityPackValidator;
import dev.guanjia.community.pack.PackException;
import dev.guanjia.community.pack.PackProblem;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.knowledge.document.DocumentProblem;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentReader;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.ticketing.history.WorkOrderHistory;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Imports a community pack (community.yaml + kb/*.md): everything is read and checked first, then
 * written in one transaction, so a pack with any problem changes nothing.
 */
public final class PackImport {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PackImport.class.getName());

    private static final Pattern COMMUNITY_ID = Pattern.compile("[a-z0-9-]+");

    private final DataSource db;
    private final PersonalData personalData;

    public PackImport(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    /** What an import stored. */
    public record Report(String communityId, String name, int buildings, int houses, int residents, int staff,
                         int feeItems, int bills, int workOrders, int documents, long millis) {
    }

    /**
     * A pack that was read and validated, ready to store: the knowledge articles, and of them the dated
     * notice articles, which also become notices (delivered to residents) and are answered by the
     * knowledge search only on their valid days (an expired notice must not answer).
     */
    public record ReadPack(CommunityPack community, List<KbDocument> documents,
                           List<dev.guanjia.notices.pack.PackNotices.Packed> notices) {

        public ReadPack(CommunityPack community, List<KbDocument> documents) {
            this(community, documents, List.of());
        }
    }

    /** Reads and checks a pack without touching the database. */
    public static ReadPack read(Path dir) {
        List<PackProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new PackException(List.of(new PackProblem(dir.toString(), 0, "", "not a directory")));
        }
        Path yaml = dir.resolve(CommunityPackReader.FILE);
        CommunityPack pack = null;
        if (!Files.isRegularFile(yaml)) {
            problems.add(new PackProblem(CommunityPackReader.FILE, 0, "", "missing: a pack needs " + yaml));
        } else {
            pack = CommunityPackReader.read(yaml, problems);
            if (pack != null) {
                List<PackProblem> notes = new ArrayList<>();
                CommunityPackValidator.check(pack, problems, notes);
                notes.forEach(n -> LOG.warning("pack note (imported all the same): " + n));
            }
        }
        List<DocumentProblem> docProblems = new ArrayList<>();
        Path kb = dir.resolve("kb");
        List<KbDocument> docs = KbDocumentReader.readAll(kb, docProblems);
        if (!Files.isDirectory(kb)) {
            problems.add(new PackProblem("kb/", 0, "", "missing: a pack needs a kb/ directory of *.md documents"));
        } else if (docs.isEmpty() && docProblems.isEmpty()) {
            problems.add(new PackProblem("kb/", 0, "", "no *.md documents"));
        }
        for (DocumentProblem p : docProblems) {
            problems.add(new PackProblem(p.file(), p.line(), p.field(), p.reason()));
        }
        List<dev.guanjia.notices.pack.PackNotices.Packed> notices = pack == null ? List.of()
                : dev.guanjia.notices.pack.PackNotices.read(kb, pack.buildings().stream()
                        .collect(java.util.stream.Collectors.toMap(CommunityPack.Building::id,
                                b -> b.name() == null ? "" : b.name(), (a, b) -> a, java.util.LinkedHashMap::new)),
                        problems);
        if (!problems.isEmpty()) {
            throw new PackException(problems);
        }
        return new ReadPack(pack, docs, notices);
    }

    /**
     * Puts a community back to the pack as imported: orders, conversations and memory made at run
     * time are removed and the pack is imported again. For evaluation runs on a throwaway database.
     */
    public void resetRuntime(Path dir) {
        try (Connection c = db.getConnection()) {
            WorkOrderHistory.removeRunTime(c);
            Bookings.removeAll(c);
            dev.guanjia.community.billing.Bills.removeServiceCharges(c);
            PostgresChatMemoryStore.forgetAll(c);
            ConversationLog.removeAll(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset run-time data: " + e.getMessage(), e);
        }
        importPack(dir, null, "eval:reset");
    }

    /** Reads, checks and stores; communityId overrides the pack's own id when not null. */
    public Report importPack(Path dir, String communityId, String actor) {
        long start = System.nanoTime();
        if (communityId != null && !COMMUNITY_ID.matcher(communityId).matches()) {
            throw new PackException(List.of(new PackProblem("--community-id", 0, "", "'" + communityId
                    + "' must use only a-z, 0-9 and '-'")));
        }
        ReadPack read = read(dir);
        CommunityPack p = read.community();
        String id = communityId != null ? communityId : p.community().id();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                CommunityPackStore.replace(c, p, id, personalData);
                WorkOrderHistory.replace(c, id, p.workOrders());
                Bookables.importPack(c, id, p.bookables());
                // a notice is also an article answered on its valid days only: residents ask the knowledge
                // search "10号停水吗" as often as they read the notice itself
                java.util.Map<String, KbDocumentStore.Validity> validity = new java.util.HashMap<>();
                for (dev.guanjia.notices.pack.PackNotices.Packed n : read.notices()) {
                    if (!n.dated()) {
                        continue; // days read from its text: a standing article as well, as written
                    }
                    validity.put(n.docId(), new KbDocumentStore.Validity(n.draft().validFrom(), n.draft().validUntil()));
                }
                KbDocumentStore.replace(c, id, read.documents(), validity);
                // notices keep their rows (deliveries, read receipts) across re-imports: updated, not replaced
                java.time.Instant now = java.time.Instant.now();
                for (dev.guanjia.notices.pack.PackNotices.Packed n : read.notices()) {
                    dev.guanjia.notices.notice.Notices.importFromPack(c, now, id, n.docId(), n.draft());
                }
                dev.guanjia.notices.notice.Notices.withdrawRemovedFromPack(c, now, id,
                        read.notices().stream().map(dev.guanjia.notices.pack.PackNotices.Packed::docId).toList());
                AuditLog.append(c, actor, "pack.imported", id, dir.toAbsolutePath().toString(),
                        p.houses().size() + " houses, " + p.residents().size() + " residents, " + p.bills().size()
                                + " bills, " + read.documents().size() + " documents, " + read.notices().size() + " notices");
                c.commit();
                // the chat turns' kept facility lists read the committed ones from now on
                Bookables.changed();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PackException(List.of(new PackProblem(dir.toString(), 0, "",
                    "the database refused the pack: " + e.getMessage()
                            + " (a house, resident or staff member still used by run-time work orders or "
                            + "conversations cannot be removed by a re-import)")));
        }
        return new Report(id, p.community().name(), p.buildings().size(), p.houses().size(), p.residents().size(),
                p.staff().size(), p.feeItems().size(), p.bills().size(), p.workOrders().size(),
                read.documents().size(), (System.nanoTime() - start) / 1_000_000);
    }
}
