using Microsoft.Extensions.Logging;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Narrows the data folder and the product's files in it (and the SQLite database, wherever it is) to owner-only
/// first thing at start, so modes left open by older builds are fixed; what can't be changed is logged, not fatal.
/// </summary>
internal sealed class DataFolderSecurity(string dataDirectory, string? sqlitePath, ILogger<DataFolderSecurity> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DataFolderSecurity), ServiceLifecycleStage.First, _ =>
        {
            PrivateFiles.SecureDataFolder(dataDirectory, sqlitePath, logger);
            return Task.CompletedTask;
        });
}
