namespace OrleansFlows.Contracts.Exports;

/// <summary>
/// One export of a tenant's data (<c>export/{tenantId}/{exportId}</c>, see <see cref="ExportKey"/>). Its state is kept
/// durably (<c>exports</c>); the zip is written in the background to the silo's data folder and read back in chunks.
/// </summary>
[Alias("export")]
public interface IExportGrain : IGrainWithStringKey
{
    /// <summary>Records the export as queued, with who asked, and starts writing it in the background.</summary>
    /// <exception cref="ExportConflictException">The tenant has an export queued or running (one at a time), or this id was already started.</exception>
    Task<ExportView> StartAsync(string? requestedByKeyId);

    /// <summary>
    /// The export's state, or null when the tenant has no such export. An export left queued or running by a silo that
    /// stopped, or done but whose zip is not on the silo that holds it, is written again from here. A done export past the
    /// export retention is expired here: its zip is deleted and its status is <c>expired</c>.
    /// </summary>
    Task<ExportView?> GetAsync();

    /// <summary>The finished zip in chunks; empty when the export is not done, or past its retention.</summary>
    IAsyncEnumerable<byte[]> ReadZipAsync();
}
