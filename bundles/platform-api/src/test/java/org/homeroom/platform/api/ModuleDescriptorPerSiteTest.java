package org.homeroom.platform.api;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ModuleDescriptorPerSiteTest {

    @Test
    public void siteModulesAndDistrictModulesWithPerSiteSettingsAreSwitchedOnPerSite() {
        assertTrue(ModuleDescriptor.builder("announcements").scope(Scope.SITE).build().enabledPerSite());
        assertTrue(ModuleDescriptor.builder("messaging").scope(Scope.DISTRICT).defaultSetting("selfApproval", false).build().enabledPerSite());
        assertFalse(ModuleDescriptor.builder("events").scope(Scope.DISTRICT).build().enabledPerSite());
    }
}
