using Microsoft.Extensions.Logging;

namespace OrleansFlows.Storage;

/// <summary>Log messages of <see cref="PrivateFiles"/>.</summary>
internal static partial class PrivateFilesLog
{
    [LoggerMessage(EventId = 1510, Level = LogLevel.Warning, Message = "Could not narrow {Path} from mode {Mode} to {Wanted}, it keeps its mode: {Error}. Change its owner to the user that runs OrleansFlows, or its mode, by hand")]
    public static partial void LogModeNotNarrowed(ILogger logger, string path, string mode, string wanted, string error);
}
