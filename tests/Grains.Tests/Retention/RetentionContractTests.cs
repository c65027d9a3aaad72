using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;
using OrleansFlows.Grains.Tests.Hosting;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.Grains.Tests.Reconciliation;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Retention;

/// <summary>
/// The nightly retention job on a real store, started by its real reminder. Leads are made "days ago" by a silo whose
/// clock is shifted back; a later silo, whose clock is shifted less, is the night that deletes them. The SQLite and
/// PostgreSQL subclasses only say how to create the store.
/// </summary>
public abstract class RetentionContractTests : IAsyncLifetime
{
    private const string Zone = "Europe/Berlin";

    // Batches of two, so that a run of a few leads takes several.
    private static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["OrleansFlows:Retention:BatchSize"] = "2",
    };

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleansflows-retention-").FullName;
    private readonly TenantId _tenant = NewTenant();
    private readonly TenantId _other = NewTenant();
    private TestStore _store = null!;
    private EnrichmentServer _enrichment = null!;

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        _enrichment = await EnrichmentServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _enrichment.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task NightlyRun_SettingsOfTenAndFifteenDays_DeletesOnlyDueLeadsWithEverythingOfThemAndKeepsRecords()
    {
        var old = await CreateLeadsAsync(daysAgo: 100);
        await using var silo = await StartAsync(daysAgo: 80); // the leads are 20 days old
        var fresh = await SubmitAsync(silo, _tenant, "store", "fresh", LeadStatus.Completed);

        await silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value).SetSettingsAsync(new RetentionSettings(10, 15, null));
        var run = await WaitForRunAsync(silo, _tenant);

        Assert.Equal(("scheduled", "completed", 2, 1, 0), (run.Trigger, run.Status, run.CompletedLeads, run.FailedLeads, run.Records));
        Assert.True(run.Batches >= 2, $"Two completed leads and one failed in batches of two took {run.Batches} batches.");
        foreach (var deleted in old.Completed.Append(old.Failed))
        {
            Assert.Null(await silo.Grains.GetGrain<ILeadGrain>(deleted.ToString()).GetAsync());
            await AssertNothingLeftAsync(deleted);
        }

        Assert.Equal(LeadStatus.Waiting, (await silo.Grains.GetGrain<ILeadGrain>(old.Waiting.ToString()).GetAsync())!.Status);
        Assert.Equal(LeadStatus.Completed, (await silo.Grains.GetGrain<ILeadGrain>(fresh.ToString()).GetAsync())!.Status);

        // Records are kept for ever unless set; the other tenant's equally old lead is not touched by this tenant's settings.
        Assert.Equal(3L, await CountAsync($"SELECT COUNT(*) FROM lead_records WHERE tenant_id = '{_tenant.Value}'"));
        Assert.Equal(LeadStatus.Completed, (await silo.Grains.GetGrain<ILeadGrain>(old.OtherTenant.ToString()).GetAsync())!.Status);
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM leads WHERE tenant_id = '{_other.Value}'"));
    }

    [Fact]
    public async Task NightlyRun_Defaults_DeletesCompletedAfterNinetyDaysAndKeepsFailedUntilOneEighty()
    {
        var old = await CreateLeadsAsync(daysAgo: 100);
        await using var silo = await StartAsync(daysAgo: 0);

        var settings = await silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value).SetSettingsAsync(new RetentionSettings(null, null, null));
        var run = await WaitForRunAsync(silo, _tenant);

        Assert.Equal((90, 180, (int?)null, Zone), (settings.CompletedLeadDays, settings.FailedLeadDays, settings.RecordDays, settings.TimeZone));
        Assert.Equal((2, 0), (run.CompletedLeads, run.FailedLeads));
        Assert.Equal(LeadStatus.Failed, (await silo.Grains.GetGrain<ILeadGrain>(old.Failed.ToString()).GetAsync())!.Status);
        foreach (var lead in old.Completed)
        {
            await AssertNothingLeftAsync(lead);
        }
    }

    [Fact]
    public async Task NightlyRun_RecordDaysSet_DeletesStoredRecordsOlderThanIt()
    {
        await CreateLeadsAsync(daysAgo: 100);
        await using var silo = await StartAsync(daysAgo: 80);

        await silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value).SetSettingsAsync(new RetentionSettings(null, null, 10));
        var run = await WaitForRunAsync(silo, _tenant);

        Assert.Equal((0, 0, 2), (run.CompletedLeads, run.FailedLeads, run.Records));
        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM lead_records WHERE tenant_id = '{_tenant.Value}'"));
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM lead_records WHERE tenant_id = '{_other.Value}'"));
    }

    [Fact]
    public async Task NightlyRun_TenantAuditEntriesOlderThanFailedLeadDays_AreDeletedAndNewerOnesKept()
    {
        await using (var then = await StartAsync(daysAgo: 100))
        {
            await then.Grains.GetGrain<ITenantGrain>(_tenant.Value).SetProfileAsync(new TenantProfile("Test Bakery", Zone));
            var audit = then.Services.GetRequiredService<TenantAuditTrail>();
            foreach (var tenant in new[] { _tenant, _tenant, _tenant, _other })
            {
                await audit.AddAsync(tenant, TenantAuditEvents.QueueMessageRejected, "orders", new Dictionary<string, string?> { ["reason"] = "old" }, CancellationToken.None);
            }
        }

        await using var silo = await StartAsync(daysAgo: 0);
        await silo.Services.GetRequiredService<TenantAuditTrail>().AddAsync(
            _tenant, TenantAuditEvents.QueueMessageRejected, "orders", new Dictionary<string, string?> { ["reason"] = "new" }, CancellationToken.None);

        // Kept as long as failed leads: 15 days, so the entries of 100 days ago go, in batches of two, and today's stays.
        await silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value).SetSettingsAsync(new RetentionSettings(10, 15, null));
        var run = await WaitForRunAsync(silo, _tenant);

        Assert.Equal("completed", run.Status);
        Assert.True(run.Batches >= 2, $"Three entries in batches of two took {run.Batches} batches.");
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM tenant_audit_events WHERE tenant_id = '{_tenant.Value}'"));
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM tenant_audit_events WHERE tenant_id = '{_other.Value}'"));
    }

    [Fact]
    public async Task ReplayOfADeletedLeadsIdempotencyKey_StartsANewLead()
    {
        var old = await CreateLeadsAsync(daysAgo: 100);
        await using var silo = await StartAsync(daysAgo: 80);
        await silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value).SetSettingsAsync(new RetentionSettings(10, 15, null));
        await WaitForRunAsync(silo, _tenant);

        var replayed = await silo.Grains.GetGrain<ILeadGrain>(old.Completed[0].ToString()).SubmitAsync(Submission("store", "old-0"));

        Assert.True(replayed.Created, "A replay of a deleted lead's key found the old lead.");
        Assert.Equal(old.Completed[0].LeadId, replayed.Lead.LeadId);
        var lead = await silo.Grains.WaitForStatusAsync(old.Completed[0].ToString(), LeadStatus.Completed);
        Assert.True(lead.AcceptedAt > DateTimeOffset.UtcNow - TimeSpan.FromDays(81), $"The replayed lead was accepted at {lead.AcceptedAt:O}, not as a new lead.");
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM grain_state WHERE grain_id LIKE '%{_tenant.Value}%{old.Completed[0].LeadId}'"));
    }

    [Fact]
    public async Task Runs_ListedNewestFirstWithCounts_AndAManualRunAfterTheNightDeletesNothingMore()
    {
        await CreateLeadsAsync(daysAgo: 100);
        await using var silo = await StartAsync(daysAgo: 80);
        var retention = silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value);
        await retention.SetSettingsAsync(new RetentionSettings(10, 15, null));
        var nightly = await WaitForRunAsync(silo, _tenant);

        var manual = await RunNowAsync(retention);
        var runs = (await retention.ListRunsAsync(10, null)).Items;

        Assert.Equal(("manual", 0, 0, 0, false), (manual.Trigger, manual.CompletedLeads, manual.FailedLeads, manual.Records, manual.MoreDue));
        Assert.Equal([manual.RunId, nightly.RunId], runs.Select(r => r.RunId));
        Assert.Equal((2, 1), (runs[1].CompletedLeads, runs[1].FailedLeads));
        Assert.DoesNotContain((await silo.Grains.GetGrain<IRetentionGrain>(_other.Value).ListRunsAsync(10, null)).Items, r => r.CompletedLeads > 0);
        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM retention_runs WHERE tenant_id = '{_other.Value}' AND completed_leads > 0"));
    }

    [Fact]
    public async Task NightlyRun_BatchLimitReached_StopsWithMoreDueAndTheNextRunGoesOn()
    {
        var old = await CreateLeadsAsync(daysAgo: 100);
        await using var silo = await StartAsync(daysAgo: 80, new Dictionary<string, string?>
        {
            ["OrleansFlows:Retention:BatchSize"] = "2",
            ["OrleansFlows:Retention:MaxBatchesPerRun"] = "1",
        });
        var retention = silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value);
        await retention.SetSettingsAsync(new RetentionSettings(10, 15, null));

        var first = await WaitForRunAsync(silo, _tenant);
        Assert.Equal((2, 0, 1, true), (first.CompletedLeads, first.FailedLeads, first.Batches, first.MoreDue));
        Assert.Equal(LeadStatus.Failed, (await silo.Grains.GetGrain<ILeadGrain>(old.Failed.ToString()).GetAsync())!.Status);

        var next = await RunNowAsync(retention);
        Assert.Equal((0, 1, 1, false), (next.CompletedLeads, next.FailedLeads, next.Batches, next.MoreDue));
        await AssertNothingLeftAsync(old.Failed);
    }

    [Fact]
    public async Task SetSettings_OutOfRange_IsRefusedByFieldAndChangesNothing()
    {
        await CreateLeadsAsync(daysAgo: 1);
        await using var silo = await StartAsync(daysAgo: 0);
        var retention = silo.Grains.GetGrain<IRetentionGrain>(_tenant.Value);

        var refused = await Assert.ThrowsAsync<TenantValidationException>(() => retention.SetSettingsAsync(new RetentionSettings(0, 4000, -1)));

        Assert.Equal(["completedLeadDays", "failedLeadDays", "recordDays"], refused.Errors.Keys.Order());
        Assert.Contains("between 1 and 3650", refused.Errors["failedLeadDays"][0], StringComparison.Ordinal);
        var settings = await retention.GetSettingsAsync();
        Assert.Equal((90, 180, (int?)null, (DateTimeOffset?)null), (settings.CompletedLeadDays, settings.FailedLeadDays, settings.RecordDays, settings.UpdatedAt));
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    private static TenantId NewTenant() => TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);

    private Task<ProductSilo> StartAsync(int daysAgo, IReadOnlyDictionary<string, string?>? settings = null) =>
        ProductSilo.StartAsync(_store, _dataDirectory, settings ?? Settings, daysAgo == 0 ? null : new ShiftedTimeProvider(TimeSpan.FromDays(-daysAgo)));

    /// <summary>
    /// On a silo <paramref name="daysAgo"/> days back: two completed leads with records, one failed and one waiting for
    /// this tenant, and one completed lead with a record for the other tenant.
    /// </summary>
    private async Task<OldLeads> CreateLeadsAsync(int daysAgo)
    {
        await using var silo = await StartAsync(daysAgo);
        foreach (var tenant in new[] { _tenant, _other })
        {
            var grain = silo.Grains.GetGrain<ITenantGrain>(tenant.Value);
            await grain.SetProfileAsync(new TenantProfile("Test Bakery", Zone));
            await grain.PutConnectionAsync(new ConnectionSpec("enrichment", ConnectionKind.Http, _enrichment.BaseAddress.ToString(), new Dictionary<string, string>(), null));
            await grain.PublishWorkflowAsync("store", RetentionWorkflows.Store().ToJsonString());
            await grain.PublishWorkflowAsync("enrich", RetentionWorkflows.Enrich().ToJsonString());
            await grain.PublishWorkflowAsync("wait", RetentionWorkflows.Wait().ToJsonString());
        }

        LeadKey[] completed = [await SubmitAsync(silo, _tenant, "store", "old-0", LeadStatus.Completed), await SubmitAsync(silo, _tenant, "store", "old-1", LeadStatus.Completed)];
        _enrichment.FailNext(1, 400);
        var failed = await SubmitAsync(silo, _tenant, "enrich", "old-failed", LeadStatus.Failed);
        var waiting = await SubmitAsync(silo, _tenant, "wait", "old-waiting", LeadStatus.Waiting);
        var other = await SubmitAsync(silo, _other, "store", "old-0", LeadStatus.Completed);
        return new OldLeads(completed, failed, waiting, other);
    }

    private static async Task<LeadKey> SubmitAsync(ProductSilo silo, TenantId tenant, string workflow, string key, LeadStatus status)
    {
        var lead = LeadKey.Create(tenant, LeadIds.FromIdempotencyKey(workflow, key));
        var result = await silo.Grains.GetGrain<ILeadGrain>(lead.ToString()).SubmitAsync(Submission(workflow, key));
        Assert.True(result.Created, $"Lead {lead} already existed.");
        await silo.Grains.WaitForStatusAsync(lead.ToString(), status);
        return lead;
    }

    private static SubmitLead Submission(string workflow, string key)
    {
        var body = $$"""{"email":"{{key}}@example.com"}""";
        return new SubmitLead(workflow, body, key, LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api");
    }

    /// <summary>Starts a manual run and waits for it to end.</summary>
    private static async Task<RetentionRunView> RunNowAsync(IRetentionGrain retention)
    {
        var started = await retention.StartRunAsync("key-test");
        Assert.Equal(RetentionRunStatus.Running, started.Status);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await retention.GetRunAsync(started.RunId) is { Status: not RetentionRunStatus.Running } run)
            {
                return run;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Retention run {started.RunId} did not end within 30 s.");
    }

    /// <summary>Waits for the tenant's first run, started by its reminder, to end.</summary>
    private static async Task<RetentionRunView> WaitForRunAsync(ProductSilo silo, TenantId tenant)
    {
        var runs = silo.Services.GetRequiredService<Grains.Retention.RetentionRuns>();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if ((await runs.ListAsync(tenant, 10, null, CancellationToken.None)).Items is [.., { Status: not RetentionRunStatus.Running } first])
            {
                return first;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No retention run of {tenant} within 30 s.");
    }

    private async Task AssertNothingLeftAsync(LeadKey lead)
    {
        foreach (var table in new[] { "leads", "step_attempts", "audit_events", "batch_records" })
        {
            Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM {table} WHERE tenant_id = '{lead.Tenant.Value}' AND lead_id = '{lead.LeadId}'"));
        }

        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM grain_state WHERE grain_id LIKE '%{lead.Tenant.Value}%{lead.LeadId}'"));
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await _store.ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    private sealed record OldLeads(LeadKey[] Completed, LeadKey Failed, LeadKey Waiting, LeadKey OtherTenant);
}
