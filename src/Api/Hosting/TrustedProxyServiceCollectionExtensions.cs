using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.Hosting;

/// <summary>Believes forwarded headers from the configured trusted proxies only (<see cref="TrustedProxyOptions"/>).</summary>
internal static class TrustedProxyServiceCollectionExtensions
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // The defaults trust loopback; only the listed proxies are trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();

            // Every hop is read from the right while it comes from a listed proxy, so a chain of them (a CDN, then an
            // ingress) yields the client, and a value the client wrote itself is never reached.
            forwarded.ForwardLimit = null;
            foreach (var entry in trusted.Value.TrustedProxies)
            {
                if (TrustedProxyOptionsValidator.TryParse(entry, out var address, out var network))
                {
                    if (address is not null)
                    {
                        forwarded.KnownProxies.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
                    }
                    else
                    {
                        forwarded.KnownIPNetworks.Add(network);
                    }
                }
            }
        });
        return services;
    }

    /// <summary>Reads forwarded headers when a trusted proxy is configured; with none it adds nothing.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        // Without any known proxy or network the middleware would believe every sender, so it is left out entirely.
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
