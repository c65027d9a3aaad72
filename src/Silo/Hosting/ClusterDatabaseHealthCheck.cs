using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OrleansFlows.Silo.Hosting;

/// <summary>Healthy when the cluster's PostgreSQL database (where a client finds the gateways) answers.</summary>
internal sealed class ClusterDatabaseHealthCheck(string connectionString) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{database} answers.");
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{database} does not answer: {exception.Message}");
        }
    }
}
