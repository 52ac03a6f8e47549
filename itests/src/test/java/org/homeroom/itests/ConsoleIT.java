package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in headless Chromium against the real distribution (a separate process, like
 * {@link RestartIT}: a browser needs a plain HTTP server, not a Pax Exam probe). The steps run in order
 * and share one signed-in browser; each screen is screenshot into docs/screenshots/ and checked with
 * axe-core. Accessibility results are gathered per screen and asserted last, so one screen's
 * violations do not hide the functional result of the screens after it.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConsoleIT {

    // Debian's packages (installed by .ci/run): Selenium Manager must never download a browser or driver
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final int PORT = HomeroomTestSupport.port(18383);
    private static final String CONSOLE = "http://localhost:" + PORT + "/admin/";
    /** Every screen the issue asks to check, in the order the steps reach them. */
    private static final List<String> SCREENS = List.of("signin", "modules", "matrix", "sites", "audit", "health", "modules-es");
    private static final Map<String, List<String>> A11Y = new LinkedHashMap<>();

    /** Held: JUL keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private static KarafProcess karaf;
    private static ChromeDriver driver;
    private static WebDriverWait wait;
    private static String axeSource;
    private static Path screenshots;

    /** A failed step leaves what the browser showed in target/console-it-failures/ (PNG + HTML). */
    @Rule
    public final TestWatcher onFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description d) {
            if (driver == null) {
                return;
            }
            try {
                Path dir = Files.createDirectories(Path.of("target/console-it-failures"));
                Files.write(dir.resolve(d.getMethodName() + ".png"), driver.getScreenshotAs(OutputType.BYTES));
                Files.writeString(dir.resolve(d.getMethodName() + ".html"), driver.getPageSource());
            } catch (RuntimeException | IOException ignored) {
                // the failure itself is what matters
            }
        }
    };

    @BeforeClass
    public static void startDistributionAndBrowser() throws IOException {
        // `mvn verify` must work on a machine with only a JDK and Maven, so without the browser these tests are
        // skipped, loudly; .ci/run installs the browser and refuses to run without it, so CI never skips them
        if (!CHROMEDRIVER.canExecute() || !CHROMIUM.canExecute()) {
            System.err.println("SKIPPED ConsoleIT: it needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (run .ci/run, or `apt-get install chromium chromium-driver`)");
            org.junit.Assume.assumeTrue("browser tests need chromium and chromium-driver", false);
        }
        axeSource = axeFromWebjar();
        File base = System.getProperty("basedir") != null ? new File(System.getProperty("basedir")) : new File(".");
        screenshots = Files.createDirectories(base.toPath().toAbsolutePath().resolve("../docs/screenshots").normalize());

        // ports of its own: away from a running demo (8181), Pax Exam (18181) and RestartIT (18282)
        karaf = new KarafProcess("console-it", PORT, HomeroomTestSupport.port(18302), HomeroomTestSupport.port(11299), HomeroomTestSupport.port(44645));
        karaf.start();
        // E02 and O02 are the last demo sites seeded: the matrix is complete once they exist
        for (String path : List.of("/sites/E02", "/sites/O02")) {
            HomeroomTestSupport.await("demo site " + path, 60_000, () -> karaf.call("GET", path, "admin", null), a -> a.status() == 200);
        }

        // the console then starts from "available" and installs the sample module again; done before the
        // browser loads so the modules screen cannot show a state from before
        JsonNode uninstall = operate("announcements", "uninstall");
        assertEquals(uninstall.toString(), "succeeded", uninstall.get("state").asText());

        // the driver is named explicitly, so Selenium Manager is skipped (it would otherwise try to download one)
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        // Selenium has no DevTools bindings on the class path (none needed): its warning about that is noise
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US");
        driver = new ChromeDriver(service, options);
        // --window-size sizes the whole window; the page itself (and so each screenshot) must be 1280x900
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stopBrowserAndDistribution() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (karaf != null) {
            if (karaf.running()) {
                karaf.stop(true);
            }
            karaf.delete();
        }
    }

    /** axe.min.js from the webjar; its version folder is read from the jar's pom.properties, not hard-coded. */
    private static String axeFromWebjar() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = ConsoleIT.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            pom.load(in);
        }
        String path = "/META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js";
        try (InputStream in = ConsoleIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void step1_signIn() {
        driver.get(CONSOLE);
        idle();
        visible("#signin-form");
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        screen("signin");

        signIn("admin", "wrong");
        assertFalse("#signin-error should explain a wrong password", visible("#signin-error").getText().isBlank());

        signIn("admin", "admin");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "admin"));
        visible("#signout");
    }

    @Test
    public void step2_installTheSampleModule() {
        go("#/modules");
        visible("#modules-table");
        String row = "#modules-table tr[data-module='announcements']";
        wait.until(ExpectedConditions.textToBe(By.cssSelector(row + " td.state"), "available"));
        click(row + " button[data-action='install']");
        visible("#confirm-dialog");
        click("#confirm-ok");
        // the row turns "active" when the operation has run; a readable #operation-error ends the wait early
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!"active".equals(text(row + " td.state"))) {
            List<WebElement> error = driver.findElements(By.id("operation-error"));
            if (!error.isEmpty() && error.get(0).isDisplayed()) {
                fail("install showed #operation-error: " + error.get(0).getText());
            }
            if (System.nanoTime() > deadline) {
                fail("announcements row state is '" + text(row + " td.state") + "' 90 s after confirming install; #status: " + text("#status"));
            }
            pause();
        }
        idle();
        assertFalse("#status should announce the finished install", text("#status").isBlank());
        assertEquals("active", karaf.call("GET", "/admin/modules/announcements", "admin", null).expect(200).json().get("state").asText());
        screen("modules");
    }

    @Test
    public void step3_enableTheModuleForOneSiteInTheMatrix() {
        go("#/matrix");
        visible("#matrix-table");
        String e01 = "#matrix-table input[type=checkbox][data-site='E01'][data-module='announcements']";
        String e02 = "#matrix-table input[type=checkbox][data-site='E02'][data-module='announcements']";
        assertFalse("announcements starts disabled at E01", visible(e01).isSelected());
        assertFalse("announcements starts disabled at E02", visible(e02).isSelected());
        click(e01);
        idle();
        wait.until(ExpectedConditions.elementSelectionStateToBe(By.cssSelector(e01), true));

        // the site's endpoint answers for a member of staff; another site's still says the module is off there
        HomeroomTestSupport.await("E01 announcements enabled", 10_000, () -> karaf.call("GET", "/sites/E01/announcements", "comms", null),
                a -> a.status() == 200);
        karaf.call("GET", "/sites/E02/announcements", "comms", null).problem(404);
        assertFalse(visible(e02).isSelected());
        screen("matrix");

        // per-site settings: a wrong value is refused next to its field; a right one is stored
        click("button[data-settings='E01']");
        WebElement days = visible("#settings-form #settings-defaultDays");
        days.clear();
        days.sendKeys("soon");
        click("#settings-save");
        idle();
        assertFalse("error next to defaultDays", text("#settings-defaultDays-error").isEmpty());
        assertEquals("true", days.getAttribute("aria-invalid"));
        days.clear();
        days.sendKeys("21");
        click("#settings-save");
        idle();
        HomeroomTestSupport.await("E01 defaultDays stored", 10_000, () -> karaf.call("GET", "/sites/E01/modules/announcements", "admin", null),
                a -> a.status() == 200 && a.json().get("settings").get("defaultDays").asInt() == 21);

        // bulk: only the sites the filter shows (the high schools) get the module
        new org.openqa.selenium.support.ui.Select(visible("#matrix-kind")).selectByValue("high");
        click("button[data-bulk='enable'][data-module='announcements']");
        idle();
        HomeroomTestSupport.await("H01 enabled in bulk", 10_000, () -> karaf.call("GET", "/sites/H01/announcements", "comms", null),
                a -> a.status() == 200);
        karaf.call("GET", "/sites/H02/announcements", "comms", null).expect(200);
        karaf.call("GET", "/sites/E02/announcements", "comms", null).problem(404);
    }

    @Test
    public void step4_siteFormShowsTheApiValidationErrorsNextToTheFields() {
        go("#/sites");
        visible("#sites-table");
        visible("#site-form");
        WebElement code = visible("#site-code");
        code.clear();
        code.sendKeys("bad code!");
        visible("#site-name").clear();
        click("#site-save");
        idle();

        WebElement codeError = visible("#site-code-error");
        assertFalse("#site-code-error needs a message", codeError.getText().isBlank());
        assertEquals("true", code.getAttribute("aria-invalid"));
        assertFalse("#site-name-error needs a message", visible("#site-name-error").getText().isBlank());
        assertEquals("true", driver.findElement(By.id("site-name")).getAttribute("aria-invalid"));
        screen("sites");
    }

    @Test
    public void step5_audit() {
        go("#/audit");
        visible("#audit-table");
        click("#audit-apply");
        idle();
        // the install and the site setting made by the steps before are on the record
        assertFalse("#audit-table should list the steps' changes", driver.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        screen("audit");
    }

    @Test
    public void step6_health() {
        go("#/health");
        wait.until(ExpectedConditions.textToBe(By.id("health-status"), "UP"));
        visible("#health-modules tr[data-module='announcements']");
        screen("health");
    }

    @Test
    public void step7_spanish() {
        go("#/modules");
        visible("#modules-table");
        new Select(visible("#language")).selectByValue("es");
        wait.until(d -> "es".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("nav a[href='#/modules']"), "Módulos"));
        idle();
        screen("modules-es");
    }

    @Test
    public void step8_signOut() {
        click("#signout");
        visible("#signin-form");
        assertTrue(driver.findElements(By.id("whoami")).stream().noneMatch(WebElement::isDisplayed));
    }

    @Test
    public void step9_noSeriousOrCriticalAccessibilityViolationsOnAnyScreen() {
        StringBuilder problems = new StringBuilder();
        for (String name : SCREENS) {
            List<String> violations = A11Y.get(name);
            if (violations == null) {
                problems.append("\n").append(name).append(": not checked (its step failed before reaching it)");
            } else {
                violations.forEach(v -> problems.append("\n").append(name).append(": ").append(v));
            }
        }
        if (problems.length() > 0) {
            fail("axe-core (WCAG 2.1 A/AA) serious or critical violations:" + problems);
        }
    }

    // ---- helpers

    private static void signIn(String user, String password) {
        WebElement name = visible("#signin-user");
        name.clear();
        name.sendKeys(user);
        WebElement secret = visible("#signin-password");
        secret.clear();
        secret.sendKeys(password);
        click("#signin-submit");
        idle();
    }

    /** Follows a hash route inside the loaded page: no reload, so the signed-in session stays. */
    private static void go(String route) {
        driver.executeScript("location.hash = arguments[0]", route);
        idle();
    }

    /** The app sets body[data-busy] to "false" when it no longer waits for the API: wait on that, never sleep. */
    private static void idle() {
        wait.until(d -> "false".equals(((ChromeDriver) d).executeScript("return document.body && document.body.dataset.busy")));
    }

    private static WebElement visible(String css) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        } catch (TimeoutException e) {
            throw new AssertionError("not visible within 30 s: " + css + " (at " + driver.getCurrentUrl() + ")", e);
        }
    }

    /**
     * Scrolls the element to the middle of the viewport first: Selenium only scrolls it to the edge, where
     * the fixed #status bar at the bottom can cover it (a user would scroll further).
     */
    private static void click(String css) {
        WebElement element = visible(css);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private static String text(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As ModulesIT.operate, against this process: waits out 503 while Karaf installs its boot features. */
    private static JsonNode operate(String moduleId, String action) {
        String id = HomeroomTestSupport.await(action + " accepted", 60_000, () -> karaf.call("POST", "/admin/modules/" + moduleId + "/" + action,
                "admin", null), a -> a.status() != 503).expect(202).json().get("id").asText();
        return HomeroomTestSupport.await(action + " of " + moduleId, 60_000, () -> karaf.call("GET", "/admin/operations/" + id, "admin", null),
                a -> a.status() == 200 && List.of("succeeded", "failed").contains(a.json().get("state").asText())).json();
    }

    /** Saves the screen to docs/screenshots/{name}.png and records its serious and critical axe violations. */
    private static void screen(String name) {
        driver.executeScript("window.scrollTo(0, 0)"); // the top of each screen, as a user arrives on it
        try {
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // a hash route keeps the document, so axe is injected once per page load
        if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object'"))) {
            driver.executeScript(axeSource);
        }
        Object result = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(JSON.stringify({passes: r.passes.length, violations: r.violations})), e => done('axe failed: ' + e));");
        String json = String.valueOf(result);
        if (json.startsWith("axe failed")) {
            throw new AssertionError(name + ": " + json);
        }
        List<String> serious = new ArrayList<>();
        try {
            JsonNode report = HomeroomTestSupport.JSON.readTree(json);
            // the count of passed rules shows axe really ran on a rendered screen
            System.out.println("axe " + name + ": " + report.get("passes").asInt() + " rules passed, " + report.get("violations").size() + " violated");
            for (JsonNode v : report.get("violations")) {
                List<String> targets = new ArrayList<>();
                v.get("nodes").forEach(n -> targets.add(n.get("target").toString()));
                String impact = v.path("impact").asText();
                String line = v.get("id").asText() + " [" + impact + "] " + v.get("help").asText() + " at " + targets;
                if (List.of("serious", "critical").contains(impact)) {
                    serious.add(line);
                } else {
                    System.out.println("axe " + name + " (not failing): " + line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
        A11Y.put(name, serious);
    }
}
