using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Queries;
using OrleansFlows.Grains.Records;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>
/// <see cref="LeadHistory"/> and <see cref="LeadList"/> read what real lead runs wrote: attempts, audit trail and the lead list. The SQLite and
/// PostgreSQL subclasses only say how to create the store.
/// </summary>
public abstract class LeadHistoryContractTests : IAsyncLifetime
{
    private LeadTestSilo _silo = null!;
    private EnrichmentServer _enrichment = null!;
    private TenantId _tenant;

    private LeadHistory History => _silo.Silo.Services.GetRequiredService<LeadHistory>();

    private LeadList Leads => _silo.Silo.Services.GetRequiredService<LeadList>();

    public async Task InitializeAsync()
    {
        _enrichment = await EnrichmentServer.StartAsync();
        _silo = await LeadTestSilo.StartAsync(await CreateStoreAsync());
        _tenant = await _silo.CreateTenantAsync(("enrichment", _enrichment.BaseAddress));
        await _silo.PublishAsync(_tenant, "enrich", Workflows.SingleCall(maxAttempts: 3));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _enrichment.DisposeAsync();
    }

    [Fact]
    public async Task GetAttempts_RetriesThenSuccess_ListsEveryAttemptWithItsOutcome()
    {
        _enrichment.FailNext(2, 503);
        var lead = await _silo.SubmitAsync(_tenant, "enrich", """{"email":"ada@example.com"}""", "k1");
        await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);

        var attempts = await History.GetAttemptsAsync(lead, CancellationToken.None);

        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal(("enrich", "http"), (a.StepId, a.Kind)));
        Assert.Equal([StepAttemptOutcome.Failed, StepAttemptOutcome.Failed, StepAttemptOutcome.Succeeded], attempts.Select(a => a.Outcome));
        Assert.Equal([503, 503, 200], attempts.Select(a => a.HttpStatus));
        Assert.Equal($"HTTP 503 from {_enrichment.BaseAddress.Host}", attempts[0].Error);
        Assert.Null(attempts[2].Error);
        Assert.All(attempts, a => Assert.True(a.FinishedAt >= a.StartedAt, $"attempt {a.Attempt} finished at {a.FinishedAt}, before it started at {a.StartedAt}"));
        Assert.True(attempts[1].StartedAt >= attempts[0].FinishedAt, "the retry started before the first attempt finished");
    }

    [Fact]
    public async Task GetAudit_CompletedLead_ListsEventsInOrder()
    {
        var lead = await _silo.SubmitAsync(_tenant, "enrich", """{"email":"bob@example.com"}""", "k2");
        await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);

        var audit = await History.GetAuditAsync(lead, 100, null, CancellationToken.None);

        Assert.Equal(["accepted", "step_started", "step_completed", "completed"], audit.Items.Select(e => e.Event));
        Assert.Equal([1L, 2L, 3L, 4L], audit.Items.Select(e => e.Sequence));
        Assert.Equal("enrich attempt 1", audit.Items[1].Detail);
        Assert.Null(audit.NextCursor);
        Assert.Equal(audit.Items.Select(e => e.At).Order(), audit.Items.Select(e => e.At));
    }

    [Fact]
    public async Task GetAudit_PagedByCursor_ReturnsEveryEventOnceThenNoCursor()
    {
        _enrichment.FailNext(2, 500);
        var lead = await _silo.SubmitAsync(_tenant, "enrich", """{"email":"cy@example.com"}""", "k3");
        await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
        var all = await History.GetAuditAsync(lead, PageLimit.Max, null, CancellationToken.None);

        var paged = new List<AuditEventRecord>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await History.GetAuditAsync(lead, 3, cursor, CancellationToken.None);
            Assert.InRange(page.Items.Count, 1, 3);
            paged.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(
            ["accepted", "step_started", "step_retry_scheduled", "step_started", "step_retry_scheduled", "step_started", "step_completed", "completed"],
            all.Items.Select(e => e.Event));
        Assert.Equal(all.Items, paged);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListLeads_ByStatus_FiltersAndPagesNewestFirst()
    {
        _enrichment.FailNext(3, 500);
        var failed = await _silo.SubmitAsync(_tenant, "enrich", """{"email":"dee@example.com"}""", "k4");
        await _silo.WaitForStatusAsync(failed, LeadStatus.Failed);
        var completed = new List<LeadKey>();
        foreach (var key in new[] { "k5", "k6", "k7" })
        {
            var lead = await _silo.SubmitAsync(_tenant, "enrich", """{"email":"eve@example.com"}""", key);
            await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
            completed.Add(lead);
        }

        var failedOnly = await Leads.ListAsync(_tenant, new LeadFilter(LeadStatus.Failed), 10, null, CancellationToken.None);
        var first = await Leads.ListAsync(_tenant, new LeadFilter(), 3, null, CancellationToken.None);
        var second = await Leads.ListAsync(_tenant, new LeadFilter(), 3, first.NextCursor, CancellationToken.None);

        var summary = Assert.Single(failedOnly.Items);
        Assert.Equal((failed.LeadId, "enrich", 1, LeadStatus.Failed), (summary.LeadId, summary.Workflow, summary.WorkflowVersion, summary.Status));
        Assert.StartsWith("Step 'enrich' failed after 3 attempt(s): HTTP 500", summary.FailureReason);
        Assert.Equal(completed.Select(l => l.LeadId).Reverse(), first.Items.Select(l => l.LeadId));
        Assert.All(first.Items, l => Assert.Equal(LeadStatus.Completed, l.Status));
        Assert.All(first.Items, l => Assert.Null(l.FailureReason));
        Assert.NotNull(first.NextCursor);
        Assert.Equal([failed.LeadId], second.Items.Select(l => l.LeadId));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Reads_AnotherTenantsLead_SeeNothing()
    {
        var lead = await _silo.SubmitAsync(_tenant, "enrich", """{"email":"fay@example.com"}""", "k8");
        await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
        var other = await _silo.CreateTenantAsync();
        var sameIdOtherTenant = LeadKey.Create(other, lead.LeadId);

        Assert.Empty(await History.GetAttemptsAsync(sameIdOtherTenant, CancellationToken.None));
        Assert.Empty((await History.GetAuditAsync(sameIdOtherTenant, 10, null, CancellationToken.None)).Items);
        Assert.Empty((await Leads.ListAsync(other, new LeadFilter(), 10, null, CancellationToken.None)).Items);
        Assert.Single((await Leads.ListAsync(_tenant, new LeadFilter(), 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Reads_BadLimitOrCursor_ThrowArgumentExceptions()
    {
        var lead = LeadKey.Create(_tenant, "nobody");
        var leadCursor = PageCursor.Encode(DateTimeOffset.UtcNow, "x");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("limit", () => History.GetAuditAsync(lead, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("limit", () => Leads.ListAsync(_tenant, new LeadFilter(), PageLimit.Max + 1, null, CancellationToken.None));
        var wrongKind = await Assert.ThrowsAsync<ArgumentException>("cursor", () => History.GetAuditAsync(lead, 10, leadCursor, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>("cursor", () => Leads.ListAsync(_tenant, new LeadFilter(), 10, "not a cursor!", CancellationToken.None));
        Assert.StartsWith($"Cursor '{leadCursor}' is not valid; pass the nextCursor of the previous page.", wrongKind.Message);
    }

    protected abstract Task<TestStore> CreateStoreAsync();
}
