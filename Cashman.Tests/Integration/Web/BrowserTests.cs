using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cashman.Tests.Integration.Web;

/// <summary>
/// The web client in a real browser: Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>CASHMAN_CHROMIUM</c>) driven by
/// Playwright against the API on a real Kestrel port. No browser is downloaded; the test script installs Chromium when
/// it is missing, and CI fails rather than skip without it.
/// </summary>
public sealed partial class BrowserTests
{
    private const string Password = "correct-horse-battery";
    private CashmanApiFactory? _api;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _origin = string.Empty;

    private static string Tag { get; } = Guid.NewGuid().ToString("N")[..8];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CASHMAN_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            var message = $"No Chromium at {chromium}: install Debian's 'chromium' (scripts/test.sh does) or set CASHMAN_CHROMIUM.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        _api = new CashmanApiFactory(TestDatabase.ConnectionString);
        _api.UseKestrel(0);
        _api.StartServer();
        var address = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // localhost, not 127.0.0.1: a browser keeps a Secure cookie from http only on localhost.
        _origin = new UriBuilder(address) { Host = "localhost" }.Uri.GetLeftPart(UriPartial.Authority);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Test]
    public async Task ANewcomerRegistersRecordsImportsSetsABudgetAndSignsOut()
    {
        var (page, problems) = await OpenAsync(1024);

        // A signed-out visit goes to the sign-in page, which leads to registration.
        await page.GotoAsync(_origin + "/app");
        Assert.That(page.Url, Does.Contain("/app/login"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        var email = $"newcomer-{Tag}@example.com";
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Currency of your reports").FillAsync("EUR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Welcome to Cashman");

        // Sign out and in again, as someone coming back would.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#total-income")).ToHaveTextAsync("0.00 EUR");

        // An income and an expense change the dashboard's totals.
        await AddAsync(page, "Add an income", "2500", "Salary", null);
        await AddAsync(page, "Add an expense", "64.20", "Groceries", "Food");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.Locator("#total-income")).ToHaveTextAsync("2,500.00 EUR");
        await Expect(page.Locator("#total-expenses")).ToHaveTextAsync("-64.20 EUR");
        await Expect(page.Locator("#total-net")).ToHaveTextAsync("2,435.80 EUR");

        // A bank file: mapped, previewed (nothing stored yet), then imported.
        await page.GetByRole(AriaRole.Link, new() { Name = "Import" }).ClickAsync();
        await page.GetByLabel("Bank file").SetInputFilesAsync(new FilePayload
        {
            Name = "bank.csv",
            MimeType = "text/csv",
            Buffer = "Datum;Umsatz;Betrag\n02.03.2026;Bakery;-4,80\n03.03.2026;Train ticket;-27,50\n05.03.2026;Refund shop;12,00\n"u8.ToArray(),
        });
        await page.GetByText("Column mapping").ClickAsync();
        await page.GetByLabel("Date column").FillAsync("Datum");
        await page.GetByLabel("Description column").FillAsync("Umsatz");
        await page.GetByLabel("Amount column (signed)").FillAsync("Betrag");
        await page.GetByLabel("Date format (such as dd.MM.yyyy)").FillAsync("dd.MM.yyyy");
        await page.GetByLabel("Decimal separator").SelectOptionAsync(",");
        await page.GetByLabel("Delimiter").SelectOptionAsync(";");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.Locator("#preview-summary")).ToContainTextAsync("3 to store");
        await Expect(page.Locator("#preview-rows")).ToContainTextAsync("-27.50 EUR");
        await ScreenshotAsync(page, "import-preview.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 3 transactions" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported 3 transactions");
        await Expect(page.Locator("#list-summary")).ToHaveTextAsync("5 transactions.");

        // A budget for Food, and what is left of it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).ClickAsync();
        await page.GetByLabel("Budget for Food").FillAsync("200");
        await page.GetByRole(AriaRole.Row, new() { Name = "Food" }).GetByRole(AriaRole.Button, new() { Name = "Set" }).ClickAsync();
        await Expect(page.Locator("#total-available")).ToHaveTextAsync("135.80 EUR left");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.Locator("#budgets")).ToContainTextAsync("135.80 EUR");
        await Expect(page.Locator("#total-net")).ToHaveTextAsync("2,415.50 EUR");
        await ScreenshotAsync(page, "dashboard.png");

        // Signing out closes the pages.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        await page.GotoAsync(_origin + "/app/transactions");
        Assert.That(page.Url, Does.Contain("/app/login"));
        Assert.That(problems, Is.Empty, "the browser reported no error (a CSP violation, a failed asset)");
    }

    [Test]
    public async Task EveryPagePassesAxeAndFitsA375PixelWideScreen()
    {
        var (page, problems) = await OpenAsync(375);
        var checkedPages = new List<string>();
        await CheckAsync(page, "/app/login", checkedPages);
        await CheckAsync(page, "/app/register", checkedPages);
        await page.GetByLabel("Email").FillAsync($"axe-{Tag}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await AddAsync(page, "Add an expense", "12.00", "Lunch with a rather long description that must wrap on a phone", "Food/Eating out");
        await page.GotoAsync(_origin + "/app/recurring");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("9.99");
        await page.GetByLabel("Description").FillAsync("Music subscription");
        await page.GetByLabel("First day").FillAsync("2026-03-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the rule" }).ClickAsync();

        foreach (var path in new[] { "/app", "/app?month=2026-02", "/app/transactions", "/app/transactions/new?type=income", "/app/accounts", "/app/budgets", "/app/recurring", "/app/import", "/app/settings" })
        {
            await CheckAsync(page, path, checkedPages);
        }

        await page.GotoAsync(_origin + "/app/transactions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lunch with a rather long" }).ClickAsync();
        await CheckAsync(page, null, checkedPages);
        await page.GotoAsync(_origin + "/app/accounts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Main" }).ClickAsync();
        await CheckAsync(page, null, checkedPages);
        await page.GotoAsync(_origin + "/app/budgets");
        await page.GetByRole(AriaRole.Link, new() { Name = "Food/Eating out" }).ClickAsync();
        await CheckAsync(page, null, checkedPages);
        await page.GotoAsync(_origin + "/app/import");
        await page.GetByLabel("Bank file").SetInputFilesAsync(new FilePayload { Name = "export.csv", MimeType = "text/csv", Buffer = "occurredOn,description,amount\n2026-03-01,Coffee,-3.10\n2026-03-01,oops,-x\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await CheckAsync(page, null, checkedPages);
        await page.GotoAsync(_origin + "/app/transactions/new?type=expense");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("-");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await CheckAsync(page, null, checkedPages);

        Assert.That(checkedPages, Has.Count.EqualTo(16));
        Assert.That(problems, Is.Empty);
    }

    /// <summary>axe-core on the page: no serious or critical violation; and nothing wider than the screen.</summary>
    private async Task CheckAsync(IPage page, string? path, List<string> checkedPages)
    {
        if (path is not null)
        {
            await page.GotoAsync(_origin + path);
        }

        var where = new Uri(page.Url).PathAndQuery;
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.That(serious, Is.Empty, where);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), $"{where} scrolls sideways");
        checkedPages.Add(where);
    }

    private async Task<(IPage Page, List<string> Problems)> OpenAsync(int width)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 800 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        // A CSP violation or a script error is a console error; a missing or refused asset an answer of 400 or more to a
        // request that is not the page itself (a form answered 400 on purpose is a page).
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Request.IsNavigationRequest)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) => problems.Add("failed: " + request.Url);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return (page, problems);
    }

    private static async Task AddAsync(IPage page, string button, string amount, string description, string? category)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Transactions" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = button }).ClickAsync();
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync(amount);
        await page.GetByLabel("Description").FillAsync(description);
        if (category is not null)
        {
            await page.GetByLabel("Category").FillAsync(category);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: " + description);
    }

    /// <summary>The README's pictures, made by this test so that they show the client as it is.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cashman.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cashman.sln not found above the test directory.");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
