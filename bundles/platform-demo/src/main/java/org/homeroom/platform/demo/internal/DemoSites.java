package org.homeroom.platform.demo.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DEMO ONLY: fills an empty site table with the fictional sites of {@code demo/sites.csv}. */
@Component(immediate = true, service = {})
public class DemoSites {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSites.class);
    static final CurrentUser DEMO = new CurrentUser("demo-seed", Set.of(Roles.ADMIN));

    @Activate
    public DemoSites(@Reference SiteService sites) {
        if (sites.count() > 0) {
            return;
        }
        List<SiteDraft> drafts = read();
        drafts.forEach(d -> sites.create(d, DEMO));
        LOG.warn("DEMO DATA: seeded {} fictional sites. Remove the homeroom-demo feature for real use.", drafts.size());
    }

    static List<SiteDraft> read() {
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).build();
        try (Reader in = new InputStreamReader(DemoSites.class.getResourceAsStream("/demo/sites.csv"), StandardCharsets.UTF_8)) {
            List<SiteDraft> drafts = new ArrayList<>();
            for (CSVRecord r : format.parse(in)) {
                drafts.add(new SiteDraft(r.get("code"), r.get("name"), r.get("kind"), r.get("address"), r.get("phone"),
                        r.get("principal"), r.get("grades"), Arrays.asList(r.get("languages").split(";"))));
            }
            return drafts;
        } catch (IOException e) {
            throw new IllegalStateException("demo/sites.csv is unreadable", e);
        }
    }
}
