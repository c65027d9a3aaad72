using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// Refusals at the edge that must read the same on every store: numbers out of range and text a store can't hold are
/// a 400 naming the field, and nothing is stored. Run by a SQLite and a PostgreSQL test class.
/// </summary>
internal static class EdgeRefusals
{
    /// <summary>Each number in a lead's input is accepted (202) or refused with a 400 naming its field; never a 500.</summary>
    public static async Task NumbersAreAcceptedOrRefusedByNameAsync(ApiHost host)
    {
        var (tenant, client) = await TenantWithWorkflowAsync(host);
        using (client)
        {
            foreach (var number in HostileInputs.Numbers)
            {
                foreach (var field in new[] { "score", "amount", "extra" })
                {
                    var body = $$"""{"email":"ann@example.com","{{field}}":{{number}}}""";
                    using var response = await PostAsync(client, $"/v1/workflows/{HostileWorld.Workflow}/leads", body);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        await RefusedAsync(response, $"$.{field}");
                    }
                }
            }

            // Beyond 64 bits and beyond double are refused by name, whatever the schema says of the field.
            foreach (var (field, number) in new[] { ("score", "9223372036854775808"), ("extra", "-9223372036854775809"), ("amount", "1e400"), ("extra", "-1e400") })
            {
                using var response = await PostAsync(client, $"/v1/workflows/{HostileWorld.Workflow}/leads", $$"""{"email":"ann@example.com","{{field}}":{{number}}}""");
                await RefusedAsync(response, $"$.{field}");
            }

            // Negative zero, exponent forms and underflow are ordinary numbers where the schema takes a number.
            foreach (var number in new[] { "-0", "1E+2", "1e-400", "-0.0" })
            {
                using var response = await PostAsync(client, $"/v1/workflows/{HostileWorld.Workflow}/leads", $$"""{"email":"ann@example.com","amount":{{number}}}""");
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"amount={number}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.NotNull(tenant);
    }

    /// <summary>A NUL or an unpaired surrogate in any stored string is a 400 naming the field, and nothing changes.</summary>
    public static async Task UnstorableTextIsRefusedByNameAsync(ApiHost host)
    {
        var (tenant, client) = await TenantWithWorkflowAsync(host);
        using var operatorClient = host.CreateOperatorClient();
        using (client)
        {
            foreach (var text in new[] { "a\\u0000b", "\\ud800", "x\\udc00y" })
            {
                await RefusedAsync(await PutAsync(operatorClient, $"/v1/tenants/{tenant.TenantId}", $$"""{"name":"{{text}}","timeZone":"UTC"}"""), "$.name");
                await RefusedAsync(await PostAsync(operatorClient, "/v1/tenants", $$"""{"id":"fresh-one","name":"{{text}}","timeZone":"UTC"}"""), "$.name");
                await RefusedAsync(await PutAsync(client, "/v1/connections/crm2", $$"""{"kind":"http","baseUrl":"https://203.0.113.5/{{text}}"}"""), "$.baseUrl");
                await RefusedAsync(await PutAsync(client, "/v1/connections/crm2", $$$"""{"kind":"http","baseUrl":"https://203.0.113.5/","headers":{"X-Key":"{{{text}}}"}}"""), "$.headers.X-Key");
                await RefusedAsync(await PostAsync(client, $"/v1/workflows/{HostileWorld.Workflow}/leads", $$"""{"email":"ann@example.com","name":"{{text}}"}"""), "$.name");
                await RefusedAsync(await PutAsync(client, "/v1/workflows/other", HostileWorld.Definition().ToJsonString().Replace("\"store\"", $"\"{text}\"", StringComparison.Ordinal)), "$.steps[1].kind");
                await RefusedAsync(await PutAsync(client, "/v1/reconciliation/schedule", $$"""{"dailyAt":"02:00","timeZone":"UTC","monthlyReportDay":1,"lookBackDays":1,"connection":"crm","path":"/{{text}}","chunkSize":10}"""), "$.path");
            }

            await RefusedAsync(await client.GetAsync("/v1/leads?cursor=a%00b"), "cursor");
            await RefusedAsync(await client.GetAsync("/v1/records?cursor=%00"), "cursor");
            await RefusedAsync(await operatorClient.GetAsync("/v1/tenants?cursor=x%00"), "cursor");
            using var keyed = new HttpRequestMessage(HttpMethod.Post, $"/v1/workflows/{HostileWorld.Workflow}/leads") { Content = Json("""{"email":"ann@example.com"}""") };
            keyed.Headers.TryAddWithoutValidation("Idempotency-Key", "key\0one");
            await RefusedAsync(await client.SendAsync(keyed), "Idempotency-Key");

            // Nothing was stored: the profile, the connections, the workflows and the leads are as they were.
            var profile = await operatorClient.GetFromJsonAsync<JsonElement>($"/v1/tenants/{tenant.TenantId}");
            Assert.Equal($"Tenant {tenant.TenantId}", profile.GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/v1/tenants/fresh-one")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/workflows/other")).StatusCode);
            var connections = await client.GetFromJsonAsync<JsonElement>("/v1/connections");
            Assert.Equal(0, connections.GetProperty("items").GetArrayLength());
            var leads = await client.GetFromJsonAsync<JsonElement>("/v1/leads");
            Assert.Equal(0, leads.GetProperty("items").GetArrayLength());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
    }

    private static async Task RefusedAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            // A body value that can't be read or kept is "malformed-json"; a query, path or header value, or one the schema refuses, "validation".
            var kind = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString() == "urn:orleansflows:problem:malformed-json" ? "malformed-json" : "validation";
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, kind);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The refusal does not name '{field}': {problem}");
        }
    }

    private static async Task<(TenantAccess Tenant, HttpClient Client)> TenantWithWorkflowAsync(ApiHost host)
    {
        var tenant = await host.CreateTenantAsync($"edge-{Guid.NewGuid().ToString("N")[..10]}");
        var client = host.CreateTenantClient(tenant.ApiKey);
        var published = await client.PutAsJsonAsync($"/v1/workflows/{HostileWorld.Workflow}", HostileWorld.Definition());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return (tenant, client);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) => client.PostAsync(path, Json(json));

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, string json) => client.PutAsync(path, Json(json));

    private static ByteArrayContent Json(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }
}
