using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;
using OrleansFlows.Grains.Erasures;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.Grains.Tests.Reconciliation;
using OrleansFlows.Storage;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Audit;

/// <summary>
/// <see cref="TenantAuditTrail"/> on a real store: a tenant lists only its own entries, newest first, each once across
/// pages; erasure and retention remove exactly what they should. The SQLite and PostgreSQL subclasses only say how to
/// create the store.
/// </summary>
public abstract class TenantAuditTrailContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Base = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Base);
    private LeadTestSilo _silo = null!;
    private TenantAuditTrail _trail = null!;
    private TenantId _a;
    private TenantId _b;

    public async Task InitializeAsync()
    {
        _silo = await LeadTestSilo.StartAsync(await CreateStoreAsync());
        _trail = new TenantAuditTrail(_silo.Silo.Services.GetRequiredService<IProjectionStore>(), _clock);
        _a = await _silo.CreateTenantAsync();
        _b = await _silo.CreateTenantAsync();
    }

    public Task DisposeAsync() => _silo.DisposeAsync().AsTask();

    [Fact]
    public async Task List_PagedWithEqualInstants_ReturnsTheTenantsEntriesNewestFirstEachOnce()
    {
        var added = new List<TenantAuditEvent>();
        for (var i = 0; i < 7; i++)
        {
            added.Add(await AddAsync(_a, "orders", $"m-{i}", $"reason {i}"));
            if (i % 2 == 1)
            {
                _clock.Advance(TimeSpan.FromSeconds(1)); // pairs share an instant: the id orders them
            }
        }

        await AddAsync(_b, "orders", "b-1", "the other tenant's");

        var seen = new List<TenantAuditEvent>();
        string? cursor = null;
        do
        {
            var page = await _trail.ListAsync(_a, new TenantAuditFilter(null, null), 3, cursor, CancellationToken.None);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var expected = added.OrderByDescending(e => e.At).ThenByDescending(e => e.EventId, StringComparer.Ordinal).Select(e => e.EventId);
        Assert.Equal(expected, seen.Select(e => e.EventId));
        var newest = seen[0];
        Assert.Equal(TenantAuditEvents.QueueMessageRejected, newest.Event);
        Assert.Equal("orders", newest.Workflow);
        Assert.Equal("m-6", newest.Detail["messageId"]);
        Assert.Equal("reason 6", newest.Detail["reason"]);
        Assert.Equal(Base.AddSeconds(3), newest.At);
    }

    [Fact]
    public async Task List_ByWorkflowAndEvent_KeepsOnlyMatchingEntries()
    {
        await AddAsync(_a, "orders", "o-1", "bad json");
        await AddAsync(_a, "returns", "r-1", "bad json");
        await AddAsync(_a, null, null, "no workflow");

        var orders = await _trail.ListAsync(_a, new TenantAuditFilter(null, "orders"), 10, null, CancellationToken.None);
        var rejected = await _trail.ListAsync(_a, new TenantAuditFilter(TenantAuditEvents.QueueMessageRejected, null), 10, null, CancellationToken.None);
        var other = await _trail.ListAsync(_a, new TenantAuditFilter("something-else", null), 10, null, CancellationToken.None);

        Assert.Equal(["o-1"], orders.Items.Select(e => e.Detail["messageId"]));
        Assert.Equal(3, rejected.Items.Count);
        Assert.Empty(other.Items);
    }

    [Fact]
    public async Task List_CursorOfAnotherList_IsRefusedNamingTheCursor()
    {
        var problem = await Assert.ThrowsAsync<ArgumentException>(() => _trail.ListAsync(_a, new TenantAuditFilter(null, null), 10, "not-a-cursor", CancellationToken.None));
        Assert.Equal("cursor", problem.ParamName);
    }

    [Fact]
    public async Task DeleteHolding_Email_RemovesOnlyTheTenantsEntriesThatQuoteThatAddress()
    {
        await AddAsync(_a, "orders", "Ann+Shop@Example.com", "the idempotency key was used before");
        await AddAsync(_a, "orders", "m-2", "idempotencyKey gave \"ann+shop@example.com\" twice");
        await AddAsync(_a, "orders", "m-3", "held by joann+shop@example.com.au, a longer address");
        await AddAsync(_b, "orders", "ann+shop@example.com", "the other tenant's");

        var removed = await _trail.DeleteHoldingAsync(_a, new EmailMatch("ann+shop@example.com"), CancellationToken.None);

        Assert.Equal(2, removed);
        var left = await _trail.ListAsync(_a, new TenantAuditFilter(null, null), 10, null, CancellationToken.None);
        Assert.Equal(["m-3"], left.Items.Select(e => e.Detail["messageId"]));
        Assert.Single((await _trail.ListAsync(_b, new TenantAuditFilter(null, null), 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task DeleteBefore_RemovesAtMostTheLimitOfTheOldestEntriesOfTheTenant()
    {
        for (var i = 0; i < 4; i++)
        {
            await AddAsync(_a, "orders", $"old-{i}", "old");
            await AddAsync(_b, "orders", $"b-old-{i}", "old");
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var cutoff = _clock.GetUtcNow();
        await AddAsync(_a, "orders", "new", "new");

        Assert.Equal(3, await _trail.DeleteBeforeAsync(_a, cutoff, 3, CancellationToken.None));
        Assert.Equal(1, await _trail.DeleteBeforeAsync(_a, cutoff, 3, CancellationToken.None));
        Assert.Equal(0, await _trail.DeleteBeforeAsync(_a, cutoff, 3, CancellationToken.None));

        var left = await _trail.ListAsync(_a, new TenantAuditFilter(null, null), 10, null, CancellationToken.None);
        Assert.Equal(["new"], left.Items.Select(e => e.Detail["messageId"]));
        Assert.Equal(4, (await _trail.ListAsync(_b, new TenantAuditFilter(null, null), 10, null, CancellationToken.None)).Items.Count);
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    private Task<TenantAuditEvent> AddAsync(TenantId tenant, string? workflow, string? messageId, string reason) =>
        _trail.AddAsync(
            tenant,
            TenantAuditEvents.QueueMessageRejected,
            workflow,
            new Dictionary<string, string?> { ["queue"] = "orders-in", ["messageId"] = messageId, ["reason"] = reason },
            CancellationToken.None);
}
