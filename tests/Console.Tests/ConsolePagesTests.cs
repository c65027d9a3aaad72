using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Text.Json;
using Microsoft.Playwright;
using OrleansFlows.Console.Tests.Support;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Console.Tests;

/// <summary>The workflow, batches, settings and operator pages, each read from the real API in headless Chromium.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePagesTests(ChromiumBrowser chromium, ConsoleApiHost host) : IClassFixture<ConsoleApiHost>
{
    [Fact]
    public async Task WorkflowPage_PublishedDefinition_DrawsEveryStepWithBranchesAndJoins()
    {
        var tenant = await host.CreateTenantAsync("graph");
        await host.SetUpLeadToCustomerAsync(tenant);
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        await console.Page.GetByRole(AriaRole.Link, new() { Name = "Workflows" }).ClickAsync();

        var graph = console.Page.GetByRole(AriaRole.Img, new() { Name = $"The steps of {ConsoleWorkflows.Name} version 1" });
        await Assertions.Expect(graph).ToBeVisibleAsync();
        var drawn = await graph.Locator("g.node[data-step]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.step)");
        Assert.Equal(["enrich", "route", "hot", "warm", "both", "save", "tag", "tell"], drawn);
        // The branch and the parallel step each join again below their columns.
        await Assertions.Expect(graph.Locator("g.kind-join")).ToHaveCountAsync(2);
        await Assertions.Expect(graph.Locator("text.edge-label")).ToHaveTextAsync(["when lead.score >= 70", "else", "branch 1", "branch 2"]);
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Table, new() { Name = "Versions", Exact = true })).ToContainTextAsync("v1");
        await console.ScreenshotAsync("workflow-graph");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task BatchesPage_NoScheduleYet_SaysSoAndListsNoRuns()
    {
        var tenant = await host.CreateTenantAsync("batches");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        await console.Page.GetByRole(AriaRole.Link, new() { Name = "Nightly batches" }).ClickAsync();

        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Nightly batches", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(console.Page.Locator("main")).ToContainTextAsync("No nightly schedule is set");
        await Assertions.Expect(console.Page.Locator("main")).ToContainTextAsync("No runs yet.");
        await console.ScreenshotAsync("batches");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task UsageChart_DailyCountsAndLimit_DrawsABarPerDayAndTheLimitLine()
    {
        var tenant = await host.CreateTenantAsync("chart");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        // The chart module as the batches page uses it, on the answer shape of GET /v1/usage/daily.
        var drawn = await console.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const { dailyChart } = await import('/console/js/chart.js');
              const days = [
                { date: '2026-12-04', accepted: 3, completed: 3, failed: 0 },
                { date: '2026-12-05', accepted: 8, completed: 6, failed: 2 },
                { date: '2026-12-06', accepted: 0, completed: 0, failed: 0 },
              ];
              const svg = dailyChart(days, 5, 'Leads per day');
              document.querySelector('main').append(svg);
              const limit = svg.querySelector('line.limit');
              const bar = (date) => svg.querySelector(`g.day[data-date="${date}"] rect.bar`);
              return {
                days: [...svg.querySelectorAll('g.day')].map(g => g.dataset.date),
                failedBars: svg.querySelectorAll('rect.bar-failed').length,
                limitY: Number(limit.getAttribute('y1')),
                overTop: Number(bar('2026-12-05').getAttribute('y')),
                underTop: Number(bar('2026-12-04').getAttribute('y')),
                emptyHeight: Number(bar('2026-12-06').getAttribute('height')),
                label: svg.querySelector('.limit-label').textContent,
              };
            }
            """);

        Assert.Equal(["2026-12-04", "2026-12-05", "2026-12-06"], drawn.GetProperty("days").EnumerateArray().Select(d => d.GetString()!));
        Assert.Equal(1, drawn.GetProperty("failedBars").GetInt32());
        // SVG y grows downwards: the day over the limit reaches above the line, the day under it stays below.
        Assert.True(drawn.GetProperty("overTop").GetDouble() < drawn.GetProperty("limitY").GetDouble(), drawn.ToString());
        Assert.True(drawn.GetProperty("underTop").GetDouble() > drawn.GetProperty("limitY").GetDouble(), drawn.ToString());
        Assert.Equal(0, drawn.GetProperty("emptyHeight").GetDouble());
        Assert.Equal("daily limit 5", drawn.GetProperty("label").GetString());
        await console.Page.Locator("svg.chart").ScreenshotAsync(new() { Path = Screenshots.PathOf("usage-chart-sample") });
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task SettingsPage_ConnectionWithSecretHeader_ListsItWithoutTheSecretAndShowsANewWebhookSecretOnce()
    {
        var tenant = await host.CreateTenantAsync("settings");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        await console.OpenAsync("#/settings");

        await console.Page.GetByLabel("Name", new() { Exact = true }).FillAsync("crm");
        await console.Page.GetByLabel("Base URL").FillAsync(host.Enrichment.BaseAddress.ToString());
        await console.Page.GetByLabel("Headers").FillAsync("X-Api-Key: k-secret-123");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save connection" }).ClickAsync();

        var connections = console.Page.GetByRole(AriaRole.Table, new() { Name = "Connections (secrets are never shown)" });
        await Assertions.Expect(connections).ToContainTextAsync("crm");
        await Assertions.Expect(connections).ToContainTextAsync("X-Api-Key");
        Assert.DoesNotContain("k-secret-123", await console.Page.ContentAsync(), StringComparison.Ordinal);

        console.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create or rotate the secret" }).ClickAsync();
        var shown = await console.Page.Locator(".secret-once input").InputValueAsync();
        Assert.StartsWith("whsec_", shown, StringComparison.Ordinal);
        await console.ScreenshotAsync("settings");

        await console.Page.ReloadAsync();
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain(shown, await console.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task OperatorPage_SuspendAndResume_ChangesTheTenantThroughTheApi()
    {
        var tenant = await host.CreateTenantAsync("operated");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(ConsoleApiHost.OperatorKey, asOperator: true);
        console.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var row = console.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = tenant.TenantId });
        await Assertions.Expect(row).ToContainTextAsync("active");
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Link, new() { Name = "Open the Orleans Dashboard" })).ToHaveAttributeAsync("href", "/dashboard/");
        await console.ScreenshotAsync("operator");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Suspend tenant {tenant.TenantId}" }).ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("suspended");
        Assert.True(await host.IsSuspendedAsync(tenant.TenantId));
        await row.GetByRole(AriaRole.Button, new() { Name = $"Resume tenant {tenant.TenantId}" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("active");
        Assert.False(await host.IsSuspendedAsync(tenant.TenantId));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task WorkflowPage_CompletedLeads_ShowsPerStepStatsFromTheirAttempts()
    {
        var tenant = await host.CreateTenantAsync("stats");
        await host.SetUpLeadToCustomerAsync(tenant);
        foreach (var name in new[] { "Fay", "Gus" })
        {
            await host.WaitForLeadAsync(tenant, await host.SubmitLeadAsync(tenant, new { email = $"{name.ToLowerInvariant()}@example.com", name }), "completed");
        }

        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        await console.OpenAsync($"#/workflows/{ConsoleWorkflows.Name}");

        var stats = console.Page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Median duration" });
        var enrich = stats.GetByRole(AriaRole.Row).Filter(new() { Has = console.Page.GetByRole(AriaRole.Cell, new() { Name = "enrich", Exact = true }) });
        // Step, kind, attempts, succeeded, failed, success rate: two leads, one successful call each.
        await Assertions.Expect(enrich.Locator("td:nth-child(-n+6)")).ToHaveTextAsync(["enrich", "http", "2", "2", "0", "100%"]);
        await Assertions.Expect(enrich.Locator("td").Nth(6)).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)? m?s$"));
        var hot = stats.GetByRole(AriaRole.Row).Filter(new() { Has = console.Page.GetByRole(AriaRole.Cell, new() { Name = "hot", Exact = true }) });
        // No lead scored 70 or more, so the hot branch never ran.
        await Assertions.Expect(hot.Locator("td").Nth(2)).ToHaveTextAsync("0");
        await Assertions.Expect(console.Page.Locator("g.node[data-step='enrich']")).ToContainTextAsync("100%");
        await console.ScreenshotAsync("workflow-stats");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task BatchesPage_LeadsAcceptedToday_ChartsTodaysRealCounts()
    {
        var tenant = await host.CreateTenantAsync("usage");
        await host.SetUpLeadToCustomerAsync(tenant);
        host.Enrichment.FailNext(1000, 503);
        try
        {
            await host.WaitForLeadAsync(tenant, await host.SubmitLeadAsync(tenant, new { email = "hal@example.com", name = "Hal" }), "failed");
        }
        finally
        {
            host.Enrichment.ClearFaults();
        }

        foreach (var name in new[] { "Ida", "Jo" })
        {
            await host.WaitForLeadAsync(tenant, await host.SubmitLeadAsync(tenant, new { email = $"{name.ToLowerInvariant()}@example.com", name }), "completed");
        }

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);

        await console.OpenAsync("#/batches");

        var chart = console.Page.GetByRole(AriaRole.Img, new() { Name = "Leads accepted per day against the daily limit", Exact = false });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator("g.day")).ToHaveCountAsync(30);
        var day = chart.Locator($"g.day[data-date='{today}']");
        await Assertions.Expect(day.Locator("title")).ToHaveTextAsync(new Regex($"^{today}: 3 accepted, 2 completed, 1 failed"));
        await Assertions.Expect(day.Locator("rect.bar-failed")).ToHaveCountAsync(1);
        var numbers = console.Page.GetByRole(AriaRole.Table, new() { Name = "Leads per day", IncludeHidden = true });
        // Date, accepted, completed, failed; then steps run and outbound calls, at least one of each per lead.
        var todayRow = numbers.Locator("tbody tr").Last;
        await Assertions.Expect(todayRow.Locator("td:nth-child(-n+4)")).ToHaveTextAsync([today, "3", "2", "1"]);
        Assert.True(int.Parse((await todayRow.Locator("td").Nth(4).TextContentAsync())!, CultureInfo.InvariantCulture) >= 3);
        Assert.True(int.Parse((await todayRow.Locator("td").Nth(5).TextContentAsync())!, CultureInfo.InvariantCulture) >= 3);
        await console.ScreenshotAsync("batches-usage");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task SettingsPage_CreateAndRevokeApiKey_ShowsTheKeyOnceThenOnlyItsId()
    {
        var tenant = await host.CreateTenantAsync("keys");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        console.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await console.OpenAsync("#/settings");
        var keys = console.Page.GetByRole(AriaRole.Table, new() { Name = "Active API keys (ids only)" });
        await Assertions.Expect(keys.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(keys.Locator("tbody tr").First).ToContainTextAsync("this console");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create an API key" }).ClickAsync();

        var shown = await console.Page.Locator(".secret-once input").InputValueAsync();
        Assert.StartsWith("ofk_", shown, StringComparison.Ordinal);
        var keyId = shown.Split('_')[1];
        await Assertions.Expect(keys.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(keys).ToContainTextAsync(keyId);
        using (var client = host.Client(shown))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/v1/workflows")).StatusCode);
        }

        await console.Page.ReloadAsync();
        await Assertions.Expect(keys).ToContainTextAsync(keyId);
        Assert.DoesNotContain(shown, await console.Page.ContentAsync(), StringComparison.Ordinal);

        await keys.GetByRole(AriaRole.Button, new() { Name = $"Revoke API key {keyId}" }).ClickAsync();

        await Assertions.Expect(console.Page.Locator("main")).ToContainTextAsync($"API key {keyId} revoked.");
        await Assertions.Expect(keys.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(keys).Not.ToContainTextAsync(keyId);
        using (var client = host.Client(shown))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/workflows")).StatusCode);
        }

        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task SettingsPage_RotateWebhookSecretTwice_ListsCurrentAndPreviousByIdOnly()
    {
        var tenant = await host.CreateTenantAsync("secrets");
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        console.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await console.OpenAsync("#/settings");
        await Assertions.Expect(console.Page.Locator("main")).ToContainTextAsync("No webhook secret yet.");
        var rotate = console.Page.GetByRole(AriaRole.Button, new() { Name = "Create or rotate the secret" });
        var secrets = console.Page.GetByRole(AriaRole.Table, new() { Name = "Active secrets (the secrets themselves are never shown)" });

        await rotate.ClickAsync();
        await Assertions.Expect(secrets.Locator("tbody tr")).ToHaveCountAsync(1);
        var first = await SecretIdShownAsync(console);
        await rotate.ClickAsync();
        await Assertions.Expect(secrets.Locator("tbody tr")).ToHaveCountAsync(2);
        var second = await SecretIdShownAsync(console);
        Assert.NotEqual(first, second);
        var secret = await console.Page.Locator(".secret-once input").InputValueAsync();

        await Assertions.Expect(secrets.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(secrets.GetByRole(AriaRole.Row).Filter(new() { HasText = second })).ToContainTextAsync("current");
        await Assertions.Expect(secrets.GetByRole(AriaRole.Row).Filter(new() { HasText = first })).ToContainTextAsync("previous");
        Assert.Equal(secret, await console.Page.Locator(".secret-once input").InputValueAsync());
        Assert.DoesNotContain(secret, await secrets.InnerHTMLAsync(), StringComparison.Ordinal);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task SettingsPage_TestConnection_ReportsOkFromALoopbackServerAndTheStatusOfAFailingOne()
    {
        var tenant = await host.CreateTenantAsync("conntest");
        var calls = 0;
        await using var server = await LoopbackWebHost.StartNewAsync((context, _) =>
        {
            Interlocked.Increment(ref calls);
            context.Response.StatusCode = context.Request.Path.StartsWithSegments("/down") ? 503 : 200;
            return Task.CompletedTask;
        });
        using (var client = host.Client(tenant.ApiKey))
        {
            foreach (var (name, path) in new[] { ("crm-up", "up"), ("crm-down", "down") })
            {
                var response = await client.PutAsJsonAsync($"/v1/connections/{name}", new { kind = "http", baseUrl = new Uri(server.BaseAddress, path).ToString() });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(tenant.ApiKey);
        await console.OpenAsync("#/settings");
        var connections = console.Page.GetByRole(AriaRole.Table, new() { Name = "Connections (secrets are never shown)" });

        await connections.GetByRole(AriaRole.Button, new() { Name = "Test connection crm-up" }).ClickAsync();
        await connections.GetByRole(AriaRole.Button, new() { Name = "Test connection crm-down" }).ClickAsync();

        var up = connections.GetByRole(AriaRole.Row).Filter(new() { HasText = "crm-up" });
        var down = connections.GetByRole(AriaRole.Row).Filter(new() { HasText = "crm-down" });
        await Assertions.Expect(up.Locator(".notice-ok")).ToContainTextAsync("Reachable: status 200");
        await Assertions.Expect(down.Locator(".notice-error")).ToContainTextAsync("Failed: status 503");
        Assert.Equal(2, Volatile.Read(ref calls));
        await console.ScreenshotAsync("settings-connection-test");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task OperatorPage_Cluster_ListsTheActiveSiloAndLinksToTheDashboardTheOperatorKeyOpens()
    {
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(ConsoleApiHost.OperatorKey, asOperator: true);

        var silos = console.Page.GetByRole(AriaRole.Table, new() { Name = "Silos" });
        await Assertions.Expect(silos.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(silos.Locator("tbody tr td").Nth(3)).ToHaveTextAsync("active");
        await Assertions.Expect(silos.Locator("tbody tr td").Nth(1)).ToContainTextAsync("127.0.0.1:");
        var link = console.Page.GetByRole(AriaRole.Link, new() { Name = "Open the Orleans Dashboard" });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "/dashboard/");

        // A browser opens the link with the operator key as the password of HTTP Basic; without it, the answer is 401.
        var href = await link.GetAttributeAsync("href") ?? "";
        var dashboardContext = await chromium.Browser.NewContextAsync(new() { HttpCredentials = new() { Username = "operator", Password = ConsoleApiHost.OperatorKey } });
        try
        {
            var dashboard = await dashboardContext.NewPageAsync();
            var response = await dashboard.GotoAsync(new Uri(host.BaseAddress, href).ToString());
            Assert.True(response is { Ok: true }, $"{href} answered {response?.Status}");
            var stats = await dashboard.APIRequest.GetAsync(new Uri(host.BaseAddress, "/dashboard/ClusterStats").ToString());
            Assert.Equal(200, stats.Status);
        }
        finally
        {
            await dashboardContext.CloseAsync();
        }

        using var client = host.Client();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync(href)).StatusCode);
        Assert.Empty(console.ScriptErrors);
    }

    private static async Task<string> SecretIdShownAsync(ConsolePage console)
    {
        await Assertions.Expect(console.Page.Locator(".secret-once")).ToBeVisibleAsync();
        var label = await console.Page.Locator(".secret-once strong").InnerTextAsync();
        return Regex.Match(label, @"Webhook secret (\S+) \(shown once\)").Groups[1].Value;
    }

    [Fact]
    public async Task OperatorKey_TenantPages_AreNotOffered()
    {
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(ConsoleApiHost.OperatorKey, asOperator: true);

        await console.OpenAsync("#/leads");

        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Operator", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" }).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Operator"]);
    }
}
