using Microsoft.Playwright;
using OrleansFlows.Console.Tests.Support;

namespace OrleansFlows.Console.Tests;

/// <summary>The console shows a tenant only what the API gives its key: none of another tenant's leads, by list or by id.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleIsolationTests(ChromiumBrowser chromium, ConsoleApiHost host) : IClassFixture<ConsoleApiHost>
{
    [Fact]
    public async Task TenantB_LeadsOfTenantA_AreNeitherListedNorOpened()
    {
        var a = await host.CreateTenantAsync("a");
        var b = await host.CreateTenantAsync("b");
        await host.SetUpLeadToCustomerAsync(a);
        await host.SetUpLeadToCustomerAsync(b);
        var leadOfA = await host.SubmitLeadAsync(a, new { email = "alice@a.example", name = "Alice of A" });
        var leadOfB = await host.SubmitLeadAsync(b, new { email = "bob@b.example", name = "Bob of B" });
        await host.WaitForLeadAsync(a, leadOfA, "completed");
        await host.WaitForLeadAsync(b, leadOfB, "completed");
        await using var asA = await chromium.OpenAsync(host.BaseAddress);
        await asA.SignInAsync(a.ApiKey);
        await Assertions.Expect(asA.Page.GetByRole(AriaRole.Link, new() { Name = leadOfA })).ToBeVisibleAsync();
        await using var asB = await chromium.OpenAsync(host.BaseAddress);

        await asB.SignInAsync(b.ApiKey);

        await Assertions.Expect(asB.Page.GetByRole(AriaRole.Link, new() { Name = leadOfB })).ToBeVisibleAsync();
        Assert.DoesNotContain(leadOfA, await asB.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await asB.OpenAsync($"#/leads?q={leadOfA}");
        await Assertions.Expect(asB.Page.Locator("main")).ToContainTextAsync("No lead matches these filters.");

        await asB.OpenAsync($"#/leads/{leadOfA}");
        await Assertions.Expect(asB.Page.GetByRole(AriaRole.Heading, new() { Name = "Lead not found", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(asB.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"Lead '{leadOfA}' does not exist.");
        Assert.DoesNotContain("Alice", await asB.Page.ContentAsync(), StringComparison.Ordinal);
    }
}
