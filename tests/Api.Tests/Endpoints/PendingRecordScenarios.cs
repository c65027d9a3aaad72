using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// <c>GET /v1/reconciliation/pending</c> on each store, run by <see cref="ReconciliationPendingTests"/> and
/// <see cref="ReconciliationPendingPostgresTests"/>: records <c>batch</c> steps handed over, before any run.
/// </summary>
internal static class PendingRecordScenarios
{
    /// <summary>Three batched leads of tenant A: listed by date in pages, only to A.</summary>
    public static async Task BatchedLeads_ListedByDateInPagesOnlyToOwnTenantAsync(ApiHost host, string suffix)
    {
        var a = await host.CreateTenantAsync("pending-a-" + suffix);
        var b = await host.CreateTenantAsync("pending-b-" + suffix);
        using var asA = host.CreateTenantClient(a.ApiKey);
        using var asB = host.CreateTenantClient(b.ApiKey);
        var leads = await SubmitBatchedLeadsAsync(asA, "ada@example.com", "bob@example.com", "cy@example.com");
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // No schedule: the default date is the tenant's today (UTC here).
        var all = await asA.GetFromJsonAsync<JsonElement>("/v1/reconciliation/pending");
        var first = await asA.GetFromJsonAsync<JsonElement>($"/v1/reconciliation/pending?date={today}&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await asA.GetFromJsonAsync<JsonElement>($"/v1/reconciliation/pending?date={today}&limit=2&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal(today, all.GetProperty("businessDate").GetString());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(leads.Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("leadId").GetString()!));
        Assert.All(items, i => Assert.Equal("orders", i.GetProperty("workflow").GetString()));
        Assert.Equal(["ada@example.com", "bob@example.com", "cy@example.com"], items.Select(i => i.GetProperty("data").GetProperty("email").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.True(i.GetProperty("recordedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(
            items.Select(i => i.GetProperty("leadId").GetString()),
            first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("leadId").GetString()));

        var otherDay = await asA.GetFromJsonAsync<JsonElement>("/v1/reconciliation/pending?date=2020-01-01");
        Assert.Equal(0, otherDay.GetProperty("items").GetArrayLength());
        var asOther = await asB.GetStringAsync($"/v1/reconciliation/pending?date={today}");
        Assert.Equal(0, JsonDocument.Parse(asOther).RootElement.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain("ada@example.com", asOther, StringComparison.Ordinal);
    }

    /// <summary>A bad date is a 400 naming <c>date</c>; a bad cursor a 400 too.</summary>
    public static async Task BadDateOrCursor_Answers400Async(ApiHost host, string suffix)
    {
        var tenant = await host.CreateTenantAsync("pending-bad-" + suffix);
        using var client = host.CreateTenantClient(tenant.ApiKey);

        var badDate = await client.GetAsync("/v1/reconciliation/pending?date=2026-13-01");
        var badCursor = await client.GetAsync("/v1/reconciliation/pending?cursor=not-a-cursor");

        var problem = await ProblemAssert.IsAsync(badDate, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("'date' must be a date 'yyyy-MM-dd'; '2026-13-01' is not.", problem.GetProperty("errors").GetProperty("date")[0].GetString());
        await ProblemAssert.IsAsync(badCursor, HttpStatusCode.BadRequest, "bad-request");
    }

    private static async Task<List<string>> SubmitBatchedLeadsAsync(HttpClient client, params string[] emails)
    {
        var workflow = new
        {
            input = new { type = "object", properties = new { email = new { type = "string" } } },
            steps = new object[] { new { id = "hand", kind = "batch" } },
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/workflows/orders", workflow)).StatusCode);
        var leads = new List<string>();
        foreach (var email in emails)
        {
            var accepted = await client.PostAsJsonAsync("/v1/workflows/orders/leads", new { email });
            var lead = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
            await client.WaitForStatusAsync(lead, "completed");
            leads.Add(lead);
        }

        return leads;
    }
}
