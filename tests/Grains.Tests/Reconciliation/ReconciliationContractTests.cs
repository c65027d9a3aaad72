using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>
/// Manual reconciliation runs end to end on a real store: leads hand records to the batch, the run sends them to a
/// real HTTP receiver in chunks, repairs leads, and stores its report. The SQLite and PostgreSQL subclasses only say
/// how to create the store.
/// </summary>
public abstract class ReconciliationContractTests : IAsyncLifetime
{
    private ReconciliationTestSilo _silo = null!;

    protected ReconciliationReceiver Receiver { get; private set; } = null!;

    protected EnrichmentServer Enrichment { get; private set; } = null!;

    protected SlackReceiver Slack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await ReconciliationReceiver.StartAsync();
        Enrichment = await EnrichmentServer.StartAsync();
        Slack = await SlackReceiver.StartAsync();
        _silo = await ReconciliationTestSilo.StartAsync(await CreateStoreAsync());
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await Receiver.DisposeAsync();
        await Enrichment.DisposeAsync();
        await Slack.DisposeAsync();
    }

    [Fact]
    public async Task Run_FiveRecordsInChunksOfTwo_SendsThreeChunksWithOwnKeysAndCompletes()
    {
        var (tenant, date) = await TenantWithBatchedLeadsAsync(5, chunkSize: 2);

        var run = await RunAsync(tenant, date);

        Assert.Equal(ReconciliationRunStatus.Completed, run.Status);
        Assert.Equal(new ReconciliationCounts(5, 5, 5, 5, 3, 0, 0, 0), run.Counts);
        var requests = Receiver.Requests;
        Assert.Equal([2, 2, 1], requests.Select(r => ReconciliationReceiver.RecordCount(r.Body)).ToArray());
        Assert.All(requests, r => Assert.Equal("/bulk", r.Path));
        Assert.Equal(3, requests.Select(r => r.IdempotencyKey).Distinct().Count());
        var first = JsonNode.Parse(requests[0].Body)!.AsObject();
        Assert.Equal(tenant.Value, first["tenantId"]!.GetValue<string>());
        Assert.Equal(ReconciliationRows.DateText(date), first["businessDate"]!.GetValue<string>());
        Assert.Equal(0, first["chunk"]!.GetValue<int>());
        Assert.Equal(3, first["chunks"]!.GetValue<int>());
        Assert.Equal(1, first["attempt"]!.GetValue<int>());
        var emails = requests.SelectMany(r => JsonNode.Parse(r.Body)!["records"]!.AsArray()).Select(r => r!["data"]!["email"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"lead{i}@example.com"), emails.Order(StringComparer.Ordinal));
        Assert.Equal(5, Receiver.AcceptedRecords);
        Assert.Equal(ReconciliationIdempotency.Key(tenant, date, 1, 0), requests[0].IdempotencyKey);
    }

    [Fact]
    public async Task Run_ChunkAnswers503Twice_RetriesItWithTheSameKeyAndCompletes()
    {
        var (tenant, date) = await TenantWithBatchedLeadsAsync(3, chunkSize: 2);
        Receiver.FailNext(2, 503);

        var run = await RunAsync(tenant, date);

        Assert.Equal(ReconciliationRunStatus.Completed, run.Status);
        var keys = Receiver.Requests.Select(r => r.IdempotencyKey).ToArray();
        Assert.Equal(4, keys.Length);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(keys[0], keys[2]);
        Assert.NotEqual(keys[0], keys[3]);
        Assert.Equal(3, run.Counts!.Acknowledged);
        Assert.Equal(3, Receiver.AcceptedRecords);
    }

    [Fact]
    public async Task Run_ReceiverAcknowledgesOneTooMany_FlagsTheChunkAsMismatched()
    {
        var (tenant, date) = await TenantWithBatchedLeadsAsync(4, chunkSize: 2);
        Receiver.AcknowledgeWrongNext(1, delta: 1);

        var run = await RunAsync(tenant, date);

        Assert.Equal(ReconciliationRunStatus.Completed, run.Status);
        Assert.Equal(new ReconciliationCounts(4, 4, 4, 5, 2, 0, 1, 0), run.Counts);
        var reconciliation = Report(run)["reconciliation"]!;
        Assert.True(reconciliation["mismatch"]!.GetValue<bool>());
        var mismatch = Assert.Single(reconciliation["mismatches"]!.AsArray())!;
        Assert.Equal(0, mismatch["chunk"]!.GetValue<int>());
        Assert.Equal(2, mismatch["sent"]!.GetValue<int>());
        Assert.Equal(3, mismatch["acknowledged"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_ChunkRefusedWith400_FailsTheRunAndNamesTheChunk()
    {
        var (tenant, date) = await TenantWithBatchedLeadsAsync(3, chunkSize: 2);
        Receiver.FailNext(1, 400);

        var run = await RunAsync(tenant, date);

        Assert.Equal(ReconciliationRunStatus.Failed, run.Status);
        Assert.Equal(2, Receiver.Requests.Count); // a 400 is not retried; the second chunk is still sent
        Assert.Equal(new ReconciliationCounts(3, 3, 1, 1, 2, 1, 0, 0), run.Counts);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"Chunk 0 (2 records) failed after 1 attempt(s): HTTP 400 from 127.0.0.1", error);
    }

    [Fact]
    public async Task Run_CompletedDateAgain_RefusedWithoutForceAndANewAttemptWithIt()
    {
        var (tenant, date) = await TenantWithBatchedLeadsAsync(2, chunkSize: 10);
        var first = await RunAsync(tenant, date);

        var refused = await Assert.ThrowsAsync<ReconciliationConflictException>(
            () => _silo.Reconciliation(tenant).StartRunAsync(new StartReconciliationRun(date)));
        Assert.Equal($"{ReconciliationRows.DateText(date)} already completed in run {first.RunId}; send \"force\": true to run it again as attempt 2.", refused.Message);

        var forced = await RunAsync(tenant, date, force: true);
        Assert.Equal(2, forced.Attempt);
        Assert.Equal(ReconciliationTrigger.Forced, forced.Trigger);
        Assert.Equal(ReconciliationTrigger.Manual, first.Trigger);
        var keys = Receiver.Requests.Select(r => r.IdempotencyKey).ToArray();
        Assert.Equal(2, keys.Length);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(4, Receiver.AcceptedRecords);
    }

    [Fact]
    public async Task StartRun_WhileARunIsInProgress_IsRefusedAsAnOverlap()
    {
        var (tenant, date) = await TenantWithBatchedLeadsAsync(1, chunkSize: 10);
        Receiver.HangNext(1);
        var running = await _silo.Reconciliation(tenant).StartRunAsync(new StartReconciliationRun(date));
        await Receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));

        var refused = await Assert.ThrowsAsync<ReconciliationConflictException>(
            () => _silo.Reconciliation(tenant).StartRunAsync(new StartReconciliationRun(date, Force: true)));

        Assert.StartsWith($"Run {running.RunId} of {ReconciliationRows.DateText(date)} is in progress since ", refused.Message);
        var done = await _silo.WaitForRunAsync(tenant, running.RunId); // the hung chunk times out and is retried
        Assert.Equal(ReconciliationRunStatus.Completed, done.Status);
        Assert.Equal(2, Receiver.Requests.Count);
    }

    [Fact]
    public async Task Run_LeadsThatFailedRetryablyOrAreStuck_AreRepairedOnceAndListed()
    {
        var tenant = await _silo.CreateTenantAsync(("bulk", Receiver.BaseAddress), ("enrichment", Enrichment.BaseAddress));
        await _silo.PublishAsync(tenant, "enrich", ReconciliationWorkflows.EnrichThenBatch());
        await _silo.PublishAsync(tenant, "slow", ReconciliationWorkflows.EnrichThenBatch(timeout: "60s"));
        await SetScheduleAsync(tenant, chunkSize: 10);
        Enrichment.FailNext(1, 503);
        var (retryable, date) = await _silo.SubmitAsync(tenant, "enrich", 1, LeadStatus.Failed, "flaky");
        Enrichment.FailNext(1, 400);
        var (refused, _) = await _silo.SubmitAsync(tenant, "enrich", 1, LeadStatus.Failed, "bad");
        Enrichment.HangNext(1);
        var (stuck, _) = await _silo.SubmitAsync(tenant, "slow", 1, LeadStatus.Running, "stuck");
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // past StuckAfter (1 s) with no progress

        var run = await RunAsync(tenant, date);

        var repair = Report(run)["repair"]!.AsArray().ToDictionary(r => r!["leadId"]!.GetValue<string>(), r => r!);
        Assert.Equal(new[] { retryable[0].LeadId, stuck[0].LeadId }.Order(StringComparer.Ordinal), repair.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("retried", repair[retryable[0].LeadId]["action"]!.GetValue<string>());
        Assert.Equal("failed on retryable step 'enrich'", repair[retryable[0].LeadId]["reason"]!.GetValue<string>());
        Assert.Equal("resumed", repair[stuck[0].LeadId]["action"]!.GetValue<string>());
        Assert.Equal(2, run.Counts!.Repaired);
        await _silo.WaitForStatusAsync(ReconciliationTestSilo.KeyOf(retryable[0]), LeadStatus.Completed); // the retry reached the enrichment API
        var refusedNow = await _silo.Grains.GetGrain<ILeadGrain>(ReconciliationTestSilo.KeyOf(refused[0]).ToString()).GetAsync();
        Assert.Equal(LeadStatus.Failed, refusedNow!.Status);
    }

    [Fact]
    public async Task Run_Report_CountsByStatusAndWorkflowFailuresByStepDurationsAndPostsToSlack()
    {
        var tenant = await _silo.CreateTenantAsync(("bulk", Receiver.BaseAddress), ("enrichment", Enrichment.BaseAddress));
        await _silo.Tenant(tenant).PutConnectionAsync(new ConnectionSpec("finance", ConnectionKind.Slack, null, null, Slack.WebhookUrl("finance").ToString()));
        await _silo.PublishAsync(tenant, "orders", ReconciliationWorkflows.BatchOnly());
        await _silo.PublishAsync(tenant, "enrich", ReconciliationWorkflows.EnrichThenBatch());
        var (orders, date) = await _silo.SubmitAsync(tenant, "orders", 3, LeadStatus.Completed, "order");
        Enrichment.FailNext(1, 400);
        await _silo.SubmitAsync(tenant, "enrich", 1, LeadStatus.Failed, "bad");
        await _silo.SubmitAsync(tenant, "enrich", 1, LeadStatus.Completed, "good");
        await _silo.Reconciliation(tenant).SetScheduleAsync(new ReconciliationSchedule(
            "02:00", ReconciliationTestSilo.Zone, MonthlyReportDay: date.Day, Connection: "bulk", Path: "/bulk", ChunkSize: 10, NotifyConnection: "finance"));

        var run = await RunAsync(tenant, date);

        var report = Report(run);
        Assert.Equal(5, report["leads"]!["total"]!.GetValue<int>());
        AssertJson("""{"completed":4,"failed":1}""", report["leads"]!["byStatus"]);
        AssertJson("""{"enrich":{"total":2,"byStatus":{"completed":1,"failed":1}},"orders":{"total":3,"byStatus":{"completed":3}}}""", report["leads"]!["byWorkflow"]);
        AssertJson("""{"enrich/enrich":1}""", report["failuresByStep"]);
        Assert.Equal(5, report["durationMs"]!["count"]!.GetValue<int>());
        Assert.True(report["durationMs"]!["p95"]!.GetValue<long>() >= report["durationMs"]!["median"]!.GetValue<long>());
        Assert.Equal(4, report["reconciliation"]!["records"]!.GetValue<int>()); // the failed lead never reached its batch step
        Assert.Equal(5, report["month"]!["leads"]!.GetValue<int>());
        Assert.Equal(4, report["month"]!["records"]!.GetValue<int>());
        Assert.Empty(run.Errors);
        await Slack.WaitForMessagesAsync(1, TimeSpan.FromSeconds(5));
        var message = Assert.Single(Slack.Messages);
        Assert.Equal(
            $"Reconciliation {ReconciliationRows.DateText(date)} (run {run.RunId}): 5 leads (4 completed, 1 failed); 4 records, 4 sent in 1 chunks, 4 acknowledged; 0 lead(s) repaired. "
            + $"Month {date:yyyy-MM} through {ReconciliationRows.DateText(date)}: 5 leads, 4 records.",
            message.Text);
        Assert.Equal(3, orders.Count);
    }

    [Fact]
    public async Task Run_SlackRefusesTheSummary_CompletesAndListsTheRefusal()
    {
        var tenant = await _silo.CreateTenantAsync(("bulk", Receiver.BaseAddress));
        await _silo.Tenant(tenant).PutConnectionAsync(new ConnectionSpec("finance", ConnectionKind.Slack, null, null, Slack.WebhookUrl("finance").ToString()));
        await _silo.PublishAsync(tenant, "orders", ReconciliationWorkflows.BatchOnly());
        var (_, date) = await _silo.SubmitAsync(tenant, "orders", 1, LeadStatus.Completed);
        await _silo.Reconciliation(tenant).SetScheduleAsync(new ReconciliationSchedule("02:00", ReconciliationTestSilo.Zone, Connection: "bulk", NotifyConnection: "finance"));
        Slack.FailNext(1, 500);

        var run = await RunAsync(tenant, date);

        Assert.Equal(ReconciliationRunStatus.Completed, run.Status);
        Assert.Equal(["The Slack summary was refused: HTTP 500."], run.Errors);
        Assert.Equal(1, Slack.PostCount);
        Assert.Empty(Slack.Messages);
    }

    [Fact]
    public async Task SetSchedule_BadTimeZoneTimeAndConnection_ListsEveryProblem()
    {
        var tenant = await _silo.CreateTenantAsync(("bulk", Receiver.BaseAddress));

        var refused = await Assert.ThrowsAsync<TenantValidationException>(() => _silo.Reconciliation(tenant).SetScheduleAsync(
            new ReconciliationSchedule("25:00", "Mars/Olympus", MonthlyReportDay: 32, LookBackDays: 0, Connection: "missing", Path: "bulk", ChunkSize: 0, NotifyConnection: "bulk")));

        Assert.Equal(
            ["chunkSize", "connection", "dailyAt", "lookBackDays", "monthlyReportDay", "notifyConnection", "path", "timeZone"],
            refused.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("'dailyAt' must be a local time 'HH:mm' from '00:00' to '23:59'; '25:00' is not.", refused.Errors["dailyAt"].Single());
        Assert.Equal("'Mars/Olympus' is not a known IANA time zone (for example 'Europe/Berlin' or 'America/New_York').", refused.Errors["timeZone"].Single());
        Assert.Equal("Connection 'bulk' is a http connection; 'notifyConnection' needs a slack connection.", refused.Errors["notifyConnection"].Single());
        Assert.Null(await _silo.Reconciliation(tenant).GetScheduleAsync());
    }

    [Fact]
    public async Task StartRun_DateAfterTheTenantsToday_IsRefused()
    {
        var tenant = await _silo.CreateTenantAsync(("bulk", Receiver.BaseAddress));
        await SetScheduleAsync(tenant, chunkSize: 10);
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(ReconciliationTestSilo.Zone)).DateTime).AddDays(2);

        var refused = await Assert.ThrowsAsync<TenantValidationException>(() => _silo.Reconciliation(tenant).StartRunAsync(new StartReconciliationRun(tomorrow)));

        Assert.StartsWith($"'{ReconciliationRows.DateText(tomorrow)}' is in the future: the tenant's today is ", refused.Errors["businessDate"].Single());
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    // PostgreSQL keeps the report as jsonb, which does not keep the order of keys: compare values, not text.
    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}, got {actual?.ToJsonString()}.");

    private static JsonNode Report(ReconciliationRunView run) => JsonNode.Parse(run.ReportJson ?? throw new InvalidOperationException($"Run {run.RunId} has no report."))!;

    private async Task<(TenantId Tenant, DateOnly Date)> TenantWithBatchedLeadsAsync(int leads, int chunkSize)
    {
        var tenant = await _silo.CreateTenantAsync(("bulk", Receiver.BaseAddress));
        await _silo.PublishAsync(tenant, "orders", ReconciliationWorkflows.BatchOnly());
        await SetScheduleAsync(tenant, chunkSize);
        var (_, date) = await _silo.SubmitAsync(tenant, "orders", leads, LeadStatus.Completed);
        return (tenant, date);
    }

    private Task SetScheduleAsync(TenantId tenant, int chunkSize) =>
        _silo.Reconciliation(tenant).SetScheduleAsync(new ReconciliationSchedule("02:00", ReconciliationTestSilo.Zone, Connection: "bulk", Path: "/bulk", ChunkSize: chunkSize));

    private async Task<ReconciliationRunView> RunAsync(TenantId tenant, DateOnly date, bool force = false)
    {
        var started = await _silo.Reconciliation(tenant).StartRunAsync(new StartReconciliationRun(date, force));
        Assert.Equal(ReconciliationRunStatus.Running, started.Status);
        return await _silo.WaitForRunAsync(tenant, started.RunId);
    }
}
