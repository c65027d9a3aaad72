using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Retention;

/// <summary>
/// Retention runs started through the API, on a real store: leads are accepted by webhook on a host whose clock is 100
/// days back, and a later host with the real clock starts the run that deletes them. Run on SQLite and PostgreSQL by
/// the subclasses.
/// </summary>
public abstract class RetentionRunsApiContract : IAsyncLifetime
{
    private const int BatchSize = 5;

    private static readonly TimeSpan HundredDaysAgo = TimeSpan.FromDays(-100);

    private readonly TempFolder _data = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await DisposeStoreAsync();
        _data.Dispose();
    }

    protected string DataDirectory => _data.Path;

    /// <summary>A host on the test's store (the same one each call) with <paramref name="settings"/>.</summary>
    protected abstract Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings);

    protected abstract Task DisposeStoreAsync();

    [Fact]
    public async Task StartRun_NoRunGoing_Answers202WithLocationAndTheRunEndsListedWithTheKeyThatStartedIt()
    {
        await using var host = await CreateHostAsync(Settings);
        var tenant = await host.CreateTenantAsync("rr-" + Guid.NewGuid().ToString("N")[..10]);
        using var client = host.CreateTenantClient(tenant.ApiKey);

        var started = await client.PostAsync("/v1/retention/runs", null);

        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var run = await started.Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("runId").GetString()!;
        Assert.Equal($"/v1/retention/runs/{runId}", started.Headers.Location?.ToString());
        Assert.Equal(("manual", tenant.KeyId), (run.GetProperty("trigger").GetString(), run.GetProperty("requestedBy").GetString()));
        var ended = await WaitForEndAsync(client, runId);
        Assert.Equal("completed", ended.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("finishedAt").ValueKind);
        var listed = (await client.GetFromJsonAsync<JsonElement>("/v1/retention/runs")).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("runId").GetString() == runId);
        Assert.Equal((tenant.KeyId, run.GetProperty("startedAt").GetDateTimeOffset()), (listed.GetProperty("requestedBy").GetString(), listed.GetProperty("startedAt").GetDateTimeOffset()));
        await ProblemAssert.IsAsync(await client.GetAsync("/v1/retention/runs/999999"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task BigRun_InProgress_SettingsAndRunsAnswerAndASecondStartIs409()
    {
        const int leads = 6 * BatchSize;
        var (tenant, _, _) = await CreateOldLeadsAsync(leads);
        var gate = new LeadDeletionGate(passing: BatchSize);
        await using var host = (await CreateHostAsync(Settings)).WithTestServices(s => s.AddSingleton<IIncomingGrainCallFilter>(gate));
        using var client = host.CreateTenantClient(tenant.ApiKey);
        await LetTheDueNightRunAsync(client);
        await PutAsync(client, new { completedLeadDays = 30 });

        var started = await client.PostAsync("/v1/retention/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        await gate.Holding.WaitAsync(TimeSpan.FromSeconds(30));

        // The run holds its second batch; the retention grain still answers reads, and its progress is saved.
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var settings = await client.GetAsync("/v1/retention");
        Assert.True(settings.StatusCode == HttpStatusCode.OK, await settings.Content.ReadAsStringAsync());
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"GET /v1/retention took {timer.Elapsed} while a run was going on.");
        Assert.Equal(30, (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("completedLeadDays").GetInt32());
        var running = await client.GetFromJsonAsync<JsonElement>($"/v1/retention/runs/{runId}");
        Assert.Equal(("running", BatchSize, 1), (running.GetProperty("status").GetString(), running.GetProperty("completedLeads").GetInt32(), running.GetProperty("batches").GetInt32()));
        Assert.Equal(JsonValueKind.Null, running.GetProperty("finishedAt").ValueKind);
        var listed = (await client.GetFromJsonAsync<JsonElement>("/v1/retention/runs")).GetProperty("items")[0];
        Assert.Equal((runId, "running"), (listed.GetProperty("runId").GetString(), listed.GetProperty("status").GetString()));
        var second = await ProblemAssert.IsAsync(await client.PostAsync("/v1/retention/runs", null), HttpStatusCode.Conflict, "conflict");
        Assert.Contains($"'{runId}' is still running", second.GetProperty("detail").GetString(), StringComparison.Ordinal);

        gate.Open();
        var ended = await WaitForEndAsync(client, runId);
        Assert.Equal(("completed", leads, 0), (ended.GetProperty("status").GetString(), ended.GetProperty("completedLeads").GetInt32(), ended.GetProperty("failedLeads").GetInt32()));
        Assert.True(ended.GetProperty("batches").GetInt32() >= leads / BatchSize, ended.ToString());
        var next = await client.PostAsync("/v1/retention/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        await WaitForEndAsync(client, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!);
    }

    [Fact]
    public async Task Run_SiloStopsPartWay_TheNextHostGoesOnFromItsLastBatch()
    {
        const int leads = 4 * BatchSize;
        var (tenant, _, _) = await CreateOldLeadsAsync(leads);
        var gate = new LeadDeletionGate(passing: BatchSize);
        string runId;
        var stopping = (await CreateHostAsync(Settings)).WithTestServices(s => s.AddSingleton<IIncomingGrainCallFilter>(gate));
        await using (stopping)
        {
            using var client = stopping.CreateTenantClient(tenant.ApiKey);
            await LetTheDueNightRunAsync(client);
            await PutAsync(client, new { completedLeadDays = 30 });
            var started = await client.PostAsync("/v1/retention/runs", null);
            runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
            await gate.Holding.WaitAsync(TimeSpan.FromSeconds(30));

            // The host stops while the run's second batch is held; the batch then ends, is saved, and the run stops there.
            var lifetime = stopping.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
            var stopped = stopping.DisposeAsync().AsTask();
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default);
            gate.Open();
            await stopped;
        }

        await using var host = await CreateHostAsync(Settings);
        using var next = host.CreateTenantClient(tenant.ApiKey);
        var ended = await WaitForEndAsync(next, runId);

        // The same run, with the counts of the batches before the stop: a run started again would count only what was left.
        Assert.Equal(("completed", leads), (ended.GetProperty("status").GetString(), ended.GetProperty("completedLeads").GetInt32()));
        Assert.Equal(runId, (await next.GetFromJsonAsync<JsonElement>("/v1/retention/runs")).GetProperty("items")[0].GetProperty("runId").GetString());
    }

    [Fact]
    public async Task WebhookReplay_AfterRetentionDeletedItsLead_Answers202AndANewLeadRuns()
    {
        var (tenant, secret, deliveries) = await CreateOldLeadsAsync(1);
        var (deliveryId, leadId, acceptedAt) = deliveries[0];
        await using var host = await CreateHostAsync(Settings);
        using var client = host.CreateTenantClient(tenant.ApiKey);
        await LetTheDueNightRunAsync(client);
        await PutAsync(client, new { completedLeadDays = 30 });
        var run = await client.PostAsync("/v1/retention/runs", null);
        var ended = await WaitForEndAsync(client, (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!);
        Assert.Equal(1, ended.GetProperty("completedLeads").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/leads/{leadId}")).StatusCode);

        using var sender = host.CreateClient();
        var replay = await sender.SendAsync(SignedWebhook.Create($"/v1/hooks/{tenant.TenantId}/{WebhookTenant.Workflow}", secret, Body(0), deliveryId));

        Assert.True(replay.StatusCode == HttpStatusCode.Accepted, await replay.Content.ReadAsStringAsync());
        var accepted = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(accepted.GetProperty("replayed").GetBoolean());
        Assert.Equal(leadId, accepted.GetProperty("leadId").GetString()); // the key decides the id
        var lead = await client.WaitForStatusAsync(leadId, "completed");
        Assert.True(lead.GetProperty("acceptedAt").GetDateTimeOffset() > acceptedAt + TimeSpan.FromDays(99), $"The replay found the old lead, accepted at {acceptedAt:O}.");
    }

    private static IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OrleansFlows:Retention:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// On a host 100 days back: a tenant with a published workflow and <paramref name="count"/> leads accepted by webhook
    /// and completed; a replay of a delivery there answers 200, the same lead. Returns the tenant, its signing secret,
    /// and the deliveries' ids with their leads.
    /// </summary>
    private async Task<(TenantAccess Tenant, string Secret, IReadOnlyList<(string DeliveryId, string LeadId, DateTimeOffset AcceptedAt)> Deliveries)> CreateOldLeadsAsync(int count)
    {
        var past = new ShiftedClock(HundredDaysAgo);
        await using var host = (await CreateHostAsync(Settings)).WithTestServices(s => s.AddSingleton<TimeProvider>(past));
        using var tenant = await WebhookTenant.CreateAsync(host, "ret");
        var deliveries = new List<(string, string, DateTimeOffset)>();
        for (var i = 0; i < count; i++)
        {
            var deliveryId = "msg_" + Guid.NewGuid().ToString("N");
            var response = await tenant.SendAsync(Body(i), deliveryId, past.GetUtcNow());
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
            deliveries.Add((deliveryId, accepted.GetProperty("leadId").GetString()!, accepted.GetProperty("acceptedAt").GetDateTimeOffset()));
        }

        foreach (var (_, leadId, _) in deliveries)
        {
            await tenant.Client.WaitForStatusAsync(leadId, "completed");
        }

        var replay = await tenant.SendAsync(Body(0), deliveries[0].Item1, past.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);

        // The night due on the real clock may run as soon as the next host starts, before a test could change the
        // settings; keeping every lead from here on leaves the deleting to the test's own run.
        await PutAsync(tenant.Client, new { completedLeadDays = 3650 });
        return (tenant.Access, tenant.Secret, deliveries);
    }

    /// <summary>
    /// Lets the night that is due on the real clock (the tenant is 100 days old) run first, with settings that keep every
    /// lead, so that the test's own run is the one that deletes.
    /// </summary>
    private static async Task LetTheDueNightRunAsync(HttpClient client)
    {
        await PutAsync(client, new { completedLeadDays = 3650 });
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var runs = (await client.GetFromJsonAsync<JsonElement>("/v1/retention/runs")).GetProperty("items");
            if (runs.GetArrayLength() > 0 && runs.EnumerateArray().All(r => r.GetProperty("status").GetString() != "running"))
            {
                Assert.Equal(0, runs[0].GetProperty("completedLeads").GetInt32());
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The due night did not run within 30 s.");
    }

    private static async Task PutAsync(HttpClient client, object settings)
    {
        var response = await client.PutAsJsonAsync("/v1/retention", settings);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client, string runId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        var last = default(JsonElement);
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonElement>($"/v1/retention/runs/{runId}");
            if (last.GetProperty("status").GetString() != "running")
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Retention run {runId} did not end within 60 s; last: {last}");
    }

    private static byte[] Body(int i) => Encoding.UTF8.GetBytes($$"""{"email":"old-{{i}}@example.com"}""");
}
