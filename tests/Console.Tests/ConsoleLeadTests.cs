using System.Text.Json;
using Microsoft.Playwright;
using OrleansFlows.Console.Tests.Support;

namespace OrleansFlows.Console.Tests;

/// <summary>
/// A tenant works with its leads in the console, in headless Chromium against the real API on a real port: it signs
/// in, reads a lead's timeline, and retries a failed lead. Every page action is a REST call with the tenant's key.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleLeadTests(ChromiumBrowser chromium, ConsoleApiHost host) : IClassFixture<ConsoleApiHost>
{
    [Fact]
    public async Task SignIn_WithTenantKey_KeepsKeyInSessionStorageOnlyUntilSignOut()
    {
        var tenant = await host.CreateTenantAsync("signin");
        await using var console = await chromium.OpenAsync(host.BaseAddress);

        await console.SignInAsync(tenant.ApiKey);

        Assert.Empty(await console.Page.Context.CookiesAsync());
        Assert.Equal(tenant.ApiKey, await console.Page.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('orleansflows.console.session')).key"));
        Assert.Null(await console.Page.EvaluateAsync<string?>("localStorage.getItem('orleansflows.console.session')"));

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        Assert.Null(await console.Page.EvaluateAsync<string?>("sessionStorage.getItem('orleansflows.console.session')"));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task SignIn_WithWrongKey_SaysTheKeyWasRefused()
    {
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.Page.GotoAsync(new Uri(host.BaseAddress, "/console").ToString());

        await console.Page.GetByLabel("Key", new() { Exact = true }).FillAsync("ofk_nokey_notasecret");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(console.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The API key was refused");
        Assert.Null(await console.Page.EvaluateAsync<string?>("sessionStorage.getItem('orleansflows.console.session')"));
    }

    [Fact]
    public async Task LeadTimeline_CompletedLead_ShowsEachStepWithAttemptsAndAudit()
    {
        var tenant = await host.CreateTenantAsync("timeline");
        await host.SetUpLeadToCustomerAsync(tenant);
        var leadId = await host.SubmitLeadAsync(tenant, new { email = "ann@example.com", name = "Ann" });
        var others = new[]
        {
            await host.SubmitLeadAsync(tenant, new { email = "grace@example.com", name = "Grace" }),
            await host.SubmitLeadAsync(tenant, new { email = "linus@example.com", name = "Linus" }),
        };
        await host.WaitForLeadAsync(tenant, leadId, "completed");
        foreach (var other in others)
        {
            await host.WaitForLeadAsync(tenant, other, "completed");
        }

        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        await Assertions.Expect(console.Page.GetByRole(AriaRole.Link, new() { Name = leadId })).ToBeVisibleAsync();
        await console.ScreenshotAsync("leads-list");
        await console.Page.GetByRole(AriaRole.Link, new() { Name = leadId }).ClickAsync();

        await Assertions.Expect(console.Page.Locator("#lead-status")).ToHaveTextAsync("completed");
        var steps = console.Page.Locator(".timeline > li");
        var apiSteps = await host.StepIdsAsync(tenant, leadId);
        Assert.Superset(new HashSet<string> { "enrich", "route", "warm", "both", "save", "tag", "tell" }, apiSteps.ToHashSet());
        Assert.Equal(apiSteps, await StepIdsAsync(steps));
        var enrich = console.Page.Locator(".timeline > li[data-step='enrich']");
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr td").Nth(3)).ToHaveTextAsync("succeeded");
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr td").Nth(4)).ToHaveTextAsync("200");
        await Assertions.Expect(console.Page.Locator("table.audit")).ToContainTextAsync("completed");
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Retry from failed step" })).ToBeDisabledAsync();
        await console.ScreenshotAsync("lead-timeline");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task RetryButton_FailedLeadAfterEnrichmentRecovers_LeadCompletes()
    {
        var tenant = await host.CreateTenantAsync("retry");
        await host.SetUpLeadToCustomerAsync(tenant);
        // The enrichment API answers 503 until switched back; the step's two attempts both fail.
        host.Enrichment.FailNext(1000, 503);
        string leadId;
        try
        {
            leadId = await host.SubmitLeadAsync(tenant, new { email = "bob@example.com", name = "Bob" });
            await host.WaitForLeadAsync(tenant, leadId, "failed");
        }
        finally
        {
            host.Enrichment.ClearFaults();
        }

        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        await console.OpenAsync($"#/leads?status=failed");
        await console.Page.GetByRole(AriaRole.Link, new() { Name = leadId }).ClickAsync();
        await Assertions.Expect(console.Page.Locator("#lead-status")).ToHaveTextAsync("failed");
        var enrich = console.Page.Locator(".timeline > li[data-step='enrich']");
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr").First.Locator("td").Nth(4)).ToHaveTextAsync("503");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Retry from failed step" }).ClickAsync();

        await Assertions.Expect(console.Page.Locator("#lead-status")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(enrich.Locator("table.attempts tbody tr").Nth(2).Locator("td").Nth(3)).ToHaveTextAsync("succeeded");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task CancelButton_LeadInADurableWait_LeadIsCancelled()
    {
        var tenant = await host.CreateTenantAsync("cancel");
        // The lead waits an hour after its enrichment, so it is still under way however slowly the page loads.
        await host.SetUpLeadToCustomerAsync(tenant, ConsoleWorkflows.WaitAnHour);
        var leadId = await host.SubmitLeadAsync(tenant, new { email = "slow@example.com", name = "Slow" });
        await host.WaitForLeadAsync(tenant, leadId, "waiting");

        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        await console.OpenAsync($"#/leads/{leadId}");
        await Assertions.Expect(console.Page.Locator("#lead-status")).ToHaveTextAsync("waiting");
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel lead" })).ToBeEnabledAsync();

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel lead" }).ClickAsync();

        await Assertions.Expect(console.Page.Locator("#lead-status")).ToHaveTextAsync("cancelled");
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel lead" })).ToBeDisabledAsync();
        await host.WaitForLeadAsync(tenant, leadId, "cancelled");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task XssProbe_LeadWithMarkupInItsData_RendersAsTextAndRunsNoScript()
    {
        const string ScriptName = "<script>window.__xss=1</script>";
        const string ImageName = "<img src=x onerror=\"window.__xss=1\">";
        var tenant = await host.CreateTenantAsync("xss");
        await host.SetUpLeadToCustomerAsync(tenant);
        var scriptLead = await host.SubmitLeadAsync(tenant, new { email = ImageName, name = ScriptName });
        var imageLead = await host.SubmitLeadAsync(tenant, new { email = "img@example.com", name = ImageName });
        await host.WaitForLeadAsync(tenant, scriptLead, "completed");
        await host.WaitForLeadAsync(tenant, imageLead, "completed");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        await console.OpenAsync($"#/leads/{scriptLead}");
        await Assertions.Expect(console.Page.Locator("#lead-name")).ToHaveTextAsync(ScriptName);
        await Assertions.Expect(console.Page.Locator("#lead-email")).ToHaveTextAsync(ImageName);
        await console.OpenAsync($"#/leads/{imageLead}");
        await Assertions.Expect(console.Page.Locator("#lead-name")).ToHaveTextAsync(ImageName);
        await console.OpenAsync("#/leads");
        await Assertions.Expect(console.Page.Locator("main")).ToContainTextAsync(scriptLead);

        Assert.Equal(0, await console.Page.Locator("main script, main img").CountAsync());
        Assert.True(await console.Page.EvaluateAsync<bool>("typeof window.__xss === 'undefined'"), "A lead's data ran as script in the console.");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task BulkRetry_FailedLeadsAfterEnrichmentRecovers_EveryLeadCompletesAndThePageShowsTheCount()
    {
        var tenant = await host.CreateTenantAsync("bulk");
        await host.SetUpLeadToCustomerAsync(tenant);
        // The enrichment API answers 503 until switched back; each lead's enrich step fails both attempts.
        host.Enrichment.FailNext(1000, 503);
        var failed = new List<string>();
        try
        {
            foreach (var name in new[] { "Ada", "Bea", "Cy" })
            {
                failed.Add(await host.SubmitLeadAsync(tenant, new { email = $"{name.ToLowerInvariant()}@example.com", name }));
            }

            foreach (var leadId in failed)
            {
                await host.WaitForLeadAsync(tenant, leadId, "failed");
            }
        }
        finally
        {
            host.Enrichment.ClearFaults();
        }

        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        console.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await console.OpenAsync($"#/leads?workflow={ConsoleWorkflows.Name}&status=failed");
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Table, new() { Name = "Leads, newest first" }).Locator("tbody tr")).ToHaveCountAsync(3);
        await console.Page.Locator("select[name='bulk-workflow']").SelectOptionAsync(ConsoleWorkflows.Name);
        await console.Page.GetByLabel("Failed at step").FillAsync(ConsoleWorkflows.EnrichStep);

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Retry failed leads" }).ClickAsync();

        var result = console.Page.Locator("#bulk-result");
        await Assertions.Expect(result).ToContainTextAsync("3 of 3 failed lead(s) retried");
        var operationId = System.Text.RegularExpressions.Regex.Match(await result.InnerTextAsync(), @"Operation (bulk_\S+):").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(operationId), await result.InnerTextAsync());
        foreach (var leadId in failed)
        {
            await host.WaitForLeadAsync(tenant, leadId, "completed");
        }

        using (var client = host.Client(tenant.ApiKey))
        {
            var operation = JsonDocument.Parse(await client.GetStringAsync($"/v1/bulk-retries/{operationId}")).RootElement;
            Assert.Equal(3, operation.GetProperty("retried").GetInt32());
            Assert.Equal("finished", operation.GetProperty("status").GetString());
        }

        await console.ScreenshotAsync("leads-bulk-retry");
        await console.Page.GetByRole(AriaRole.Link, new() { Name = $"Show the leads of {ConsoleWorkflows.Name}" }).ClickAsync();
        var rows = console.Page.GetByRole(AriaRole.Table, new() { Name = "Leads, newest first" }).Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Locator("td:nth-child(4)")).ToHaveTextAsync(["completed", "completed", "completed"]);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task Search_ByEmailInAnotherCaseAndByLeadId_FindsOnlyThatLead()
    {
        var tenant = await host.CreateTenantAsync("search");
        await host.SetUpLeadToCustomerAsync(tenant);
        var wanted = await host.SubmitLeadAsync(tenant, new { email = "Dora.Search@example.com", name = "Dora" });
        var other = await host.SubmitLeadAsync(tenant, new { email = "eve@example.com", name = "Eve" });
        await host.WaitForLeadAsync(tenant, wanted, "completed");
        await host.WaitForLeadAsync(tenant, other, "completed");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        var rows = console.Page.GetByRole(AriaRole.Table, new() { Name = "Leads, newest first" }).Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        await console.Page.GetByLabel("Email or lead id").FillAsync("dora.search@EXAMPLE.com");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Assertions.Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=dora.search%40EXAMPLE.com"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(wanted);
        await Assertions.Expect(rows.First).ToContainTextAsync("Dora.Search@example.com");

        await console.OpenAsync($"#/leads?q={other}");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(other);

        await console.OpenAsync("#/leads?q=nobody%40example.com");
        await Assertions.Expect(console.Page.Locator("main")).ToContainTextAsync("No lead matches these filters.");
        Assert.Empty(console.ScriptErrors);
    }

    private static async Task<string[]> StepIdsAsync(ILocator steps) =>
        (await steps.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.step)")).ToArray();
}
