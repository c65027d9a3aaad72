using System.Text.Json;

namespace OrleansFlows.Api.Intake;

/// <summary>A JSON body holds a value the stores can't keep (text with a NUL, a number out of range), at <see cref="Field"/>.</summary>
internal sealed class UnstorableValueException(string field, string message) : JsonException(message)
{
    /// <summary>The JSON path of the value, <c>$.a.b[0]</c>.</summary>
    public string Field { get; } = field;
}
