package io.signingmanager.service.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, for tests of the service's web pages. Uses the
 * installed chromium and chromedriver packages, never a downloaded driver.
 */
public final class Browser implements AutoCloseable {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern PAGE_STATUS = Pattern.compile(
            "https://[^/]+/(?!static/)\\S* - Failed to load resource: the server responded with a status of 4\\d\\d .*");

    private final ChromeDriver driver;
    private final URI base;
    private final Path temp;
    private final Path downloads;
    private final WebDriverWait wait;
    private final List<String> consoleErrors = new ArrayList<>();

    private Browser(ChromeDriver driver, URI base, Path temp, Path downloads) {
        this.driver = driver;
        this.base = base;
        this.temp = temp;
        this.downloads = downloads;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** A fresh browser profile with a 1280x900 window; paths given to {@link #go} are relative to {@code base}. */
    public static Browser open(URI base) {
        Path temp = createTempDirectory();
        Path downloads = temp.resolve("downloads");
        ChromeDriver driver;
        try {
            Files.createDirectory(downloads);
            driver = new ChromeDriver(driverService(), options(temp.resolve("profile"), downloads));
        } catch (IOException | RuntimeException e) {
            TempFolders.delete(temp);
            throw new IllegalStateException("Chromium did not start", e);
        }
        Browser browser = new Browser(driver, base, temp, downloads);
        try {
            browser.allowDownloads();
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    private static ChromeDriverService driverService() {
        return new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
    }

    private static ChromeOptions options(Path profile, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--ignore-certificate-errors",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.SEVERE);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return options;
    }

    /** Headless Chromium ignores the download preferences unless told over the DevTools protocol. */
    private void allowDownloads() {
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(base.resolve(path).toString());
    }

    public String currentPath() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Waits until the browser shows {@code path}, e.g. after a click that navigates. */
    public void awaitPath(String path) {
        await(d -> path.equals(currentPath()));
    }

    /** Runs JavaScript in the page (from the driver, so the page's CSP does not apply). */
    public JavascriptExecutor script() {
        return (JavascriptExecutor) driver;
    }

    public <T> T await(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    /** The first visible element matching {@code by}, waiting for it to appear. */
    public WebElement find(By by) {
        return await(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void click(By by) {
        await(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /**
     * Clicks a button that posts a form and waits until the answer has replaced the page, even when
     * it comes back to the same path (as a toggle does), so nothing reads the page from before.
     */
    public void submit(WebElement button) {
        awaitNewPageAfter(button::click);
    }

    public void submit(By button) {
        submit(await(ExpectedConditions.elementToBeClickable(button)));
    }

    /**
     * Runs {@code action} and waits until the page it was on has been replaced by the next one and
     * that one has loaded. The old page is recognised by a mark on its window object, which a new
     * document does not inherit. (Selenium's stalenessOf on the old element is not enough: while the
     * document is being swapped Chromium may answer with an "unknown error" instead of "stale".)
     */
    public void awaitNewPageAfter(Runnable action) {
        script().executeScript("window.pageBeforeAction = true;");
        action.run();
        await(d -> {
            try {
                return Boolean.TRUE.equals(script().executeScript(
                        "return !window.pageBeforeAction && document.readyState === 'complete';"));
            } catch (WebDriverException betweenDocuments) {
                return false;
            }
        });
    }

    /** Replaces the text of an input field. */
    public void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    public String text(By by) {
        return find(by).getText();
    }

    /** A browser on the service, signed in as that user. */
    public static Browser signedIn(TestService service, String username, String password) {
        Browser browser = open(service.service.localUri());
        browser.signIn(username, password);
        return browser;
    }

    /** Closes the browser; fails if a page logged a console error (CSP, script). */
    public static void closeChecked(Browser browser) {
        try (Browser b = browser) {
            List<String> errors = b.consoleErrors();
            if (!errors.isEmpty()) {
                throw new AssertionError("The pages logged console errors: " + errors);
            }
        }
    }

    /** Signs in through the sign-in page and waits until it has moved on. */
    public void signIn(String username, String password) {
        go("/login");
        type(By.id("username"), username);
        type(By.id("password"), password);
        click(By.cssSelector("form[action='/login'] button[type=submit]"));
        await(d -> !"/login".equals(currentPath()));
    }

    /** Whether the page fits the window's width, so nothing needs scrolling sideways but wide tables. */
    public boolean fitsWidth() {
        return (Boolean) script().executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth;");
    }

    /** The form fields a person cannot tell apart without sight: no label and no aria-label. */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledFields() {
        return (List<String>) script().executeScript(
                "return Array.from(document.querySelectorAll('input, select, textarea'))"
                        + ".filter(f => !['hidden', 'submit', 'button'].includes(f.type))"
                        + ".filter(f => f.labels.length === 0 && !f.getAttribute('aria-label'))"
                        + ".map(f => f.outerHTML);");
    }

    /**
     * Screenshots of the current page at 1280 and at 800 px wide, as {@code <name>.png} and
     * {@code <name>-800.png}; fails when the page is wider than the narrow window or has a field
     * without a label.
     */
    public void screenshots(String name) {
        List<String> unlabelled = unlabelledFields();
        if (!unlabelled.isEmpty()) {
            throw new AssertionError("The page " + currentPath() + " has fields without a label: " + unlabelled);
        }
        screenshot(name);
        resize(800, 900);
        try {
            screenshot(name + "-800");
            if (!fitsWidth()) {
                throw new AssertionError("The page " + currentPath() + " is wider than 800 px");
            }
        } finally {
            resize(1280, 900);
        }
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png} of this module. */
    public Path screenshot(String name) {
        Path file = Path.of(System.getProperty("user.dir"), "target", "screenshots", name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits for a finished download whose name ends with {@code suffix}. */
    public Path awaitDownload(String suffix) {
        return new FluentWait<>(downloads).withTimeout(WAIT).pollingEvery(Duration.ofMillis(100))
                .withMessage(() -> "no finished download ending with " + suffix)
                .until(folder -> finishedDownload(folder, suffix));
    }

    /** Chromium may create the final file name early, so a download is finished once no .crdownload is left. */
    private static Path finishedDownload(Path folder, String suffix) {
        List<Path> files = list(folder);
        if (files.stream().anyMatch(file -> file.toString().endsWith(".crdownload"))) {
            return null;
        }
        return files.stream().filter(file -> file.toString().endsWith(suffix)).findFirst().orElse(null);
    }

    /**
     * Every console error (JavaScript errors, CSP violations, failed loads) since the browser opened,
     * but for the pages themselves answering 4xx: those are forms showing an error, on purpose.
     */
    public List<String> consoleErrors() {
        // ChromeDriver hands out each log entry only once, so earlier ones are kept here.
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).forEach(consoleErrors::add);
        return consoleErrors.stream().filter(message -> !PAGE_STATUS.matcher(message).matches()).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TempFolders.delete(temp);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("browser-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
