using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>
/// What the broker tests do through the tenant API: a tenant with an <c>events</c> connection to the broker, the
/// <c>orders</c> workflow with a queue trigger, and waits on the trigger's status and the stored records.
/// </summary>
internal static class QueueTriggerApi
{
    /// <summary>A tenant with limits that are never the bottleneck and an <c>events</c> <c>rabbitmq</c> connection to <paramref name="amqpUri"/>.</summary>
    public static async Task<HttpClient> TenantWithBrokerAsync(ApiHost host, string tenantId, Uri amqpUri)
    {
        var access = await host.CreateTenantAsync(tenantId);
        using var operatorClient = host.CreateOperatorClient();
        var limits = await operatorClient.PutAsJsonAsync($"/v1/tenants/{tenantId}/limits", new { leadsPerDay = 1_000_000, concurrentOutboundCalls = 16, ingestPerMinute = 1_000_000 });
        Assert.True(limits.IsSuccessStatusCode, await limits.Content.ReadAsStringAsync());
        var client = host.CreateTenantClient(access.ApiKey);
        var put = await client.PutAsJsonAsync("/v1/connections/events", new { kind = "rabbitmq", uri = amqpUri.ToString() });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>The transform-and-store test workflow with <paramref name="trigger"/> as its trigger.</summary>
    public static JsonObject TriggerWorkflow(JsonObject trigger)
    {
        var definition = TestWorkflows.TransformAndStore();
        definition["trigger"] = trigger;
        return definition;
    }

    /// <summary>Publishes <c>orders</c>, triggered by <paramref name="queue"/> through the <c>events</c> connection.</summary>
    public static async Task PublishTriggerWorkflowAsync(HttpClient client, string queue, int prefetch)
    {
        var definition = TriggerWorkflow(new JsonObject { ["kind"] = "queue", ["connection"] = "events", ["queue"] = queue, ["prefetch"] = prefetch });
        var published = await client.PutAsJsonAsync("/v1/workflows/orders", definition);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
    }

    /// <summary>The <c>orders</c> trigger's status.</summary>
    public static Task<JsonElement> TriggerAsync(HttpClient client) => client.GetFromJsonAsync<JsonElement>("/v1/workflows/orders/trigger");

    /// <summary>Reads the trigger's status until <paramref name="done"/> holds, failing with the last one read after <paramref name="timeout"/>.</summary>
    public static async Task<JsonElement> WaitForTriggerAsync(HttpClient client, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var last = default(JsonElement);
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await TriggerAsync(client);
            if (done(last))
            {
                return last;
            }

            // The consumer runs on its own; only its status tells its progress.
            await Task.Delay(100);
        }

        throw new TimeoutException($"The trigger did not reach the expected state within {timeout}; last: {last}");
    }

    /// <summary>The lead ids of the stored records, once there are at least <paramref name="count"/> (each completed lead stores one).</summary>
    public static async Task<List<string>> WaitForRecordsAsync(HttpClient client, int count, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var leads = new List<string>();
        while (DateTimeOffset.UtcNow < deadline)
        {
            leads.Clear();
            string? cursor = null;
            var pages = 0;
            do
            {
                // A cursor that never ends would page forever; no test stores more than a few pages.
                Assert.True(++pages <= 50, $"Paging /v1/records did not end after 50 pages ({leads.Count} records read).");
                var page = await client.GetFromJsonAsync<JsonElement>($"/v1/records?limit=200{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
                leads.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("leadId").GetString()!));
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
            if (leads.Count >= count)
            {
                // A moment more: a duplicate would show up as an extra record.
                await Task.Delay(500);
                return leads;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Only {leads.Count} of {count} records were stored within {timeout}.");
    }
}
