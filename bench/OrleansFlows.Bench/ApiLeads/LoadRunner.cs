using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// Runs the load generator once (its own process) against one product process, and measures around it: the database's
/// counters and the stand-ins' counts before it starts and after it ends, and every process's CPU, the product's peak
/// memory and its writes over the generator's measured window (from its first webhook to its last completion).
/// </summary>
internal sealed class LoadRunner(string benchDll, ProductProcess product, StandInsProcess standIns, BenchProcesses processes, PostgresCounters? postgres)
{
    // Backends report their transaction counts to pg_stat_database at most once a second.
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(1.5);

    public async Task<(LoadResult Load, CpuSplit? Cpu, PostgresPerLead? Postgres, ProductFigures Product, StandInFigures StandIns, SystemLoad Start, SystemLoad End)> RunAsync(LoadPlan plan)
    {
        var folder = Directory.CreateTempSubdirectory("orleansflows-bench-load-").FullName;
        try
        {
            var planPath = Path.Combine(folder, "plan.json");
            var resultPath = Path.Combine(folder, "result.json");
            await File.WriteAllTextAsync(planPath, JsonSerializer.Serialize(plan, ApiLeadsJson.Options));

            using var control = new HttpClient { BaseAddress = standIns.Control, Timeout = TimeSpan.FromSeconds(30) };
            var countsBefore = await CountsAsync(control);
            var databaseBefore = postgres is null ? null : await postgres.TakeAsync();
            var warningsBefore = (product.Process.Warnings, product.Process.Errors);
            var start = SystemLoad.Sample("start");

            var window = new MeasuredWindow(processes);
            await using var generator = ChildProcess.StartDotnet(
                benchDll,
                [LoadGeneratorCommand.Name, planPath, resultPath],
                new Dictionary<string, string>(),
                window.Observe);
            window.GeneratorPid = generator.Pid;
            var limit = TimeSpan.FromSeconds(plan.DurationSeconds + (2 * plan.CompletionTimeoutSeconds) + 300);
            try
            {
                await generator.WaitForExitAsync().WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The load generator did not finish within {limit}:{Environment.NewLine}{generator.Tail}");
            }

            if (generator.ExitCode != 0 || !File.Exists(resultPath))
            {
                throw new InvalidOperationException($"The load generator exited with code {generator.ExitCode}:{Environment.NewLine}{generator.Tail}");
            }

            var end = SystemLoad.Sample("end");
            await Task.Delay(StatisticsFlush);
            var databaseAfter = postgres is null ? null : await postgres.TakeAsync();
            var countsAfter = await CountsAsync(control);
            var load = JsonSerializer.Deserialize<LoadResult>(await File.ReadAllTextAsync(resultPath), ApiLeadsJson.Options)!;
            var leads = Math.Max(1, load.Completed);
            var enrichment = countsAfter.EnrichmentCalls - countsBefore.EnrichmentCalls;
            return (
                load,
                window.Cpu(load.Completed),
                databaseBefore is not null && databaseAfter is not null ? PostgresPerLead.Between(databaseBefore, databaseAfter, load.Completed) : null,
                window.Product(load.Completed) with
                {
                    Warnings = product.Process.Warnings - warningsBefore.Warnings,
                    Errors = product.Process.Errors - warningsBefore.Errors,
                },
                new StandInFigures(enrichment, countsAfter.SlackMessages - countsBefore.SlackMessages, countsAfter.SlackRefused - countsBefore.SlackRefused, Stats.Round(enrichment / (double)leads, 3)),
                start,
                end);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<StandInCounts> CountsAsync(HttpClient control) =>
        await control.GetFromJsonAsync<StandInCounts>("counts", ApiLeadsJson.Options) ?? throw new InvalidOperationException("The stand-ins answered no counts.");
}
