using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Records;
using OrleansFlows.Grains.Tests.Hosting;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Logging;
using OrleansFlows.TestKit.Saas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>
/// The lead-to-customer flow end to end on a real store, with real HTTP servers standing in for the enrichment API
/// and Slack. The SQLite and PostgreSQL subclasses only say how to create the store.
/// </summary>
public abstract class LeadFlowContractTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleansflows-grains-").FullName;
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly RecordingLoggerProvider _logs = new();
    private TestStore? _store;

    protected EnrichmentServer Enrichment { get; private set; } = null!;

    protected SlackReceiver Slack { get; private set; } = null!;

    protected ProductSilo Silo { get; private set; } = null!;

    protected TenantId Tenant => TenantId.Parse(_tenant);

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        Enrichment = await EnrichmentServer.StartAsync();
        Slack = await SlackReceiver.StartAsync();
        Silo = await StartSiloAsync();
        var tenant = Silo.Grains.GetGrain<ITenantGrain>(_tenant);
        await tenant.SetProfileAsync(new TenantProfile("Test Bakery", "Europe/Berlin"));
        await tenant.PutConnectionAsync(new ConnectionSpec("enrichment", ConnectionKind.Http, Enrichment.BaseAddress.ToString(), new Dictionary<string, string> { ["X-Api-Key"] = "secret-key-1" }, null));
        await tenant.PutConnectionAsync(new ConnectionSpec("sales", ConnectionKind.Slack, null, null, Slack.WebhookUrl("sales").ToString()));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Enrichment.DisposeAsync();
        await Slack.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Submit_LeadToCustomer_EnrichesStoresAndNotifies()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        Enrichment.SetScore("ada@example.com", 80);

        var lead = await SubmitAsync("lead-to-customer", """{"email":"ada@example.com","name":"Ada"}""", key: "form-1");
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        Assert.Equal(["enrich", "route", "save", "tell", "tier"], done.Steps.Select(s => s.StepId).Order().ToArray());
        var message = Assert.Single(Slack.Messages);
        Assert.Equal("Hot lead: Ada (ada@example.com) (score 80)", message.Text);
        var request = Assert.Single(Enrichment.Requests);
        Assert.Equal("secret-key-1", request.Headers["X-Api-Key"]);
        Assert.NotNull(request.IdempotencyKey);
        var records = await Silo.Services.GetRequiredService<LeadRecords>().ListAsync(Tenant, 10, null, CancellationToken.None);
        var record = Assert.Single(records.Items);
        Assert.Equal(80, JsonNode.Parse(record.DataJson)!["score"]!.GetValue<int>());
        Assert.Equal("hot", JsonNode.Parse(record.DataJson)!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_EnrichmentFailsTwice_RetriesThenCompletes()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        Enrichment.FailNext(2, 500);

        var lead = await SubmitAsync("lead-to-customer", """{"email":"bob@example.com","name":"Bob"}""", key: "form-2");
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        Assert.Equal(3, done.Steps.Single(s => s.StepId == "enrich").Attempts);
        Assert.Equal(3, Enrichment.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task Submit_RetriesExhausted_FailsWithReasonAndRetryFromFailedStepCompletes()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 2));
        Enrichment.FailNext(2, 503);

        var lead = await SubmitAsync("lead-to-customer", """{"email":"cy@example.com","name":"Cy"}""", key: "form-3");
        var failed = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Failed);
        Assert.Equal("enrich", failed.FailedStepId);
        Assert.StartsWith("Step 'enrich' failed after 2 attempt(s): HTTP 503", failed.FailureReason);
        Assert.Empty(Slack.Messages);

        await Silo.Grains.GetGrain<ILeadGrain>(lead).RetryFromFailedStepAsync();
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);
        Assert.Equal(3, done.Steps.Single(s => s.StepId == "enrich").Attempts);
        Assert.Single(Slack.Messages);
    }

    [Fact]
    public async Task Submit_NameWithSlackMarkup_PostsTheNameEscapedAndKeepsTheTemplatesMarkup()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        Enrichment.SetScore("mal@example.com", 80);

        var lead = await SubmitAsync(
            "lead-to-customer", """{"email":"mal@example.com","name":"<!channel> <https://evil.example|Reset your password> & co"}""", key: "form-13");
        await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        Assert.Equal(
            "Hot lead: &lt;!channel&gt; &lt;https://evil.example|Reset your password&gt; &amp; co (mal@example.com) (score 80)",
            Assert.Single(Slack.Messages).Text);
    }

    [Fact]
    public async Task Submit_NotifyInRouteFails_FailsTheRouteStepLogsAWarningAndRetryCompletesIt()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        Enrichment.SetScore("jo@example.com", 80);
        Slack.FailNext(1, 400); // not retryable: the lead fails at once

        var lead = await SubmitAsync("lead-to-customer", """{"email":"jo@example.com","name":"Jo"}""", key: "form-14");
        var failed = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Failed);

        Assert.Equal("tell", failed.FailedStepId);
        Assert.Equal("Step 'tell' failed after 1 attempt(s): HTTP 400 from 127.0.0.1", failed.FailureReason);
        var route = failed.Steps.Single(s => s.StepId == "route");
        Assert.Equal(StepStatus.Failed, route.Status);
        Assert.NotNull(route.FinishedAt);
        Assert.Equal(StepStatus.Failed, failed.Steps.Single(s => s.StepId == "tell").Status);
        var logged = Assert.Single(_logs.Entries, e => e.EventId.Id == 3001);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Equal(
            $"Lead {LeadKey.Parse(lead).LeadId} of tenant {_tenant} failed in workflow lead-to-customer at step tell: {failed.FailureReason}",
            logged.Message);

        await Silo.Grains.GetGrain<ILeadGrain>(lead).RetryFromFailedStepAsync();
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        Assert.All(done.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal("Hot lead: Jo (jo@example.com) (score 80)", Assert.Single(Slack.Messages).Text);
    }

    [Fact]
    public async Task Submit_EnrichmentPortRefusesConnections_FailsSayingTheConnectionWasRefused()
    {
        var port = LoopbackPorts.Free();
        await Silo.Grains.GetGrain<ITenantGrain>(_tenant).PutConnectionAsync(
            new ConnectionSpec("enrichment", ConnectionKind.Http, $"http://127.0.0.1:{port}/", new Dictionary<string, string>(), null));
        await PublishAsync("single", Workflows.SingleCall(maxAttempts: 1));

        var lead = await SubmitAsync("single", """{"email":"kim@example.com","name":"Kim"}""", key: "form-15");
        var failed = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Failed);

        Assert.Equal(
            $"Step 'enrich' failed after 1 attempt(s): The connection to 127.0.0.1:{port} was refused: nothing accepts connections on that port.",
            failed.FailureReason);
    }

    [Theory]
    [InlineData("""{"email":"nul@example.com","name":"A\u0000B"}""", "a NUL character (\\u0000) at $.name")]
    [InlineData("""{"email":"nul@example.com","data":[{"name":"A\ud800B"}]}""", "an unpaired surrogate escape at $.data[0].name")]
    [InlineData("""{"email":"nul@example.com","na\u0000me":"A"}""", "a NUL character (\\u0000) in the property name $.na\\u0000me")]
    public async Task Submit_EnrichmentAnswersTextTheStoreCantKeep_FailsTheLeadOnceNamingWhereAndKeepsItReadable(string answer, string where)
    {
        await PublishAsync("single", Workflows.SingleCall(maxAttempts: 3));
        Enrichment.AnswerNext(10, answer);

        var lead = await SubmitAsync("single", """{"email":"nul@example.com","name":"Nul"}""", key: "form-16");
        var failed = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Failed);

        var reason = $"The step's output holds text that can't be stored: {where}.";
        Assert.Equal($"Step 'enrich' failed after 1 attempt(s): {reason}", failed.FailureReason);
        await AssertFailedOnceAndStoredAsync(lead, "enrich", reason);
        Assert.Single(Enrichment.Requests);
    }

    [Fact]
    public async Task Submit_TransformBuildsANulCharacter_FailsTheLeadOnceNamingWhereAndKeepsItReadable()
    {
        await PublishAsync("shape", Workflows.Transform("input.name + String.fromCharCode(0)"));

        var lead = await SubmitAsync("shape", """{"email":"nul@example.com","name":"Nul"}""", key: "form-17");
        var failed = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Failed);

        var reason = "The step's output holds text that can't be stored: a NUL character (\\u0000) at $.value.";
        Assert.Equal($"Step 'shape' failed after 1 attempt(s): {reason}", failed.FailureReason);
        await AssertFailedOnceAndStoredAsync(lead, "shape", reason);
    }

    [Fact]
    public async Task Submit_LowScore_TakesElseBranch()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        Enrichment.SetScore("dee@example.com", 10);

        var lead = await SubmitAsync("lead-to-customer", """{"email":"dee@example.com","name":"Dee"}""", key: "form-4");
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        Assert.Equal("cold", JsonNode.Parse(done.LeadJson)!["tier"]!.GetValue<string>());
        Assert.Equal("Cold lead: Dee (score 10)", Assert.Single(Slack.Messages).Text);
    }

    [Fact]
    public async Task Submit_ParallelSteps_RunsBothBranchesThenContinues()
    {
        await PublishAsync("fanout", Workflows.Parallel());

        var lead = await SubmitAsync("fanout", """{"email":"eve@example.com","name":"Eve"}""", key: "form-5");
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        Assert.Equal(2, Enrichment.Requests.Count);
        Assert.Equal("both done: 42 / 42", Assert.Single(Slack.Messages).Text);
        Assert.All(done.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
    }

    [Fact]
    public async Task Submit_BranchFailsWhileSiblingInFlight_KeepsSiblingResultAndRetryCompletesWithoutRepeatingIt()
    {
        await PublishAsync("fanout", Workflows.Parallel());
        Enrichment.DelayPath("/enrich/b", TimeSpan.FromSeconds(2));
        Enrichment.FailNext(1, 400); // taken at once by the undelayed branch: refused, not retryable

        var lead = await SubmitAsync("fanout", """{"email":"ida@example.com","name":"Ida"}""", key: "form-11");
        await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Failed);
        var failed = await Silo.Grains.WaitForStepAsync(lead, "second", StepStatus.Completed, TimeSpan.FromSeconds(15));
        Assert.Equal(LeadStatus.Failed, failed.Status);
        Assert.Equal(StepStatus.Failed, failed.Steps.Single(s => s.StepId == "both").Status);

        var started = DateTimeOffset.UtcNow;
        await Silo.Grains.GetGrain<ILeadGrain>(lead).RetryFromFailedStepAsync();
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(20));

        // The retry ran only the failed branch, once, and finished as soon as it did: no wait for a resume deadline.
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10), $"the retry took {DateTimeOffset.UtcNow - started}");
        Assert.Single(Enrichment.Requests, r => r.Path == "/enrich/b");
        Assert.Equal(2, Enrichment.Requests.Count(r => r.Path == "/enrich/a"));
        Assert.Equal(1, done.Steps.Single(s => s.StepId == "second").Attempts);
        Assert.Equal("both done: 42 / 42", Assert.Single(Slack.Messages).Text);
    }

    [Fact]
    public async Task Submit_WaitSpansRestart_CompletesAfterRestart()
    {
        await PublishAsync("waiting", Workflows.Waiting("2s"));

        var lead = await SubmitAsync("waiting", """{"email":"fay@example.com","name":"Fay"}""", key: "form-6");
        await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Waiting);
        await RestartSiloAsync();

        await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);
        Assert.Equal("after the wait: Fay", Assert.Single(Slack.Messages).Text);
    }

    [Fact]
    public async Task Submit_RetryBackoffOfOneSecond_NextAttemptStartsAboutOneSecondLater()
    {
        // A 1 s backoff is a grain timer on the lead, not a sweep: with sweeps 30 s apart, it still keeps its precision.
        await RestartSiloAsync(new Dictionary<string, string?> { ["OrleansFlows:Leads:SweepInterval"] = "00:00:30" });
        await PublishAsync("precise", Workflows.SingleCall(maxAttempts: 2, initialDelay: "1s"));
        Enrichment.FailNext(1, 503);

        var lead = await SubmitAsync("precise", """{"email":"hal@example.com","name":"Hal"}""", key: "form-12");
        await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);

        var requests = Enrichment.Requests;
        Assert.Equal(2, requests.Count);
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.InRange(gap, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(1.8));
    }

    [Fact]
    public async Task GracefulStop_WithCallsInFlight_FinishesThemBeforeStoppingAndMakesNoCallTwice()
    {
        await PublishAsync("single", Workflows.SingleCall(timeout: "10s"));
        Enrichment.Delay(TimeSpan.FromSeconds(1));
        var leads = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            leads.Add(await SubmitAsync("single", $$"""{"email":"drain{{i}}@example.com","name":"D{{i}}"}""", key: $"drain-{i}"));
        }

        await Enrichment.WaitForRequestsAsync(5, TimeSpan.FromSeconds(10));
        await RestartSiloAsync(); // a graceful stop: the calls in flight finish and their outcomes are recorded first

        Enrichment.ClearFaults();
        foreach (var lead in leads)
        {
            await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(10));
        }

        Assert.Equal(5, Enrichment.Requests.Count);
    }

    [Fact]
    public async Task Submit_SiloStopsMidStep_ResumesAfterRestartWithoutRerunningCompletedSteps()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3, timeout: "2s"));
        Enrichment.HangNext(1);
        Enrichment.SetScore("gus@example.com", 80);

        var lead = await SubmitAsync("lead-to-customer", """{"email":"gus@example.com","name":"Gus"}""", key: "form-7");
        await Enrichment.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));
        await RestartSiloAsync();

        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed);
        Assert.True(Enrichment.Requests.Count >= 2, $"the hung attempt must run again; requests: {Enrichment.Requests.Count}");
        Assert.Single(Slack.Messages);
        Assert.Equal(1, done.Steps.Single(s => s.StepId == "tell").Attempts);
    }

    [Fact]
    public async Task Submit_SiloKilledMidStep_ResumesSoonAfterRestartUnderTheSameKey()
    {
        // The product's resume margin (2 minutes): within the bound below, only knowing that the silo that ran the
        // attempt is gone can resume it.
        var settings = new Dictionary<string, string?> { ["OrleansFlows:Leads:ResumeMargin"] = "00:02:00" };
        await RestartSiloAsync(settings);
        await PublishAsync("single", Workflows.SingleCall(maxAttempts: 3, timeout: "5s"));
        Enrichment.HangNext(1);

        var lead = await SubmitAsync("single", """{"email":"kit@example.com","name":"Kit"}""", key: "form-13");
        await Enrichment.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));
        Silo.Kill();
        Silo = await StartSiloAsync(settings);

        // Within the step's timeout plus a few seconds of the restart, with nothing reading the lead meanwhile: the
        // restarted silo finds it on its own.
        await Enrichment.WaitForRequestsAsync(2, TimeSpan.FromSeconds(10));
        var done = await Silo.Grains.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(5));
        var requests = Enrichment.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].IdempotencyKey, requests[1].IdempotencyKey);
        Assert.Equal(1, done.Steps.Single(s => s.StepId == "enrich").Attempts);
        var audit = await Silo.Services.GetRequiredService<LeadHistory>().GetAuditAsync(LeadKey.Parse(lead), 100, null, CancellationToken.None);
        Assert.Contains(audit.Items, e => e.Event == "step_resumed" && e.Detail!.Contains("is gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_SameKeySameBody_ReturnsExistingLeadAndRunsOnce()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        const string body = """{"email":"hal@example.com","name":"Hal"}""";

        var first = await SubmitAsync("lead-to-customer", body, key: "form-8");
        var again = await Silo.Grains.GetGrain<ILeadGrain>(first).SubmitAsync(Submission("lead-to-customer", body, "form-8"));
        await Silo.Grains.WaitForStatusAsync(first, LeadStatus.Completed);
        var conflict = await Assert.ThrowsAsync<LeadConflictException>(() =>
            Silo.Grains.GetGrain<ILeadGrain>(first).SubmitAsync(Submission("lead-to-customer", """{"email":"other@example.com","name":"X"}""", "form-8")));

        Assert.False(again.Created);
        Assert.Single(Enrichment.Requests);
        Assert.Contains("with a different body", conflict.Message);
    }

    [Fact]
    public async Task Cancel_WhileStepInFlight_StopsTheRun()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        Enrichment.Delay(TimeSpan.FromSeconds(2));

        var lead = await SubmitAsync("lead-to-customer", """{"email":"ivy@example.com","name":"Ivy"}""", key: "form-9");
        await Enrichment.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));
        var running = await Silo.Grains.GetGrain<ILeadGrain>(lead).GetAsync();
        var cancelled = await Silo.Grains.GetGrain<ILeadGrain>(lead).CancelAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(LeadStatus.Running, running!.Status);
        Assert.Equal(LeadStatus.Cancelled, cancelled.Status);
        Assert.Equal(LeadStatus.Cancelled, (await Silo.Grains.GetGrain<ILeadGrain>(lead).GetAsync())!.Status);
        Assert.Empty(Slack.Messages);
        var invalid = await Assert.ThrowsAsync<InvalidLeadTransitionException>(() => Silo.Grains.GetGrain<ILeadGrain>(lead).CancelAsync());
        Assert.Contains("is cancelled and can't be cancelled", invalid.Message);
    }

    [Fact]
    public async Task Submit_PayloadFailsInputSchema_RefusedWithFieldErrorsAndNothingStored()
    {
        await PublishAsync("lead-to-customer", Workflows.LeadToCustomer(maxAttempts: 3));
        var key = LeadKey.Create(Tenant, LeadIds.FromIdempotencyKey("lead-to-customer", "bad-1")).ToString();

        var refused = await Assert.ThrowsAsync<LeadValidationException>(() =>
            Silo.Grains.GetGrain<ILeadGrain>(key).SubmitAsync(Submission("lead-to-customer", """{"name":7}""", "bad-1")));

        Assert.Equal(["'email' is required."], refused.Errors["$.email"]);
        Assert.Null(await Silo.Grains.GetGrain<ILeadGrain>(key).GetAsync());
    }

    protected abstract Task<TestStore> CreateStoreAsync();

    /// <summary>The step ran once and no more, and the failed lead and its attempt were stored: they read back after a restart.</summary>
    private async Task AssertFailedOnceAndStoredAsync(string lead, string stepId, string reason)
    {
        // A restart reads the lead back from the store: a failure kept only in memory would be lost and the step run again.
        await RestartSiloAsync();
        var view = await Silo.Grains.GetGrain<ILeadGrain>(lead).GetAsync();
        Assert.NotNull(view);
        Assert.Equal(LeadStatus.Failed, view.Status);
        Assert.Equal(stepId, view.FailedStepId);
        var attempt = Assert.Single(await Silo.Services.GetRequiredService<LeadHistory>().GetAttemptsAsync(LeadKey.Parse(lead), CancellationToken.None));
        Assert.Equal(StepAttemptOutcome.Failed, attempt.Outcome);
        Assert.Equal(reason, attempt.Error);
    }

    private Task<ProductSilo> StartSiloAsync(IReadOnlyDictionary<string, string?>? settings = null) => ProductSilo.StartAsync(_store!, _dataDirectory, settings, logs: _logs);

    private async Task RestartSiloAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        await Silo.DisposeAsync();
        Silo = await StartSiloAsync(settings);
    }

    private Task PublishAsync(string name, JsonObject definition) =>
        Silo.Grains.GetGrain<ITenantGrain>(_tenant).PublishWorkflowAsync(name, definition.ToJsonString());

    private async Task<string> SubmitAsync(string workflow, string body, string key)
    {
        var leadKey = LeadKey.Create(Tenant, LeadIds.FromIdempotencyKey(workflow, key)).ToString();
        var result = await Silo.Grains.GetGrain<ILeadGrain>(leadKey).SubmitAsync(Submission(workflow, body, key));
        Assert.True(result.Created);
        return leadKey;
    }

    private static SubmitLead Submission(string workflow, string body, string key) =>
        new(workflow, body, key, LeadIds.HashBody(System.Text.Encoding.UTF8.GetBytes(body)), "api");
}
