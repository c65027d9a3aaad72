using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Steps;

/// <summary>The error a step attempt records when its call fails says what happened, against real servers on 127.0.0.1.</summary>
public sealed class OutboundCallTests : IDisposable
{
    private readonly OutboundHttpClientFactory _factory = new(
        Options.Create(new OutboundHttpOptions { AllowPrivateNetworks = true }),
        NullLogger<OutboundHttpClientFactory>.Instance);

    [Fact]
    public async Task SendAsync_ServerSlowerThanTheStepTimeout_FailsRetryablySayingNoAnswerWithinTheTimeout()
    {
        await using var server = await EnrichmentServer.StartAsync();
        server.Delay(TimeSpan.FromSeconds(5));

        var outcome = await SendAsync(new Uri(server.BaseAddress, "enrich"), TimeSpan.FromMilliseconds(300));

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Retryable);
        Assert.Equal("No answer from 127.0.0.1 within the step timeout of 0.3s.", outcome.Error);
    }

    [Fact]
    public async Task SendAsync_PortWithNothingListening_FailsRetryablySayingTheConnectionWasRefused()
    {
        var port = LoopbackPorts.Free();

        var outcome = await SendAsync(new Uri($"http://127.0.0.1:{port}/enrich"), TimeSpan.FromSeconds(10));

        Assert.True(outcome.Retryable);
        Assert.Equal($"The connection to 127.0.0.1:{port} was refused: nothing accepts connections on that port.", outcome.Error);
    }

    [Fact]
    public async Task SendAsync_ServerHangsUp_FailsRetryablySayingTheConnectionWasClosed()
    {
        await using var server = HangUpServer.Start();

        var outcome = await SendAsync(new Uri(server.BaseAddress, "enrich"), TimeSpan.FromSeconds(10));

        Assert.True(outcome.Retryable);
        Assert.Equal($"The connection to 127.0.0.1:{server.BaseAddress.Port} was closed before a complete response arrived.", outcome.Error);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<StepOutcome> SendAsync(Uri url, TimeSpan timeout)
    {
        var call = new OutboundCall(_factory, TimeProvider.System, NullLogger<OutboundCall>.Instance);
        var work = new StepWork(LeadKey.Parse("t1/l1"), "single", new NotifyStep("tell", "sales", "hi"), 1, ExpressionScope.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent("""{"email":"ada@example.com"}""", Encoding.UTF8, "application/json"),
        };
        return await call.SendAsync(work, request, timeout, RetryPolicy.Default.IsRetryable, CancellationToken.None);
    }
}
