namespace OrleansFlows.Storage.Rows;

/// <summary>What became of one write of a group: its new version, or the error that failed it alone.</summary>
internal readonly record struct WriteOutcome(long Version, Exception? Error)
{
    public static WriteOutcome Committed(long version) => new(version, null);

    public static WriteOutcome Failed(Exception error) => new(0, error);
}
