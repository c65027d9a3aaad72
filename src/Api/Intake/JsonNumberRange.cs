using System.Text.Json;
using OrleansFlows.Contracts.Text;

namespace OrleansFlows.Api.Intake;

/// <summary>
/// The numbers a JSON body may hold: an integer written without fraction or exponent lies in the 64-bit range
/// (-2^63 to 2^63-1), and any other number is a finite double. Every reader after the edge (the input schema's
/// validator, the expression engine, the stores) can take such a number; a larger one gave a 500.
/// </summary>
internal static class JsonNumberRange
{
    /// <summary>Why the number can't be taken, as a sentence about <paramref name="field"/>; null when it can.</summary>
    public static string? Problem(string field, JsonElement number)
    {
        var text = number.GetRawText();
        var isInteger = text.AsSpan().IndexOfAny(".eE") < 0;
        if (isInteger && !number.TryGetInt64(out _))
        {
            return $"'{StorableText.Shorten(field)}' is an integer outside the range -9223372036854775808 to 9223372036854775807; send a smaller number, or send it as a string.";
        }

        if (!isInteger && (!number.TryGetDouble(out var value) || !double.IsFinite(value)))
        {
            return $"'{StorableText.Shorten(field)}' is a number outside the double-precision range (about ±1.8e308); send a smaller number, or send it as a string.";
        }

        return null;
    }
}
