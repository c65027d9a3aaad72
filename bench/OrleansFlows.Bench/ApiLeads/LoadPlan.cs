namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// What one run of the load generator sends, handed to its process as a JSON file.
/// </summary>
/// <param name="Api">The product's base address.</param>
/// <param name="Control">The stand-ins' control address (Slack arrivals).</param>
/// <param name="Tenants">Leads go to these tenants round robin.</param>
/// <param name="Workflow">The workflow every webhook goes to.</param>
/// <param name="Loop"><c>closed</c>: <paramref name="Leads"/> leads, at most <paramref name="InFlight"/> sent and not yet completed. <c>open</c>: <paramref name="Rate"/> webhooks a second for <paramref name="DurationSeconds"/>, whatever the answers.</param>
/// <param name="Leads">The closed loop's leads.</param>
/// <param name="InFlight">The closed loop's leads between send and completion, at most.</param>
/// <param name="Rate">The open loop's webhooks a second.</param>
/// <param name="DurationSeconds">The open loop's duration.</param>
/// <param name="Connections">The HTTP/1.1 keep-alive connections to the product, at most.</param>
/// <param name="Prefix">Starts every lead's ref (its <c>webhook-id</c>), unique per run.</param>
/// <param name="CompletionTimeoutSeconds">How long an accepted lead may take to reach Slack before it counts as not completed.</param>
internal sealed record LoadPlan(
    Uri Api,
    Uri Control,
    IReadOnlyList<ApiTenant> Tenants,
    string Workflow,
    string Loop,
    int Leads,
    int InFlight,
    double Rate,
    double DurationSeconds,
    int Connections,
    string Prefix,
    double CompletionTimeoutSeconds)
{
    public const string Closed = "closed";

    public const string Open = "open";

    /// <summary>The webhooks the run sends.</summary>
    public int Offered => Loop == Open ? (int)Math.Round(Rate * DurationSeconds) : Leads;
}
