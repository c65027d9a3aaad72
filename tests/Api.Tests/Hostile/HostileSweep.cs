using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Contracts.Webhooks;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// Sends hostile requests to every operation of the served OpenAPI document and reports each answer that breaks the
/// rules: a 5xx other than a 503 for overload, an error without a problem+json document, or no <c>nosniff</c>.
/// </summary>
internal sealed class HostileSweep(ApiHost host, HostileWorld world)
{
    private const string Hostile = "__hostile__";
    private static readonly string HostileString = JsonSerializer.Serialize(Hostile);

    private readonly ConcurrentBag<string> _failures = [];
    private int _requests;
    private int _created;

    public int Requests => _requests;

    /// <summary>The operations of <c>/openapi/v1.json</c> as served.</summary>
    public static async Task<IReadOnlyList<SweptOperation>> OperationsAsync(ApiHost host)
    {
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<SweptOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => p.Key is "get" or "put" or "post" or "delete" or "patch"))
            {
                var query = (operation!["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList();
                operations.Add(new SweptOperation(
                    new HttpMethod(method.ToUpperInvariant()), path, (string?)operation["operationId"] ?? $"{method} {path}", query, operation["requestBody"] is not null));
            }
        }

        return operations;
    }

    /// <summary>Sweeps every operation; <paramref name="storeOnly"/> sends only the inputs that reach a store (text, numbers, query, path, headers).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(bool storeOnly)
    {
        var operations = await OperationsAsync(host);
        Assert.True(operations.Count >= 30, $"The document lists only {operations.Count} operations.");
        var requests = new List<(string What, Func<HttpRequestMessage> Build)>();
        foreach (var operation in operations)
        {
            requests.AddRange(Generate(operation, storeOnly));
        }

        using var client = host.CreateClient();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellation) =>
        {
            Interlocked.Increment(ref _requests);
            using var message = request.Build();
            using var response = await client.SendAsync(message, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (Check(response, body) is { } failure)
            {
                _failures.Add($"{request.What} → {failure}");
            }
        });
        return [.. _failures.OrderBy(f => f, StringComparer.Ordinal)];
    }

    /// <summary>What is wrong with an answer, or null.</summary>
    public static string? Check(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (!response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) || sniff.Single() != "nosniff")
        {
            return $"{status} without X-Content-Type-Options: nosniff";
        }

        if (status < 400)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as '{response.Content.Headers.ContentType}': {Shorten(body)}";
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return $"{status} with a problem that is not JSON: {Shorten(body)}";
        }

        var type = problem.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type?.StartsWith("urn:orleansflows:problem:", StringComparison.Ordinal) != true || !problem.TryGetProperty("status", out var s) || s.GetInt32() != status)
        {
            return $"{status} with a problem of another shape: {Shorten(body)}";
        }

        var overloaded = status == 503 && type == "urn:orleansflows:problem:unavailable" && problem.GetProperty("title").GetString() == "The service is overloaded.";
        return status >= 500 && !overloaded ? $"{status}: {Shorten(body)}" : null;
    }

    private IEnumerable<(string What, Func<HttpRequestMessage> Build)> Generate(SweptOperation operation, bool storeOnly)
    {
        var path = FillPath(operation, _ => null);
        var template = Template(operation);
        if (!storeOnly)
        {
            // Each Accept value, with no key, the operator key and a tenant key.
            foreach (var accept in HostileInputs.Accepts)
            {
                foreach (var auth in new[] { Auth.None, Auth.Operator, Auth.Tenant })
                {
                    yield return ($"{operation} Accept={accept ?? "(none)"} auth={auth}", () => Build(operation, path, Body(template), accept, auth));
                }
            }
        }

        var right = RightAuth(operation);
        var n = 0;
        string? Accept() => HostileInputs.Accepts[n++ % HostileInputs.Accepts.Length];
        if (operation.HasBody)
        {
            foreach (var text in HostileInputs.Texts)
            {
                var body = Encoding.UTF8.GetBytes(Replace(Body(template), texts: true, numbers: false, "\"" + text + "\""));
                yield return ($"{operation} text '{Shorten(text)}'", () => Build(operation, path, body, Accept(), right));
            }

            foreach (var number in HostileInputs.Numbers)
            {
                var body = Encoding.UTF8.GetBytes(Replace(Body(template), texts: false, numbers: true, number));
                yield return ($"{operation} number {number}", () => Build(operation, path, body, Accept(), right));
                var added = Encoding.UTF8.GetBytes(WithMember(Body(template), "score", number));
                yield return ($"{operation} member score={number}", () => Build(operation, path, added, Accept(), right));
            }

            if (!storeOnly)
            {
                foreach (var (what, body) in new[]
                {
                    ("huge body", HostileInputs.Huge(300 * 1024)), ("huge body under the limit", HostileInputs.Huge(250 * 1024)),
                    ("deep body", HostileInputs.Deep(50_000)), ("not UTF-8", HostileInputs.NotUtf8),
                })
                {
                    yield return ($"{operation} {what}", () => Build(operation, path, body, Accept(), right));
                }
            }
        }

        foreach (var parameter in operation.QueryParameters)
        {
            foreach (var value in HostileInputs.QueryValues)
            {
                yield return ($"{operation} ?{parameter}={Shorten(value)}", () => Build(operation, $"{path}?{parameter}={value}", Body(template), Accept(), right));
            }
        }

        foreach (var parameter in operation.PathParameters)
        {
            foreach (var value in HostileInputs.PathValues)
            {
                var hostilePath = FillPath(operation, name => name == parameter ? value : null);
                yield return ($"{operation} {{{parameter}}}={Shorten(value)}", () => Build(operation, hostilePath, Body(template), Accept(), right));
            }
        }

        if (operation.OperationId is "SubmitLead" or "ReceiveWebhook")
        {
            foreach (var value in HostileInputs.HeaderValues)
            {
                yield return ($"{operation} key header '{Shorten(value)}'", () => Build(operation, path, Body(template), Accept(), right, value));
            }
        }
    }

    private HttpRequestMessage Build(SweptOperation operation, string path, object? body, string? accept, Auth auth, string? key = null)
    {
        var bytes = body switch
        {
            string text => Encoding.UTF8.GetBytes(text),
            byte[] raw => raw,
            _ => null,
        };
        var request = new HttpRequestMessage(operation.Method, path);
        if (bytes is not null && operation.HasBody)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        switch (auth)
        {
            case Auth.Operator:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.OperatorKey);
                break;
            case Auth.Tenant:
                // Issuing keys rotates the caller's: the sweep's tenant must keep its key, so a spare tenant issues them.
                var tenant = operation.OperationId == "CreateApiKey" ? world.KeyIssuer : world.Tenant;
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
                break;
            case Auth.Webhook:
                var id = key ?? "msg_" + Guid.NewGuid().ToString("N");
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                request.Headers.TryAddWithoutValidation(StandardWebhookSignature.IdHeader, id);
                request.Headers.TryAddWithoutValidation(StandardWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(world.Secret, id, timestamp, bytes ?? []));
                break;
        }

        if (key is not null && auth != Auth.Webhook)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return request;
    }

    private static Auth RightAuth(SweptOperation operation) => operation.PathTemplate switch
    {
        var p when p.StartsWith("/v1/tenants", StringComparison.Ordinal) || p.StartsWith("/v1/cluster", StringComparison.Ordinal) => Auth.Operator,
        var p when p.StartsWith("/v1/hooks", StringComparison.Ordinal) => Auth.Webhook,
        var p when p.StartsWith("/v1/", StringComparison.Ordinal) => Auth.Tenant,
        _ => Auth.None,
    };

    private string FillPath(SweptOperation operation, Func<string, string?> hostile)
    {
        var segments = operation.PathTemplate.Split('/').Select(segment =>
        {
            if (!segment.StartsWith('{'))
            {
                return segment;
            }

            var name = segment.Trim('{', '}').Split(':')[0];
            return hostile(name) ?? name switch
            {
                "tenantId" => operation.PathTemplate.StartsWith("/v1/hooks", StringComparison.Ordinal) ? world.Tenant.TenantId : world.Victim.TenantId,
                "keyId" => world.Victim.KeyId,
                "name" when operation.PathTemplate.Contains("connections", StringComparison.Ordinal) => HostileWorld.Connection,
                "name" when operation.OperationId == "PutWorkflow" => "swept",
                "name" or "workflow" => HostileWorld.Workflow,
                "leadId" => world.LeadId,
                "version" => "1",
                "runId" => "2026-01-01.1",
                _ => "x",
            };
        });
        return string.Join('/', segments);
    }

    /// <summary>A valid body for the operation, with <see cref="Hostile"/> where text or numbers go.</summary>
    private string? Template(SweptOperation operation) => !operation.HasBody ? null : operation.OperationId switch
    {
        "CreateTenant" => """{"id":"__id__","name":"Swept","timeZone":"UTC"}""",
        "PutTenant" => """{"name":"Swept","timeZone":"UTC"}""",
        "SetTenantLimits" => """{"leadsPerDay":1000,"concurrentOutboundCalls":5,"ingestPerMinute":1000}""",
        "PutConnection" => """{"kind":"http","baseUrl":"https://203.0.113.5/","headers":{"X-Key":"v"}}""",
        "PutWorkflow" => HostileWorld.Definition().ToJsonString(),
        "SubmitLead" or "ReceiveWebhook" => """{"email":"ann@example.com","name":"Ann","score":5,"amount":1.5}""",
        "PutReconciliationSchedule" => """{"dailyAt":"02:00","timeZone":"UTC","monthlyReportDay":1,"lookBackDays":1,"connection":"crm","path":"/x","chunkSize":10}""",
        "StartReconciliationRun" => """{"businessDate":"2026-01-01","force":false}""",
        _ => """{"email":"ann@example.com","text":"hi","n":1}""",
    };

    private string? Body(string? template) =>
        template?.Replace("__id__", $"swept-{Interlocked.Increment(ref _created)}", StringComparison.Ordinal);

    /// <summary>Every string value (or number) of <paramref name="json"/> replaced by the raw JSON <paramref name="raw"/>.</summary>
    private static string Replace(string? json, bool texts, bool numbers, string raw)
    {
        var node = JsonNode.Parse(json ?? "{}");
        Mark(node, texts, numbers);
        return node!.ToJsonString().Replace(HostileString, raw, StringComparison.Ordinal);
    }

    private static string WithMember(string? json, string name, string raw)
    {
        var node = JsonNode.Parse(json ?? "{}")!.AsObject();
        node[name] = Hostile;
        return node.ToJsonString().Replace(HostileString, raw, StringComparison.Ordinal);
    }

    private static void Mark(JsonNode? node, bool texts, bool numbers)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (obj[name] is JsonValue value && Hits(value, texts, numbers))
                    {
                        obj[name] = Hostile;
                    }
                    else
                    {
                        Mark(obj[name], texts, numbers);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && Hits(value, texts, numbers))
                    {
                        array[i] = Hostile;
                    }
                    else
                    {
                        Mark(array[i], texts, numbers);
                    }
                }

                break;
        }
    }

    private static bool Hits(JsonValue value, bool texts, bool numbers) => value.GetValueKind() switch
    {
        JsonValueKind.String => texts,
        JsonValueKind.Number => numbers,
        _ => false,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private enum Auth
    {
        None,
        Operator,
        Tenant,
        Webhook,
    }
}
