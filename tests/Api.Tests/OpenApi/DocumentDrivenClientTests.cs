using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.OpenApi;

/// <summary>
/// Calls every operation as a client generated from the document would: the path, method, security scheme, declared
/// headers and body content type all come from the document. Every answer must be one the operation declares, and
/// none may be a refusal of how the call was made (wrong key, method or content type).
/// </summary>
public sealed class DocumentDrivenClientTests(ServedOpenApiDocument served) : IClassFixture<ServedOpenApiDocument>
{
    private readonly ApiHost _host = served.Host;
    private readonly JsonElement _document = JsonDocument.Parse(served.Json).RootElement.Clone();

    [Fact]
    public async Task Call_EveryDocumentedOperation_AnswersADeclaredStatusAndAcceptsTheCredentialItDeclares()
    {
        var tenant = await WebhookTenant.CreateAsync(_host, "docclient");
        var managed = await _host.CreateTenantAsync("docmanaged-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = _host.CreateClient();
        var problems = new List<string>();
        var called = 0;

        // Operator calls last: they include suspending a tenant.
        foreach (var (path, method, operation) in Operations().OrderBy(o => o.Path.StartsWith("/v1/tenants", StringComparison.Ordinal)))
        {
            using var request = Build(path, method, operation, tenant, managed);
            using var response = await client.SendAsync(request);
            called++;
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            var declared = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            if (!declared.Contains(status) || status is "401" or "405" or "415")
            {
                problems.Add($"{method.ToUpperInvariant()} {path} answered {status} (declared: {string.Join(", ", declared)}): {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(called >= 30, $"Only {called} operations were called.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private HttpRequestMessage Build(string path, string method, JsonElement operation, WebhookTenant tenant, TenantAccess managed)
    {
        var url = path.Replace("{tenantId}", path.StartsWith("/v1/hooks/", StringComparison.Ordinal) ? tenant.TenantId : managed.TenantId, StringComparison.Ordinal)
            .Replace("{workflow}", WebhookTenant.Workflow, StringComparison.Ordinal)
            .Replace("{name}", WebhookTenant.Workflow, StringComparison.Ordinal)
            .Replace("{version}", "1", StringComparison.Ordinal)
            .Replace("{leadId}", "no-such-lead", StringComparison.Ordinal)
            .Replace("{keyId}", "000000000000", StringComparison.Ordinal)
            .Replace("{runId}", "2026-01-01.1", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        var body = Encoding.UTF8.GetBytes("{}");
        if (operation.TryGetProperty("requestBody", out var requestBody))
        {
            var mediaType = requestBody.GetProperty("content").EnumerateObject().First().Name;
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        var security = operation.GetProperty("security");
        if (security.GetArrayLength() > 0)
        {
            var scheme = security[0].EnumerateObject().Single().Name;
            var key = scheme switch
            {
                "operatorKey" => ApiHost.OperatorKey,
                "tenantKey" => tenant.Access.ApiKey,
                _ => throw new InvalidOperationException($"Unknown security scheme '{scheme}'."),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            // The signed webhook: fill the headers it declares as a Standard Webhooks sender does.
            var signed = SignedWebhook.Create(url, tenant.Secret, body);
            foreach (var parameter in operation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header"))
            {
                var name = parameter.GetProperty("name").GetString()!;
                request.Headers.Add(name, signed.Headers.GetValues(name));
            }
        }

        return request;
    }

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(m => m.Name is "get" or "put" or "post" or "delete" or "patch")
                .Select(m => (path.Name, m.Name, m.Value)))
            .ToList();
}
