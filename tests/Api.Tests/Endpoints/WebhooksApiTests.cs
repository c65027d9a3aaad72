using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.Contracts.Webhooks;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// Signed webhook intake, check by check in the designed order: size, signature (an unknown tenant looks exactly like
/// a bad signature), workflow, timestamp window, suspension, limits, input schema, durable acceptance.
/// </summary>
public sealed class WebhooksApiTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    private const int LimitBytes = 256 * 1024;
    private const string BadSignature = "The webhook signature is not valid for this tenant.";
    private const string MissingHeaders = "Send the 'webhook-id', 'webhook-timestamp' and 'webhook-signature' headers.";
    private const string StaleTimestamp = "'webhook-timestamp' is more than 5 minutes from the server's clock; resend with a fresh timestamp and signature.";

    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Receive_BodyOverLimit_Answers413()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Padded(LimitBytes + 1));

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", $"The body is larger than the limit of {LimitBytes} bytes.");
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_BodyOverLimitWithoutContentLength_Answers413()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        using var request = SignedWebhook.Create(tenant.HookPath, tenant.Secret, Padded(LimitBytes + 1));
        var bytes = await request.Content!.ReadAsByteArrayAsync();
        request.Content = new StreamContent(new UnknownLengthStream(bytes));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await tenant.Anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", $"The body is larger than the limit of {LimitBytes} bytes.");
    }

    [Fact]
    public async Task Receive_BodyAtLimitWithoutSignature_PassesSizeAndAnswers401()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var atLimit = await tenant.Anonymous.PostAsync(tenant.HookPath, Json(Padded(LimitBytes)));
        var overLimit = await tenant.Anonymous.PostAsync(tenant.HookPath, Json(Padded(LimitBytes + 1)));

        await ProblemAssert.IsAsync(atLimit, HttpStatusCode.Unauthorized, "unauthorized", MissingHeaders);
        await ProblemAssert.IsAsync(overLimit, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Receive_NotJson_Answers415BeforeTheSignature()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        using var request = SignedWebhook.Create(tenant.HookPath, tenant.Secret, Body("a@example.com"));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        var response = await tenant.Anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Send the body as 'application/json'.");
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, true)]
    public async Task Receive_MissingSignatureHeaders_Answers401(bool withId, bool withTimestamp, bool withSignature)
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        using var signed = SignedWebhook.Create(tenant.HookPath, tenant.Secret, Body("a@example.com"));
        using var request = new HttpRequestMessage(HttpMethod.Post, tenant.HookPath) { Content = Json(Body("a@example.com")) };
        foreach (var (header, keep) in new[] { (StandardWebhookSignature.IdHeader, withId), (StandardWebhookSignature.TimestampHeader, withTimestamp), (StandardWebhookSignature.SignatureHeader, withSignature) })
        {
            if (keep)
            {
                request.Headers.Add(header, signed.Headers.GetValues(header));
            }
        }

        var response = await tenant.Anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", MissingHeaders);
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_BadSignature_Answers401()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var wrongSecret = "whsec_" + Convert.ToBase64String(new byte[32]);

        var response = await tenant.SendAsync(Body("a@example.com"), secret: wrongSecret);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
    }

    [Theory]
    [InlineData("v1,AAAA")]
    [InlineData("v2,{good}")]
    [InlineData("v1,{good}x")]
    [InlineData("v1 {good}")]
    [InlineData("{good}")]
    [InlineData("v1,")]
    [InlineData("v1,!!!!")]
    public async Task Receive_MalformedSignatureHeader_Answers401LikeABadSignature(string header)
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var body = Body("a@example.com");
        using var request = SignedWebhook.Create(tenant.HookPath, tenant.Secret, body);
        var good = request.Headers.GetValues(StandardWebhookSignature.SignatureHeader).Single()["v1,".Length..];
        request.Headers.Remove(StandardWebhookSignature.SignatureHeader);
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, header.Replace("{good}", good, StringComparison.Ordinal));

        var response = await tenant.Anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
    }

    [Fact]
    public async Task Receive_SignatureOverAnotherBody_Answers401()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        using var request = SignedWebhook.Create(tenant.HookPath, tenant.Secret, Body("a@example.com"));
        request.Content = Json(Body("b@example.com"));

        var response = await tenant.Anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
    }

    [Theory]
    [InlineData("nobody-here")]
    [InlineData("Not_A_Tenant_Id")]
    [InlineData("x")]
    public async Task Receive_UnknownTenant_AnswersExactlyLikeABadSignature(string unknownTenant)
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var body = Body("a@example.com");

        var badSignature = await tenant.SendAsync(body, secret: "whsec_" + Convert.ToBase64String(new byte[32]));
        var unknown = await tenant.SendAsync(body, path: $"/v1/hooks/{unknownTenant}/{WebhookTenant.Workflow}");

        var expected = await ProblemAssert.IsAsync(badSignature, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
        var actual = await ProblemAssert.IsAsync(unknown, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
        Assert.Equal(ProblemAssert.WithoutTraceId(expected), ProblemAssert.WithoutTraceId(actual));
        Assert.Equal(
            badSignature.Headers.Select(h => h.Key).Order(StringComparer.Ordinal),
            unknown.Headers.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal(badSignature.Content.Headers.ContentType, unknown.Content.Headers.ContentType);
    }

    [Fact]
    public async Task Receive_ValidSignatureUnknownWorkflow_Answers404()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Body("a@example.com"), path: $"/v1/hooks/{tenant.TenantId}/nope");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found", $"Workflow 'nope' does not exist for tenant '{tenant.TenantId}'.");
    }

    [Fact]
    public async Task Receive_BadSignatureUnknownWorkflow_Answers401()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Body("a@example.com"), path: $"/v1/hooks/{tenant.TenantId}/nope", secret: "whsec_" + Convert.ToBase64String(new byte[32]));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Receive_TimestampSixMinutesOff_Answers401(int minutes)
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Body("a@example.com"), at: DateTimeOffset.UtcNow.AddMinutes(minutes));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", StaleTimestamp);
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_TimestampFourMinutesOld_Answers202()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Body("a@example.com"), at: DateTimeOffset.UtcNow.AddMinutes(-4));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Receive_StaleTimestampUnknownWorkflow_Answers404()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Body("a@example.com"), path: $"/v1/hooks/{tenant.TenantId}/nope", at: DateTimeOffset.UtcNow.AddMinutes(-6));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Receive_SuspendedTenant_Answers403WithClearDetail()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/suspend", null)).StatusCode);

        var response = await tenant.SendAsync(Body("a@example.com"));
        var stale = await tenant.SendAsync(Body("a@example.com"), at: DateTimeOffset.UtcNow.AddMinutes(-6));

        await ProblemAssert.IsAsync(
            response,
            HttpStatusCode.Forbidden,
            "tenant-suspended",
            $"Tenant '{tenant.TenantId}' is suspended; its API and webhooks are refused until an operator resumes it.");
        await ProblemAssert.IsAsync(stale, HttpStatusCode.Unauthorized, "unauthorized", StaleTimestamp);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("a@example.com"))).StatusCode);
    }

    [Fact]
    public async Task Receive_DailyPlanUsedUp_Answers429WithRetryAfterNamingTheLimit()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var limits = await tenant.Operator.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 1, concurrentOutboundCalls = 16, ingestPerMinute = 600 });
        Assert.Equal(HttpStatusCode.OK, limits.StatusCode);

        var first = await tenant.SendAsync(Body("first@example.com"));
        var second = await tenant.SendAsync(Body("second@example.com"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var usage = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/usage/today");
        var date = usage.GetProperty("businessDate").GetString();
        await ProblemAssert.IsAsync(
            second,
            HttpStatusCode.TooManyRequests,
            "rate-limited",
            $"The daily plan of 1 leads for business date {date} is used up; it resets at the tenant's local midnight.");
        var retryAfter = int.Parse(Assert.Single(second.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 24 * 60 * 60);
        Assert.Equal(1, usage.GetProperty("leadsAccepted").GetInt64());
    }

    [Fact]
    public async Task Receive_SuspendedTenantWithPlanUsedUp_Answers403()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        await tenant.Operator.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 1, concurrentOutboundCalls = 16, ingestPerMinute = 600 });
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("first@example.com"))).StatusCode);
        await tenant.Operator.PostAsync($"/v1/tenants/{tenant.TenantId}/suspend", null);

        var response = await tenant.SendAsync(Body("second@example.com"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "tenant-suspended");
    }

    [Fact]
    public async Task Receive_PlanUsedUpAndPayloadInvalid_Answers429()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        await tenant.Operator.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 1, concurrentOutboundCalls = 16, ingestPerMinute = 600 });
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.SendAsync(Body("first@example.com"))).StatusCode);

        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"name":"no email"}"""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Receive_IngestRateUsedUp_Answers429WithRetryAfterNamingTheLimit()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        await tenant.Operator.PutAsJsonAsync($"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 100, concurrentOutboundCalls = 16, ingestPerMinute = 1 });

        var first = await tenant.SendAsync(Body("first@example.com"));
        var second = await tenant.SendAsync(Body("second@example.com"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await ProblemAssert.IsAsync(
            second,
            HttpStatusCode.TooManyRequests,
            "rate-limited",
            "The ingest rate limit of 1 submissions per minute is reached.");
        Assert.InRange(int.Parse(Assert.Single(second.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_PayloadFailsSchema_Answers400WithFieldErrors()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"email":"ab","name":7}"""));

        var problem = await ProblemAssert.IsAsync(
            response,
            HttpStatusCode.BadRequest,
            "validation",
            "The payload fails the workflow's input schema; see 'errors' by JSON path. Nothing was stored.");
        var errors = problem.GetProperty("errors");
        Assert.Equal(["is too short."], errors.GetProperty("$.email").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["must be a string."], errors.GetProperty("$.name").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_PayloadMissingRequiredField_Answers400NamingIt()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);

        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"name":"Ann"}"""));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("'email' is required.", messages);
    }

    public static TheoryData<string, byte[], string> UnstorablePayloads() => new()
    {
        { "nested 33 deep", Encoding.UTF8.GetBytes("""{"email":"a@example.com","x":""" + new string('[', 32) + new string(']', 32) + "}"), "The maximum configured depth of 32 has been exceeded." },
        { "repeated name", Encoding.UTF8.GetBytes("""{"email":"a@example.com","email":"b@example.com"}"""), "Duplicate property 'email' encountered" },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("""{"email":"a"""), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("""@example.com"}""")], "A string at or under '$.email' is not valid Unicode" },
        { "unpaired surrogate", Encoding.UTF8.GetBytes("""{"email":"a\ud800@example.com"}"""), "A string at or under '$.email' is not valid Unicode" },
        { "unpaired surrogate in a name", Encoding.UTF8.GetBytes("""{"email":"a@example.com","\udc00":1}"""), "A property name is not valid Unicode" },
        { "NUL", Encoding.UTF8.GetBytes("""{"email":"a@example.com","name":"x\u0000y"}"""), "A string at or under '$.name' holds a NUL character (\\u0000), which can't be stored; remove it." },
        { "truncated", Encoding.UTF8.GetBytes("""{"email":"a@example.com","""), "Expected" },
    };

    [Theory]
    [MemberData(nameof(UnstorablePayloads))]
    public async Task Receive_PayloadTheStoreCannotKeep_Answers400MalformedJsonAndStoresNothing(string what, byte[] body, string detail)
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var id = "msg_" + Guid.NewGuid().ToString("N");

        var response = await tenant.SendAsync(body, id);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.True(problem.GetProperty("detail").GetString()!.Contains(detail, StringComparison.Ordinal), $"{what}: {problem.GetProperty("detail").GetString()}");
        Assert.Equal(0, await tenant.LeadsAcceptedTodayAsync());
        var leadId = OrleansFlows.Contracts.Leads.LeadIds.FromIdempotencyKey(WebhookTenant.Workflow, id);
        await ProblemAssert.IsAsync(await tenant.Client.GetAsync($"/v1/leads/{leadId}"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Receive_PayloadNested32DeepWithEscapedPair_Answers202AndCompletes()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var body = Encoding.UTF8.GetBytes("""{"email":"a@example.com","name":"\ud83d\ude00 \u202e","x":""" + new string('[', 31) + new string(']', 31) + "}");

        var response = await tenant.SendAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        var lead = await tenant.Client.WaitForStatusAsync(leadId, "completed");
        Assert.Equal("\U0001F600 \u202E", lead.GetProperty("input").GetProperty("name").GetString());
        var record = Assert.Single((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/records")).GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, record.GetProperty("data").GetProperty("x").ValueKind);
    }

    [Fact]
    public async Task Receive_Valid_Answers202ThenSameIdAnswers200WithTheSameLead()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var body = Body("dana@example.com");
        var id = "msg_" + Guid.NewGuid().ToString("N");

        var first = await tenant.SendAsync(body, id);
        var again = await tenant.SendAsync(body, id);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var accepted = await first.Content.ReadFromJsonAsync<JsonElement>();
        var leadId = accepted.GetProperty("leadId").GetString()!;
        Assert.Equal($"/v1/leads/{leadId}", first.Headers.Location?.OriginalString);
        Assert.False(accepted.GetProperty("replayed").GetBoolean());
        Assert.Equal(WebhookTenant.Workflow, accepted.GetProperty("workflow").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(leadId, replayed.GetProperty("leadId").GetString());
        Assert.True(replayed.GetProperty("replayed").GetBoolean());

        var lead = await tenant.Client.WaitForStatusAsync(leadId, "completed");
        Assert.All(lead.GetProperty("steps").EnumerateArray(), step => Assert.Equal(1, step.GetProperty("attempts").GetInt32()));
        Assert.Equal("dana@example.com", lead.GetProperty("input").GetProperty("email").GetString());
        var records = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/records");
        Assert.Equal(leadId, Assert.Single(records.GetProperty("items").EnumerateArray()).GetProperty("leadId").GetString());
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());

        var afterRun = await tenant.SendAsync(body, id);
        Assert.Equal(HttpStatusCode.OK, afterRun.StatusCode);
        Assert.Equal("completed", (await afterRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_SameIdDifferentBody_Answers409()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var first = await tenant.SendAsync(Body("erin@example.com"), id);
        var leadId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString();

        var response = await tenant.SendAsync(Body("someone-else@example.com"), id);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await ProblemAssert.IsAsync(
            response,
            HttpStatusCode.Conflict,
            "conflict",
            $"Idempotency key '{id}' was used for lead {leadId} with a different body; send the original body to read that lead, or use a new key for a new lead.");
        var lead = await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}");
        Assert.Equal("erin@example.com", lead.GetProperty("input").GetProperty("email").GetString());
        Assert.Equal(1, await tenant.LeadsAcceptedTodayAsync());
    }

    [Fact]
    public async Task Receive_AfterRotation_BothActiveSecretsVerify()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var first = tenant.Secret;
        var second = await tenant.RotateSecretAsync();

        var withFirst = await tenant.SendAsync(Body("old@example.com"), secret: first);
        var withSecond = await tenant.SendAsync(Body("new@example.com"), secret: second);

        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Accepted, withFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withSecond.StatusCode);
    }

    [Fact]
    public async Task Receive_AfterSecondRotation_OldestSecretAnswers401()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var first = tenant.Secret;
        var second = await tenant.RotateSecretAsync();
        var third = await tenant.RotateSecretAsync();

        var withFirst = await tenant.SendAsync(Body("a@example.com"), secret: first);
        var withSecond = await tenant.SendAsync(Body("b@example.com"), secret: second);
        var withThird = await tenant.SendAsync(Body("c@example.com"), secret: third);

        await ProblemAssert.IsAsync(withFirst, HttpStatusCode.Unauthorized, "unauthorized", BadSignature);
        Assert.Equal(HttpStatusCode.Accepted, withSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withThird.StatusCode);
    }

    [Fact]
    public async Task Receive_SeveralSignaturesOneValid_Answers202()
    {
        using var tenant = await WebhookTenant.CreateAsync(_host);
        var body = Body("f@example.com");
        using var request = SignedWebhook.Create(tenant.HookPath, tenant.Secret, body);
        var good = request.Headers.GetValues(StandardWebhookSignature.SignatureHeader).Single();
        request.Headers.Remove(StandardWebhookSignature.SignatureHeader);
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, $"v1,{Convert.ToBase64String(new byte[32])} {good}");

        var response = await tenant.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static byte[] Body(string email) => JsonSerializer.SerializeToUtf8Bytes(new { email, name = "Test" });

    /// <summary>A valid JSON object of exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(int size)
    {
        var head = Encoding.UTF8.GetBytes("{\"email\":\"pad@example.com\",\"name\":\"");
        var tail = Encoding.UTF8.GetBytes("\"}");
        var body = new byte[size];
        head.CopyTo(body, 0);
        body.AsSpan(head.Length, size - head.Length - tail.Length).Fill((byte)'x');
        tail.CopyTo(body, size - tail.Length);
        return body;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
