package org.homeroom.openrecords.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.homeroom.openrecords.api.FeeEstimate;
import org.homeroom.openrecords.api.FeeLine;
import org.homeroom.openrecords.api.RequesterType;
import org.junit.Test;

public class FeeEngineTest {

    private final FeeEngine engine = new FeeEngine(FeeSchedule.oklahomaDefaults());

    private static BigDecimal bd(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static FeeInput input(RequesterType type, boolean commercial, boolean disruption, boolean publicInterest,
            int copies, int certified, String searchHours, String programmingHours) {
        return new FeeInput(type, commercial, disruption, publicInterest, copies, certified, bd(searchHours),
                bd(programmingHours), null, null);
    }

    private static List<String> items(FeeEstimate e) {
        return e.lines().stream().map(FeeLine::item).toList();
    }

    private static boolean anyNote(FeeEstimate e, String... parts) {
        return e.notes().stream().anyMatch(n -> List.of(parts).stream().allMatch(n::contains));
    }

    private static void assertTotalIsSum(FeeEstimate e) {
        BigDecimal sum = e.lines().stream().map(FeeLine::amount).reduce(new BigDecimal("0.00"), BigDecimal::add);
        assertEquals(sum, e.total());
        assertEquals(2, e.total().scale());
    }

    @Test
    public void copiesOnly() {
        FeeEstimate e = engine.estimate(input(RequesterType.PARENT, false, false, false, 10, 0, null, null));
        assertEquals(List.of("copies"), items(e));
        FeeLine copies = e.lines().get(0);
        assertEquals(new BigDecimal("10"), copies.quantity());
        assertEquals(new BigDecimal("0.25"), copies.unitPrice());
        assertEquals(new BigDecimal("2.50"), copies.amount());
        assertEquals(new BigDecimal("2.50"), e.total());
        assertTotalIsSum(e);
    }

    @Test
    public void certifiedCopiesAndOtherMediaInStableOrder() {
        FeeEstimate e = engine.estimate(new FeeInput(RequesterType.PUBLIC, false, false, false, 4, 3, null, null,
                bd("7.5"), " USB drive "));
        assertEquals(List.of("copies", "certified-copies", "other-media"), items(e));
        assertEquals(new BigDecimal("1.00"), e.lines().get(1).unitPrice());
        assertEquals(new BigDecimal("3.00"), e.lines().get(1).amount());
        assertEquals("USB drive", e.lines().get(2).description());
        assertEquals(new BigDecimal("7.50"), e.lines().get(2).amount());
        assertEquals(new BigDecimal("11.50"), e.total());
        assertTotalIsSum(e);
    }

    @Test
    public void mediaNeverPaysSearchEvenIfCommercial() {
        FeeEstimate e = engine.estimate(input(RequesterType.MEDIA, true, true, false, 0, 0, "3", "2"));
        assertEquals(List.of(), e.lines());
        assertEquals(new BigDecimal("0.00"), e.total());
        assertTrue(anyNote(e, "No search fee", "news media", "51 O.S. §24A.5"));
        assertTrue(anyNote(e, "No programming fee", "news media", "51 O.S. §24A.5"));
        assertTrue(e.notes().contains("No fee."));
    }

    @Test
    public void publicInterestNeverPaysSearch() {
        FeeEstimate e = engine.estimate(input(RequesterType.PUBLIC, true, false, true, 2, 0, "4", null));
        assertEquals(List.of("copies"), items(e));
        assertEquals(new BigDecimal("0.50"), e.total());
        assertTrue(anyNote(e, "No search fee", "public interest", "§24A.5"));
    }

    @Test
    public void noHourlyFeeWithoutCommercialPurposeOrDisruption() {
        FeeEstimate e = engine.estimate(input(RequesterType.VENDOR, false, false, false, 0, 0, "2", "1"));
        assertEquals(List.of(), e.lines());
        assertTrue(anyNote(e, "No search fee", "solely for a commercial purpose", "§24A.5"));
        assertTrue(anyNote(e, "No programming fee", "§24A.5"));
        assertTrue(e.notes().contains("No fee."));
    }

    @Test
    public void commercialVendorPaysSearchAndProgramming() {
        FeeEstimate e = engine.estimate(input(RequesterType.VENDOR, true, false, false, 0, 0, "2", "1.5"));
        assertEquals(List.of("search", "programming"), items(e));
        assertEquals(new BigDecimal("50.00"), e.lines().get(0).amount());
        assertEquals(new BigDecimal("25.00"), e.lines().get(0).unitPrice());
        assertEquals(new BigDecimal("52.50"), e.lines().get(1).amount());
        assertEquals(new BigDecimal("102.50"), e.total());
        assertTrue(anyNote(e, "Search fee charged", "commercial purpose", "§24A.5"));
        assertTrue(anyNote(e, "before the records are released"));
        assertTotalIsSum(e);
    }

    @Test
    public void excessiveDisruptionByParentPaysSearch() {
        FeeEstimate e = engine.estimate(input(RequesterType.PARENT, false, true, false, 20, 0, "3", null));
        assertEquals(List.of("copies", "search"), items(e));
        assertEquals(new BigDecimal("75.00"), e.lines().get(1).amount());
        assertEquals(new BigDecimal("80.00"), e.total());
        assertTrue(anyNote(e, "Search fee charged", "excessive disruption", "§24A.5"));
        assertTotalIsSum(e);
    }

    @Test
    public void fractionalHoursRoundHalfUp() {
        FeeEstimate e = engine.estimate(input(RequesterType.BUSINESS, true, false, false, 0, 0, "1.25", "1.25"));
        assertEquals(new BigDecimal("31.25"), e.lines().get(0).amount());
        assertEquals(new BigDecimal("43.75"), e.lines().get(1).amount());
        // 1.005 h × $25 = 25.125: HALF_UP gives 25.13 (HALF_EVEN would give 25.12)
        FeeEstimate half = engine.estimate(input(RequesterType.BUSINESS, true, false, false, 0, 0, "1.005", null));
        assertEquals(new BigDecimal("25.13"), half.total());
        assertTotalIsSum(half);
    }

    @Test
    public void zeroQuantitiesAreOmittedAndNothingMeansNoFee() {
        FeeEstimate e = engine.estimate(new FeeInput(RequesterType.PARENT, false, false, false, 0, 0,
                BigDecimal.ZERO, null, new BigDecimal("0.00"), "CD"));
        assertEquals(List.of(), e.lines());
        assertEquals(new BigDecimal("0.00"), e.total());
        assertEquals(List.of("No fee."), e.notes());
    }

    @Test
    public void negativeInputRejectedNamingTheField() {
        assertEquals("copyPages", fieldOf(() -> engine.estimate(
                input(RequesterType.PARENT, false, false, false, -1, 0, null, null))));
        assertEquals("certifiedPages", fieldOf(() -> engine.estimate(
                input(RequesterType.PARENT, false, false, false, 0, -2, null, null))));
        // rejected even when no search fee would be charged
        assertEquals("searchHours", fieldOf(() -> engine.estimate(
                input(RequesterType.MEDIA, false, false, false, 0, 0, "-0.5", null))));
        assertEquals("programmingHours", fieldOf(() -> engine.estimate(
                input(RequesterType.VENDOR, true, false, false, 0, 0, null, "-1"))));
        assertEquals("otherMediaCost", fieldOf(() -> engine.estimate(new FeeInput(RequesterType.PARENT, false,
                false, false, 0, 0, null, null, bd("-3"), "USB"))));
        assertEquals("requesterType", fieldOf(() -> engine.estimate(
                input(null, false, false, false, 1, 0, null, null))));
    }

    private static String fieldOf(org.junit.function.ThrowingRunnable r) {
        return assertThrows(IllegalArgumentException.class, r).getMessage().split(" ")[0];
    }

    @Test
    public void scheduleRejectsNullOrNegativeNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeeSchedule(bd("0.25"), bd("1.00"), bd("-1"), bd("35")));
        assertTrue(e.getMessage().contains("searchPerHour"));
        e = assertThrows(IllegalArgumentException.class, () -> new FeeSchedule(null, bd("1"), bd("25"), bd("35")));
        assertTrue(e.getMessage().contains("copyPerPage"));
    }

    @Test
    public void customScheduleIsUsed() {
        FeeEngine cheap = new FeeEngine(new FeeSchedule(bd("0.10"), bd("0.5"), bd("20"), bd("30")));
        FeeEstimate e = cheap.estimate(input(RequesterType.BUSINESS, true, false, false, 3, 1, "1", "1"));
        assertEquals(new BigDecimal("50.80"), e.total());
        assertEquals(new BigDecimal("0.50"), e.lines().get(1).unitPrice());
        assertTotalIsSum(e);
    }

    @Test
    public void requesterTypeCodes() {
        assertEquals("elected-official", RequesterType.ELECTED_OFFICIAL.code());
        assertEquals(RequesterType.OTHER_DISTRICT, RequesterType.parse("  Other-District ").orElseThrow());
        assertTrue(RequesterType.parse("journalist").isEmpty());
        assertTrue(RequesterType.parse(null).isEmpty());
    }
}
