namespace OrleansFlows.Contracts.Exports;

/// <summary>The states of an export.</summary>
public static class ExportStatus
{
    public const string Queued = "queued";

    public const string Running = "running";

    public const string Done = "done";

    public const string Failed = "failed";

    /// <summary>Done once, and its zip deleted after the export retention (<c>OrleansFlows:Exports:Retention</c>); its download answers 410.</summary>
    public const string Expired = "expired";
}
