using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;
using LeadWorkflows = OrleansFlows.Grains.Tests.Leads.Workflows;

namespace OrleansFlows.Grains.Tests.Steps;

/// <summary>
/// The step executor in a product silo: each tenant's concurrent calls are capped by its plan, a changed plan takes
/// effect, and an attempt dispatched again while it is still queued or running is not called twice.
/// </summary>
public sealed class StepExecutorTests : IAsyncLifetime
{
    private readonly ConcurrencyServer _server = new(TimeSpan.FromMilliseconds(300));
    private LeadTestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _silo = await LeadTestSilo.StartAsync(TestStore.Sqlite(), new Dictionary<string, string?>
        {
            ["OrleansFlows:Steps:TenantLimitsRefresh"] = "00:00:00.200",
            ["OrleansFlows:Leads:ResumeMargin"] = "00:00:00.100",
        });
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Run_PlanAllowsThreeConcurrentCalls_NeverMakesMoreAtOnce()
    {
        var tenant = await CreateTenantAsync(concurrentCalls: 3);

        await RunLeadsAsync(tenant, "first", 12);

        Assert.Equal(12, _server.Calls);
        Assert.Equal(3, _server.Peak);
    }

    [Fact]
    public async Task Run_PlanRaisedAfterLeadsRan_UsesTheNewCapAfterRefresh()
    {
        var tenant = await CreateTenantAsync(concurrentCalls: 2);
        await RunLeadsAsync(tenant, "before", 6);
        Assert.Equal(2, _server.Peak);

        await _silo.Silo.Grains.GetGrain<ITenantGrain>(tenant.Value).SetLimitsAsync(PlanLimits.Default with { ConcurrentOutboundCalls = 5 });
        _server.ResetPeak();
        await RunLeadsAsync(tenant, "after", 20);

        Assert.Equal(5, _server.Peak);
    }

    [Fact]
    public async Task Run_WakeTimePassesWhileAttemptQueuedOrRunning_CallsEachAttemptOnce()
    {
        // One call at a time, 400 ms each; with a 3 s step timeout and a 100 ms margin, the wake times of the later
        // leads pass while their attempts still wait in the queue (or run), and the leads dispatch them again. The
        // timeout leaves a loaded machine room; a call it still stretches past the timeout is retried as a new
        // attempt, with a new key.
        var tenant = await CreateTenantAsync(concurrentCalls: 1);
        await _silo.PublishAsync(tenant, "patient", LeadWorkflows.SingleCall(maxAttempts: 3, timeout: "3s"));
        _server.Hold = TimeSpan.FromMilliseconds(400);

        var leads = new List<LeadKey>();
        for (var i = 0; i < 10; i++)
        {
            leads.Add(await _silo.SubmitAsync(tenant, "patient", """{"email":"q@example.com"}""", $"patient-{i}"));
        }

        foreach (var lead in leads)
        {
            await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
        }

        var history = _silo.Silo.Services.GetRequiredService<LeadHistory>();
        var resumed = 0;
        foreach (var lead in leads)
        {
            resumed += (await history.GetAuditAsync(lead, 100, null, CancellationToken.None)).Items.Count(e => e.Event == "step_resumed");
        }

        Assert.True(resumed > 0, "no lead woke while an attempt waited, so the test checked nothing");
        Assert.Equal(_server.Keys.Distinct().Order(), _server.Keys.Order());
        Assert.Equal(1, _server.Peak);
    }

    private async Task<TenantId> CreateTenantAsync(int concurrentCalls)
    {
        var tenant = await _silo.CreateTenantAsync(("enrichment", _server.BaseAddress));
        await _silo.Silo.Grains.GetGrain<ITenantGrain>(tenant.Value).SetLimitsAsync(PlanLimits.Default with { ConcurrentOutboundCalls = concurrentCalls });
        await _silo.PublishAsync(tenant, "enrich", LeadWorkflows.SingleCall());
        return tenant;
    }

    private async Task RunLeadsAsync(TenantId tenant, string prefix, int count)
    {
        var leads = await Task.WhenAll(Enumerable.Range(0, count)
            .Select(i => _silo.SubmitAsync(tenant, "enrich", $$"""{"email":"{{prefix}}{{i}}@example.com"}""", $"{prefix}-{i}")));
        foreach (var lead in leads)
        {
            await _silo.WaitForStatusAsync(lead, LeadStatus.Completed);
        }
    }

    /// <summary>A loopback API that holds each call for a while and records how many were in flight at once.</summary>
    private sealed class ConcurrencyServer(TimeSpan hold) : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<string> _keys = [];
        private LoopbackWebHost? _host;
        private int _current;
        private int _peak;
        private int _calls;

        public TimeSpan Hold { get; set; } = hold;

        public Uri BaseAddress => _host!.BaseAddress;

        public int Peak
        {
            get
            {
                lock (_gate)
                {
                    return _peak;
                }
            }
        }

        public int Calls
        {
            get
            {
                lock (_gate)
                {
                    return _calls;
                }
            }
        }

        /// <summary>The idempotency key of every call, in arrival order.</summary>
        public IReadOnlyList<string> Keys
        {
            get
            {
                lock (_gate)
                {
                    return [.. _keys];
                }
            }
        }

        public async Task StartAsync() => _host = await LoopbackWebHost.StartNewAsync(HandleAsync);

        public void ResetPeak()
        {
            lock (_gate)
            {
                _peak = _current;
            }
        }

        public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

        private async Task HandleAsync(HttpContext context, CancellationToken stopping)
        {
            lock (_gate)
            {
                _keys.Add(context.Request.Headers["Idempotency-Key"].ToString());
                _calls++;
                _current++;
                _peak = Math.Max(_peak, _current);
            }

            try
            {
                // The stand-in for a slow third-party API, not a wait for an outcome.
                await Task.Delay(Hold, stopping);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"score":1}""", stopping);
            }
            finally
            {
                lock (_gate)
                {
                    _current--;
                }
            }
        }
    }
}
