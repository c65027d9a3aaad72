using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Builds the JSON paths that problems and <see cref="WorkflowDefinition.Walk"/> report.</summary>
internal static partial class JsonPath
{
    public const string Root = "$";

    /// <summary><c>parent.name</c>, or <c>parent['name']</c> when the name is not an identifier.</summary>
    public static string Property(string parent, string name) =>
        Identifier().IsMatch(name)
            ? $"{parent}.{name}"
            : $"{parent}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary><c>parent[index]</c>.</summary>
    public static string Index(string parent, int index) =>
        parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex Identifier();
}
