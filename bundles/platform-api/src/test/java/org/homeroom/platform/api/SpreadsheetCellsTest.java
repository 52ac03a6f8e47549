package org.homeroom.platform.api;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class SpreadsheetCellsTest {

    @Test
    public void formulasBecomeTextAndEverythingElseStaysAsItIs() {
        assertEquals("'=HYPERLINK(\"http://evil.example\",\"click\")", SpreadsheetCells.safe("=HYPERLINK(\"http://evil.example\",\"click\")"));
        assertEquals("'+cmd|' /C calc'!A0", SpreadsheetCells.safe("+cmd|' /C calc'!A0"));
        assertEquals("'-2+3+cmd|' /C calc'!A0", SpreadsheetCells.safe("-2+3+cmd|' /C calc'!A0"));
        assertEquals("'@SUM(1+1)", SpreadsheetCells.safe("@SUM(1+1)"));
        assertEquals("'\tTab", SpreadsheetCells.safe("\tTab"));
        assertEquals("+14055550123", SpreadsheetCells.safe("+14055550123"));
        assertEquals("-3", SpreadsheetCells.safe("-3"));
        assertEquals("María Peña", SpreadsheetCells.safe("María Peña"));
        assertEquals("a=b", SpreadsheetCells.safe("a=b"));
        assertEquals(42, SpreadsheetCells.safe(42));
        assertEquals(Arrays.asList("'=1+1", null, 7, ""), SpreadsheetCells.row("=1+1", null, 7, ""));
        assertEquals(List.of("x", "'@y"), SpreadsheetCells.row(List.of("x", "@y")));
    }
}
