using System.Text.Json;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.OpenApi;

/// <summary>
/// What a client generator needs from the document: which key each operation takes, the headers and bodies the
/// handlers read themselves, the response headers clients act on, honest optionality, and clean descriptions.
/// </summary>
public sealed class OpenApiContractTests(ServedOpenApiDocument served) : IClassFixture<ServedOpenApiDocument>
{
    private readonly JsonElement _document = JsonDocument.Parse(served.Json).RootElement.Clone();

    [Fact]
    public void SecuritySchemes_BothKeys_AreBearerSchemes()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");

        foreach (var name in new[] { "operatorKey", "tenantKey" })
        {
            Assert.Equal("http", schemes.GetProperty(name).GetProperty("type").GetString());
            Assert.Equal("bearer", schemes.GetProperty(name).GetProperty("scheme").GetString());
        }
    }

    [Fact]
    public void Security_EveryOperation_NamesTheKeyItTakes()
    {
        var operations = Operations().ToList();

        Assert.True(operations.Count >= 30, $"Only {operations.Count} operations.");
        foreach (var (operation, path, body) in operations)
        {
            var expected = path.StartsWith("/v1/tenants", StringComparison.Ordinal) || path.StartsWith("/v1/cluster", StringComparison.Ordinal) ? "operatorKey"
                : path.StartsWith("/v1/hooks/", StringComparison.Ordinal) ? null
                : "tenantKey";
            var security = body.GetProperty("security");
            if (expected is null)
            {
                Assert.True(security.GetArrayLength() == 0, $"{operation} is signed, not bearer, but declares {security}.");
            }
            else
            {
                Assert.True(security.GetArrayLength() == 1 && security[0].TryGetProperty(expected, out _), $"{operation} should take {expected} but declares {security}.");
            }
        }
    }

    [Fact]
    public void Webhook_DeclaresItsSignatureHeadersAndJsonObjectBody()
    {
        var webhook = Operation("post", "/v1/hooks/{tenantId}/{workflow}");

        foreach (var header in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
        {
            var parameter = Parameter(webhook, header);
            Assert.True(parameter is { } p && p.GetProperty("required").GetBoolean(), $"The webhook does not declare the required header {header}.");
        }

        Assert.Equal("object", webhook.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public void SubmitLead_DeclaresTheOptionalIdempotencyKeyHeader()
    {
        var parameter = Parameter(Operation("post", "/v1/workflows/{name}/leads"), "Idempotency-Key");

        Assert.True(parameter is { } p && !(p.TryGetProperty("required", out var required) && required.GetBoolean()), "SubmitLead does not declare an optional Idempotency-Key header.");
    }

    [Fact]
    public void Responses_RetryAfterOn429And503_LocationOn201And202()
    {
        var checkedCount = 0;
        foreach (var (operation, _, body) in Operations())
        {
            foreach (var response in body.GetProperty("responses").EnumerateObject())
            {
                var header = response.Name switch
                {
                    "429" or "503" => "Retry-After",
                    "201" or "202" => "Location",
                    _ => null,
                };
                if (header is null)
                {
                    continue;
                }

                checkedCount++;
                Assert.True(
                    response.Value.TryGetProperty("headers", out var headers) && headers.TryGetProperty(header, out _),
                    $"{operation} {response.Name} does not declare {header}.");
            }
        }

        Assert.True(checkedCount > 60, $"Only {checkedCount} responses were checked.");
    }

    [Fact]
    public void Responses_AuthenticatedOperations_Declare429ForThrottledKeyGuessing()
    {
        foreach (var (operation, _, body) in Operations())
        {
            Assert.True(body.GetProperty("responses").TryGetProperty("429", out _), $"{operation} does not declare 429.");
        }
    }

    [Fact]
    public void Schemas_NoProperty_IsBothRequiredAndNullable()
    {
        var offenders = new List<string>();
        var checkedCount = 0;
        foreach (var schema in _document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("required", out var required) || !schema.Value.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                checkedCount++;
                if (properties.TryGetProperty(name, out var property) && IsNullable(property))
                {
                    offenders.Add($"{schema.Name}.{name}");
                }
            }
        }

        Assert.True(checkedCount > 50, $"Only {checkedCount} required properties were checked.");
        Assert.True(offenders.Count == 0, "Required and nullable: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("CreateTenantRequest", "id", true)]
    [InlineData("TenantProfileRequest", "timeZone", true)]
    [InlineData("ReconciliationScheduleRequest", "dailyAt", true)]
    [InlineData("ReconciliationScheduleRequest", "monthlyReportDay", false)]
    [InlineData("ConnectionRequest", "kind", true)]
    [InlineData("ConnectionRequest", "headers", false)]
    [InlineData("StartRunRequest", "force", false)]
    public void Schemas_RequestBodies_MarkRequiredOnlyWhatTheApiRequires(string schema, string property, bool required)
    {
        var definition = _document.GetProperty("components").GetProperty("schemas").GetProperty(schema);
        var listed = definition.TryGetProperty("required", out var list) && list.EnumerateArray().Any(r => r.GetString() == property);

        Assert.True(definition.GetProperty("properties").TryGetProperty(property, out _), $"{schema} has no property {property}.");
        Assert.Equal(required, listed);
    }

    [Fact]
    public void Descriptions_Everywhere_CarryNoDocCommentLeftovers()
    {
        string[] leftovers = ["string? ", "bool ", "&lt;", "&gt;", "cref", "<see", "<c>", "PageResponse", "T:", "P:"];
        var found = new List<string>();
        Walk(_document, "#", (pointer, text) =>
        {
            foreach (var leftover in leftovers.Where(l => text.Contains(l, StringComparison.Ordinal)))
            {
                found.Add($"{pointer}: '{leftover}' in \"{text}\"");
            }
        });

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task PutWorkflow_Body_LinksTheWorkflowDefinitionSchemaTheApiServes()
    {
        var schema = Operation("put", "/v1/workflows/{name}").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var definitionSchema = await File.ReadAllTextAsync(Path.Combine(BuiltApi.RepositoryRoot(), "docs", "workflow-definition.schema.json"));

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["input", "steps"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains("docs/workflow-definition.schema.json", schema.GetProperty("description").GetString(), StringComparison.Ordinal);

        // The link resolves against the API, without a key, to the schema in docs/.
        var url = schema.GetProperty("externalDocs").GetProperty("url").GetString();
        using var client = served.Host.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(definitionSchema), System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())),
            "The served schema differs from docs/workflow-definition.schema.json.");
    }

    private IEnumerable<(string Operation, string Path, JsonElement Body)> Operations()
    {
        foreach (var path in _document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "put" or "post" or "delete" or "patch"))
            {
                yield return ($"{method.Name.ToUpperInvariant()} {path.Name}", path.Name, method.Value);
            }
        }
    }

    private JsonElement Operation(string method, string path) => _document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement? Parameter(JsonElement operation, string name) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).Select(p => (JsonElement?)p).FirstOrDefault()
            : null;

    private static bool IsNullable(JsonElement property) =>
        (property.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null"))
        || new[] { "oneOf", "anyOf" }.Any(k => property.TryGetProperty(k, out var options)
            && options.EnumerateArray().Any(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));

    private static void Walk(JsonElement element, string pointer, Action<string, string> onDescription)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "description" or "summary" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        onDescription($"{pointer}/{property.Name}", property.Value.GetString()!);
                    }
                    else
                    {
                        Walk(property.Value, $"{pointer}/{property.Name}", onDescription);
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{pointer}/{index++}", onDescription);
                }

                break;
        }
    }
}
