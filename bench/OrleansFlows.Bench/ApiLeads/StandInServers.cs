using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// Fast stand-ins for the enrichment API and Slack, each a Kestrel server on 127.0.0.1 (the TestKit's
/// <see cref="LoopbackWebHost"/>). They answer like the TestKit's <c>EnrichmentServer</c> and <c>SlackReceiver</c> but keep
/// only what the benchmark needs (a count of enrichment calls; each Slack message's ref and arrival time), so that a
/// long run neither grows their memory by every request's headers and body nor spends the cores on recording them.
/// </summary>
/// <remarks>
/// The Slack server also serves the benchmark's control calls: <c>GET /control/counts</c> and
/// <c>GET /control/arrivals?from=N</c> (a stream of <c>{ref} {UTC ticks}</c> lines, see <see cref="ArrivalFeed"/>).
/// </remarks>
internal sealed class StandInServers : IAsyncDisposable
{
    private static readonly byte[] Ok = "ok"u8.ToArray();

    private readonly ArrivalFeed _arrivals = new();
    private readonly LoopbackWebHost _enrichment;
    private readonly LoopbackWebHost _slack;
    private long _enrichmentCalls;
    private long _slackRefused;

    private StandInServers()
    {
        _enrichment = new LoopbackWebHost(EnrichAsync);
        _slack = new LoopbackWebHost(SlackAsync);
    }

    public Uri EnrichmentAddress => _enrichment.BaseAddress;

    /// <summary>The Slack webhook URL the tenants' <c>slack</c> connection posts to.</summary>
    public Uri SlackWebhook => new(_slack.BaseAddress, "hooks/sales");

    public Uri ControlAddress => new(_slack.BaseAddress, "control/");

    public static async Task<StandInServers> StartAsync()
    {
        var servers = new StandInServers();
        await servers._enrichment.StartAsync();
        await servers._slack.StartAsync();
        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        await _enrichment.DisposeAsync();
        await _slack.DisposeAsync();
    }

    // Any POST: {"email":…,"company":"Acme","score":42}, as EnrichmentServer answers.
    private async Task EnrichAsync(HttpContext context, CancellationToken stopping)
    {
        Interlocked.Increment(ref _enrichmentCalls);
        string? email = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("email", out var value) && value.ValueKind == JsonValueKind.String)
            {
                email = value.GetString();
            }
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsJsonAsync(new { email, company = EnrichmentServer.Company, score = EnrichmentServer.DefaultScore }, context.RequestAborted);
    }

    private async Task SlackAsync(HttpContext context, CancellationToken stopping)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/control/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path, stopping);
            return;
        }

        if (!path.StartsWith(SlackReceiver.HooksPath, StringComparison.Ordinal) || !HttpMethods.IsPost(context.Request.Method))
        {
            Interlocked.Increment(ref _slackRefused);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string? text = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                text = value.GetString();
            }
        }
        catch (JsonException)
        {
        }

        if (string.IsNullOrEmpty(text))
        {
            Interlocked.Increment(ref _slackRefused);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // The message is whole here: its arrival is the lead's end-to-end completion. The text starts with the lead's ref.
        _arrivals.Add(ReferenceOf(text), DateTime.UtcNow.Ticks);
        context.Response.ContentType = "text/plain";
        await context.Response.Body.WriteAsync(Ok, context.RequestAborted);
    }

    private async Task ControlAsync(HttpContext context, string path, CancellationToken stopping)
    {
        if (path == "/control/counts")
        {
            await context.Response.WriteAsJsonAsync(
                new StandInCounts(Interlocked.Read(ref _enrichmentCalls), _arrivals.Count, Interlocked.Read(ref _slackRefused)),
                context.RequestAborted);
            return;
        }

        if (path != "/control/arrivals")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var from = int.TryParse(context.Request.Query["from"], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var subscription = _arrivals.Subscribe(from);
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(stop.Token);
        await context.Response.Body.FlushAsync(stop.Token); // the headers go now, so the subscriber's request completes before the first arrival
        var buffer = new StringBuilder();
        try
        {
            while (await subscription.Reader.WaitToReadAsync(stop.Token))
            {
                // Everything that is waiting goes in one write and one flush.
                buffer.Clear();
                while (subscription.Reader.TryRead(out var line))
                {
                    buffer.Append(line).Append('\n');
                }

                await context.Response.WriteAsync(buffer.ToString(), stop.Token);
                await context.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The subscriber went away, or the servers are stopping.
        }
    }

    private static string ReferenceOf(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[..space];
    }
}
