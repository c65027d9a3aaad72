using Microsoft.Playwright;

namespace OrleansFlows.Console.Tests.Support;

/// <summary>
/// One headless Chromium for all console tests: the Debian <c>chromium</c> package (environment variable
/// <c>OF_CHROMIUM_PATH</c>, else <c>/usr/bin/chromium</c>), driven by Playwright's .NET driver. Playwright never
/// downloads a browser here. A missing browser fails the tests, naming what to install; it never skips them.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>The environment variable that names the Chromium executable.</summary>
    public const string PathVariable = "OF_CHROMIUM_PATH";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The executable the tests drive.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The console tests need Chromium at '{path}', and it is not there. Install the Debian package "
                + $"('apt-get install -y chromium'; .ci/run does) or set {PathVariable} to a Chromium executable.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // CI runs as root, where Chromium's sandbox can't start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own sessionStorage, so its own sign-in) with a page that records script errors.</summary>
    public async Task<ConsolePage> OpenAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        return new ConsolePage(context, page, baseAddress);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
