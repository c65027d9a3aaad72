using Microsoft.Extensions.Logging;

namespace OrleansFlows.Storage;

/// <summary>Log messages of the schema bootstraps, shared by the providers.</summary>
internal static partial class SchemaLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Table {Table} of schema '{Component}' is missing in {Store} although version {Version} is recorded; running its steps again to recreate it")]
    public static partial void LogRecreatingSchema(ILogger logger, string component, string store, string table, long version);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Created the serving role {Role} in {Store}; the silo serves as it, under row-level security")]
    public static partial void LogServingRoleCreated(ILogger logger, string role, string store);
}
