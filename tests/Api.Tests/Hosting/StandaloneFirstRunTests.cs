using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;

namespace OrleansFlows.Api.Tests.Hosting;

public sealed partial class StandaloneFirstRunTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public void PrepareOperatorKey_FirstRun_PrintsKeyOnceAndKeepsOnlyItsHash()
    {
        var options = new ApiOptions { DataDirectory = _data.Path };
        var firstConsole = new StringWriter();

        var first = StandaloneFirstRun.PrepareOperatorKey(options, firstConsole);
        var printed = KeyPattern().Match(firstConsole.ToString()).Value;
        var secondConsole = new StringWriter();
        var second = StandaloneFirstRun.PrepareOperatorKey(options, secondConsole);

        Assert.StartsWith(OperatorKey.Prefix, printed);
        Assert.True(first.Matches(printed));
        Assert.True(second.Matches(printed));
        Assert.Equal("", secondConsole.ToString());
        var stored = File.ReadAllText(Path.Combine(_data.Path, "operator-key.sha256"));
        Assert.DoesNotContain(printed, stored);
    }

    [Fact]
    public void PrepareOperatorKey_ConfiguredKey_OverridesAndWritesNothing()
    {
        var options = new ApiOptions { DataDirectory = _data.Path, OperatorKey = "configured-key" };

        var key = StandaloneFirstRun.PrepareOperatorKey(options, new StringWriter());

        Assert.True(key.Matches("configured-key"));
        Assert.False(key.Matches("configured-kez"));
        Assert.Empty(Directory.GetFiles(_data.Path));
    }

    [Fact]
    public async Task Host_WithoutConfiguredKey_AcceptsTheGeneratedKey()
    {
        var console = new StringWriter();
        var secret = KeyPattern().Match(CaptureFirstRun(console)).Value;
        await using var host = ApiHost.Sqlite(_data.Path, withOperatorKey: false);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var response = await client.GetAsync("/v1/tenants/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _data.Dispose();

    private string CaptureFirstRun(StringWriter console)
    {
        StandaloneFirstRun.PrepareOperatorKey(new ApiOptions { DataDirectory = _data.Path }, console);
        return console.ToString();
    }

    [GeneratedRegex("ofop_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}
