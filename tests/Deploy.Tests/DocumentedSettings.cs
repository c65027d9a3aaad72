using System.Text.RegularExpressions;

namespace OrleansFlows.Deploy.Tests;

/// <summary>
/// The environment variables the README's settings tables document: every back-quoted name in a table row, with the
/// short forms (<c>…__Window</c> after <c>OrleansFlows__AuthenticationThrottle__FailuresPerAddress</c>) written out.
/// </summary>
public static partial class DocumentedSettings
{
    public static IReadOnlySet<string> Names { get; } = Read();

    private static HashSet<string> Read()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot.Path, "README.md")).Where(l => l.StartsWith('|')))
        {
            foreach (var cell in line.Split('|'))
            {
                string? last = null;
                foreach (Match match in Quoted().Matches(cell))
                {
                    var name = match.Groups[1].Value.Split('=')[0];
                    if (name.StartsWith("…__", StringComparison.Ordinal) && last is not null)
                    {
                        name = last[..last.LastIndexOf("__", StringComparison.Ordinal)] + name[1..];
                    }
                    else if (name.StartsWith('…'))
                    {
                        continue;
                    }
                    else
                    {
                        last = name;
                    }

                    names.Add(name);
                }
            }
        }

        return names;
    }

    [GeneratedRegex("`([A-Za-z_…][A-Za-z0-9_…]*(?:=[^`]*)?)`")]
    private static partial Regex Quoted();
}
