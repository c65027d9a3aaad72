using System.Net;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

public sealed class HealthApiTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health/db")]
    public async Task Get_RunningHost_ReturnsHealthy(string path)
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _data.Dispose();
}
