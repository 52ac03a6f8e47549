package org.homeroom.platform.documents.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.homeroom.platform.api.documents.LetterPrinter;
import org.homeroom.platform.api.documents.PrintedLetter;
import org.junit.Test;

public class PdfLetterPrinterTest {

    private final LetterPrinter printer = new PdfLetterPrinter();

    private static String pageText(PDDocument document, int page) throws Exception {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(document);
    }

    @Test
    public void oneLetterCarriesItsLetterheadTextTitleAndLanguage() throws Exception {
        byte[] pdf = printer.print("Aviso de cierre", new PrintedLetter("Distrito Escolar\nEscuela Primaria Lincoln", "es",
                "Estimada familia de Ana Peña:\n\nLa escuela cerrará el jueves. ¿Preguntas? Llame al 555-0100."));
        try (PDDocument document = PDDocument.load(pdf)) {
            assertEquals(1, document.getNumberOfPages());
            assertEquals("es", document.getDocumentCatalog().getLanguage());
            assertEquals("Aviso de cierre", document.getDocumentInformation().getTitle());
            String text = pageText(document, 1);
            assertTrue(text, text.startsWith("Distrito Escolar\nEscuela Primaria Lincoln\n"));
            assertTrue(text, text.contains("Estimada familia de Ana Peña:"));
            assertTrue(text, text.contains("¿Preguntas? Llame al 555-0100."));
        }
    }

    @Test
    public void aPrintRunStartsEveryLetterOnANewPageAndWrapsLongLetters() throws Exception {
        String longBody = String.join("\n", Collections.nCopies(60, "A line of the letter that goes on."));
        List<PrintedLetter> letters = new ArrayList<>();
        letters.add(new PrintedLetter("District", "en", "Dear family of Sam Lee,\nshort."));
        letters.add(new PrintedLetter("District", "es", longBody)); // 62 lines: two pages
        letters.add(new PrintedLetter("District", "en", "Dear family of Eva Sola,\n" + "word ".repeat(200) + "\nhttps://example.org/" + "x".repeat(300)));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        printer.print("Run", letters, out);
        byte[] pdf = out.toByteArray();
        try (PDDocument document = PDDocument.load(pdf)) {
            assertEquals(4, document.getNumberOfPages());
            assertEquals("en", document.getDocumentCatalog().getLanguage());
            assertTrue(pageText(document, 1).contains("Sam Lee"));
            String second = pageText(document, 2);
            assertTrue(second, second.startsWith("District") && second.contains("A line of the letter"));
            assertTrue(pageText(document, 3).contains("A line of the letter"));
            String last = pageText(document, 4);
            assertTrue(last, last.contains("Eva Sola"));
            // a 300-character word is cut across lines, nothing of it lost
            assertEquals(301, last.chars().filter(ch -> ch == 'x').count()); // "example" and the 300 of the word
            assertTrue(last, last.lines().allMatch(line -> line.length() < 120));
        }
    }

    private static String pageLanguage(PDDocument document, int index) throws Exception {
        var resources = document.getPage(index).getResources();
        for (var name : resources.getPropertiesNames()) {
            return resources.getProperties(name).getCOSObject().getString(org.apache.pdfbox.cos.COSName.LANG);
        }
        return null;
    }

    @Test
    public void aLargeRunIsAssembledOnDiskAndEachPageCarriesItsLettersLanguage() throws Exception {
        List<PrintedLetter> letters = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            letters.add(new PrintedLetter("District\nSchool", i % 2 == 0 ? "en" : "es", "Dear family " + i + ",\nThe school is closed."));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        printer.print("Run", letters, out);
        try (PDDocument document = PDDocument.load(out.toByteArray())) {
            assertEquals(300, document.getNumberOfPages());
            assertEquals("en", pageLanguage(document, 0));
            assertEquals("es", pageLanguage(document, 1));
            assertTrue(pageText(document, 300).contains("Dear family 299,"));
        }
    }

    @Test
    public void charactersWithoutAGlyphPrintAsQuestionMarksAndControlsNeverReachThePage() throws Exception {
        byte[] pdf = printer.print("T", new PrintedLetter("D", "vi", "Kính gửi 李 \u0007 family\tok"));
        try (PDDocument document = PDDocument.load(pdf)) {
            String text = pageText(document, 1);
            assertTrue(text, text.contains("? ? family ok"));
        }
    }

    @Test
    public void aRunOfNoneOrTooManyLettersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> printer.print("T", List.of(), new java.io.ByteArrayOutputStream()));
        List<PrintedLetter> many = Collections.nCopies(LetterPrinter.MAX_LETTERS + 1, new PrintedLetter("D", "en", "x"));
        assertThrows(IllegalArgumentException.class, () -> printer.print("T", many, new java.io.ByteArrayOutputStream()));
    }
}
