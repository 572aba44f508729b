package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.analysis.Pinyin;
import dev.guanjia.knowledge.importing.Outline.Block;
import dev.guanjia.knowledge.importing.Outline.Heading;
import dev.guanjia.knowledge.importing.Outline.Paragraph;
import dev.guanjia.knowledge.importing.Outline.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts an outline into articles at its top headings. A document with one heading above all others
 * (the handbook's own title) is cut at the level below it; a short document stays one article with
 * its headings as sections, because a fee notice of three paragraphs is one answer, not three.
 */
final class HandbookSplit {

    /** Below this many characters a document is not split. */
    static final int SPLIT_FROM_CHARS = 600;

    private static final Map<String, List<String>> CATEGORY_WORDS = new LinkedHashMap<>();

    static {
        // the first category whose words the title (then the opening text) contains is suggested
        CATEGORY_WORDS.put("emergencies", List.of("应急", "紧急", "火灾", "消防", "漏水", "停电", "燃气", "急救", "安全事故"));
        CATEGORY_WORDS.put("fees", List.of("收费", "费用", "物业费", "价格", "价目", "缴费", "交费", "标准", "单价", "押金", "元"));
        CATEGORY_WORDS.put("contacts", List.of("联系", "电话", "热线", "通讯录", "服务中心地址"));
        CATEGORY_WORDS.put("notices", List.of("通知", "公告", "告知"));
        CATEGORY_WORDS.put("facilities", List.of("设施", "停车", "车位", "会所", "电梯", "泳池", "健身", "门禁", "快递"));
        CATEGORY_WORDS.put("rules", List.of("规定", "规约", "公约", "守则", "禁止", "管理办法", "须知", "装修管理", "宠物"));
        CATEGORY_WORDS.put("procedures", List.of("办理", "流程", "申请", "手续", "如何", "怎么", "步骤", "报修", "入住"));
    }

    private HandbookSplit() {
    }

    static List<ProposedArticle> split(Outline outline, String fileStem) {
        List<Block> blocks = outline.blocks();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                counts.merge(h.level(), 1, Integer::sum);
            }
        }
        String docTitle = outline.title();
        Integer cut = counts.isEmpty() ? null : counts.firstKey();
        Heading titleHeading = null;
        if (cut != null && counts.get(cut) == 1 && counts.size() > 1) {
            // one heading above all others is the document's title
            for (Block b : blocks) {
                if (b instanceof Heading h && h.level() == cut) {
                    titleHeading = h;
                    break;
                }
            }
            if (docTitle == null) {
                docTitle = titleHeading.text();
            }
            cut = counts.higherKey(cut);
        }
        if (docTitle == null || docTitle.isBlank()) {
            docTitle = fileStem;
        }
        String slug = slug(docTitle, fileStem);
        List<ProposedArticle> out = new ArrayList<>();
        if (cut == null || outline.chars() < SPLIT_FROM_CHARS) {
            List<Block> all = new ArrayList<>(blocks);
            all.remove(titleHeading);
            int base = counts.isEmpty() ? 0 : cut - 1;
            String body = render(all, base);
            if (!body.isBlank()) {
                String title = titleHeading == null && outline.title() == null && all.size() > 0
                        && all.get(0) instanceof Heading h && counts.getOrDefault(h.level(), 0) == 1
                        ? h.text() : docTitle;
                out.add(article(1, slug, title, body));
            }
            return out;
        }
        List<Block> current = new ArrayList<>();
        String currentTitle = docTitle;
        for (Block b : blocks) {
            if (b == titleHeading) {
                continue;
            }
            if (b instanceof Heading h && h.level() <= cut) {
                add(out, slug, currentTitle, current, cut);
                current.clear();
                currentTitle = Headings.withoutNumbering(h.text());
                continue;
            }
            current.add(b);
        }
        add(out, slug, currentTitle, current, cut);
        return out;
    }

    private static void add(List<ProposedArticle> out, String slug, String title, List<Block> blocks, int cut) {
        String body = render(blocks, cut);
        // a part with a heading only (or a line of preamble) is no answer to anything
        if (body.replaceAll("[#\\s]", "").length() < 8) {
            return;
        }
        out.add(article(out.size() + 1, slug, title, body));
    }

    private static ProposedArticle article(int index, String slug, String title, String body) {
        String category = category(title, body);
        String shortTitle = Headings.withoutNumbering(title);
        // tags become words of the analyser: a short title is a word, a long one is not
        List<String> tags = List.of(shortTitle.length() <= 8 ? shortTitle : label(category));
        return new ProposedArticle(index, slug + "-" + String.format(Locale.ROOT, "%02d", index), title, category,
                tags, body);
    }

    /** Markdown: headings below the cut as ##…, paragraphs apart, tables as Markdown tables. */
    static String render(List<Block> blocks, int cut) {
        StringBuilder s = new StringBuilder();
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> s.append("#".repeat(Math.max(2, Math.min(6, h.level() - cut + 1)))).append(' ')
                        .append(h.text().strip()).append("\n\n");
                case Paragraph p -> s.append(p.text().strip()).append("\n\n");
                case Table t -> {
                    if (!t.rows().isEmpty()) {
                        s.append(table(t.rows())).append('\n');
                    }
                }
            }
        }
        return s.toString().strip();
    }

    static String table(List<List<String>> rows) {
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            s.append('|');
            for (int c = 0; c < width; c++) {
                String cell = c < rows.get(r).size() ? rows.get(r).get(c) : "";
                // a bar inside a cell would split it; a line break would end the row
                s.append(' ').append(cell.replace('|', '｜').replaceAll("\\s+", " ").strip()).append(" |");
            }
            s.append('\n');
            if (r == 0) {
                s.append('|').append(" --- |".repeat(width)).append('\n');
            }
        }
        return s.toString();
    }

    static String category(String title, String body) {
        for (String text : List.of(title, body.length() > 200 ? body.substring(0, 200) : body)) {
            for (Map.Entry<String, List<String>> e : CATEGORY_WORDS.entrySet()) {
                for (String w : e.getValue()) {
                    if (text.contains(w)) {
                        return e.getKey();
                    }
                }
            }
        }
        return "procedures";
    }

    private static String label(String category) {
        return switch (category) {
            case "fees" -> "收费";
            case "facilities" -> "设施";
            case "rules" -> "规定";
            case "contacts" -> "联系方式";
            case "emergencies" -> "应急";
            case "notices" -> "通知";
            default -> "办事指南";
        };
    }

    /** A short ASCII id from a title: letters and digits kept, each Chinese character's pinyin initial. */
    static String slug(String title, String fileStem) {
        StringBuilder s = new StringBuilder();
        for (String text : List.of(title, fileStem)) {
            for (char c : Headings.withoutNumbering(text).toCharArray()) {
                if (s.length() >= 16) {
                    break;
                }
                if (c < 128 && Character.isLetterOrDigit(c)) {
                    s.append(Character.toLowerCase(c));
                } else if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                    String py = Pinyin.of(c);
                    if (py != null && !py.isEmpty()) {
                        s.append(py.charAt(0));
                    }
                } else if (s.length() > 0 && s.charAt(s.length() - 1) != '-') {
                    s.append('-');
                }
            }
            if (s.length() >= 2) {
                break;
            }
        }
        String out = s.toString().replaceAll("^-+|-+$", "");
        return out.isEmpty() ? "import" : out;
    }
}
