package org.homeroom.platform.documents.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDPropertyList;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.homeroom.platform.api.documents.LetterPrinter;
import org.homeroom.platform.api.documents.PrintedLetter;
import org.osgi.service.component.annotations.Component;

/**
 * Letters as US-Letter PDF with PDFBox: the letterhead, then the text wrapped to the margins, on as many
 * pages as it needs; in a print run each letter starts on a new page. The font is the Liberation Sans
 * that PDFBox ships (Latin, Greek, Cyrillic), embedded as a subset once per document.
 */
@Component(service = LetterPrinter.class)
public class PdfLetterPrinter implements LetterPrinter {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float MARGIN = 72;
    private static final float SIZE = 11;
    private static final float LEADING = 15;
    private static final int LINES_PER_PAGE = (int) ((PDRectangle.LETTER.getHeight() - 2 * MARGIN) / LEADING);

    /** Runs of more letters than this are assembled in a temporary file rather than on the heap. */
    private static final int IN_MEMORY_LETTERS = 50;

    @Override
    public void print(String title, List<PrintedLetter> letters, OutputStream out) {
        if (letters == null || letters.isEmpty() || letters.size() > MAX_LETTERS) {
            throw new IllegalArgumentException("a document holds 1 to " + MAX_LETTERS + " letters, not " + (letters == null ? 0 : letters.size()));
        }
        MemoryUsageSetting memory = letters.size() > IN_MEMORY_LETTERS ? MemoryUsageSetting.setupTempFileOnly() : MemoryUsageSetting.setupMainMemoryOnly();
        try (PDDocument document = new PDDocument(memory); InputStream fontData = PDDocument.class.getResourceAsStream(FONT)) {
            PDFont font = PDType0Font.load(document, fontData, true);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(title == null ? "" : title);
            info.setAuthor(letters.get(0).letterhead());
            info.setCreationDate(Calendar.getInstance());
            // the document's language and title, for screen readers
            document.getDocumentCatalog().setLanguage(letters.get(0).language());
            PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
            preferences.setDisplayDocTitle(true);
            document.getDocumentCatalog().setViewerPreferences(preferences);

            float width = PDRectangle.LETTER.getWidth() - 2 * MARGIN;
            for (PrintedLetter letter : letters) {
                List<String> lines = new ArrayList<>();
                for (String line : text(letter.letterhead()).split("\r?\n", -1)) {
                    lines.addAll(wrap(printable(font, line), font, width));
                }
                lines.add("");
                for (String paragraph : text(letter.body()).split("\r?\n", -1)) {
                    lines.addAll(wrap(printable(font, paragraph), font, width));
                }
                for (int start = 0; start < lines.size(); start += LINES_PER_PAGE) {
                    page(document, font, letter.language(), lines.subList(start, Math.min(lines.size(), start + LINES_PER_PAGE)));
                }
            }
            // PDFBox writes in small pieces; a response stream pays per write (measured: 5 letters/s unbuffered)
            java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
            document.save(buffered);
            buffered.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not print the letters as PDF", e);
        }
    }

    private static void page(PDDocument document, PDFont font, String language, List<String> lines) throws IOException {
        PDPage page = new PDPage(PDRectangle.LETTER);
        document.addPage(page);
        try (PDPageContentStream text = new PDPageContentStream(document, page)) {
            // the page's own language (a print run mixes English and Spanish letters)
            COSDictionary properties = new COSDictionary();
            properties.setString(COSName.LANG, language == null ? "en" : language);
            text.beginMarkedContent(COSName.P, PDPropertyList.create(properties));
            text.beginText();
            text.setFont(font, SIZE);
            text.setLeading(LEADING);
            text.newLineAtOffset(MARGIN, PDRectangle.LETTER.getHeight() - MARGIN);
            for (String line : lines) {
                text.showText(line);
                text.newLine();
            }
            text.endText();
            text.endMarkedContent();
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** The text with tabs as spaces and every character the font cannot draw as "?". */
    static String printable(PDFont font, String text) throws IOException {
        StringBuilder out = new StringBuilder();
        text.replace('\t', ' ').codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                out.append(Character.isISOControl(cp) ? "?" : ch);
            } catch (IllegalArgumentException | IOException e) {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static List<String> wrap(String paragraph, PDFont font, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * SIZE <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            // a word longer than the line (a URL): cut it
            String rest = word;
            while (font.getStringWidth(rest) / 1000 * SIZE > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && font.getStringWidth(rest.substring(0, cut)) / 1000 * SIZE > width) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        lines.add(line.toString());
        return lines;
    }
}
