package dev.guanjia.community.pack;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads community.yaml into a {@link CommunityPack}. Shape problems (a missing field, a word where a
 * number belongs) are collected here; how entries relate is {@link CommunityPackValidator}'s job.
 */
public final class CommunityPackReader {

    public static final String FILE = "community.yaml";

    private CommunityPackReader() {
    }

    /** Returns null when the file cannot be read as YAML at all; the reason is in problems. */
    public static CommunityPack read(Path file, List<PackProblem> problems) {
        Node root;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setAllowDuplicateKeys(false);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(options).compose(in);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(new PackProblem(FILE, line, "", "not valid YAML: " + e.getProblem()));
            return null;
        } catch (YAMLException e) {
            problems.add(new PackProblem(FILE, 0, "", "not valid YAML: " + e.getMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new PackProblem(FILE, 0, "", "cannot read " + file + ": " + e.getMessage()));
            return null;
        }
        if (root == null) {
            problems.add(new PackProblem(FILE, 0, "", "file is empty"));
            return null;
        }
        YamlEntry top = new YamlEntry(FILE, "", root, problems);
        CommunityPack.Community community = new CommunityPack.Community(
                top.text("id", true), top.text("name", true), top.text("city", true), top.text("address", true),
                top.text("service_phone", true), top.text("emergency_phone", true),
                top.text("office_hours", true), top.zone("time_zone", false));

        List<CommunityPack.Building> buildings = new ArrayList<>();
        for (YamlEntry e : top.entries("buildings", true)) {
            YamlEntry b = named(e, "building");
            buildings.add(new CommunityPack.Building(b.text("id", true), b.text("name", true),
                    b.texts("units", true), b.integer("floors", true), b.integer("elevators", true), b.line()));
        }
        List<CommunityPack.House> houses = new ArrayList<>();
        for (YamlEntry e : top.entries("houses", true)) {
            YamlEntry h = named(e, "house");
            houses.add(new CommunityPack.House(h.text("id", true), h.text("building", true), h.text("unit", true),
                    h.text("room", true), h.decimal("area_m2", true), h.text("type", true), h.line()));
        }
        List<CommunityPack.Resident> residents = new ArrayList<>();
        for (YamlEntry e : top.entries("residents", true)) {
            YamlEntry r = named(e, "resident");
            residents.add(new CommunityPack.Resident(r.text("id", true), r.text("name", true), r.text("phone", true),
                    r.text("wechat_openid", false), r.texts("houses", true), r.text("role", true),
                    r.integer("birth_year", false), r.line()));
        }
        List<CommunityPack.Staff> staff = new ArrayList<>();
        for (YamlEntry e : top.entries("staff", true)) {
            YamlEntry s = named(e, "staff");
            staff.add(new CommunityPack.Staff(s.text("id", true), s.text("name", true), s.text("role", true),
                    s.texts("skills", false), s.texts("buildings", false), s.bool("on_duty", false),
                    s.text("phone", false), s.line()));
        }
        List<CommunityPack.FeeItem> feeItems = new ArrayList<>();
        for (YamlEntry e : top.entries("fee_items", true)) {
            YamlEntry f = e.has("code") ? e.named("fee_item " + e.text("code", false)) : e;
            feeItems.add(new CommunityPack.FeeItem(f.text("code", true), f.text("name", true),
                    f.decimal("unit_price", true), f.text("unit", true), f.text("basis", true),
                    f.text("cycle", true), f.line()));
        }
        List<CommunityPack.Bill> bills = new ArrayList<>();
        for (YamlEntry e : top.entries("bills", true)) {
            YamlEntry b = named(e, "bill");
            bills.add(new CommunityPack.Bill(b.text("id", true), b.text("house", true), b.text("item", true),
                    b.text("period", true), b.decimal("amount", true), b.date("due", true), b.text("status", true),
                    b.date("paid_at", false), b.line()));
        }
        List<CommunityPack.WorkOrder> workOrders = new ArrayList<>();
        for (YamlEntry e : top.entries("work_orders", false)) {
            YamlEntry w = named(e, "work_order");
            workOrders.add(new CommunityPack.WorkOrder(w.text("id", true), w.text("house", true),
                    w.text("category", true), w.text("title", true), w.text("status", true),
                    w.dateTime("created", true), w.dateTime("closed", false), w.text("assignee", false),
                    w.integer("rating", false), w.line()));
        }
        List<CommunityPack.Bookable> bookables = new ArrayList<>();
        for (YamlEntry e : top.entries("bookables", false)) {
            YamlEntry b = named(e, "bookable");
            bookables.add(new CommunityPack.Bookable(b.text("id", true), b.text("name", true), b.text("open", true),
                    b.integer("slot_minutes", true), b.integer("capacity", true), b.decimal("fee", true),
                    b.integer("advance_days", true), b.line()));
        }
        return new CommunityPack(community, buildings, houses, residents, staff, feeItems, bills, workOrders,
                bookables);
    }

    private static YamlEntry named(YamlEntry e, String kind) {
        return e.has("id") ? e.named(kind + " " + e.text("id", false)) : e;
    }
}
