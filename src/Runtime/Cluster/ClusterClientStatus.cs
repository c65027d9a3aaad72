using OrleansFlows.Runtime.Persistence.Postgres;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>Whether a cluster client can serve, for readiness probes: it sees an active silo and reaches the database.</summary>
public sealed class ClusterClientStatus
{
    private readonly ClusterClientView _view;
    private readonly PostgresDatabase _database;

    internal ClusterClientStatus(ClusterClientView view, PostgresDatabase database)
    {
        _view = view;
        _database = database;
    }

    public string ClusterId => _view.ClusterId;

    /// <summary>How many silos the client's latest view shows active.</summary>
    public int ActiveSilos => _view.Current.ActiveMembers.Count;

    /// <summary>Whether the cluster's database answers.</summary>
    public Task<bool> PingStoreAsync(CancellationToken cancellationToken) => _database.PingAsync(cancellationToken);
}
