using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace OrleansFlows.Deploy.Tests;

/// <summary>
/// One overlay of deploy/k8s rendered with <c>kubectl kustomize</c> and validated against the Kubernetes schemas by
/// deploy/k8s/validate (Node.js, kubernetes-models; offline). Each overlay is rendered once per test run.
/// </summary>
public sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Rendered = new();
    private static readonly SemaphoreSlim NpmInstall = new(1, 1);

    private RenderedOverlay(string name, IReadOnlyList<JsonElement> objects)
    {
        Name = name;
        Objects = objects;
    }

    public static IReadOnlyList<string> Names { get; } = ["small", "production"];

    public string Name { get; }

    public IReadOnlyList<JsonElement> Objects { get; }

    public static RenderedOverlay Of(string name) =>
        Rendered.GetOrAdd(name, n => new Lazy<RenderedOverlay>(() => Render(n))).Value;

    public IEnumerable<JsonElement> OfKind(string kind) => Objects.Where(o => o.GetProperty("kind").GetString() == kind);

    public JsonElement Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => NameOf(o) == name) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new InvalidOperationException($"overlay {Name} renders no {kind} named {name}");

    public static string NameOf(JsonElement item) => item.GetProperty("metadata").GetProperty("name").GetString()!;

    private static RenderedOverlay Render(string name)
    {
        var repo = RepositoryRoot.Path;
        var overlay = Path.Combine(repo, "deploy", "k8s", "overlays", name);
        var validator = Path.Combine(repo, "deploy", "k8s", "validate");
        RequireTool("kubectl", "the Debian package kubectl (apt-get install -y kubectl) renders the overlays with 'kubectl kustomize'");
        RequireTool("node", "Node.js 20 or later runs deploy/k8s/validate");
        EnsureValidatorInstalled(validator);

        var yaml = Run("kubectl", ["kustomize", overlay], stdin: null, repo);
        var json = Run("node", [Path.Combine(validator, "validate.mjs")], stdin: yaml, validator);
        using var document = JsonDocument.Parse(json);
        return new RenderedOverlay(name, document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray());
    }

    private static void EnsureValidatorInstalled(string validator)
    {
        if (Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")))
        {
            return;
        }

        RequireTool("npm", "npm installs deploy/k8s/validate's pinned packages (npm ci)");
        NpmInstall.Wait();
        try
        {
            if (!Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")))
            {
                Run("npm", ["ci", "--no-audit", "--no-fund"], stdin: null, validator);
            }
        }
        finally
        {
            NpmInstall.Release();
        }
    }

    private static void RequireTool(string tool, string why)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool))))
        {
            Assert.Fail($"'{tool}' is not on PATH: {why}. The Kubernetes manifest tests need it (.ci/run installs it).");
        }
    }

    private static string Run(string tool, IReadOnlyList<string> arguments, string? stdin, string workingDirectory)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{tool} {string.Join(' ', arguments)}' did not finish within 3 minutes");
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"'{tool} {string.Join(' ', arguments)}' failed (exit {process.ExitCode}):\n{error.Result}");
        }

        return output.Result;
    }
}
