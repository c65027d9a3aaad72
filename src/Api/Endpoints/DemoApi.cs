using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace OrleansFlows.Api.Endpoints;

/// <summary>
/// DEMO ONLY, off in production: an enrichment echo and a Slack-like inbox, so the README quick start runs offline.
/// Enabled in Development or with <c>OrleansFlows:DemoEndpoints=true</c>.
/// </summary>
public static class DemoApi
{
    public static RouteGroupBuilder MapDemoApi(this IEndpointRouteBuilder routes)
    {
        var inbox = new ConcurrentQueue<DemoMessage>();
        // Left out of the OpenAPI document: they are not part of the product's contract and are off in production.
        var group = routes.MapGroup("/demo").WithTags("Demo (development only)").ExcludeFromDescription();
        group.MapPost("/enrich", (JsonObject? body) =>
            {
                var email = body?["email"]?.GetValue<string>() ?? "";
                return TypedResults.Ok(new JsonObject { ["email"] = email, ["company"] = "Demo Co", ["score"] = 40 + (email.Length % 60) });
            })
            .WithName("DemoEnrich").WithSummary("DEMO ONLY: answers like an enrichment API, with a score derived from the email.");
        group.MapPost("/slack/{channel}", (string channel, JsonObject? body) =>
            {
                inbox.Enqueue(new DemoMessage(channel, body?["text"]?.GetValue<string>() ?? "", DateTimeOffset.UtcNow));
                while (inbox.Count > 1000 && inbox.TryDequeue(out _))
                {
                }

                return TypedResults.Text("ok");
            })
            .WithName("DemoSlackWebhook").WithSummary("DEMO ONLY: a Slack-like incoming webhook that keeps the last 1,000 messages in memory.");
        group.MapGet("/inbox", () => TypedResults.Ok(inbox.ToArray()))
            .WithName("DemoInbox").WithSummary("DEMO ONLY: the messages the demo Slack webhook received.");
        return group;
    }
}

/// <summary>A message received by the demo Slack webhook.</summary>
public sealed record DemoMessage(string Channel, string Text, DateTimeOffset ReceivedAt);
