using Microsoft.Playwright;

namespace OrleansFlows.Console.Tests.Support;

/// <summary>A browser tab on the console, with the steps the tests repeat: sign in, open a page, save a screenshot.</summary>
public sealed class ConsolePage(IBrowserContext context, IPage page, Uri baseAddress) : IAsyncDisposable
{
    private readonly List<string> _scriptErrors = Subscribe(page);

    public IPage Page => page;

    /// <summary>Uncaught script errors and console errors of the page so far (a CSP violation is one).</summary>
    public IReadOnlyList<string> ScriptErrors => _scriptErrors;

    /// <summary>Signs in through the form and waits for the first page after it.</summary>
    public async Task SignInAsync(string key, bool asOperator = false)
    {
        await page.GotoAsync(new Uri(baseAddress, "/console").ToString());
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await page.GetByLabel(asOperator ? "Operator (operator key)" : "Tenant (API key ofk_…)").CheckAsync();
        await page.GetByLabel("Key", new() { Exact = true }).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = asOperator ? "Operator" : "Leads", Exact = true, Level = 1 }).WaitForAsync();
    }

    /// <summary>Opens a console location such as <c>#/leads/abc</c>.</summary>
    public async Task OpenAsync(string hash)
    {
        await page.GotoAsync(new Uri(baseAddress, "/console/" + hash).ToString());
    }

    public Task ScreenshotAsync(string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf(name), FullPage = true });

    public async ValueTask DisposeAsync() => await context.CloseAsync();

    private static List<string> Subscribe(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // A refused API call (a 404 the page expects) is logged by the browser as a failed load; that is not a script error.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add($"console error: {message.Text}");
            }
        };
        return errors;
    }
}
