using System.Text;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Bench.Flows;

/// <summary>
/// A tenant set up as the API would: profile, an <c>http</c> enrichment connection with a secret header, a
/// <c>slack</c> connection, and the lead-to-customer workflow (4 steps: http enrich → transform → store → notify).
/// </summary>
internal sealed class BenchTenant
{
    public const string Workflow = "lead-to-customer";

    /// <summary>
    /// Writes of the lead's state when nothing is retried: the submission, then one per step outcome. Group commit may
    /// carry several leads' writes in one transaction, so this is not the number of transactions.
    /// </summary>
    public const int StateWritesPerLead = 1 + 4;

    /// <summary>
    /// The workflow. The notify text starts with the lead's <c>ref</c>, so each Slack message can be matched to its
    /// lead. The retry policy is the product's usual one; nothing fails here, so nothing is retried.
    /// </summary>
    public const string Definition = """
        {
          "input": {"type":"object","required":["email","ref"],
                    "properties":{"email":{"type":"string"},"name":{"type":"string"},"ref":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich",
             "body":{"email":"{{ input.email }}"},"timeout":"5s",
             "retry":{"maxAttempts":3,"initialDelay":"100ms","backoffFactor":2,"jitter":0,"retryOn":[429,500,502,503,504]}},
            {"id":"tier","kind":"transform","set":{"tier":"lead.score >= 50 ? 'hot' : 'cold'"}},
            {"id":"save","kind":"store"},
            {"id":"tell","kind":"notify","connection":"sales",
             "text":"{{ input.ref }} new lead: {{ lead.name }} ({{ lead.email }}) (score {{ lead.score }})"}
          ]
        }
        """;

    private BenchTenant(TenantId id, ITenantGrain grain)
    {
        Id = id;
        Grain = grain;
    }

    public TenantId Id { get; }

    public ITenantGrain Grain { get; }

    public static async Task<BenchTenant> CreateAsync(IGrainFactory grains, string id, Uri enrichment, Uri slackWebhook, int? concurrentOutboundCalls)
    {
        var tenant = new BenchTenant(TenantId.Parse(id), grains.GetGrain<ITenantGrain>(id));
        await tenant.Grain.SetProfileAsync(new TenantProfile($"Bench {id}", "Europe/Berlin"));
        await tenant.Grain.PutConnectionAsync(new ConnectionSpec("enrichment", ConnectionKind.Http, enrichment.ToString(), new Dictionary<string, string> { ["X-Api-Key"] = "bench-key-1" }, null));
        await tenant.Grain.PutConnectionAsync(new ConnectionSpec("sales", ConnectionKind.Slack, null, null, slackWebhook.ToString()));
        if (concurrentOutboundCalls is { } calls)
        {
            var limits = (await tenant.Grain.GetAsync())?.Limits ?? PlanLimits.Default;
            await tenant.Grain.SetLimitsAsync(limits with { ConcurrentOutboundCalls = calls });
        }

        await tenant.Grain.PublishWorkflowAsync(Workflow, Definition);
        return tenant;
    }

    /// <summary>The plan limits in force (the default plan unless the benchmark set them).</summary>
    public async Task<PlanLimits> LimitsAsync() => (await Grain.GetAsync())?.Limits ?? PlanLimits.Default;

    /// <summary>A lead as the API would submit it with an idempotency key: its grain key and the submission.</summary>
    public (string GrainKey, SubmitLead Submission) Lead(string reference)
    {
        var body = $$"""{"email":"{{reference}}@example.com","name":"Lead {{reference}}","ref":"{{reference}}"}""";
        var leadId = LeadIds.FromIdempotencyKey(Workflow, reference);
        var submission = new SubmitLead(Workflow, body, reference, LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api");
        return (LeadKey.Create(Id, leadId).ToString(), submission);
    }

    /// <summary>The lead's ref from a Slack message this workflow sent.</summary>
    public static string ReferenceOf(string slackText)
    {
        var space = slackText.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? slackText : slackText[..space];
    }
}
