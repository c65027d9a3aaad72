using Microsoft.Extensions.Logging;

namespace OrleansFlows.Runtime.Membership;

/// <summary>Log messages of membership (event ids 1600–1699). They name silos and clusters, nothing else.</summary>
internal sealed partial class MembershipService
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Silo {SiloId} is joining cluster '{ClusterId}' at {Address}")]
    private static partial void LogJoining(ILogger logger, string siloId, string clusterId, string address);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Silo {SiloId} is active in cluster '{ClusterId}' (membership version {Version}, {ActiveCount} active silos)")]
    private static partial void LogActive(ILogger logger, string siloId, string clusterId, long version, int activeCount);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Silo {SiloId} is shutting down in cluster '{ClusterId}'")]
    private static partial void LogShuttingDown(ILogger logger, string siloId, string clusterId);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Silo {SiloId} left cluster '{ClusterId}'")]
    private static partial void LogStopped(ILogger logger, string siloId, string clusterId);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information, Message = "Membership view of silo {SiloId} changed: {View}")]
    private static partial void LogViewChanged(ILogger logger, string siloId, string view);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Warning, Message = "Declared silo {DeadSiloId} of cluster '{ClusterId}' dead: no heartbeat for more than {DeathTimeout}")]
    private static partial void LogDeclaredSiloDead(ILogger logger, string deadSiloId, string clusterId, TimeSpan deathTimeout);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Information, Message = "Removed {Count} long-dead silos from cluster '{ClusterId}'")]
    private static partial void LogRemovedDefunct(ILogger logger, int count, string clusterId);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Warning, Message = "Heartbeat of silo {SiloId} failed; retrying in {Period}: {Error}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string siloId, TimeSpan period, string error);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Warning, Message = "Membership refresh of silo {SiloId} failed; retrying in {Period}: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string siloId, TimeSpan period, string error);

    [LoggerMessage(EventId = 1609, Level = LogLevel.Warning, Message = "Could not record silo {SiloId} as {Status}; other silos declare it dead once its heartbeat is older than {DeathTimeout}: {Error}")]
    private static partial void LogStatusNotRecorded(ILogger logger, string siloId, string status, TimeSpan deathTimeout, string error);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Critical, Message = "Silo {SiloId} was declared dead in cluster '{ClusterId}' by {DeclaredDeadBy}; it stops serving")]
    private static partial void LogDeclaredDead(ILogger logger, string siloId, string clusterId, string declaredDeadBy, Exception exception);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "Silo {SiloId} was declared dead by {DeclaredDeadBy} while it was stopping")]
    private static partial void LogDeclaredDeadWhileStopping(ILogger logger, string siloId, string? declaredDeadBy);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Error, Message = "A MembershipChanged handler failed on membership version {Version}")]
    private static partial void LogSubscriberFailed(ILogger logger, long version, Exception exception);
}
