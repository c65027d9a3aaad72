using OrleansFlows.Bench.Harness;
using OrleansFlows.Bench.Scenarios;

namespace OrleansFlows.Bench.Flows;

/// <summary>Runs <c>leads</c> or <c>fairness</c>, prints a summary and writes the results JSON.</summary>
internal static class FlowProgram
{
    public static async Task<int> RunAsync(string[] args, TextWriter log, TextWriter error)
    {
        var settings = FlowSettings.Parse(args, error);
        if (settings is null)
        {
            return 2;
        }

        var repositoryRoot = RepositoryRoot.Find();
        var report = new FlowReport(settings, repositoryRoot);
        log.WriteLine($"OrleansFlows {settings.Command} benchmark{(settings.Quick ? " (quick)" : "")}: {report.Machine.ProcessorCount} cores, {report.Machine.CpuModel}, {report.Machine.Framework}, {report.Machine.Os}");
        if (report.SourceChanges is { Count: > 0 } changes)
        {
            log.WriteLine($"  note: src/ has {changes.Count} uncommitted change(s) on top of {report.Machine.GitCommit}; the figures measure the working tree.");
        }

        await using (var context = new FlowContext(settings, log))
        {
            report.SystemLoad.Add(SystemLoad.Sample(settings.Command));
            log.WriteLine($"Machine: {report.SystemLoad[0]}");
            try
            {
                if (settings.Command == FlowSettings.Leads)
                {
                    report.Leads = await LeadsBenchmark.RunAsync(context);
                }
                else
                {
                    report.Fairness = await FairnessBenchmark.RunAsync(context);
                }
            }
            catch (Exception exception)
            {
                report.Errors.Add(exception.ToString());
                log.WriteLine($"!! {settings.Command} failed: {exception.GetType().Name}: {exception.Message}");
            }

            report.Postgres = context.Postgres?.Info;
            report.PostgresUnavailable = context.PostgresUnavailable;
        }

        var path = await report.WriteAsync(settings.OutputDirectory, repositoryRoot);
        FlowSummary.Write(report, log);
        log.WriteLine($"Done in {report.DurationSeconds:N1} s; results: {path}");
        if (report.Errors.Count > 0)
        {
            log.WriteLine("The run failed; see \"errors\" in the results.");
            return 1;
        }

        return 0;
    }
}

/// <summary>Everything a <c>leads</c> or <c>fairness</c> run measured.</summary>
internal sealed class FlowReport(FlowSettings settings, string repositoryRoot)
    : BenchReport<FlowSettings>(settings.Command, settings, settings.Quick, repositoryRoot)
{
    public List<LeadsFigure>? Leads { get; set; }

    public List<FairnessFigure>? Fairness { get; set; }
}
