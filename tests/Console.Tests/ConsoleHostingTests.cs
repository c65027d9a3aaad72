using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using OrleansFlows.Api.WebConsole;
using OrleansFlows.Console.Tests.Support;

namespace OrleansFlows.Console.Tests;

/// <summary>How the API serves the console: its security headers, no inline code, out of the OpenAPI document.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleHostingTests(ChromiumBrowser chromium, ConsoleApiHost host) : IClassFixture<ConsoleApiHost>
{
    private const string ExpectedPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [Theory]
    [InlineData("/console", "text/html")]
    [InlineData("/console/", "text/html")]
    [InlineData("/console/js/app.js", "text/javascript")]
    [InlineData("/console/console.css", "text/css")]
    public async Task ConsoleFile_Served_CarriesContentSecurityPolicyAndNoSniff(string path, string mediaType)
    {
        using var client = host.Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ExpectedPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task UnknownConsoleFile_Requested_Answers404WithThePolicy()
    {
        using var client = host.Client();

        var response = await client.GetAsync("/console/js/missing.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ExpectedPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task ConsolePage_Markup_HasNoInlineScriptOrStyle()
    {
        using var client = host.Client();

        var html = await client.GetStringAsync("/console");

        Assert.Matches("<script type=\"module\" src=\"/console/js/app.js\"></script>", html);
        Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleScripts_Source_NeverWriteHtml()
    {
        var assembly = typeof(ConsoleEndpoints).Assembly;
        var scripts = assembly.GetManifestResourceNames().Where(n => n.StartsWith("OrleansFlows.Api.Console/", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal)).ToList();

        Assert.True(scripts.Count >= 10, $"Expected the console's scripts among the API's resources; found {string.Join(", ", scripts)}.");
        foreach (var name in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var source = reader.ReadToEnd();
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "DOMParser", "createContextualFragment" })
            {
                Assert.False(source.Contains(sink, StringComparison.Ordinal), $"{name} uses {sink}; the console writes data as text only.");
            }
        }
    }

    [Fact]
    public async Task Browser_InlineScriptAddedToConsole_IsBlockedByThePolicy()
    {
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.Page.GotoAsync(new Uri(host.BaseAddress, "/console").ToString());
        await console.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();

        var ran = await console.Page.EvaluateAsync<bool>(
            "() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); return window.__inline === 1; }");

        Assert.False(ran, "An inline script ran in the console: the Content-Security-Policy is not enforced.");
    }

    [Fact]
    public async Task OpenApiDocument_ConsoleRoutes_AreLeftOut()
    {
        using var client = host.Client();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/leads", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith(ConsoleEndpoints.BasePath, StringComparison.Ordinal));
    }
}
