using System.Text.Json;
using OrleansFlows.Contracts.Text;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Finds text in a JSON value that the stores can't keep (<see cref="StorableText"/>): a NUL character or an unpaired
/// surrogate, in a string or a property name, whether written raw or as an escape such as <c>\u0000</c> or <c>\ud800</c>.
/// </summary>
internal static class StorableJson
{
    /// <summary>The same nesting limit as <c>JsonNode.Parse</c>, which reads the output into the lead's state.</summary>
    private const int MaxDepth = 64;

    /// <summary>What can't be stored and where, such as "a NUL character (\u0000) at $.data.name"; null when all of it can.</summary>
    public static string? Problem(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            // Not JSON, or too deep: the lead keeps it as one string, so it is that string's text that must be storable.
            return At("$", StorableText.Describe(json));
        }

        using (document)
        {
            return Find(document.RootElement, "$");
        }
    }

    private static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryRead(() => property.Name, out var name))
                    {
                        return $"an unpaired surrogate escape in a property name under {StorableText.Shorten(path)}";
                    }

                    if (StorableText.Describe(name) is { } inName)
                    {
                        return $"{inName} in the property name {StorableText.Shorten($"{path}.{StorableText.Escape(name)}")}";
                    }

                    if (Find(property.Value, $"{path}.{name}") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.String:
                return TryRead(() => element.GetString()!, out var text)
                    ? At(path, StorableText.Describe(text))
                    : $"an unpaired surrogate escape at {StorableText.Shorten(path)}";
            default:
                return null;
        }
    }

    private static string? At(string path, string? what) => what is null ? null : $"{what} at {StorableText.Shorten(path)}";

    private static bool TryRead(Func<string> read, out string text)
    {
        try
        {
            text = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            // Unpaired \uD800-\uDFFF escapes are caught only when the text is read.
            text = "";
            return false;
        }
    }
}
