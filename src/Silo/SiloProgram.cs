using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo;

/// <summary>A silo without the REST API. The API host (src/Api) co-hosts one by default.</summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(args);
            builder.UseOrleans(silo => silo.AddOrleansFlowsSilo(builder.Configuration));
            builder.AddOrleansFlowsTelemetry();
            using var host = builder.Build();
            await host.RunAsync();
            return 0;
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM) before it finished starting: nothing was serving yet, so this is a clean stop.
            return 0;
        }
        catch (Exception exception) when (exception is StorageException or OptionsValidationException or InvalidOperationException)
        {
            // The silo never starts half-broken: a store it can't reach or read, or settings that don't describe a
            // working silo, stop it with a clear message.
            Console.Error.WriteLine($"OrleansFlows silo could not start: {exception.Message}");
            return 1;
        }
    }
}
