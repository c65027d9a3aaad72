using System.Net;
using OrleansFlows.Console.Tests.Support;

namespace OrleansFlows.Console.Tests;

/// <summary>With <c>OrleansFlows:Console:Enabled</c> false, the console is not served and the API works as before.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleDisabledTests(ConsoleDisabledTests.DisabledHost host) : IClassFixture<ConsoleDisabledTests.DisabledHost>
{
    [Theory]
    [InlineData("/console")]
    [InlineData("/console/js/app.js")]
    public async Task ConsoleTurnedOff_ConsolePath_Answers404(string path)
    {
        using var client = host.Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task ConsoleTurnedOff_Api_StillAnswers()
    {
        var tenant = await host.CreateTenantAsync("off");
        using var client = host.Client(tenant.ApiKey);

        var response = await client.GetAsync("/v1/leads");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public sealed class DisabledHost : ConsoleApiHost
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["OrleansFlows:Console:Enabled"] = "false" };
    }
}
