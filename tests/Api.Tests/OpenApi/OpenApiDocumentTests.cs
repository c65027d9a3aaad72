using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.OpenApi;

/// <summary>The OpenAPI document is the contract: it must be valid and describe every endpoint and its errors.</summary>
public sealed partial class OpenApiDocumentTests(ServedOpenApiDocument served) : IClassFixture<ServedOpenApiDocument>
{
    private const string ProblemJson = "application/problem+json";

    private readonly ApiHost _host = served.Host;
    private readonly string _json = served.Json;

    [Fact]
    public void Read_ServedDocument_ParsesWithoutErrorsAsOpenApi31()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(_json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.NotNull(document);
        Assert.True(diagnostic is not null && diagnostic.Errors.Count == 0, "Reader errors: " + Describe(diagnostic?.Errors));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
    }

    [Fact]
    public void Validate_ServedDocument_DefaultRuleSetFindsNoErrors()
    {
        var document = Load();

        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet()).ToList();

        Assert.True(errors.Count == 0, "Validation errors: " + Describe(errors));
    }

    [Fact]
    public void Validate_ServedDocumentWithAPathTemplateBroken_ReportsTheError()
    {
        // The validator must be able to fail on this document: rename one path template so its parameter no longer appears.
        Assert.Contains("\"/v1/leads/{leadId}\"", _json, StringComparison.Ordinal);
        var broken = _json.Replace("\"/v1/leads/{leadId}\"", "\"/v1/leads/{id}\"", StringComparison.Ordinal);
        var (document, _) = OpenApiDocument.Parse(broken, OpenApiConstants.Json, new OpenApiReaderSettings());

        var errors = document!.Validate(ValidationRuleSet.GetDefaultRuleSet()).ToList();

        Assert.Contains(errors, e => e.Message.Contains("leadId", StringComparison.Ordinal));
    }

    [Fact]
    public void Paths_EveryMappedEndpoint_IsDocumentedWithItsMethod()
    {
        var document = Load();
        var documented = document.Paths
            .SelectMany(path => (path.Value.Operations ?? []).Keys.Select(method => $"{method.Method.ToUpperInvariant()} {path.Key}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = MappedEndpoints().Select(e => e.Operation).ToList();
        var missing = mapped.Where(operation => !documented.Contains(operation)).ToList();

        Assert.True(mapped.Count >= 25, $"Only {mapped.Count} endpoints were found: {string.Join(", ", mapped)}");
        Assert.True(missing.Count == 0, "Mapped but not documented: " + string.Join(", ", missing));
        Assert.Contains("POST /v1/hooks/{tenantId}/{workflow}", documented);
        Assert.Contains("GET /v1/workflows/{name}/versions/{version}", documented);
    }

    [Fact]
    public void Paths_EveryDocumentedOperation_IsMapped()
    {
        var document = Load();
        var mapped = MappedEndpoints().Select(e => e.Operation).ToHashSet(StringComparer.Ordinal);

        var extra = document.Paths
            .SelectMany(path => (path.Value.Operations ?? []).Keys.Select(method => $"{method.Method.ToUpperInvariant()} {path.Key}"))
            .Where(operation => !mapped.Contains(operation))
            .ToList();

        Assert.True(extra.Count == 0, "Documented but not mapped: " + string.Join(", ", extra));
    }

    [Fact]
    public void Responses_EveryDeclaredError_IsDocumentedAsProblemJson()
    {
        var document = Load();
        var problems = new List<string>();
        var checkedCount = 0;

        foreach (var (operation, pattern, endpoint) in MappedEndpoints())
        {
            var path = document.Paths[pattern];
            var method = operation[..operation.IndexOf(' ', StringComparison.Ordinal)];
            var documented = path.Operations!.Single(o => o.Key.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).Value;
            var declared = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                .Where(m => m.StatusCode >= 400)
                .Select(m => m.StatusCode)
                .Distinct();
            foreach (var status in declared)
            {
                checkedCount++;
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (documented.Responses is null || !documented.Responses.TryGetValue(key, out var response))
                {
                    problems.Add($"{operation} declares {status} but the document lists no such response");
                }
                else if (response.Content is null || !response.Content.ContainsKey(ProblemJson))
                {
                    problems.Add($"{operation} documents {status} as [{string.Join(", ", response.Content?.Keys ?? [])}], not {ProblemJson}");
                }
            }
        }

        Assert.True(checkedCount > 60, $"Only {checkedCount} declared error responses were checked.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("POST /v1/hooks/{tenantId}/{workflow}", new[] { 400, 401, 403, 404, 409, 413, 415, 429, 503 })]
    [InlineData("POST /v1/workflows/{name}/leads", new[] { 400, 401, 403, 404, 409, 413, 415, 429, 503 })]
    [InlineData("GET /v1/leads/{leadId}", new[] { 401, 403, 404, 503 })]
    [InlineData("PUT /v1/connections/{name}", new[] { 400, 401, 403, 503 })]
    [InlineData("POST /v1/tenants", new[] { 400, 401, 409, 503 })]
    [InlineData("GET /v1/tenants/{tenantId}", new[] { 401, 404, 503 })]
    public void Responses_KeyOperations_DocumentTheirErrorsAsProblemJson(string operation, int[] statuses)
    {
        var document = Load();
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        var path = document.Paths[operation[(space + 1)..]];
        var documented = path.Operations!.Single(o => o.Key.Method == operation[..space]).Value;

        foreach (var status in statuses)
        {
            var response = documented.Responses![status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            Assert.True(response.Content?.ContainsKey(ProblemJson) == true, $"{operation} {status} is not documented as {ProblemJson}.");
        }
    }

    [Fact]
    public void RequestBodies_BodyTakingOperations_DocumentJson()
    {
        var document = Load();
        string[] operations =
        [
            "POST /v1/tenants", "PUT /v1/tenants/{tenantId}", "PUT /v1/tenants/{tenantId}/limits", "PUT /v1/workflows/{name}",
            "PUT /v1/connections/{name}", "POST /v1/workflows/{name}/leads", "POST /v1/hooks/{tenantId}/{workflow}",
        ];

        foreach (var operation in operations)
        {
            var space = operation.IndexOf(' ', StringComparison.Ordinal);
            var documented = document.Paths[operation[(space + 1)..]].Operations!.Single(o => o.Key.Method == operation[..space]).Value;
            Assert.True(documented.RequestBody?.Content?.ContainsKey("application/json") == true, $"{operation} documents no application/json body.");
        }
    }

    private OpenApiDocument Load()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(_json, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.True(diagnostic is not null && diagnostic.Errors.Count == 0, "Reader errors: " + Describe(diagnostic?.Errors));
        return document!;
    }

    /// <summary>The host's API endpoints as "METHOD /path" in OpenAPI form (route constraints dropped), without the document itself and health checks.</summary>
    private List<(string Operation, string Path, RouteEndpoint Endpoint)> MappedEndpoints()
    {
        var source = _host.Services.GetRequiredService<EndpointDataSource>();
        var result = new List<(string, string, RouteEndpoint)>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (raw.StartsWith("/openapi/", StringComparison.Ordinal) || raw.StartsWith("/health/", StringComparison.Ordinal)
                || endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)
            {
                continue;
            }

            var path = Constraint().Replace(raw.TrimEnd('/'), "{$1}");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                result.Add(($"{method} {(path.Length == 0 ? "/" : path)}", path.Length == 0 ? "/" : path, endpoint));
            }
        }

        return result;
    }

    private static string Describe(IEnumerable<OpenApiError>? errors) =>
        errors is null ? "(no diagnostic)" : string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}"));

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}
