using System.Net;
using System.Text.Json;

namespace OrleansFlows.Api.Tests.Support;

/// <summary>Waits for a lead to reach a status through <c>GET /v1/leads/{id}</c>, and fails with what it last saw.</summary>
internal static class LeadPolling
{
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient tenant, string leadId, string status, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTimeOffset.UtcNow + limit;
        var last = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            var response = await tenant.GetAsync($"/v1/leads/{leadId}");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var lead = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (lead.GetProperty("status").GetString() == status)
                {
                    return lead;
                }
            }

            // The lead runs on the silo's own schedule; nothing in the API signals its end, so re-read on a short cadence.
            await Task.Delay(25);
        }

        throw new TimeoutException($"Lead '{leadId}' did not reach '{status}' within {limit}; last answer: {last}");
    }
}
