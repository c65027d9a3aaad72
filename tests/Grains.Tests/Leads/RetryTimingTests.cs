using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Leads;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>
/// Retry delays keep their policy: the next attempt starts within 10 % + 100 ms of the backoff after the failed one
/// was recorded (the lead's own grain timer wakes it, not a sweep).
/// </summary>
public sealed class RetryTimingTests : IAsyncLifetime
{
    private EnrichmentServer _server = null!;
    private LeadTestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _server = await EnrichmentServer.StartAsync();

        // Sweeps far apart, so that only the lead's timer can keep the backoff precise.
        _silo = await LeadTestSilo.StartAsync(TestStore.Sqlite(), new Dictionary<string, string?> { ["OrleansFlows:Leads:SweepInterval"] = "00:00:30" });
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Run_FailsTwiceWithBackoffOfOneSecond_EachRetryStartsWithinTenPercentAndAHundredMilliseconds()
    {
        var tenant = await _silo.CreateTenantAsync(("enrichment", _server.BaseAddress));
        await _silo.PublishAsync(tenant, "flaky", Workflows.SingleCall(maxAttempts: 3, initialDelay: "1s"));
        _server.FailNext(2, 503);

        var lead = await _silo.SubmitAsync(tenant, "flaky", """{"email":"r@example.com"}""", "retry-timing");
        await _silo.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(30));

        var attempts = await _silo.Silo.Services.GetRequiredService<LeadHistory>().GetAttemptsAsync(lead, CancellationToken.None);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));

        // The policy: 1 s before the second attempt, then 2 s (backoff factor 2, no jitter).
        TimeSpan[] backoffs = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];
        for (var i = 0; i < backoffs.Length; i++)
        {
            var gap = attempts[i + 1].StartedAt - attempts[i].FinishedAt!.Value;
            var limit = (backoffs[i] * 1.1) + TimeSpan.FromMilliseconds(100);
            Assert.True(
                gap >= backoffs[i] && gap <= limit,
                $"Attempt {i + 2} started {gap.TotalMilliseconds:N0} ms after attempt {i + 1} failed; the backoff is {backoffs[i].TotalMilliseconds:N0} ms (at most {limit.TotalMilliseconds:N0} ms).");
        }
    }
}
