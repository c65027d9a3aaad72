using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Text;

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
        group.MapPost("/enrich", Results<Ok<JsonObject>, ProblemHttpResult> (JsonObject? body) =>
            {
                if (Text(body, "email") is not { } email)
                {
                    return Unreadable("email");
                }

                return TypedResults.Ok(new JsonObject { ["email"] = email, ["company"] = "Demo Co", ["score"] = 40 + (email.Length % 60) });
            })
            .WithName("DemoEnrich").WithSummary("DEMO ONLY: answers like an enrichment API, with a score derived from the email.");
        group.MapPost("/slack/{channel}", Results<ContentHttpResult, ProblemHttpResult> (string channel, JsonObject? body) =>
            {
                if (StorableText.Problem("channel", channel) is not null)
                {
                    return Unreadable("channel");
                }

                if (Text(body, "text") is not { } text)
                {
                    return Unreadable("text");
                }

                inbox.Enqueue(new DemoMessage(channel, text, DateTimeOffset.UtcNow));
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

    /// <summary>A string member, "" when absent or not a string, or null when it is not text the API can keep or echo.</summary>
    private static string? Text(JsonObject? body, string name)
    {
        if (body?[name] is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return "";
        }

        try
        {
            var text = value.GetValue<string>();
            return StorableText.Problem(name, text) is null ? text : null;
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape is found only when the text is read.
            return null;
        }
    }

    private static ProblemHttpResult Unreadable(string field) => ApiProblems.Validation(new Dictionary<string, string[]>
    {
        [field] = [$"'{field}' holds a NUL character or an unpaired surrogate; send UTF-8 text."],
    });
}

/// <summary>A message received by the demo Slack webhook.</summary>
public sealed record DemoMessage(string Channel, string Text, DateTimeOffset ReceivedAt);
