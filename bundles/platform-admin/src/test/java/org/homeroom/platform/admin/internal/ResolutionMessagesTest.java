package org.homeroom.platform.admin.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ResolutionMessagesTest {

    @Test
    public void namesTheInnermostMissingPackage() {
        String karaf = "Unable to resolve root: missing requirement [root] osgi.identity; osgi.identity=homeroom-pdf; type=karaf.feature;"
                + " version=\"[1.0.0,1.0.0]\"; filter:=\"(&(osgi.identity=homeroom-pdf)(type=karaf.feature))\" [caused by: Unable to resolve"
                + " homeroom-pdf/1.0.0: missing requirement [homeroom-pdf/1.0.0] osgi.wiring.package;"
                + " filter:=\"(osgi.wiring.package=org.apache.pdfbox.pdmodel)\"]";
        assertEquals("the Java package org.apache.pdfbox.pdmodel, which no installed bundle provides", ResolutionMessages.explain(karaf));
    }

    @Test
    public void namesMissingServicesAndFeatures() {
        assertEquals("the service org.example.Mailer, which no installed bundle offers", ResolutionMessages.explain(
                "missing requirement [x/1] osgi.service; filter:=\"(objectClass=org.example.Mailer)\"; effective:=active"));
        assertTrue(ResolutionMessages.explain("No matching features for homeroom-x/2.0").contains("no configured features repository"));
        assertTrue(ResolutionMessages.explain(null).contains("server log"));
    }

    @Test
    public void namesABundleTheDistributionLacks() {
        String expected = "the bundle mvn:org.homeroom/module-lost-and-found/0.1.0-SNAPSHOT, which is not in the distribution's system/ folder";
        assertTrue(ResolutionMessages.explain("Error:\n\tError downloading mvn:org.homeroom/module-lost-and-found/0.1.0-SNAPSHOT.")
                .startsWith(expected));
        assertTrue(ResolutionMessages.explain("Error resolving artifact org.homeroom:module-lost-and-found:jar:0.1.0-SNAPSHOT:"
                + " [Could not find artifact org.homeroom:module-lost-and-found:jar:0.1.0-SNAPSHOT]").startsWith(expected));
        assertEquals(null, ResolutionMessages.missingArtifact("missing requirement [x/1] osgi.wiring.package; filter:=\"(osgi.wiring.package=a.b)\""));
    }
}
