using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using OrleansFlows.Grains;
using OrleansFlows.Silo.Hosting;
using OrleansFlows.Storage;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Silo;

/// <summary>Configures an Orleans silo as an OrleansFlows silo: the store, the grains' services, clustering and reminders.</summary>
public static class SiloHostExtensions
{
    /// <summary>The ADO.NET invariant of PostgreSQL (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Configures the silo from <paramref name="configuration"/>: sections <see cref="StorageOptions.Section"/>,
    /// <see cref="ClusterSettings.Section"/> and <see cref="SiloTimings.Section"/>.
    /// <list type="bullet">
    /// <item>SQLite (standalone): localhost clustering; grain state, rows and reminders in the SQLite file.</item>
    /// <item>PostgreSQL: ADO.NET clustering (when the cluster is enabled, else localhost), ADO.NET reminders, ADO.NET
    /// grain storage for grains without rows, and the row storage for those with rows.</item>
    /// </list>
    /// </summary>
    /// <param name="silo">The silo to configure.</param>
    /// <param name="configuration">The settings.</param>
    /// <param name="dashboardByDefault">
    /// Whether the Orleans Dashboard's silo side runs when <see cref="DashboardSettings.EnabledKey"/> is not set: true for
    /// the silo an API co-hosts (standalone), false for the silos of a cluster behind client-mode APIs.
    /// </param>
    /// <exception cref="InvalidOperationException">The settings don't describe a working silo; the message names the setting.</exception>
    public static ISiloBuilder AddOrleansFlowsSilo(this ISiloBuilder silo, IConfiguration configuration, bool dashboardByDefault = false)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var timings = configuration.GetSection(SiloTimings.Section).Get<SiloTimings>() ?? new SiloTimings();
        cluster.Validate();
        timings.Validate();
        var services = silo.Services;

        // Every file the silo keeps goes to one data folder, owner-only; modes left open by older builds are fixed at start.
        var dataDirectory = configuration[GrainsServiceCollectionExtensions.DataDirectoryKey] ?? "data";
        string? securedSqlitePath = null;
        switch (storage.Provider)
        {
            case StorageProvider.Sqlite when cluster.Enabled:
                throw new InvalidOperationException($"{ClusterSettings.Section}:{nameof(ClusterSettings.Enabled)} needs {StorageOptions.Section}:{nameof(StorageOptions.Provider)} Postgres: the silos of a cluster share one PostgreSQL database.");
            case StorageProvider.Sqlite:
                var sqlitePath = storage.ResolveSqlitePath(dataDirectory, Directory.GetCurrentDirectory());
                securedSqlitePath = sqlitePath;
                services.AddOrleansFlowsSqliteStore(o => o.DatabasePath = sqlitePath);
                services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => ActivatorUtilities.CreateInstance<RowGrainStorage>(sp));
                silo.AddReminders();
                break;
            case StorageProvider.Postgres:
                var connectionString = RequirePostgres(storage);
                services.AddOrleansFlowsPostgresStore(o =>
                {
                    o.ConnectionString = connectionString;
                    o.SchemaConnectionString = storage.PostgresSchemaConnectionString;
                });
                silo.AddAdoNetGrainStorageAsDefault(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = connectionString;
                    o.GrainStorageSerializer = new JsonGrainStateSerializer();
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = connectionString;
                });
                break;
            default:
                throw new InvalidOperationException($"{StorageOptions.Section}:{nameof(StorageOptions.Provider)} '{storage.Provider}' is not supported; use Sqlite or Postgres.");
        }

        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new DataFolderSecurity(dataDirectory, securedSqlitePath, sp.GetRequiredService<ILogger<DataFolderSecurity>>()));
        services.AddGrainStorage(RowStorageNames.Rows, (sp, _) => ActivatorUtilities.CreateInstance<RowGrainStorage>(sp));
        services.AddOrleansFlowsGrains(configuration);
        services.Configure<StoreStartupOptions>(configuration.GetSection(StorageOptions.Section + ":StoreStartup"));
        services.AddSingleton<StoreStartup>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<StoreStartup>());
        services.AddHealthChecks()
            .AddCheck<SiloReadinessCheck>("silo", tags: [HealthTags.Ready])
            .AddCheck<StoreHealthCheck>("store", tags: [HealthTags.Database]);
        services.Configure<ExceptionSerializationOptions>(AllowExceptionTypes);
        services.Configure<GrainCollectionOptions>(o => o.CollectionAge = timings.CollectionAge);
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = timings.ResponseTimeout);
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = timings.MinimumReminderPeriod);
        // Grain calls carry the caller's trace context; spans are only made while a tracer provider listens.
        silo.AddActivityPropagation();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (cluster.Enabled)
        {
            JoinCluster(silo, cluster, RequirePostgres(storage));
        }
        else
        {
            var endpoint = string.IsNullOrWhiteSpace(cluster.SiloAddress) ? new IPEndPoint(IPAddress.Loopback, EndpointOptions.DEFAULT_SILO_PORT) : cluster.ParseSiloAddress();
            silo.UseLocalhostClustering(endpoint.Port, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        if (DashboardSettings.IsEnabled(configuration, dashboardByDefault))
        {
            silo.AddDashboard();
        }

        return silo;
    }

    private static void JoinCluster(ISiloBuilder silo, ClusterSettings cluster, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        if (cluster.KubernetesHosting)
        {
            // The pod gives the silo its name and address (POD_NAME, POD_IP), and a silo whose pod is gone is declared
            // dead at once rather than after its missed probes.
            cluster.RequireKubernetes(Environment.GetEnvironmentVariable(ClusterSettings.KubernetesServiceHostVariable));
            silo.UseKubernetesHosting();
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = string.IsNullOrWhiteSpace(cluster.SiloAddress) ? EndpointOptions.DEFAULT_SILO_PORT : cluster.ParseSiloAddress().Port;
                o.GatewayPort = cluster.GatewayPort;
            });
        }
        else
        {
            var endpoint = cluster.ParseSiloAddress();
            silo.ConfigureEndpoints(endpoint.Address, endpoint.Port, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(endpoint.Address));
        }

        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            o.TableRefreshTimeout = cluster.TableRefreshTimeout;
        });
        if (LoadCertificate(cluster) is { } certificate)
        {
            silo.UseTls(certificate, tls => ClusterTls.Configure(tls, certificate));
        }
        else
        {
            silo.Services.AddHostedService(sp => new PlainTrafficWarning(sp.GetRequiredService<ILogger<PlainTrafficWarning>>()));
        }
    }

    /// <summary>
    /// The exception types that cross silos and reach clients with their type: the product's own, and Npgsql's, which a
    /// store error carries as its inner exception. Without the latter a <see cref="StorageUnavailableException"/> raised
    /// on one silo could not be sent at all, and its caller got a codec error in its place.
    /// </summary>
    public static void AllowExceptionTypes(ExceptionSerializationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SupportedNamespacePrefixes.Add("OrleansFlows");
        options.SupportedNamespacePrefixes.Add("Npgsql");
    }

    /// <summary>Loads the cluster's TLS certificate, if one is configured.</summary>
    /// <exception cref="InvalidOperationException">The file can't be loaded; the message names the setting.</exception>
    public static X509Certificate2? LoadCertificate(ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (string.IsNullOrWhiteSpace(cluster.TlsCertificatePath))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(cluster.TlsCertificatePath, cluster.TlsCertificatePassword);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{ClusterSettings.Section}:{nameof(ClusterSettings.TlsCertificatePath)} '{cluster.TlsCertificatePath}' can't be loaded as a PFX certificate: {exception.Message}", exception);
        }
    }

    /// <summary>The PostgreSQL connection string, which the Postgres provider and a cluster need.</summary>
    /// <exception cref="InvalidOperationException">It is not set.</exception>
    public static string RequirePostgres(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.Provider != StorageProvider.Postgres || string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
        {
            throw new InvalidOperationException(
                $"{StorageOptions.Section}:{nameof(StorageOptions.PostgresConnectionString)} is required with provider Postgres and in a cluster " +
                "(environment variable OrleansFlows__Storage__PostgresConnectionString).");
        }

        return storage.PostgresConnectionString;
    }
}
