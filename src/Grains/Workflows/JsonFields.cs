using System.Globalization;
using System.Text.Json;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Reads the properties of one JSON object of a definition, reporting every missing, unknown or mistyped
/// property as a problem at its path instead of throwing.
/// </summary>
internal sealed class JsonFields(JsonElement element, string path, List<WorkflowProblem> problems)
{
    /// <summary>The path of the object.</summary>
    public string Path { get; } = path;

    public string PathOf(string name) => JsonPath.Property(Path, name);

    public void Report(string name, string message) => problems.Add(new WorkflowProblem(PathOf(name), message));

    public bool TryGet(string name, out JsonElement value) => element.TryGetProperty(name, out value);

    /// <summary>Reports every property not in <paramref name="allowed"/>; <paramref name="owner"/> names what it is on.</summary>
    public void RejectUnknown(IReadOnlyList<string> allowed, string owner)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Report(property.Name, $"Unknown property '{property.Name}' on {owner}; allowed: {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <summary>A required string; null (reported) when missing or not a string. <paramref name="hint"/> says what it should hold.</summary>
    public string? RequiredString(string name, string hint)
    {
        if (!TryGet(name, out var value))
        {
            Report(name, $"'{name}' is required: {hint}.");
            return null;
        }

        return Expect(name, value, JsonValueKind.String) ? value.GetString() : null;
    }

    /// <summary>An optional string; null when missing, or when not a string (reported).</summary>
    public string? OptionalString(string name) =>
        TryGet(name, out var value) && Expect(name, value, JsonValueKind.String) ? value.GetString() : null;

    /// <summary>A whole number in range; the default when missing; null (reported) when invalid.</summary>
    public int? Integer(string name, int min, int max, int defaultValue)
    {
        if (!TryGet(name, out var value))
        {
            return defaultValue;
        }

        if (!Expect(name, value, JsonValueKind.Number))
        {
            return null;
        }

        if (!TryGetWholeNumber(value, out var number))
        {
            Report(name, $"'{name}' must be a whole number, not {value.GetRawText()}.");
            return null;
        }

        if (number < min || number > max)
        {
            Report(name, $"'{name}' is {number}; it must be from {min} to {max}.");
            return null;
        }

        return number;
    }

    /// <summary>A number in range; the default when missing; null (reported) when invalid.</summary>
    public double? Number(string name, double min, double max, double defaultValue)
    {
        if (!TryGet(name, out var value))
        {
            return defaultValue;
        }

        if (!Expect(name, value, JsonValueKind.Number))
        {
            return null;
        }

        if (!value.TryGetDouble(out var number) || number < min || number > max)
        {
            Report(name, $"'{name}' is {value.GetRawText()}; it must be from {Invariant(min)} to {Invariant(max)}.");
            return null;
        }

        return number;
    }

    /// <summary>A duration in range; the default when missing; null (reported) when invalid.</summary>
    public TimeSpan? Duration(string name, TimeSpan min, TimeSpan max, TimeSpan defaultValue) =>
        TryGet(name, out var value) ? ParseDuration(name, value, min, max) : defaultValue;

    /// <summary>A required duration in range; null (reported) when missing or invalid. <paramref name="hint"/> says what it should hold.</summary>
    public TimeSpan? RequiredDuration(string name, TimeSpan min, TimeSpan max, string hint)
    {
        if (!TryGet(name, out var value))
        {
            Report(name, $"'{name}' is required: {hint}.");
            return null;
        }

        return ParseDuration(name, value, min, max);
    }

    /// <summary>Whether <paramref name="value"/> has the expected kind; reports a problem when it does not.</summary>
    public bool Expect(string name, JsonElement value, JsonValueKind expected)
    {
        if (value.ValueKind == expected)
        {
            return true;
        }

        Report(name, $"'{name}' must be {Describe(expected)}, not {Describe(value.ValueKind)}.");
        return false;
    }

    /// <summary>
    /// Reads a whole number that fits an <see cref="int"/>. JSON Schema counts <c>5.0</c> as an integer too,
    /// so it is accepted; <c>5.5</c> and <c>1e400</c> are not.
    /// </summary>
    public static bool TryGetWholeNumber(JsonElement value, out int number)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real)
            && real == Math.Floor(real) && real >= int.MinValue && real <= int.MaxValue)
        {
            number = (int)real;
            return true;
        }

        number = 0;
        return false;
    }

    /// <summary>The kind of a JSON value with its article, as messages use it: "an object", "a string".</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private TimeSpan? ParseDuration(string name, JsonElement value, TimeSpan min, TimeSpan max)
    {
        if (!Expect(name, value, JsonValueKind.String))
        {
            return null;
        }

        if (!Durations.TryParse(value.GetString(), out var duration, out var error))
        {
            Report(name, error);
            return null;
        }

        if (duration < min || duration > max)
        {
            Report(name, $"'{name}' is {value.GetString()}; it must be from {Durations.Format(min)} to {Durations.Format(max)}.");
            return null;
        }

        return duration;
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
