using System.Text.Json;
using Microsoft.Playwright;
using OrleansFlows.Console.Tests.Support;

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
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Table, new() { Name = "Versions" })).ToContainTextAsync("v1");
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
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Link, new() { Name = "Open the Orleans Dashboard" })).ToHaveAttributeAsync("href", "/dashboard");
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
    public async Task OperatorKey_TenantPages_AreNotOffered()
    {
        await using var console = await chromium.OpenAsync(host.BaseAddress);
        await console.SignInAsync(ConsoleApiHost.OperatorKey, asOperator: true);

        await console.OpenAsync("#/leads");

        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Operator", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" }).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Operator"]);
    }
}
