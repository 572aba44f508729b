package dev.guanjia.knowledge.importing;

import java.util.List;

/**
 * What a reader makes of a file: its title (may be null) and its blocks in reading order. Levels
 * start at 1; a smaller level is a higher heading.
 */
public record Outline(String title, List<Block> blocks, List<String> warnings) {

    public sealed interface Block permits Heading, Paragraph, Table {
    }

    public record Heading(int level, String text) implements Block {
    }

    /** One paragraph or list item, already joined into one line. */
    public record Paragraph(String text) implements Block {
    }

    /** A table: the first row is its header. */
    public record Table(List<List<String>> rows) implements Block {
    }

    /** The visible characters of the text blocks (headings, paragraphs, cells). */
    public int chars() {
        int n = 0;
        for (Block b : blocks) {
            n += switch (b) {
                case Heading h -> h.text().length();
                case Paragraph p -> p.text().length();
                case Table t -> t.rows().stream().flatMap(List::stream).mapToInt(String::length).sum();
            };
        }
        return n;
    }
}
