using Microsoft.Extensions.Logging;

namespace OrleansFlows.TestKit.Logging;

/// <summary>One entry a <see cref="RecordingLoggerProvider"/> kept.</summary>
/// <param name="Category">The logger's category, usually the full name of the type that logged.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Properties">The structured values of the message template, by name.</param>
public sealed record RecordedLogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Properties);
