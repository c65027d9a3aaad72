using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Exports;

/// <summary>Where export zips live: <c>exports/{tenantId}/{exportId}.zip</c> under the silo's data folder, owner-only.</summary>
internal sealed class ExportFiles(string dataDirectory)
{
    /// <summary>The folder of exports in the data folder.</summary>
    public const string FolderName = "exports";

    /// <summary>The folder of every tenant's export folder; it may not exist yet.</summary>
    public string Root => Path.Combine(dataDirectory, FolderName);

    /// <summary>The finished zip of an export.</summary>
    public string ZipPath(TenantId tenant, string exportId) => Path.Combine(TenantFolder(tenant), exportId + ".zip");

    /// <summary>The tenant's export folder, created owner-only if missing.</summary>
    public string TenantFolder(TenantId tenant)
    {
        var root = Path.Combine(dataDirectory, FolderName);
        PrivateFiles.CreateFolder(dataDirectory);
        PrivateFiles.CreateFolder(root);
        var folder = Path.Combine(root, tenant.Value);
        PrivateFiles.CreateFolder(folder);
        return folder;
    }
}
