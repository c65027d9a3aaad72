using System.Text.RegularExpressions;

namespace OrleansFlows.Api.Tests.OpenApi;

/// <summary>The served document passes a real OpenAPI linter with no errors and no warnings.</summary>
public sealed partial class OpenApiLintTests(ServedOpenApiDocument served) : IClassFixture<ServedOpenApiDocument>
{
    [Fact]
    public async Task Lint_ServedDocument_NoErrorsOrWarnings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orleansflows-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, served.Json);
        try
        {
            var (exitCode, output) = await OpenApiLinter.LintAsync(path);

            Assert.True(exitCode == 0, $"The linter failed ({exitCode}):{Environment.NewLine}{output}");
            Assert.True(output.Contains("Woohoo! Your API description is valid.", StringComparison.Ordinal), $"The linter reported problems:{Environment.NewLine}{output}");
            Assert.False(Warnings().IsMatch(output), $"The linter reported warnings:{Environment.NewLine}{output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Lint_DocumentWithAnUndeclaredPathParameter_Fails()
    {
        // The linter must be able to fail on this document: a path template whose parameter is not declared.
        var path = Path.Combine(Path.GetTempPath(), $"orleansflows-openapi-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, served.Json.Replace("\"/v1/leads/{leadId}\"", "\"/v1/leads/{id}\"", StringComparison.Ordinal));
        try
        {
            var (exitCode, output) = await OpenApiLinter.LintAsync(path);

            Assert.True(exitCode != 0, $"The linter passed a broken document:{Environment.NewLine}{output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // A finding line of the stylish format ("  12:3  warning  rule-name  message") or the closing count.
    [GeneratedRegex(@"(^\s*\d+:\d+\s+warning\s)|(You have \d+ warnings?)", RegexOptions.Multiline)]
    private static partial Regex Warnings();
}
