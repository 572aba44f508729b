package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.document.DocumentProblem;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentReader;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.util.ZipSecureFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an office document the staff already have into proposed knowledge articles: .docx and text
 * PDFs by their headings, .xlsx/.csv price tables as tables, .md (with or without front matter) and
 * .txt. Nothing is stored here; the staff confirm a preview first. A file that cannot be read
 * safely is refused with an {@link ImportRefusal}.
 * <p>
 * POI reads Word and Excel, PDFBox reads PDF: the two libraries Tika would wrap, without Tika's
 * dozens of other parsers, and they give what splitting needs (Word's heading styles and outline
 * levels, a PDF line's font size and weight) rather than plain text.
 */
public final class DocumentImport {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    static {
        // zip bombs: POI refuses an entry that inflates more than 100× (ratio 0.01) or beyond 100 MB
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(100L * 1024 * 1024);
    }

    /** What the staff see before confirming. */
    public record Preview(String fileName, FileKind kind, List<ProposedArticle> articles, List<String> warnings) {
    }

    private final long maxBytes;

    public DocumentImport(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The articles a file would make; refused (ImportRefusal) when it cannot or must not be read. */
    public Preview preview(String fileName, byte[] content) {
        if (content.length > maxBytes) {
            throw tooLarge(content.length);
        }
        if (content.length == 0) {
            throw new ImportRefusal(ImportRefusal.Reason.EMPTY, "the file is empty");
        }
        FileKind kind = FileKind.of(fileName, content);
        String stem = stem(fileName);
        if (kind == FileKind.MARKDOWN) {
            String text = decode(content);
            if (text.startsWith("---")) {
                return frontMatter(fileName, text);
            }
        }
        Outline outline = outline(kind, content, stem);
        List<ProposedArticle> articles = HandbookSplit.split(outline, stem);
        if (articles.isEmpty()) {
            throw new ImportRefusal(ImportRefusal.Reason.EMPTY, "the " + kind.label()
                    + " file holds no text to make an article of");
        }
        return new Preview(fileName, kind, articles, outline.warnings());
    }

    public ImportRefusal tooLarge(long size) {
        return new ImportRefusal(ImportRefusal.Reason.TOO_LARGE, "the file is " + mb(size) + " MB; files up to "
                + mb(maxBytes) + " MB are imported (setting knowledge.import_max_mb). Split the document or "
                + "leave out its pictures");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1024.0 / 1024.0);
    }

    private Outline outline(FileKind kind, byte[] content, String stem) {
        try {
            return switch (kind) {
                case DOCX -> DocxReader.read(content);
                case XLSX -> SheetReader.xlsx(content);
                case PDF -> PdfReader.read(content, Math.max(64L * 1024 * 1024, maxBytes * 8));
                case CSV -> SheetReader.csv(decode(content), stem);
                case MARKDOWN -> TextReader.markdown(decode(content));
                case TEXT -> TextReader.text(decode(content));
            };
        } catch (ImportRefusal r) {
            throw r;
        } catch (EncryptedDocumentException e) {
            throw new ImportRefusal(ImportRefusal.Reason.ENCRYPTED, "the " + kind.label()
                    + " file is protected by a password; remove the password, save and upload again");
        } catch (IOException | RuntimeException e) {
            if (mentions(e, "zip bomb")) {
                throw new ImportRefusal(ImportRefusal.Reason.ZIP_BOMB, "the " + kind.label()
                        + " file inflates far beyond its size (a zip bomb, or a file made to exhaust the reader); it was not read");
            }
            throw new ImportRefusal(ImportRefusal.Reason.CORRUPT, "the " + kind.label() + " file cannot be read ("
                    + e.getClass().getSimpleName() + "); open it in Office, save it again and upload the new copy");
        }
    }

    private static boolean mentions(Throwable e, String words) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }

    /** A Markdown file in the pack's own format: one article, exactly as written. */
    private static Preview frontMatter(String fileName, String text) {
        List<DocumentProblem> problems = new ArrayList<>();
        KbDocument d = KbDocumentReader.parse(fileName, text, problems);
        if (d == null) {
            throw new ImportRefusal(ImportRefusal.Reason.INVALID, "the Markdown front matter has problems: "
                    + String.join("; ", problems.stream().map(p -> "line " + p.line() + " " + p.field() + ": "
                    + p.reason()).toList()));
        }
        return new Preview(fileName, FileKind.MARKDOWN, List.of(new ProposedArticle(1, d.id(), d.title(),
                d.category(), d.tags(), d.body())), List.of());
    }

    /** UTF-8 (with or without a BOM), else GB18030 — what Excel and Notepad save on Chinese Windows. */
    static String decode(byte[] content) {
        int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF ? 3 : 0;
        ByteBuffer buf = ByteBuffer.wrap(content, start, content.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf).toString();
        } catch (CharacterCodingException e) {
            return new String(content, Charset.forName("GB18030"));
        }
    }

    static String stem(String fileName) {
        String n = fileName == null ? "" : fileName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        String s = (dot > 0 ? n.substring(0, dot) : n).strip();
        return s.isEmpty() ? "导入文档" : s;
    }
}
