package org.homeroom.platform.demo.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.homeroom.platform.api.sites.SiteDraft;
import org.junit.Test;

public class DemoSitesTest {

    @Test
    public void seventyDistinctSitesOfEveryKind() {
        List<SiteDraft> drafts = DemoSites.read();
        assertEquals(70, drafts.size());
        assertEquals(70, drafts.stream().map(SiteDraft::code).distinct().count());
        assertEquals(6, drafts.stream().map(SiteDraft::kind).collect(Collectors.toSet()).size());
        assertTrue(drafts.stream().anyMatch(d -> d.code().equals("E01")));
    }
}
