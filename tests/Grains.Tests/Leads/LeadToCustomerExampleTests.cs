using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>docs/workflows.md shows the quick start's example workflow; it must be that file, not a copy that drifted.</summary>
public sealed partial class LeadToCustomerExampleTests
{
    [Fact]
    public void WorkedExample_InWorkflowsDoc_IsTheExampleFile()
    {
        var root = RepositoryRoot();
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "examples", "lead-to-customer.json")));
        var doc = File.ReadAllText(Path.Combine(root, "docs", "workflows.md"));
        var section = doc[doc.IndexOf("## The lead-to-customer flow", StringComparison.Ordinal)..];
        var shown = JsonNode.Parse(JsonBlock().Match(section).Groups[1].Value);

        Assert.True(JsonNode.DeepEquals(example, shown), $"docs/workflows.md shows{Environment.NewLine}{shown}{Environment.NewLine}but the example is{Environment.NewLine}{example}");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "examples", "lead-to-customer.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds examples/lead-to-customer.json.");
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
