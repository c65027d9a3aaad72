using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansFlows.Silo.Hosting;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo;

/// <summary>
/// A silo without the REST API. The API host (src/Api) co-hosts one by default. With
/// <c>OrleansFlows:Silo:HealthPort</c> set it serves its health routes on that port (and nothing else over HTTP);
/// with <c>--migrate-only</c> it creates or upgrades the schema and exits.
/// </summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var migrateOnly = args.Contains(SiloHealthEndpoints.MigrateOnlyArgument, StringComparer.Ordinal);
            args = [.. args.Where(a => a != SiloHealthEndpoints.MigrateOnlyArgument)];
            var healthPort = HealthPort(new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build());
            if (healthPort is null || migrateOnly)
            {
                var builder = Host.CreateApplicationBuilder(args);
                builder.UseOrleans(silo => silo.AddOrleansFlowsSilo(builder.Configuration));
                builder.AddOrleansFlowsTelemetry();
                using var host = builder.Build();
                if (migrateOnly)
                {
                    return await MigrateAsync(host);
                }

                await host.RunAsync();
                return 0;
            }

            var web = WebApplication.CreateSlimBuilder(args);
            web.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(healthPort.Value));
            web.UseOrleans(silo => silo.AddOrleansFlowsSilo(web.Configuration));
            web.AddOrleansFlowsTelemetry();
            await using var app = web.Build();
            app.MapOrleansFlowsHealth();
            await app.RunAsync();
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

    // Runs the same schema bootstrap as a starting silo (one transaction under its advisory lock, waiting for a store
    // that may come up), without starting Orleans.
    private static async Task<int> MigrateAsync(IHost host)
    {
        var store = host.Services.GetRequiredService<IStoreBootstrap>();
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        await host.Services.GetRequiredService<StoreStartup>().InitializeStoreAsync(stopping.Token);
        Console.WriteLine($"OrleansFlows schema is up to date on {store.Describe()}.");
        return 0;
    }

    private static int? HealthPort(IConfiguration configuration)
    {
        var value = configuration[SiloHealthEndpoints.PortSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"{SiloHealthEndpoints.PortSetting} must be a TCP port (1-65535); it is '{value}' (environment variable OrleansFlows__Silo__HealthPort).");
    }
}
