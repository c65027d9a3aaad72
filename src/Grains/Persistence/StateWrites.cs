using Microsoft.Extensions.Logging;

namespace OrleansFlows.Grains.Persistence;

/// <summary>
/// The one rule for a failed state write, shared by every grain: the write did not commit, so the activation's memory
/// is ahead of the store. The activation is dropped, so the next call reloads the stored state, and the error goes to
/// the caller, who learns that nothing changed.
/// </summary>
internal static partial class StateWrites
{
    /// <summary>Writes the state (with the rows it carries); on failure, deactivates the grain and rethrows.</summary>
    public static async Task WriteOrDeactivateAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, ILogger logger)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, grain.GrainContext.GrainId.ToString(), exception);
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "A state write failed; the next call reloads the stored state."));
            throw;
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "{GrainId} could not commit; the activation is dropped so that the next call reloads the stored state")]
    private static partial void LogWriteFailed(ILogger logger, string grainId, Exception exception);
}
