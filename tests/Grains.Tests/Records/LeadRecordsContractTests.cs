using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;
using LeadWorkflows = OrleansFlows.Grains.Tests.Leads.Workflows;

namespace OrleansFlows.Grains.Tests.Records;

/// <summary>
/// <see cref="LeadRecords"/>, the one data-access class for <c>lead_records</c>: a tenant reads only its own records,
/// and keyset paging returns each record once. The SQLite and PostgreSQL subclasses only say how to create the store.
/// </summary>
public abstract class LeadRecordsContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Base = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private LeadTestSilo _silo = null!;
    private TenantId _a;
    private TenantId _b;

    private LeadRecords Records => _silo.Silo.Services.GetRequiredService<LeadRecords>();

    public async Task InitializeAsync()
    {
        _silo = await LeadTestSilo.StartAsync(await CreateStoreAsync());
        _a = await _silo.CreateTenantAsync();
        _b = await _silo.CreateTenantAsync();
    }

    public Task DisposeAsync() => _silo.DisposeAsync().AsTask();

    [Fact]
    public async Task List_TwoTenantsStoredRecords_ReturnsOnlyTheCallersRecords()
    {
        await _silo.PublishAsync(_a, "keep", LeadWorkflows.Transform("input.email.length"));
        await _silo.PublishAsync(_b, "keep", LeadWorkflows.Transform("input.email.length"));
        var fromA = await _silo.SubmitAsync(_a, "keep", """{"email":"ada@a.example"}""", "a1");
        var fromB = await _silo.SubmitAsync(_b, "keep", """{"email":"bob@b.example"}""", "b1");
        await _silo.WaitForStatusAsync(fromA, LeadStatus.Completed);
        await _silo.WaitForStatusAsync(fromB, LeadStatus.Completed);
        await Records.UpsertAsync(_b, "b-direct", "keep", """{"email":"cy@b.example"}""", Base, CancellationToken.None);

        var pageA = await Records.ListAsync(_a, 100, null, CancellationToken.None);
        var pageB = await Records.ListAsync(_b, 100, null, CancellationToken.None);

        var record = Assert.Single(pageA.Items);
        Assert.Equal((_a.Value, fromA.LeadId, "keep"), (record.TenantId, record.LeadId, record.Workflow));
        Assert.Equal("ada@a.example", JsonNode.Parse(record.DataJson)!["email"]!.GetValue<string>());
        Assert.Equal(13, JsonNode.Parse(record.DataJson)!["value"]!.GetValue<int>());
        Assert.Null(pageA.NextCursor);
        Assert.Equal(["b-direct", fromB.LeadId], pageB.Items.Select(r => r.LeadId));
        Assert.All(pageB.Items, r => Assert.Equal(_b.Value, r.TenantId));
    }

    [Fact]
    public async Task List_PagedByCursor_ReturnsEachRecordOnceOldestFirstThenNoCursor()
    {
        for (var i = 0; i < 7; i++)
        {
            await Records.UpsertAsync(_a, $"lead-{i}", "keep", $$"""{"n":{{i}}}""", Base.AddSeconds(i), CancellationToken.None);
            await Records.UpsertAsync(_b, $"lead-{i}", "keep", $$"""{"n":{{i}}}""", Base.AddSeconds(i), CancellationToken.None);
        }

        var pages = await ReadAllPagesAsync(_a, limit: 3);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"lead-{i}"), pages.SelectMany(p => p.Items).Select(r => r.LeadId));
        Assert.All(pages.SelectMany(p => p.Items), r => Assert.Equal(_a.Value, r.TenantId));
        Assert.Equal(Base.AddSeconds(6), pages[^1].Items[0].StoredAt);
        Assert.Null(pages[^1].NextCursor);
    }

    [Fact]
    public async Task List_RecordsWithinOneMillisecond_PagesEachOnce()
    {
        // PostgreSQL keeps microseconds: a cursor rounded to the millisecond would repeat or skip these.
        var storedAt = new[] { 0.9, 0.1, 0.5, 0.5 }.Select(ms => Base.AddTicks((long)(ms * TimeSpan.TicksPerMillisecond))).ToArray();
        for (var i = 0; i < storedAt.Length; i++)
        {
            await Records.UpsertAsync(_a, $"lead-{i}", "keep", "{}", storedAt[i], CancellationToken.None);
        }

        var pages = await ReadAllPagesAsync(_a, limit: 1);

        Assert.Equal(4, pages.Count);
        Assert.Equal(4, pages.SelectMany(p => p.Items).Select(r => r.LeadId).Distinct().Count());
        Assert.Equal(pages.SelectMany(p => p.Items).Select(r => r.StoredAt).Order(), pages.SelectMany(p => p.Items).Select(r => r.StoredAt));
    }

    [Fact]
    public async Task Upsert_SameLeadAgain_ReplacesItsRecord()
    {
        await Records.UpsertAsync(_a, "lead-1", "keep", """{"v":1}""", Base, CancellationToken.None);
        await Records.UpsertAsync(_a, "lead-1", "keep", """{"v":2}""", Base.AddMinutes(1), CancellationToken.None);

        var record = Assert.Single((await Records.ListAsync(_a, 10, null, CancellationToken.None)).Items);

        Assert.Equal(2, JsonNode.Parse(record.DataJson)!["v"]!.GetValue<int>());
        Assert.Equal(Base.AddMinutes(1), record.StoredAt);
    }

    [Fact]
    public async Task List_RecordWrittenAgainWhilePaging_MovesToTheEndAndIsReadAgainWithItsNewData()
    {
        for (var i = 0; i < 4; i++)
        {
            await Records.UpsertAsync(_a, $"lead-{i}", "keep", $$"""{"v":{{i}}}""", Base.AddSeconds(i), CancellationToken.None);
        }

        var first = await Records.ListAsync(_a, 2, null, CancellationToken.None);
        // lead-0 is stored again (its lead retried) after the client read it on the first page.
        await Records.UpsertAsync(_a, "lead-0", "keep", """{"v":10}""", Base.AddMinutes(1), CancellationToken.None);
        var rest = await Records.ListAsync(_a, 10, first.NextCursor, CancellationToken.None);

        Assert.Equal(["lead-0", "lead-1"], first.Items.Select(r => r.LeadId));
        Assert.Equal(["lead-2", "lead-3", "lead-0"], rest.Items.Select(r => r.LeadId));
        Assert.Equal(10, JsonNode.Parse(rest.Items[^1].DataJson)!["v"]!.GetValue<int>());
        Assert.Null(rest.NextCursor);
    }

    [Fact]
    public async Task List_BadLimitOrCursor_ThrowsArgumentExceptions()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("limit", () => Records.ListAsync(_a, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>("cursor", () => Records.ListAsync(_a, 10, PageCursor.Encode(7), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>("cursor", () => Records.ListAsync(_a, 10, "%%%", CancellationToken.None));
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    private async Task<List<Page<LeadRecord>>> ReadAllPagesAsync(TenantId tenant, int limit)
    {
        var pages = new List<Page<LeadRecord>>();
        string? cursor = null;
        do
        {
            var page = await Records.ListAsync(tenant, limit, cursor, CancellationToken.None);
            pages.Add(page);
            cursor = page.NextCursor;
            Assert.True(pages.Count <= 100, "paging did not end");
        }
        while (cursor is not null);

        return pages;
    }
}
