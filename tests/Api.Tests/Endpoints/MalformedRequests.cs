using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// Generates requests that must all be refused with a 4xx problem: every body, query, path, key or signature is wrong
/// in at least one way that the API checks, so a request that succeeds (or stores anything) is a bug. Seeded, so a
/// failure reproduces.
/// </summary>
internal sealed class MalformedRequests(Random random, TenantAccess tenant, string secret, string leadId)
{
    public const string Workflow = "intake";
    public const string Connection = "crm";
    private const int LimitBytes = 256 * 1024;

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonx", "text/json-ish", "image/png", "application/octet-stream",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0xC0, 0xAF], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xFE, 0xFF], [0x80], [0xE2, 0x82],
    ];

    private static readonly string[] UnicodeTexts =
    [
        "\\ud800", "\\udc00", "x\\ud800y", "\\udbff\\u0041", "\\u0000", "a\\u0000b",
        "\u202E\u200F rtl \u202D", "😀", "👩‍👩‍👧‍👦", "\uFEFF", "\uFFFE", "e\u0301\u0301\u0301", "ﷺ", "\u2028\u2029", "Z̴̡̛͓͎a̸l̷g̵o",
    ];

    private static readonly string[] BadIds =
    [
        "UPPER", "has space", "a/b", "..", "-leading", "ümlaut", "😀", "\u202Ertl", "tab\there", "x%y", "a.b", "semi;colon", "quote'd", "<script>",
        new('a', 65), new('b', 300),
    ];

    private static readonly string[] BadLimits = ["0", "-1", "201", "1e3", "abc", "9999999999999", "1.5", "0x10", "١٢", "+-1", "2147483648", "NaN"];

    private static readonly string[] BadStatuses = ["done", "5", "-1", "completed,failed", "null", "runnin", "ACCEPTED!", "%00", "😀"];

    private readonly string _tenantId = tenant.TenantId;
    private readonly string _apiKey = tenant.ApiKey;

    public IEnumerable<MalformedRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return (i % 20) switch
            {
                0 or 1 or 2 => LeadBody(),
                3 or 4 => WorkflowBody(),
                5 or 6 => ConnectionBody(),
                7 or 8 => OperatorBody(),
                9 or 10 => Query(),
                11 or 12 => BadPath(),
                13 or 14 or 15 => BadAuth(),
                _ => Webhook(),
            };
        }
    }

    private MalformedRequest LeadBody()
    {
        var (what, body) = Pick<Func<(string, byte[])>>(
            () => RandomBytes(),
            () => Truncated("""{"email":"ann@example.com","name":"Ann","tags":["a","b"],"score":{"x":1}}"""),
            () => ("huge under limit", HugeJson("name", LimitBytes - 1024, "\"email\":7")),
            () => ("huge over limit", HugeJson("name", LimitBytes + random.Next(1, 64 * 1024), "\"email\":\"ok@example.com\"")),
            () => ("deep", Deep(random.Next(33, 200), "\"email\":\"deep@example.com\"")),
            () => Unicode("""{"email":5,"name":"{0}"}"""),
            () => Unicode("""{"email":"{0}"}""", requireBroken: true),
            () => ("wrong types", Utf8(Pick("""{"email":["a@b.cd"]}""", """{"email":true}""", """{"email":{"v":"a@b.cd"}}""", """{"email":null}""", """{"email":"ab"}""", """{"name":"no email"}""", "[]", "\"a@b.cd\"", "42", "null", "{}"))),
            () => ("empty", []))();
        return Tenant("lead body", $"POST lead: {what}", HttpMethod.Post, $"/v1/workflows/{Workflow}/leads", body, ContentTypeFor(), idempotencyKey: random.Next(3) == 0 ? RandomKey() : null);
    }

    private MalformedRequest WorkflowBody()
    {
        var (what, body) = Pick<Func<(string, byte[])>>(
            () => RandomBytes(),
            () => Truncated("""{"input":{"type":"object"},"steps":[{"id":"t","kind":"transform","set":{"a":"1"}}]}"""),
            () => ("huge under limit", HugeJson("title", LimitBytes - 1024, "\"steps\":\"not an array\"")),
            () => ("huge over limit", HugeJson("title", LimitBytes + random.Next(1, 64 * 1024), "\"steps\":[]")),
            () => ("deep", Deep(random.Next(65, 200), "\"steps\":[]")),
            () => Unicode("""{"input":{"type":"object"},"steps":[{"id":"{0}","kind":"transform","set":{"a":"1"}}]}"""),
            () => ("wrong types", Utf8(Pick(
                """{"input":"x","steps":{}}""", """{"input":{"type":"object"},"steps":[{"id":"t","kind":"teleport"}]}""", """{"steps":[]}""",
                """{"input":{"type":"object"},"steps":[{"id":"t","kind":"transform","set":{"a":"((("}}]}""",
                """{"input":{"type":"object"},"steps":[{"id":"t","kind":"store","extra":1}]}""", "[]", "\"x\"", "null", "true"))),
            () => ("empty", []))();
        return Tenant("workflow body", $"PUT workflow: {what}", HttpMethod.Put, $"/v1/workflows/{Pick(Workflow, "other")}", body, ContentTypeFor());
    }

    private MalformedRequest ConnectionBody()
    {
        var (what, body) = Pick<Func<(string, byte[])>>(
            () => RandomBytes(),
            () => Truncated("""{"kind":"http","baseUrl":"https://203.0.113.5/","headers":{"X-Key":"v"}}"""),
            () => ("huge under limit", HugeJson("baseUrl", LimitBytes - 1024, "\"kind\":\"ftp\"")),
            () => ("huge over limit", HugeJson("baseUrl", LimitBytes + random.Next(1, 64 * 1024), "\"kind\":\"ftp\"")),
            () => ("deep", Deep(random.Next(33, 200), "\"kind\":\"http\"")),
            () => Unicode("""{"kind":"{0}","baseUrl":"https://203.0.113.5/"}"""),
            () => ("wrong types", Utf8(Pick(
                """{"kind":5}""", """{"kind":"http","baseUrl":5}""", """{"kind":"http","baseUrl":"https://203.0.113.5/","headers":[1,2]}""",
                """{"kind":"http","baseUrl":"ftp://203.0.113.5/"}""", """{"kind":"http","baseUrl":"not a url"}""", """{"kind":"slack"}""",
                """{"kind":"http","baseUrl":"https://u:p@203.0.113.5/"}""", """{"kind":["http"]}""", "[]", "null", "{}"))),
            () => ("empty", []))();
        return Tenant("connection body", $"PUT connection: {what}", HttpMethod.Put, $"/v1/connections/{Pick(Connection, "other")}", body, ContentTypeFor());
    }

    private MalformedRequest OperatorBody()
    {
        var target = random.Next(3);
        var (method, path, template, breaker) = target switch
        {
            0 => (HttpMethod.Post, "/v1/tenants", """{"id":"{0}","name":"New","timeZone":"UTC"}""", "\"id\":\"NOT VALID\""),
            1 => (HttpMethod.Put, $"/v1/tenants/{Pick(_tenantId, "nx-" + RandomHex(8))}", """{"name":"{0}","timeZone":"Mars/Base"}""", "\"timeZone\":\"Mars/Base\""),
            _ => (HttpMethod.Put, $"/v1/tenants/{_tenantId}/limits", """{"leadsPerDay":0,"concurrentOutboundCalls":"{0}","ingestPerMinute":1}""", "\"leadsPerDay\":0"),
        };
        var (what, body) = Pick<Func<(string, byte[])>>(
            () => RandomBytes(),
            () => Truncated(template.Replace("{0}", "x", StringComparison.Ordinal)),
            () => ("huge under limit", HugeJson("name", LimitBytes - 1024, breaker)),
            () => ("huge over limit", HugeJson("name", LimitBytes + random.Next(1, 64 * 1024), breaker)),
            () => ("deep", Deep(random.Next(33, 200), breaker)),
            () => Unicode(template, requireBroken: target == 0),
            () => ("wrong types", Utf8(target switch
            {
                0 => Pick("""{"id":5}""", """{"id":null,"name":"x"}""", """{"id":["a"]}""", """{"id":"ok-id","name":{},"timeZone":"UTC"}""", """{"id":"ok-id","name":"x","timeZone":"Mars/Base"}"""),
                1 => Pick("""{"name":5,"timeZone":"UTC"}""", """{"name":"x","timeZone":[]}""", """{"name":"","timeZone":"UTC"}"""),
                _ => Pick("""{"leadsPerDay":"ten","concurrentOutboundCalls":1,"ingestPerMinute":1}""", """{"leadsPerDay":1.5,"concurrentOutboundCalls":1,"ingestPerMinute":1}""",
                    """{"leadsPerDay":99999999999,"concurrentOutboundCalls":1,"ingestPerMinute":1}""", """{"leadsPerDay":-1,"concurrentOutboundCalls":1,"ingestPerMinute":1}""",
                    """{"leadsPerDay":1,"concurrentOutboundCalls":0,"ingestPerMinute":1}""", """{"leadsPerDay":1,"concurrentOutboundCalls":1,"ingestPerMinute":0}"""),
            })),
            () => ("empty", []))();
        return Build("operator body", $"{method} {path}: {what}", method, path, body, ContentTypeFor(), "Bearer " + ApiHost.OperatorKey);
    }

    private MalformedRequest Query()
    {
        var badLimit = "limit=" + Uri.EscapeDataString(Pick(BadLimits));
        var badCursor = "cursor=" + Uri.EscapeDataString(BadCursor(sequence: false));
        var (path, auth) = Pick(
            ($"/v1/records?{Pick(badLimit, badCursor, badLimit + "&" + badCursor, "limit=5&" + badCursor)}", Tenant()),
            ($"/v1/leads?{Pick(badLimit, badCursor, "status=" + Uri.EscapeDataString(Pick(BadStatuses)), "status=completed&" + badCursor, "limit=5&" + badLimit)}", Tenant()),
            ($"/v1/leads/{leadId}/audit?{Pick(badLimit, "cursor=" + Uri.EscapeDataString(BadCursor(sequence: true)))}", Tenant()),
            ($"/v1/tenants?{Pick(badLimit, badCursor)}", "Bearer " + ApiHost.OperatorKey));
        return Build("query", $"GET {Shorten(path)}", HttpMethod.Get, path, null, null, auth);
    }

    private MalformedRequest BadPath()
    {
        var id = Uri.EscapeDataString(Pick(BadIds.Concat([RandomHex(32), "nx-" + RandomHex(8), RandomText(random.Next(1, 80))]).ToArray()));
        var operatorId = Pick(id, "nx-" + RandomHex(8));
        var (method, path, body, auth) = Pick(
            (HttpMethod.Get, $"/v1/leads/{id}", (byte[]?)null, Tenant()),
            (HttpMethod.Get, $"/v1/leads/{id}/audit", null, Tenant()),
            (HttpMethod.Post, $"/v1/leads/{id}/retry", null, Tenant()),
            (HttpMethod.Post, $"/v1/leads/{id}/cancel", null, Tenant()),
            (HttpMethod.Get, $"/v1/workflows/{id}", null, Tenant()),
            (HttpMethod.Get, $"/v1/workflows/{Workflow}/versions/{Uri.EscapeDataString(Pick("0", "-1", "2", "99999999999", "abc", "1.0", "１"))}", null, Tenant()),
            (HttpMethod.Get, $"/v1/workflows/{id}/versions/1", null, Tenant()),
            (HttpMethod.Delete, $"/v1/connections/{id}", null, Tenant()),
            (HttpMethod.Post, $"/v1/workflows/{id}/leads", Utf8("""{"email":"a@example.com"}"""), Tenant()),
            (HttpMethod.Get, $"/v1/tenants/{operatorId}", null, "Bearer " + ApiHost.OperatorKey),
            (HttpMethod.Get, $"/v1/tenants/{operatorId}/api-keys", null, "Bearer " + ApiHost.OperatorKey),
            (HttpMethod.Post, $"/v1/tenants/{operatorId}/api-keys", null, "Bearer " + ApiHost.OperatorKey),
            (HttpMethod.Delete, $"/v1/tenants/{Pick(operatorId, _tenantId)}/api-keys/{id}", null, "Bearer " + ApiHost.OperatorKey),
            (HttpMethod.Post, $"/v1/tenants/{operatorId}/suspend", null, "Bearer " + ApiHost.OperatorKey),
            (HttpMethod.Post, $"/v1/tenants/{operatorId}/resume", null, "Bearer " + ApiHost.OperatorKey),
            (HttpMethod.Put, $"/v1/tenants/{operatorId}/limits", Utf8("""{"leadsPerDay":5,"concurrentOutboundCalls":5,"ingestPerMinute":5}"""), "Bearer " + ApiHost.OperatorKey),
            (new HttpMethod(Pick("PATCH", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE")), Pick("/v1/leads", "/v1/records", "/v1/usage/today", "/v1/webhook-secrets", $"/v1/leads/{leadId}"), null, Tenant()),
            (HttpMethod.Get, Pick("/v1", "/v1/", "/v1//leads", "/v2/leads", "/v1/leads/" + leadId + "/steps", "/v1/hooks", "/v1/hooks/" + _tenantId), null, Tenant()));
        return Build("path", $"{method} {Shorten(path)}", method, path, body, body is null ? null : "application/json", auth);
    }

    private MalformedRequest BadAuth()
    {
        var keyId = _apiKey["ofk_".Length..("ofk_".Length + 12)];
        var flipped = _apiKey[..^1] + (_apiKey[^1] == 'A' ? 'B' : 'A');
        var header = Pick<string?>(
            null, "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer ofk_", $"Bearer ofk_{RandomHex(12)}_{RandomBase64Url(32)}",
            $"Bearer ofk_{keyId}_{RandomBase64Url(32)}", "Bearer " + flipped, "Bearer " + _apiKey[..^5], "Bearer " + _apiKey + "x",
            "Bearer " + new string('k', 8 * 1024), "Token " + _apiKey, "Bearer ofop_" + RandomBase64Url(32), _apiKey, "Bearer " + ApiHost.OperatorKey);
        var operatorHeader = Pick<string?>(null, "Bearer", "Bearer ofop_wrong", "Bearer " + _apiKey, "Bearer " + ApiHost.OperatorKey[..^1], "Basic b3A6b3A=", ApiHost.OperatorKey);
        var (method, path, body, auth) = Pick(
            (HttpMethod.Get, "/v1/workflows", (byte[]?)null, header),
            (HttpMethod.Get, $"/v1/leads/{leadId}", null, header),
            (HttpMethod.Get, "/v1/leads?status=completed", null, header),
            (HttpMethod.Get, "/v1/records", null, header),
            (HttpMethod.Get, "/v1/usage/today", null, header),
            (HttpMethod.Post, "/v1/webhook-secrets", null, header),
            (HttpMethod.Post, $"/v1/leads/{leadId}/cancel", null, header),
            (HttpMethod.Delete, $"/v1/connections/{Connection}", null, header),
            (HttpMethod.Put, "/v1/connections/new-one", Utf8("""{"kind":"http","baseUrl":"https://203.0.113.5/"}"""), header),
            (HttpMethod.Put, "/v1/workflows/new-one", Utf8("""{"input":{"type":"object"},"steps":[{"id":"s","kind":"store"}]}"""), header),
            (HttpMethod.Post, $"/v1/workflows/{Workflow}/leads", Utf8("""{"email":"auth@example.com"}"""), header),
            (HttpMethod.Get, "/v1/tenants", null, operatorHeader),
            (HttpMethod.Post, "/v1/tenants", Utf8("""{"id":"auth-new","name":"New","timeZone":"UTC"}"""), operatorHeader),
            (HttpMethod.Post, $"/v1/tenants/{_tenantId}/suspend", null, operatorHeader),
            (HttpMethod.Post, $"/v1/tenants/{_tenantId}/api-keys", null, operatorHeader),
            (HttpMethod.Put, $"/v1/tenants/{_tenantId}/limits", Utf8("""{"leadsPerDay":1,"concurrentOutboundCalls":1,"ingestPerMinute":1}"""), operatorHeader));
        return Build("auth", $"{method} {path} with '{Shorten(auth ?? "(none)")}'", method, path, body, body is null ? null : "application/json", auth);
    }

    private MalformedRequest Webhook()
    {
        var id = "msg_" + RandomHex(16);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var path = $"/v1/hooks/{_tenantId}/{Workflow}";
        byte[] body = Utf8("""{"name":"no email here"}""");
        string? signature = null;
        string what;
        switch (random.Next(9))
        {
            case 0:
                what = "unknown tenant";
                path = $"/v1/hooks/{Uri.EscapeDataString(Pick(BadIds.Concat(["nx-" + RandomHex(8)]).ToArray()))}/{Workflow}";
                body = Utf8("""{"email":"a@example.com"}""");
                break;
            case 1:
                what = "unknown workflow";
                path = $"/v1/hooks/{_tenantId}/{Uri.EscapeDataString(Pick(BadIds.Concat(["nope"]).ToArray()))}";
                body = Utf8("""{"email":"a@example.com"}""");
                break;
            case 2:
                what = "bad signature";
                body = Utf8("""{"email":"a@example.com"}""");
                signature = Pick(
                    "", "v1,", "v1," + RandomBase64Url(32), "v2," + Sign(secret, id, timestamp, body)[3..], Sign(secret, id, timestamp, body)[..^4] + "AAA=",
                    Sign(secret, id, timestamp, Utf8("""{"email":"b@example.com"}""")), Sign("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), id, timestamp, body),
                    "v1 " + Sign(secret, id, timestamp, body)[3..], new string('v', 10_000), "v1,!!!!", "v1," + Sign(secret, id + "x", timestamp, body)[3..]);
                break;
            case 3:
                what = "timestamp";
                body = Utf8("""{"email":"a@example.com"}""");
                timestamp = Pick(
                    (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - random.Next(301, 10_000_000)).ToString(CultureInfo.InvariantCulture),
                    (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + random.Next(301, 10_000_000)).ToString(CultureInfo.InvariantCulture),
                    "abc", "-5", "1e9", "99999999999999999999", "+" + timestamp, timestamp + ".5", " " + timestamp, "0", "253402300800");
                break;
            case 4:
                what = "headers";
                body = Utf8("""{"email":"a@example.com"}""");
                id = Pick("", new string('i', 257), new string('i', 5000));
                break;
            case 5:
                var (kind, malformed) = Pick<Func<(string, byte[])>>(
                    () => RandomBytes(),
                    () => Truncated("""{"email":"ann@example.com","name":"Ann"}"""),
                    () => ("deep", Deep(random.Next(33, 200), "\"email\":\"deep@example.com\"")),
                    () => Unicode("""{"email":"{0}"}""", requireBroken: true),
                    () => Unicode("""{"email":7,"name":"{0}"}"""),
                    () => ("huge under limit", HugeJson("name", LimitBytes - 1024, "\"email\":[]")),
                    () => ("wrong types", Utf8(Pick("""{"email":["a@b.cd"]}""", """{"email":"x"}""", "[]", "\"a@b.cd\"", "null", """{"name":"x"}"""))))();
                what = "signed body: " + kind;
                body = malformed;
                break;
            case 6:
                what = "over limit";
                body = HugeJson("name", LimitBytes + random.Next(1, 64 * 1024), "\"email\":\"big@example.com\"");
                break;
            case 7:
                what = "content type";
                body = Utf8("""{"email":"a@example.com"}""");
                return Build("webhook", $"webhook: {what}", HttpMethod.Post, path, body, Pick(WrongContentTypes.Append(null).ToArray()), null, id, timestamp, Sign(secret, id, timestamp, body));
            default:
                what = "missing headers";
                body = Utf8("""{"email":"a@example.com"}""");
                var request = Build("webhook", $"webhook: {what}", HttpMethod.Post, path, body, "application/json", null, id, timestamp, Sign(secret, id, timestamp, body));
                var drop = Pick("webhook-id", "webhook-timestamp", "webhook-signature");
                return request with
                {
                    Description = $"webhook: without {drop}",
                    Build = () =>
                    {
                        var message = request.Build();
                        message.Headers.Remove(drop);
                        return message;
                    },
                };
        }

        return Build("webhook", $"webhook: {what} ({Shorten(path)})", HttpMethod.Post, path, body, "application/json", null, id, timestamp, signature ?? Sign(secret, id, timestamp, body));
    }

    private MalformedRequest Tenant(string category, string description, HttpMethod method, string path, byte[] body, string? contentType, string? idempotencyKey = null)
    {
        var request = Build(category, description, method, path, body, contentType, "Bearer " + _apiKey);
        return idempotencyKey is null ? request : request with
        {
            Build = () =>
            {
                var message = request.Build();
                message.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
                return message;
            },
        };
    }

    private static MalformedRequest Build(
        string category, string description, HttpMethod method, string path, byte[]? body, string? contentType, string? authorization,
        string? webhookId = null, string? timestamp = null, string? signature = null) =>
        new(category, description, () =>
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (webhookId is not null)
            {
                request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
                request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
                request.Headers.TryAddWithoutValidation("webhook-signature", signature);
            }

            return request;
        });

    /// <summary>A Standard Webhooks signature over any timestamp text, even one that is not a number.</summary>
    private static string Sign(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    private string Tenant() => "Bearer " + _apiKey;

    private string? ContentTypeFor() => random.Next(8) switch
    {
        0 => Pick(WrongContentTypes.Append(null).ToArray()),
        1 => "application/json; charset=utf-8",
        _ => "application/json",
    };

    private (string, byte[]) RandomBytes()
    {
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        return ("random bytes", bytes);
    }

    /// <summary>A JSON object cut short: it never closes, so it can't be valid.</summary>
    private (string, byte[]) Truncated(string json) => ("truncated", Utf8(json[..random.Next(1, json.Length - 1)]));

    /// <summary>A JSON object of about <paramref name="size"/> bytes: one long string field next to a member that is wrong for the endpoint.</summary>
    private static byte[] HugeJson(string field, int size, string breaker)
    {
        var head = $"{{{breaker},\"{field}\":\"";
        return Utf8(head + new string('x', Math.Max(1, size - head.Length - 2)) + "\"}");
    }

    /// <summary>A value nested <paramref name="depth"/> levels deep next to <paramref name="member"/>.</summary>
    private byte[] Deep(int depth, string member)
    {
        var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var builder = new StringBuilder("{").Append(member).Append(",\"x\":");
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }

        builder.Append(open == "[" ? "" : "1");
        for (var i = 0; i < depth; i++)
        {
            builder.Append(close);
        }

        return Utf8(builder.Append('}').ToString());
    }

    /// <summary>
    /// Fills <paramref name="template"/>'s <c>{0}</c> with a Unicode edge case, as escaped text or as raw bytes. With
    /// <paramref name="requireBroken"/> the filling itself must be invalid (the template is otherwise valid).
    /// </summary>
    private (string, byte[]) Unicode(string template, bool requireBroken = false)
    {
        var at = template.IndexOf("{0}", StringComparison.Ordinal);
        var before = Utf8(template[..at]);
        var after = Utf8(template[(at + 3)..]);
        byte[] middle;
        string what;
        if (requireBroken || random.Next(2) == 0)
        {
            (what, middle) = random.Next(3) switch
            {
                0 => ("bad UTF-8", Pick(BadUtf8)),
                1 => ("raw control character", [(byte)random.Next(0, 0x20)]),
                _ => ("bad escape", Utf8(Pick("\\ud800", "\\udc00", "x\\ud800y", "\\udbff\\u0041", "\\u0000", "\\x41", "\\u12"))),
            };
            middle = [.. Utf8("a"), .. middle, .. Utf8("b@example.com")];
        }
        else
        {
            var text = Pick(UnicodeTexts);
            (what, middle) = ($"text '{text}'", Utf8(text));
        }

        return ("unicode: " + what, [.. before, .. middle, .. after]);
    }

    private string BadCursor(bool sequence) => Pick(
        "!!!!", "%%%", new string('A', 10_000), RandomText(random.Next(1, 40)), Base64Url("abc|x"), Base64Url("|x"), Base64Url("99999999999999999999|x"),
        Base64Url(sequence ? "123|x" : "#5"), Base64Url(sequence ? "#-1" : "abc"), Base64Url(sequence ? "#99999999999999999999" : "1.5|x"),
        Convert.ToBase64String([0xFF, 0xFE, 0xFD]), "😀");

    private string RandomKey() => Pick("key-" + RandomHex(8), new string('k', 257), RandomText(20));

    private string RandomHex(int length) => Convert.ToHexStringLower(RandomBytesOf((length + 1) / 2))[..length];

    private string RandomBase64Url(int bytes) => Convert.ToBase64String(RandomBytesOf(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string RandomText(int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var c = (char)random.Next(0x20, 0x3000);
            if (!char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private byte[] RandomBytesOf(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];
}
