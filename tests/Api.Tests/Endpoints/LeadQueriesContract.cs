using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains;
using OrleansFlows.Grains.Queries;
using OrleansFlows.Storage;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// The queries behind the lead search, daily usage and workflow stats, on rows put at chosen instants in a real store:
/// local days of zones with half-hour offsets and clock changes, medians, tenant isolation, and the schema step that
/// adds the email to a database of the build before. Run on SQLite and PostgreSQL by the subclasses.
/// </summary>
public abstract class LeadQueriesContract : IAsyncLifetime
{
    private static readonly TenantId A = TenantId.Parse("queries-a");
    private static readonly TenantId B = TenantId.Parse("queries-b");

    private TestStore _store = null!;
    private StoreServices _services = null!;

    private IProjectionStore Projections => _services.Projections;

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        _services = await StoreServices.CreateAsync(_store, new GrainsSchema());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    [Fact]
    public async Task DailyUsage_KolkataDayEdges_EachRowInTheLocalDayThatHoldsIt()
    {
        // Asia/Kolkata is UTC+05:30: 2026-12-05 runs from 2026-12-04T18:30Z to 2026-12-05T18:30Z.
        await AttemptAsync(A, "l1", "s1", "transform", "2026-12-04T18:29:59.999Z");
        await AttemptAsync(A, "l1", "s2", "transform", "2026-12-04T18:30:00Z");
        await AttemptAsync(A, "l1", "s3", "http", "2026-12-05T18:29:59Z");
        await AttemptAsync(A, "l1", "s4", "notify", "2026-12-05T18:30:00Z");
        await LeadAsync(A, "l1", "wf", "completed", "2026-12-04T18:00:00Z", updated: "2026-12-05T18:29:00Z");
        await LeadAsync(A, "l2", "wf", "failed", "2026-12-04T18:00:00Z", updated: "2026-12-05T18:31:00Z");
        await LeadAsync(A, "l3", "wf", "running", "2026-12-05T10:00:00Z", updated: "2026-12-05T10:00:00Z");
        await AcceptedAsync(A, "2026-12-05", 3);
        await SameRowsOfAnotherTenantAsync();

        var days = await new UsageDays(Projections).GetAsync(A, Zone("Asia/Kolkata"), new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 6), CancellationToken.None);

        Assert.Equal(
            ["2026-12-04 a0 c0 f0 s1 o0", "2026-12-05 a3 c1 f0 s2 o1", "2026-12-06 a0 c0 f1 s1 o1"],
            days.Select(d => $"{d.Date} a{d.Accepted} c{d.Completed} f{d.Failed} s{d.StepsRun} o{d.OutboundCalls}"));
    }

    [Fact]
    public async Task DailyUsage_BerlinDaysOf23And25Hours_BucketByLocalMidnight()
    {
        // 2026-03-29 has 23 hours in Berlin (23:00Z to 22:00Z); 2026-10-25 has 25 (22:00Z to 23:00Z the next day).
        await AttemptAsync(A, "l1", "before", "http", "2026-03-28T22:59:59Z");
        await AttemptAsync(A, "l1", "first", "http", "2026-03-28T23:00:00Z");
        await AttemptAsync(A, "l1", "last", "http", "2026-03-29T21:59:59Z");
        await AttemptAsync(A, "l1", "next", "http", "2026-03-29T22:00:00Z");
        await AttemptAsync(A, "l2", "long", "http", "2026-10-25T22:30:00Z");
        await AttemptAsync(A, "l2", "after", "http", "2026-10-25T23:00:00Z");
        var zone = Zone("Europe/Berlin");

        var spring = await new UsageDays(Projections).GetAsync(A, zone, new DateOnly(2026, 3, 28), new DateOnly(2026, 3, 30), CancellationToken.None);
        var autumn = await new UsageDays(Projections).GetAsync(A, zone, new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 26), CancellationToken.None);

        Assert.Equal([1L, 2L, 1L], spring.Select(d => d.StepsRun));
        Assert.Equal([1L, 1L], autumn.Select(d => d.StepsRun));
    }

    [Fact]
    public async Task DailyUsage_EmptyRange_OneZeroEntryPerDayOldestFirst()
    {
        var days = await new UsageDays(Projections).GetAsync(A, Zone("UTC"), new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 2), CancellationToken.None);

        Assert.Equal(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"], days.Select(d => d.Date));
        Assert.All(days, d => Assert.Equal(0, d.Accepted + d.Completed + d.Failed + d.StepsRun + d.OutboundCalls));
    }

    [Fact]
    public async Task DailyUsage_FullYearRange_Answers366Days()
    {
        await AttemptAsync(A, "l1", "s1", "http", "2024-02-29T12:00:00Z");

        var days = await new UsageDays(Projections).GetAsync(A, Zone("Asia/Kolkata"), new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), CancellationToken.None);

        Assert.Equal(366, days.Count);
        Assert.Equal(1L, Assert.Single(days, d => d.StepsRun > 0).OutboundCalls);
        Assert.Equal("2024-02-29", Assert.Single(days, d => d.StepsRun > 0).Date);
    }

    [Fact]
    public async Task StepStats_Window_CountsRatesAndMediansOfTheWorkflowsAttemptsOnly()
    {
        var from = DateTimeOffset.Parse("2026-12-06T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await LeadAsync(A, "l1", "wf", "completed", "2026-12-06T01:00:00Z");
        await LeadAsync(A, "l2", "wf", "failed", "2026-12-06T01:00:00Z");
        await LeadAsync(A, "l3", "other", "completed", "2026-12-06T01:00:00Z");
        await AttemptAsync(A, "l1", "enrich", "http", "2026-12-06T01:00:00Z", finishedAfterMs: 10, outcome: "succeeded");
        await AttemptAsync(A, "l2", "enrich", "http", "2026-12-06T01:00:01Z", finishedAfterMs: 30, outcome: "failed");
        await AttemptAsync(A, "l2", "enrich", "http", "2026-12-06T01:00:02Z", finishedAfterMs: 20, outcome: "succeeded", attempt: 2);
        await AttemptAsync(A, "l2", "enrich", "http", "2026-12-06T01:00:03Z", attempt: 3);
        await AttemptAsync(A, "l1", "save", "store", "2026-12-06T01:00:04Z", finishedAfterMs: 10, outcome: "succeeded");
        await AttemptAsync(A, "l2", "save", "store", "2026-12-06T01:00:05Z", finishedAfterMs: 45, outcome: "succeeded");
        await AttemptAsync(A, "l1", "early", "http", "2026-12-05T23:59:59Z", finishedAfterMs: 5, outcome: "succeeded");
        await AttemptAsync(A, "l3", "enrich", "http", "2026-12-06T02:00:00Z", finishedAfterMs: 999, outcome: "failed");
        await LeadAsync(B, "l1", "wf", "completed", "2026-12-06T01:00:00Z");
        await AttemptAsync(B, "l1", "enrich", "http", "2026-12-06T01:00:00Z", finishedAfterMs: 999, outcome: "failed");

        var steps = await new WorkflowStepStats(Projections).GetAsync(A, "wf", from, from.AddHours(24), CancellationToken.None);

        Assert.Equal(2, steps.Count);
        var enrich = steps[0];
        Assert.Equal(("enrich", "http", 4L, 2L, 1L, 1L, 0.5, (double?)20.0), (enrich.Step, enrich.Kind, enrich.Attempts, enrich.Succeeded, enrich.Failed, enrich.Running, enrich.SuccessRate, enrich.MedianMs));
        var save = steps[1];
        Assert.Equal(("save", 2L, 1.0, (double?)27.5), (save.Step, save.Attempts, save.SuccessRate, save.MedianMs));
    }

    [Fact]
    public async Task StepStats_OnlyRunningAttempts_MedianIsNull()
    {
        await LeadAsync(A, "l1", "wf", "running", "2026-12-06T01:00:00Z");
        await AttemptAsync(A, "l1", "enrich", "http", "2026-12-06T01:00:00Z");
        var from = DateTimeOffset.Parse("2026-12-06T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var step = Assert.Single(await new WorkflowStepStats(Projections).GetAsync(A, "wf", from, from.AddHours(2), CancellationToken.None));

        Assert.Null(step.MedianMs);
        Assert.Equal((1L, 0.0), (step.Running, step.SuccessRate));
    }

    [Fact]
    public async Task LeadList_EmailAnyCase_FindsOnlyThatTenantsLeadByTheIndexedKey()
    {
        await LeadAsync(A, "l1", "wf", "completed", "2026-12-06T01:00:00Z", email: "Ann.Lee@Example.com");
        await LeadAsync(A, "l2", "wf", "completed", "2026-12-06T02:00:00Z", email: "bob@example.com");
        await LeadAsync(A, "l3", "other", "failed", "2026-12-06T03:00:00Z", email: "ann.lee@example.com");
        await LeadAsync(B, "l9", "wf", "completed", "2026-12-06T01:00:00Z", email: "ann.lee@example.com");
        var list = new LeadList(Projections);

        var byEmail = await list.ListAsync(A, new LeadFilter(Query: "ANN.LEE@example.COM"), 10, null, CancellationToken.None);
        var byEmailAndWorkflow = await list.ListAsync(A, new LeadFilter(Workflow: "wf", Query: "ann.lee@example.com"), 10, null, CancellationToken.None);
        var byId = await list.ListAsync(A, new LeadFilter(Query: "l2"), 10, null, CancellationToken.None);
        var byWorkflowAndStatus = await list.ListAsync(A, new LeadFilter(LeadStatus.Failed, "other"), 10, null, CancellationToken.None);
        var otherTenantsId = await list.ListAsync(A, new LeadFilter(Query: "l9"), 10, null, CancellationToken.None);

        Assert.Equal(["l3", "l1"], byEmail.Items.Select(l => l.LeadId));
        Assert.Equal(["ann.lee@example.com", "Ann.Lee@Example.com"], byEmail.Items.Select(l => l.Email));
        Assert.Equal("l1", Assert.Single(byEmailAndWorkflow.Items).LeadId);
        Assert.Equal("bob@example.com", Assert.Single(byId.Items).Email);
        Assert.Equal("l3", Assert.Single(byWorkflowAndStatus.Items).LeadId);
        Assert.Empty(otherTenantsId.Items);
    }

    [Fact]
    public async Task LeadList_WorkflowFilterPaged_CursorWalksOnlyThatWorkflow()
    {
        for (var i = 0; i < 5; i++)
        {
            await LeadAsync(A, $"w{i}", i % 2 == 0 ? "wf" : "other", "completed", $"2026-12-06T0{i}:00:00Z");
        }

        var list = new LeadList(Projections);
        var first = await list.ListAsync(A, new LeadFilter(Workflow: "wf"), 2, null, CancellationToken.None);
        var second = await list.ListAsync(A, new LeadFilter(Workflow: "wf"), 2, first.NextCursor, CancellationToken.None);

        Assert.Equal(["w4", "w2"], first.Items.Select(l => l.LeadId));
        Assert.Equal(["w0"], second.Items.Select(l => l.LeadId));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task SchemaStep7_DatabaseOfTheBuildBefore_KeepsItsLeadsWithNullEmailAndSearches()
    {
        await using var store = await CreateStoreAsync();
        await using (var before = await StoreServices.CreateAsync(store, new GrainsSchemaBefore()))
        {
            await before.Projections.ExecuteAsync(
                "INSERT INTO leads (tenant_id, lead_id, workflow, workflow_version, status, accepted_at, updated_at, business_date) VALUES (@t, 'old', 'wf', 1, 'failed', @at, @at, '2026-12-01')",
                new Dictionary<string, object?> { ["t"] = A.Value, ["at"] = At("2026-12-01T10:00:00Z") },
                A.Value,
                CancellationToken.None);
        }

        await using var after = await StoreServices.CreateAsync(store, new GrainsSchema());
        var list = new LeadList(after.Projections);

        var old = Assert.Single((await list.ListAsync(A, new LeadFilter(Query: "old"), 10, null, CancellationToken.None)).Items);
        var byWorkflow = await list.ListAsync(A, new LeadFilter(Workflow: "wf"), 10, null, CancellationToken.None);

        Assert.Null(old.Email);
        Assert.Equal(LeadStatus.Failed, old.Status);
        Assert.Equal("old", Assert.Single(byWorkflow.Items).LeadId);
        Assert.Equal((long)new GrainsSchema().Steps.Max(s => s.Version), Convert.ToInt64(await store.ScalarAsync("SELECT max(version) FROM schema_version WHERE component = 'grains'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TenantDays_MidnightSkippedByAClockChange_DayStartsAtTheFirstLocalTime()
    {
        // Santiago moves from 24:00 to 01:00 on 2026-09-06: that day starts at 01:00 -03, the day before ends there.
        var zone = Zone("America/Santiago");

        Assert.Equal(At("2026-09-06T04:00:00Z"), TenantDays.StartOf(new DateOnly(2026, 9, 6), zone));
        Assert.Equal(At("2026-09-05T04:00:00Z"), TenantDays.StartOf(new DateOnly(2026, 9, 5), zone));
        Assert.Equal(At("2026-12-04T18:30:00Z"), TenantDays.StartOf(new DateOnly(2026, 12, 5), Zone("Asia/Kolkata")));
        Assert.Equal(At("2026-12-04T18:15:00Z"), TenantDays.StartOf(new DateOnly(2026, 12, 5), Zone("Asia/Kathmandu")));
    }

    private async Task SameRowsOfAnotherTenantAsync()
    {
        await AttemptAsync(B, "l1", "s1", "http", "2026-12-05T10:00:00Z");
        await LeadAsync(B, "l1", "wf", "completed", "2026-12-05T10:00:00Z", updated: "2026-12-05T10:00:00Z");
        await AcceptedAsync(B, "2026-12-05", 7);
    }

    private Task LeadAsync(TenantId tenant, string leadId, string workflow, string status, string accepted, string? updated = null, string? email = null) =>
        ExecuteAsync(
            tenant,
            """
            INSERT INTO leads (tenant_id, lead_id, workflow, workflow_version, status, accepted_at, updated_at, business_date, email, email_key)
            VALUES (@tenant, @lead, @workflow, 1, @status, @accepted, @updated, '2026-12-01', @email, @emailKey)
            """,
            new Dictionary<string, object?>
            {
                ["lead"] = leadId,
                ["workflow"] = workflow,
                ["status"] = status,
                ["accepted"] = At(accepted),
                ["updated"] = At(updated ?? accepted),
                ["email"] = email,
                ["emailKey"] = email?.ToLowerInvariant(),
            });

    private Task AttemptAsync(TenantId tenant, string leadId, string step, string kind, string started, int? finishedAfterMs = null, string outcome = "running", int attempt = 1) =>
        ExecuteAsync(
            tenant,
            finishedAfterMs is null
                ? "INSERT INTO step_attempts (tenant_id, lead_id, step_id, attempt, kind, started_at, outcome) VALUES (@tenant, @lead, @step, @attempt, @kind, @started, @outcome)"
                : "INSERT INTO step_attempts (tenant_id, lead_id, step_id, attempt, kind, started_at, finished_at, outcome) VALUES (@tenant, @lead, @step, @attempt, @kind, @started, @finished, @outcome)",
            new Dictionary<string, object?>
            {
                ["lead"] = leadId,
                ["step"] = step,
                ["attempt"] = attempt,
                ["kind"] = kind,
                ["started"] = At(started),
                ["finished"] = At(started).AddMilliseconds(finishedAfterMs ?? 0),
                ["outcome"] = outcome,
            });

    private Task AcceptedAsync(TenantId tenant, string date, long count) =>
        ExecuteAsync(tenant, "INSERT INTO usage_daily (tenant_id, business_date, leads_accepted) VALUES (@tenant, @date, @count)", new Dictionary<string, object?> { ["date"] = date, ["count"] = count });

    private Task ExecuteAsync(TenantId tenant, string sql, Dictionary<string, object?> parameters)
    {
        parameters["tenant"] = tenant.Value;
        return Projections.ExecuteAsync(sql, parameters, tenant.Value, CancellationToken.None);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>The domain's schema as the build before the lead search left it (steps 1 to 6).</summary>
    private sealed class GrainsSchemaBefore : ISchemaContributor
    {
        public string Component => new GrainsSchema().Component;

        public IReadOnlyList<SchemaStep> Steps { get; } = new GrainsSchema().Steps.Where(s => s.Version <= 6).ToList();
    }
}
