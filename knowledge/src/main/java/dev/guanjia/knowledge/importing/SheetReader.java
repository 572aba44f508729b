package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.importing.Outline.Block;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A price table: every visible sheet of an .xlsx, or a .csv, becomes a heading (the sheet's name)
 * over one table whose first non-empty row is the header. Cells read as Excel shows them ("2.80",
 * "2026-01-01"); a formula reads as its last computed value. Empty rows and columns are left out.
 */
final class SheetReader {

    /** Rows read per sheet; a knowledge article is no place for a ledger. */
    static final int MAX_ROWS = 5000;

    private SheetReader() {
    }

    static Outline xlsx(byte[] bytes) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            DataFormatter format = new DataFormatter(java.util.Locale.CHINA);
            List<Block> blocks = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (int s = 0; s < book.getNumberOfSheets(); s++) {
                if (book.isSheetHidden(s) || book.isSheetVeryHidden(s)) {
                    continue;
                }
                Sheet sheet = book.getSheetAt(s);
                List<List<String>> rows = new ArrayList<>();
                for (Row row : sheet) {
                    if (rows.size() >= MAX_ROWS) {
                        warnings.add("工作表“" + sheet.getSheetName() + "”只导入了前" + MAX_ROWS + "行。");
                        break;
                    }
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                        cells.add(text(row.getCell(c), format));
                    }
                    rows.add(cells);
                }
                List<List<String>> table = tidy(rows);
                if (!table.isEmpty()) {
                    blocks.add(new Outline.Heading(1, sheet.getSheetName().strip()));
                    blocks.add(new Outline.Table(table));
                }
            }
            return new Outline(null, blocks, warnings);
        }
    }

    static Outline csv(String text, String stem) {
        List<List<String>> table = tidy(parseCsv(text));
        List<Block> blocks = new ArrayList<>();
        if (!table.isEmpty()) {
            blocks.add(new Outline.Heading(1, stem));
            blocks.add(new Outline.Table(table));
        }
        return new Outline(stem, blocks, List.of());
    }

    private static String text(Cell cell, DataFormatter format) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        String s = switch (type) {
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? format.formatRawCellContents(cell.getNumericCellValue(), cell.getCellStyle().getDataFormat(),
                    cell.getCellStyle().getDataFormatString())
                    : format.formatRawCellContents(cell.getNumericCellValue(), cell.getCellStyle().getDataFormat(),
                    cell.getCellStyle().getDataFormatString());
            case STRING -> cell.getRichStringCellValue().getString();
            case BOOLEAN -> cell.getBooleanCellValue() ? "是" : "否";
            default -> "";
        };
        return s.replaceAll("\\s+", " ").strip();
    }

    /** Without empty rows, and without columns that are empty in every row; the header row first. */
    static List<List<String>> tidy(List<List<String>> rows) {
        List<List<String>> kept = new ArrayList<>();
        int width = 0;
        for (List<String> r : rows) {
            if (r.stream().anyMatch(c -> !c.isBlank())) {
                kept.add(r);
                width = Math.max(width, r.size());
            }
        }
        List<Integer> used = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            final int col = c;
            if (kept.stream().anyMatch(r -> col < r.size() && !r.get(col).isBlank())) {
                used.add(c);
            }
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : kept) {
            List<String> row = new ArrayList<>();
            for (int c : used) {
                row.add(c < r.size() ? r.get(c).strip() : "");
            }
            out.add(row);
        }
        return out;
    }

    /** RFC 4180 fields: commas (or tabs, when the first line has more of them), quotes doubled inside quotes. */
    static List<List<String>> parseCsv(String text) {
        String first = text.lines().findFirst().orElse("");
        char sep = first.chars().filter(ch -> ch == '\t').count() > first.chars().filter(ch -> ch == ',').count()
                ? '\t' : first.chars().filter(ch -> ch == ';').count() > first.chars().filter(ch -> ch == ',').count()
                ? ';' : ',';
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == sep) {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                if (rows.size() > MAX_ROWS) {
                    break;
                }
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
