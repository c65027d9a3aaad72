using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using OrleansFlows.TestKit;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The product as the README runs it: the API host (<c>src/Api</c>, Release build) in standalone mode, co-hosting its
/// silo, in its own process on 127.0.0.1, configured by environment variables only: its store, a fresh data folder, an
/// operator key, encryption keys, and calls to this machine allowed (the stand-ins listen on 127.0.0.1). The silo and
/// gateway ports are free ports, so the run does not collide with another host on the machine.
/// </summary>
internal sealed class ProductProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly string _dataDirectory;

    private ProductProcess(ChildProcess process, Uri baseAddress, string operatorKey, string dataDirectory)
    {
        Process = process;
        BaseAddress = baseAddress;
        OperatorKey = operatorKey;
        _dataDirectory = dataDirectory;
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public string OperatorKey { get; }

    /// <param name="repositoryRoot">The checkout whose <c>src/Api</c> Release build runs.</param>
    /// <param name="storeSettings">The <c>OrleansFlows__Storage__…</c> variables of the store.</param>
    /// <param name="extraSettings">More variables, such as settings for an experiment (<c>--product-env</c>).</param>
    public static async Task<ProductProcess> StartAsync(string repositoryRoot, IReadOnlyDictionary<string, string> storeSettings, IReadOnlyDictionary<string, string> extraSettings)
    {
        var dll = Path.Combine(repositoryRoot, "src", "Api", "bin", "Release", "net10.0", "OrleansFlows.Api.dll");
        var port = LoopbackPorts.Free();
        var operatorKey = "ofop_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var dataDirectory = Directory.CreateTempSubdirectory("orleansflows-bench-api-leads-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", // appsettings.json sets Urls, which ASPNETCORE_URLS does not override
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["OrleansFlows__OperatorKey"] = operatorKey,
            ["OrleansFlows__EncryptionKeys"] = "k1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["OrleansFlows__DataDirectory"] = dataDirectory,
            ["OrleansFlows__Outbound__AllowPrivateNetworks"] = "true",
            ["OrleansFlows__Cluster__SiloAddress"] = $"127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}",
            ["OrleansFlows__Cluster__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in storeSettings.Concat(extraSettings))
        {
            environment[name] = value;
        }

        var process = ChildProcess.StartDotnet(dll, [], environment);
        var product = new ProductProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), operatorKey, dataDirectory);
        try
        {
            await product.WaitReadyAsync();
        }
        catch
        {
            await product.DisposeAsync();
            throw;
        }

        return product;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held; the temporary folder is left behind.
        }
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {Process.ExitCode}:{Environment.NewLine}{Process.Tail}");
            }

            try
            {
                using var response = await client.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API was not ready within {ReadyTimeout}:{Environment.NewLine}{Process.Tail}");
    }
}
