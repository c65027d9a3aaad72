using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrleansFlows.Cluster.Tests.Hosting;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Silo;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.Saas;
using Xunit.Abstractions;

namespace OrleansFlows.Cluster.Tests.Tracing;

/// <summary>
/// One trace follows a lead across the cluster: the request that accepted it, the grain calls, each step attempt and
/// its outbound HTTP call, also when the steps run later on another silo than the one that accepted the lead. The spans
/// are read with the in-memory exporter from a tracer provider made of the product's trace sources; the silos and the
/// client run in this process, so it sees all of them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LeadTraceTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    // Stands in for the API's request span (ASP.NET Core's, in the API); its name falls under the product's sources.
    private static readonly ActivitySource Requests = new("OrleansFlows.Tests.Requests");

    private readonly List<Activity> _spans = [];
    private TracerProvider? _tracing;
    private TestStore? _store;
    private ProductCluster? _cluster;
    private EnrichmentServer? _enrichment;
    private SlackReceiver? _slack;

    private ProductCluster Cluster => _cluster!;

    private EnrichmentServer Enrichment => _enrichment!;

    private SlackReceiver Slack => _slack!;

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddOrleansFlowsTraceSources().AddInMemoryExporter(_spans).Build();
        _store = await TestStore.PostgresAsync(postgres, nameof(LeadTraceTests));
        _enrichment = await EnrichmentServer.StartAsync();
        _slack = await SlackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_enrichment is not null)
        {
            await _enrichment.DisposeAsync();
        }

        if (_slack is not null)
        {
            await _slack.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _tracing?.Dispose();
    }

    [Fact]
    public async Task LeadAcceptedOnOneSilo_AcceptingSiloKilledWhileItWaits_StepsAndCallsOnSurvivorJoinItsTrace()
    {
        _cluster = await ProductCluster.StartAsync(_store!, silos: 2);
        var tenant = await Cluster.Client.CreateTenantAsync(Enrichment.BaseAddress, Slack.WebhookUrl("sales-secret-path"));
        await Cluster.Client.PublishAsync(tenant, "later", WaitEnrichNotify("4s"));

        const string Email = "traced.person@example.com";
        var body = $$"""{"email":"{{Email}}","name":"Traced Person"}""";
        var lead = ClusterTenants.LeadFor(tenant, "later", "trace-1");
        ActivityTraceId requestTrace;
        using (var request = Requests.StartActivity("POST /webhooks/{tenant}/{workflow}", ActivityKind.Server))
        {
            Assert.NotNull(request);
            requestTrace = request.TraceId;
            Assert.True((await Cluster.Client.SubmitAsync(tenant, "later", body, "trace-1")).Created);
        }

        // The lead waits on the silo that accepted it; that silo dies, and a survivor's sweeper wakes the lead.
        await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Waiting, TimeSpan.FromSeconds(10));
        var accepting = await Cluster.HostOfAsync(Cluster.Client.GetGrain<ILeadGrain>(lead.ToString()));
        Assert.NotNull(accepting);
        await Cluster.KillAsync(accepting);
        var deadAt = DateTimeOffset.UtcNow;
        output.WriteLine($"{deadAt:HH:mm:ss.fff} killed {accepting}, which accepted {lead}");

        await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(40));
        await Slack.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        var survivor = Assert.Single(Cluster.Silos);
        Assert.Equal(survivor, await Cluster.HostOfAsync(Cluster.Client.GetGrain<ILeadGrain>(lead.ToString())));
        Assert.All(Enrichment.Requests, r => Assert.True(r.ReceivedAt > deadAt, $"Enrichment called at {r.ReceivedAt:O}, before the accepting silo died at {deadAt:O}."));

        var spans = await SpansOfLeadAsync(lead, "step notify");
        foreach (var span in spans)
        {
            output.WriteLine($"{span.StartTimeUtc:HH:mm:ss.fff} {span.Source.Name} '{span.DisplayName}' {span.TraceId}/{span.SpanId} parent {span.ParentSpanId}");
        }

        // One trace: the request, the lead's acceptance, its wake on the survivor, both steps and their outbound calls.
        var accept = Assert.Single(spans, s => s.DisplayName == "lead accept");
        Assert.Equal(requestTrace, accept.TraceId);
        AssertLeadTags(accept, tenant, lead, "later");
        var wake = Assert.Single(spans, s => s.DisplayName == "lead wake");
        var enrich = Assert.Single(spans, s => s.DisplayName == "step http");
        var notify = Assert.Single(spans, s => s.DisplayName == "step notify");
        Assert.All(new[] { wake, enrich, notify }, s => Assert.Equal(requestTrace, s.TraceId));
        Assert.All(new[] { wake, enrich, notify }, s => AssertLeadTags(s, tenant, lead, "later"));
        Assert.Equal(wake.SpanId, enrich.ParentSpanId);
        Assert.Equal("enrich", enrich.GetTagItem("orleansflows.step_id"));
        Assert.Equal("http", enrich.GetTagItem("orleansflows.step_kind"));
        Assert.Equal("tell", notify.GetTagItem("orleansflows.step_id"));
        Assert.Equal("notify", notify.GetTagItem("orleansflows.step_kind"));
        Assert.Equal("succeeded", enrich.GetTagItem("orleansflows.outcome"));

        // The resumed run links back to the context the lead was accepted in.
        var link = Assert.Single(wake.Links, l => (string?)l.Tags?.FirstOrDefault(t => t.Key == "orleansflows.link").Value == "accepted");
        Assert.Equal(accept.TraceId, link.Context.TraceId);
        Assert.Equal(accept.SpanId, link.Context.SpanId);

        // The outbound calls are children of their steps, to the stand-in servers, with only the origin of the URL.
        var enrichCall = Assert.Single(spans, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == enrich.SpanId);
        Assert.Equal(Enrichment.BaseAddress.Port, Convert.ToInt32(enrichCall.GetTagItem("server.port"), System.Globalization.CultureInfo.InvariantCulture));
        var slackCall = Assert.Single(spans, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == notify.SpanId);
        Assert.Equal(Slack.BaseAddress.Port, Convert.ToInt32(slackCall.GetTagItem("server.port"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"http://{Slack.BaseAddress.Authority}/…", slackCall.GetTagItem("url.full"));

        // The grain calls are in the trace too: the client's submission (client and server side) and a step reporting
        // its outcome. Orleans files them under Microsoft.Orleans.Runtime: it takes any interface whose namespace
        // starts with "Orleans" for its own, and the product's start with "OrleansFlows".
        Assert.Equal(2, spans.Count(s => s.Source.Name.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal) && s.DisplayName == "ILeadGrain/SubmitAsync"));
        Assert.Contains(spans, s => s.Source.Name.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal) && s.DisplayName == "ILeadGrain/ReportStepOutcomeAsync");

        AssertNoneCarries(spans, Email, body, "sales-secret-path", "traced.person");
    }

    [Fact]
    public async Task FailedLead_RetriedByAnotherRequest_RetrySpanInLeadTraceLinksAcceptanceAndCaller()
    {
        _cluster = await ProductCluster.StartAsync(_store!, silos: 2);
        var tenant = await Cluster.Client.CreateTenantAsync(Enrichment.BaseAddress, Slack.WebhookUrl("sales"));
        await Cluster.Client.PublishAsync(tenant, "enrich", ClusterWorkflows.EnrichThenNotify(timeout: "3s"));
        Enrichment.FailNext(1, 400);

        const string Email = "retried.person@example.com";
        var body = $$"""{"email":"{{Email}}"}""";
        var lead = ClusterTenants.LeadFor(tenant, "enrich", "retry-1");
        Assert.True((await Cluster.Client.SubmitAsync(tenant, "enrich", body, "retry-1")).Created);
        await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Failed, TimeSpan.FromSeconds(20));

        ActivityTraceId retryRequestTrace;
        using (var request = Requests.StartActivity("POST /leads/{id}/retry", ActivityKind.Server))
        {
            Assert.NotNull(request);
            retryRequestTrace = request.TraceId;
            await Cluster.Client.GetGrain<ILeadGrain>(lead.ToString()).RetryFromFailedStepAsync();
        }

        await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(20));
        var spans = await SpansOfLeadAsync(lead, "step notify");
        var accept = Assert.Single(spans, s => s.DisplayName == "lead accept");
        var retry = Assert.Single(spans, s => s.DisplayName == "lead retry");
        Assert.Equal(accept.TraceId, retry.TraceId);
        Assert.NotEqual(retryRequestTrace, accept.TraceId);
        AssertLeadTags(retry, tenant, lead, "enrich");
        Assert.Contains(retry.Links, l => l.Context.SpanId == accept.SpanId && HasLinkTag(l, "accepted"));
        Assert.Contains(retry.Links, l => l.Context.TraceId == retryRequestTrace && HasLinkTag(l, "caller"));

        // Both attempts of the step are in the lead's trace: the first under the acceptance, the second under the retry.
        var attempts = spans.Where(s => s.DisplayName == "step http").OrderBy(s => s.StartTimeUtc).ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.Equal("failed", attempts[0].GetTagItem("orleansflows.outcome"));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal(retry.SpanId, attempts[1].ParentSpanId);
        Assert.All(attempts, a => Assert.Equal(accept.TraceId, a.TraceId));
        AssertNoneCarries(spans, Email, body, "retried.person");
    }

    [Fact]
    public async Task LeadStoredWithoutTraceContext_WokenOnAnotherSilo_IsReadAndAdoptsTheWakeTrace()
    {
        _cluster = await ProductCluster.StartAsync(_store!, silos: 2);
        var tenant = await Cluster.Client.CreateTenantAsync(Enrichment.BaseAddress, Slack.WebhookUrl("sales"));
        await Cluster.Client.PublishAsync(tenant, "waiting", ClusterWorkflows.Waiting("4s"));
        var lead = ClusterTenants.LeadFor(tenant, "waiting", "legacy-1");
        Assert.True((await Cluster.Client.SubmitAsync(tenant, "waiting", """{"email":"legacy@example.com"}""", "legacy-1")).Created);
        await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Waiting, TimeSpan.FromSeconds(10));

        // The accepting span's context is stored with the lead, in its state.
        var accept = Assert.Single(await SpansOfLeadAsync(lead, "lead accept"), s => s.DisplayName == "lead accept");
        var stateOf = $"FROM grain_state WHERE state_name = 'state' AND grain_id LIKE '%{lead.LeadId}'";
        Assert.StartsWith($"00-{accept.TraceId}-{accept.SpanId}-", await _store!.ScalarAsync($"SELECT state_json->>'traceParent' {stateOf}") as string, StringComparison.Ordinal);

        // Made a state as stored before leads kept a trace context; the lead's silo dies, so a survivor reads it.
        await _store.ExecuteAsync($"UPDATE grain_state SET state_json = state_json - 'traceParent' - 'traceState' WHERE state_name = 'state' AND grain_id LIKE '%{lead.LeadId}'");
        var holder = await Cluster.HostOfAsync(Cluster.Client.GetGrain<ILeadGrain>(lead.ToString()));
        Assert.NotNull(holder);
        await Cluster.KillAsync(holder);

        await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(40));
        var wake = await WaitForSpanAsync(s => s.DisplayName == "lead wake" && (s.GetTagItem("orleansflows.lead_id") as string) == lead.LeadId);
        Assert.DoesNotContain(wake.Links, l => HasLinkTag(l, "accepted"));
        Assert.NotEqual(accept.TraceId, wake.TraceId);
        var notify = await WaitForSpanAsync(s => s.DisplayName == "step notify" && (s.GetTagItem("orleansflows.lead_id") as string) == lead.LeadId);
        Assert.Equal(wake.TraceId, notify.TraceId);
        Assert.StartsWith($"00-{wake.TraceId}-{wake.SpanId}-", await _store.ScalarAsync($"SELECT state_json->>'traceParent' {stateOf}") as string, StringComparison.Ordinal);
    }

    /// <summary>Wait, then enrich through <c>enrichment</c>, then post to Slack through <c>sales</c>.</summary>
    private static JsonObject WaitEnrichNotify(string duration) => new()
    {
        ["input"] = JsonNode.Parse("""{"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}}"""),
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"cool","kind":"wait","duration":"{{{duration}}}"},
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich/{{ input.email }}","body":{"email":"{{ input.email }}"},"timeout":"5s"},
              {"id":"tell","kind":"notify","connection":"sales","text":"lead {{ input.email }} scored {{ lead.score }}"}
            ]
            """),
    };

    /// <summary>
    /// The spans of the lead's trace(s): those tagged with the lead, everything in their traces, and what links to
    /// them, once the span named <paramref name="last"/> has ended (a span is exported when it ends).
    /// </summary>
    private async Task<IReadOnlyList<Activity>> SpansOfLeadAsync(LeadKey lead, string last)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            Activity[] all;
            lock (_spans)
            {
                all = [.. _spans];
            }

            var traces = all.Where(s => (s.GetTagItem("orleansflows.lead_id") as string) == lead.LeadId).Select(s => s.TraceId).ToHashSet();
            var spans = all.Where(s => traces.Contains(s.TraceId)).ToArray();
            if (spans.Any(s => s.DisplayName == last) || DateTimeOffset.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(100);
        }
    }

    private async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            lock (_spans)
            {
                if (_spans.FirstOrDefault(match) is { } span)
                {
                    return span;
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The span did not end within 10 s.");
            await Task.Delay(100);
        }
    }

    private static void AssertLeadTags(Activity span, TenantId tenant, LeadKey lead, string workflow)
    {
        Assert.Equal(tenant.Value, span.GetTagItem("orleansflows.tenant_id"));
        Assert.Equal(lead.LeadId, span.GetTagItem("orleansflows.lead_id"));
        Assert.Equal(workflow, span.GetTagItem("orleansflows.workflow"));
    }

    private static bool HasLinkTag(ActivityLink link, string value) =>
        link.Tags?.Any(t => t.Key == "orleansflows.link" && (string?)t.Value == value) == true;

    /// <summary>No span's name, tag, event or link tag holds any of <paramref name="secrets"/> (lead data, the body, a webhook's path).</summary>
    private static void AssertNoneCarries(IEnumerable<Activity> spans, params string[] secrets)
    {
        foreach (var span in spans)
        {
            var texts = new List<string> { span.DisplayName, span.StatusDescription ?? "" };
            texts.AddRange(span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            texts.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")));
            texts.AddRange(span.Links.SelectMany(l => l.Tags?.Select(t => $"link:{t.Key}={t.Value}") ?? []));
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
            }
        }
    }
}
