package dev.guanjia.knowledge.importing;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;

/**
 * The kinds of file the import reads. The name's extension says what the staff meant; the content
 * (its first bytes, a zip's entry names) must agree, so a renamed file is refused rather than fed to
 * the wrong parser.
 */
public enum FileKind {
    DOCX("Word (.docx)"), PDF("PDF"), XLSX("Excel (.xlsx)"), CSV("CSV"), MARKDOWN("Markdown"), TEXT("text");

    /** More zip entries than any office document has: a zip made to exhaust the reader. */
    static final int MAX_ZIP_ENTRIES = 5000;

    private final String label;

    FileKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** What the file is, by its name and its content; refused when they disagree or it is not one of ours. */
    public static FileKind of(String fileName, byte[] content) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        FileKind named = switch (ext) {
            case "docx" -> DOCX;
            case "pdf" -> PDF;
            case "xlsx" -> XLSX;
            case "csv" -> CSV;
            case "md", "markdown" -> MARKDOWN;
            case "txt" -> TEXT;
            case "doc", "xls", "wps", "et" -> throw new ImportRefusal(ImportRefusal.Reason.WRONG_TYPE,
                    "." + ext + " is an old binary Office format; open it and save it as .docx or .xlsx, then upload again");
            default -> throw new ImportRefusal(ImportRefusal.Reason.WRONG_TYPE, "'" + fileName
                    + "' is not a file the import reads: upload .docx, .pdf, .xlsx, .csv, .md or .txt");
        };
        String actual = sniff(content);
        boolean agrees = switch (named) {
            case DOCX -> actual.equals("docx");
            case XLSX -> actual.equals("xlsx");
            case PDF -> actual.equals("pdf");
            case CSV, MARKDOWN, TEXT -> actual.equals("text");
        };
        if (!agrees) {
            throw new ImportRefusal(ImportRefusal.Reason.WRONG_TYPE, "the file is named ." + ext
                    + " but its content is " + describe(actual) + "; upload the file itself, with its own extension");
        }
        return named;
    }

    private static String describe(String actual) {
        return switch (actual) {
            case "docx" -> "a Word document (.docx)";
            case "xlsx" -> "an Excel workbook (.xlsx)";
            case "pdf" -> "a PDF";
            case "text" -> "plain text";
            case "zip" -> "a zip archive that is no Word or Excel document";
            default -> "of an unknown binary kind";
        };
    }

    private static String sniff(byte[] b) {
        if (startsWith(b, "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return "pdf";
        }
        if (startsWith(b, new byte[]{'P', 'K', 3, 4})) {
            return zipKind(b);
        }
        if (startsWith(b, new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0})) {
            // an OLE2 container: an encrypted .docx/.xlsx is one, so is an old .doc/.xls
            try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(b))) {
                if (fs.getRoot().hasEntryCaseInsensitive("EncryptionInfo")) {
                    throw new ImportRefusal(ImportRefusal.Reason.ENCRYPTED, "the Office file is protected by a "
                            + "password; open it, remove the password (File > Info > Protect), save and upload again");
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof ImportRefusal r) {
                    throw r;
                }
                throw new ImportRefusal(ImportRefusal.Reason.CORRUPT, "the file looks like an old Office file but cannot be read");
            }
            return "ole2";
        }
        int n = Math.min(b.length, 64 * 1024);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return "binary";
            }
        }
        return "text";
    }

    /** A zip's kind by its central directory alone (nothing is inflated here). */
    private static String zipKind(byte[] b) {
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(b)).get()) {
            boolean word = false;
            boolean excel = false;
            int entries = 0;
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                word |= n.equals("word/document.xml");
                excel |= n.equals("xl/workbook.xml");
                if (++entries > MAX_ZIP_ENTRIES) {
                    throw new ImportRefusal(ImportRefusal.Reason.ZIP_BOMB, "the file holds more than "
                            + MAX_ZIP_ENTRIES + " zip entries, more than any office document; it was not read");
                }
            }
            return word ? "docx" : excel ? "xlsx" : "zip";
        } catch (IOException e) {
            throw new ImportRefusal(ImportRefusal.Reason.CORRUPT, "the file is a damaged zip (Word/Excel) archive; "
                    + "open it in Office, save it again and upload the new copy");
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
