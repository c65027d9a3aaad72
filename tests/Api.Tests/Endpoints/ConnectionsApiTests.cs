using System.Net;
using System.Net.Http.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Connections are checked where they are stored, by the tenant grain with the silo's outbound rules.</summary>
public sealed class ConnectionsApiTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Put_HostNameThatResolvesToThisMachineOrNowhere_IsRefusedNamingTheFieldAndStoresNothing()
    {
        // The test host runs as Development, whose settings allow private networks; production's default is tested here.
        using var host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "false" });
        var access = await host.CreateTenantAsync("dns-check");
        using var client = host.CreateTenantClient(access.ApiKey);

        // The machine's own name resolves to one of its addresses (loopback or a private network), or not at all; all are refused.
        var name = System.Net.Dns.GetHostName();
        var response = await client.PutAsJsonAsync("/v1/connections/crm", new { kind = "http", baseUrl = $"https://{name}/api" });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("baseUrl").EnumerateArray()).GetString();
        Assert.Contains(name, message, StringComparison.OrdinalIgnoreCase);
        // No DNS oracle: the refusal never names what the name resolved to. It names the setting that allows it.
        foreach (var address in await ResolveOrNothingAsync(name))
        {
            Assert.DoesNotContain(address.ToString(), message, StringComparison.Ordinal);
        }

        if (message!.Contains("non-public", StringComparison.Ordinal))
        {
            Assert.Contains("OrleansFlows__Outbound__AllowPrivateNetworks", message, StringComparison.Ordinal);
        }

        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/connections");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    public void Dispose() => _data.Dispose();

    private static async Task<System.Net.IPAddress[]> ResolveOrNothingAsync(string name)
    {
        try
        {
            return await System.Net.Dns.GetHostAddressesAsync(name);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return [];
        }
    }
}
