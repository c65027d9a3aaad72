namespace OrleansFlows.Contracts.Exports;

/// <summary>The states of an export.</summary>
public static class ExportStatus
{
    public const string Queued = "queued";

    public const string Running = "running";

    public const string Done = "done";

    public const string Failed = "failed";
}
