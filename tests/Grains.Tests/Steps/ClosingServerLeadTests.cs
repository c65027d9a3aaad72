using System.Text;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Tests.Hosting;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Logging;
using OrleansFlows.TestKit.Saas;
using LeadWorkflows = OrleansFlows.Grains.Tests.Leads.Workflows;

namespace OrleansFlows.Grains.Tests.Steps;

/// <summary>
/// Leads whose http step calls a real server on 127.0.0.1 that closes its connections, run one after another through
/// a product silo on SQLite: none fails, no attempt fails, and the server sees each lead's call once. A failed attempt
/// and a failed lead are logged at warning level with the tenant, lead, step and cause.
/// </summary>
public sealed class ClosingServerLeadTests : IAsyncLifetime
{
    private const int Leads = 200;
    private const int FailedAttemptEvent = 3401;
    private const int FailedLeadEvent = 3001;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleansflows-grains-").FullName;
    private readonly RecordingLoggerProvider _logs = new();
    private TestStore _store = null!;
    private ProductSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _store = TestStore.Sqlite();
        _silo = await ProductSilo.StartAsync(_store, _dataDirectory, logs: _logs);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Theory]
    [InlineData(ConnectionHabit.Http10HoldsSocket)]
    [InlineData(ConnectionHabit.Http10Closes)]
    [InlineData(ConnectionHabit.AnnouncedClose)]
    [InlineData(ConnectionHabit.UnannouncedClose)]
    [InlineData(ConnectionHabit.CloseCrossesNextRequest)]
    public async Task Run_ManyLeadsInARowAgainstAServerThatCloses_NoAttemptFailsAndEachCallReachesItOnce(ConnectionHabit habit)
    {
        await using var server = ClosingHttpServer.Start(habit);
        var tenant = await CreateTenantAsync(server.BaseAddress);
        await PublishAsync(tenant, LeadWorkflows.SingleCall(maxAttempts: 3, timeout: "2s"));

        var expectedKeys = new List<string>();
        var views = new List<LeadView>();
        for (var i = 0; i < Leads; i++)
        {
            var lead = await SubmitAsync(tenant, $"lead-{i}");
            expectedKeys.Add(StepIdempotency.Key(lead, "enrich", 1));
            views.Add(await WaitForEndAsync(lead));
        }

        Assert.Empty(views.Where(v => v.Status != LeadStatus.Completed).Select(v => $"{v.LeadId}: {v.Status} ({v.FailureReason})"));
        Assert.Empty(views.Where(v => v.Steps.Single().Attempts != 1).Select(v => $"{v.LeadId}: {v.Steps.Single().Attempts} attempts, last error {v.Steps.Single().LastError}"));
        Assert.Equal(expectedKeys, server.Keys);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id is FailedAttemptEvent or FailedLeadEvent);
    }

    [Fact]
    public async Task Run_AttemptsFailUntilTheLeadFails_LogsEachFailedAttemptAndTheFailedLeadAtWarning()
    {
        await using var server = await EnrichmentServer.StartAsync();
        server.FailNext(2, 503);
        var tenant = await CreateTenantAsync(server.BaseAddress);
        await PublishAsync(tenant, LeadWorkflows.SingleCall(maxAttempts: 2, timeout: "2s", initialDelay: "100ms"));

        var lead = await SubmitAsync(tenant, "doomed");
        var view = await WaitForEndAsync(lead);

        Assert.Equal(LeadStatus.Failed, view.Status);
        var attempts = _logs.Entries.Where(e => e.EventId.Id == FailedAttemptEvent).ToList();
        Assert.Equal([1, 2], attempts.Select(e => Convert.ToInt32(e.Properties["Attempt"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(attempts, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Equal(tenant.Value, e.Properties["TenantId"]);
            Assert.Equal(lead.LeadId, e.Properties["LeadId"]);
            Assert.Equal("enrich", e.Properties["StepId"]);
            Assert.Equal("HTTP 503 from 127.0.0.1", e.Properties["Error"]);
        });
        var failed = Assert.Single(_logs.Entries, e => e.EventId.Id == FailedLeadEvent);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal(tenant.Value, failed.Properties["TenantId"]);
        Assert.Equal(lead.LeadId, failed.Properties["LeadId"]);
        Assert.Equal("enrich", failed.Properties["StepId"]);
        Assert.Equal("Step 'enrich' failed after 2 attempt(s): HTTP 503 from 127.0.0.1", failed.Properties["Error"]);
    }

    private async Task<TenantId> CreateTenantAsync(Uri baseUrl)
    {
        var tenant = TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);
        var grain = _silo.Grains.GetGrain<ITenantGrain>(tenant.Value);
        await grain.SetProfileAsync(new TenantProfile("Test Bakery", "Europe/Berlin"));
        await grain.PutConnectionAsync(new ConnectionSpec("enrichment", ConnectionKind.Http, baseUrl.ToString(), new Dictionary<string, string>(), null));
        return tenant;
    }

    private Task PublishAsync(TenantId tenant, System.Text.Json.Nodes.JsonObject definition) =>
        _silo.Grains.GetGrain<ITenantGrain>(tenant.Value).PublishWorkflowAsync("enrich", definition.ToJsonString());

    private async Task<LeadKey> SubmitAsync(TenantId tenant, string key)
    {
        const string body = """{"email":"ada@example.com"}""";
        var lead = LeadKey.Create(tenant, LeadIds.FromIdempotencyKey("enrich", key));
        var result = await _silo.Grains.GetGrain<ILeadGrain>(lead.ToString())
            .SubmitAsync(new SubmitLead("enrich", body, key, LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api"));
        Assert.True(result.Created, $"Lead {lead} already existed.");
        return lead;
    }

    private async Task<LeadView> WaitForEndAsync(LeadKey lead)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = await _silo.Grains.GetGrain<ILeadGrain>(lead.ToString()).GetAsync()
                ?? throw new InvalidOperationException($"Lead {lead} does not exist.");
            if (view.Status is LeadStatus.Completed or LeadStatus.Failed || DateTimeOffset.UtcNow > deadline)
            {
                return view;
            }

            // Polls the lead as an API client would; the lead runs on its own.
            await Task.Delay(10);
        }
    }
}
