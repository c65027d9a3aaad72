using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>
/// Repeated authentication failures are throttled per client address and per key id, with 429, Retry-After and a
/// problem document; other clients are unaffected, and the lockout ends after its time. Each test uses its own
/// loopback addresses, so the lockouts of one test don't touch another.
/// </summary>
public sealed class AuthenticationThrottleTests(ThrottledApiHost host) : IClassFixture<ThrottledApiHost>
{
    private const string Throttled = "authentication-throttled";

    [Fact]
    public async Task GuessTenantKeys_FromOneAddress_LockedOutWith429AndRetryAfter()
    {
        var tenant = await host.CreateTenantAsync("guess");

        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From("127.0.0.2", InventedTenantKey());
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var next = host.From("127.0.0.2", InventedTenantKey());
        await AssertThrottledAsync(await next.GetAsync("/v1/workflows"));

        // A correct key from the locked-out address waits too: checking it would let the lockout be used to guess.
        using var sameAddress = host.From("127.0.0.2", tenant.ApiKey);
        await AssertThrottledAsync(await sameAddress.GetAsync("/v1/workflows"));

        using var otherClient = host.From("127.0.0.3", tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/v1/workflows")).StatusCode);
    }

    [Fact]
    public async Task GuessOperatorKey_FromOneAddress_LockedOutWhileTheOperatorElsewhereWorks()
    {
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From("127.0.0.4", "ofop_" + Guid.NewGuid().ToString("N"));
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/tenants"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var next = host.From("127.0.0.4", "ofop_" + Guid.NewGuid().ToString("N"));
        await AssertThrottledAsync(await next.GetAsync("/v1/tenants"));

        using var theOperator = host.From("127.0.0.5", ApiHost.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await theOperator.GetAsync("/v1/tenants")).StatusCode);
    }

    [Fact]
    public async Task GuessWebhookSignatures_FromOneAddress_LockedOutWhileTheSenderElsewhereIsAccepted()
    {
        var (tenant, secret) = await WebhookTenantAsync("hookguess");
        var path = $"/v1/hooks/{tenant.TenantId}/{WebhookTenant.Workflow}";
        var body = Encoding.UTF8.GetBytes("""{"email":"ada@example.com"}""");
        var invented = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        using var guesser = host.From("127.0.0.6");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            await ProblemAssert.IsAsync(await guesser.SendAsync(SignedWebhook.Create(path, invented, body)), HttpStatusCode.Unauthorized, "unauthorized");
        }

        await AssertThrottledAsync(await guesser.SendAsync(SignedWebhook.Create(path, invented, body)));
        await AssertThrottledAsync(await guesser.SendAsync(SignedWebhook.Create(path, secret, body)));

        using var sender = host.From("127.0.0.7");
        var accepted = await sender.SendAsync(SignedWebhook.Create(path, secret, body));
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"The sender got {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task GuessOneKeyId_FromManyAddresses_RefusesAddressesThatFailedButNotTheKeysOwner()
    {
        var tenant = await host.CreateTenantAsync("keyid");
        var wrongSecret = WithOtherSecret(tenant.ApiKey);

        // Fewer failures per address than its limit, but the key id reaches its own.
        for (var i = 0; i < ThrottledApiHost.FailuresPerKeyId; i++)
        {
            using var guesser = host.From($"127.0.1.{10 + i}", wrongSecret);
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var again = host.From("127.0.1.10", wrongSecret);
        await AssertThrottledAsync(await again.GetAsync("/v1/workflows"));

        // A new address gets its guess checked once, then it is one that failed.
        using var newcomer = host.From("127.0.1.40", wrongSecret);
        await ProblemAssert.IsAsync(await newcomer.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertThrottledAsync(await newcomer.GetAsync("/v1/workflows"));

        using var owner = host.From("127.0.1.41", tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/workflows")).StatusCode);
    }

    [Fact]
    public async Task LockedOutAddress_AfterTheLockout_HasCredentialsCheckedAgainWithAFreshAllowance()
    {
        var tenant = await host.CreateTenantAsync("recover");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From("127.0.0.8", InventedTenantKey());
            await guesser.GetAsync("/v1/workflows");
        }

        using var locked = host.From("127.0.0.8", tenant.ApiKey);
        var refused = await locked.GetAsync("/v1/workflows");
        await AssertThrottledAsync(refused);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;

        host.Clock.Advance(retryAfter - TimeSpan.FromSeconds(1));
        await AssertThrottledAsync(await locked.GetAsync("/v1/workflows"));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await locked.GetAsync("/v1/workflows")).StatusCode);
        using var wrong = host.From("127.0.0.8", InventedTenantKey());
        await ProblemAssert.IsAsync(await wrong.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task GuessTenantKeys_WithVaryingForwardedForAndNoTrustedProxy_CountsTheConnectionAddress()
    {
        var tenant = await host.CreateTenantAsync("spoof");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From("127.0.0.11", InventedTenantKey(), forwardedFor: $"203.0.113.{i}");
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var fresh = host.From("127.0.0.11", tenant.ApiKey, forwardedFor: "203.0.113.250");
        await AssertThrottledAsync(await fresh.GetAsync("/v1/workflows"));
    }

    [Fact]
    public async Task LockedOutWebhookSender_SendingABodyOverTheLimit_IsRefusedWith429BeforeTheBodyIsRead()
    {
        var (tenant, _) = await WebhookTenantAsync("hookbody");
        var path = $"/v1/hooks/{tenant.TenantId}/{WebhookTenant.Workflow}";
        var invented = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var body = Encoding.UTF8.GetBytes("""{"email":"ada@example.com"}""");
        using var guesser = host.From("127.0.0.12");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            await ProblemAssert.IsAsync(await guesser.SendAsync(SignedWebhook.Create(path, invented, body)), HttpStatusCode.Unauthorized, "unauthorized");
        }

        // Over the 256 KiB body limit: read first, it would answer 413.
        var oversized = Encoding.UTF8.GetBytes($$"""{"email":"{{new string('a', 300 * 1024)}}"}""");
        await AssertThrottledAsync(await guesser.SendAsync(SignedWebhook.Create(path, invented, oversized)));
    }

    [Fact]
    public async Task MissingCredential_IsNotCountedAsAGuess()
    {
        var tenant = await host.CreateTenantAsync("nokey");
        using var anonymous = host.From("127.0.0.9");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress * 3; i++)
        {
            await ProblemAssert.IsAsync(await anonymous.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var withKey = host.From("127.0.0.9", tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/v1/workflows")).StatusCode);
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.TooManyRequests, Throttled);
        Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } delta && delta > TimeSpan.Zero && delta <= ThrottledApiHost.Lockout, $"Retry-After is '{response.Headers.RetryAfter}'.");
    }

    private async Task<(TenantAccess Tenant, string Secret)> WebhookTenantAsync(string prefix)
    {
        var tenant = await host.CreateTenantAsync(prefix);
        using var client = host.From("127.0.0.1", tenant.ApiKey);
        var published = await client.PutAsJsonAsync($"/v1/workflows/{WebhookTenant.Workflow}", TestWorkflows.TransformAndStore());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var issued = await client.PostAsync("/v1/webhook-secrets", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (tenant, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);
    }

    private static string InventedTenantKey() =>
        $"ofk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    private static string WithOtherSecret(string apiKey) => apiKey[..17] + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
