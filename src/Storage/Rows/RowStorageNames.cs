namespace OrleansFlows.Storage.Rows;

/// <summary>The names the product's grain storages are registered under.</summary>
public static class RowStorageNames
{
    /// <summary>The row storage: grain state in <c>grain_state</c>, with the rows the state carries, in one transaction.</summary>
    public const string Rows = "rows";
}
