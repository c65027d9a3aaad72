using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// Traces of the real API host on SQLite: none are made unless something exports them; a host that adds an exporter
/// gets the product's sources, and a webhook's request span, the grain calls and the lead's spans are one trace.
/// </summary>
public sealed class ApiTracingTests
{
    [Fact]
    public async Task Host_WithoutAnExporter_HasNoTracerProvider()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path);
        using var client = host.CreateOperatorClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);

        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Webhook_WithAnExporterAdded_RequestGrainCallsAndLeadSpansShareOneTraceWithoutLeadData()
    {
        var spans = new List<Activity>();
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path).WithTestServices(services => services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        using var tenant = await WebhookTenant.CreateAsync(host, "traced");
        const string Body = """{"email":"traced.webhook@example.com"}""";

        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes(Body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await tenant.Client.WaitForStatusAsync(leadId, "completed");

        Activity[] all = [];
        Activity? accept = null;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (DateTimeOffset.UtcNow < deadline && (accept is null || !all.Any(s => s.DisplayName == "step store" && s.TraceId == accept.TraceId)))
        {
            await Task.Delay(100);
            lock (spans)
            {
                all = [.. spans];
            }

            accept = all.FirstOrDefault(s => s.DisplayName == "lead accept" && (s.GetTagItem("orleansflows.lead_id") as string) == leadId);
        }

        Assert.NotNull(accept);
        Assert.Equal(tenant.TenantId, accept.GetTagItem("orleansflows.tenant_id"));
        Assert.Equal(WebhookTenant.Workflow, accept.GetTagItem("orleansflows.workflow"));
        var trace = all.Where(s => s.TraceId == accept.TraceId).ToArray();
        var request = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(default, request.ParentSpanId);
        Assert.Contains(trace, s => s.DisplayName == "ILeadGrain/SubmitAsync");
        Assert.Contains(trace, s => s.DisplayName == "step transform" && (s.GetTagItem("orleansflows.lead_id") as string) == leadId);
        Assert.Contains(trace, s => s.DisplayName == "step store" && (s.GetTagItem("orleansflows.step_kind") as string) == "store");
        foreach (var span in trace)
        {
            var texts = span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName).ToArray();
            Assert.DoesNotContain(texts, t => t.Contains("traced.webhook", StringComparison.OrdinalIgnoreCase) || t.Contains(Body, StringComparison.Ordinal));
        }
    }
}
