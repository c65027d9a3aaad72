using System.Globalization;
using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// Lead throughput from a RabbitMQ queue trigger, with the parties as api-leads runs them: the product (the API host in
/// standalone mode, its own process), the enrichment and Slack stand-ins in a second process, and a throwaway RabbitMQ
/// node from the Debian package; the messages are published from this process. On SQLite and on PostgreSQL (fsync on),
/// for a queue filled before the consumer starts and for a steady publish rate, at each prefetch.
/// </summary>
/// <remarks>It builds nothing: build <c>src/Api</c> and this project in Release first.</remarks>
internal static class QueueLeadsBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter log, TextWriter error)
    {
        var settings = QueueLeadsSettings.Parse(args, error);
        if (settings is null)
        {
            return 2;
        }

        var repositoryRoot = RepositoryRoot.Find();
        var report = new QueueLeadsReport(settings, repositoryRoot);
        report.SystemLoad.Add(SystemLoad.Sample("start"));
        log.WriteLine($"OrleansFlows queue-leads benchmark{(settings.Quick ? " (quick)" : "")}: {report.Machine.ProcessorCount} cores, {report.Machine.CpuModel}, commit {report.Machine.GitCommit}; {report.SystemLoad[0]}");

        var benchDll = typeof(QueueLeadsBenchmark).Assembly.Location;
        BenchPostgres? postgres = null;
        BenchBroker? broker = null;
        try
        {
            log.WriteLine("Starting RabbitMQ...");
            (broker, var brokerUnavailable) = await BenchBroker.TryStartAsync();
            if (broker is null)
            {
                report.Errors.Add($"RabbitMQ is not available: {brokerUnavailable}");
                log.WriteLine($"  RabbitMQ is not available: {brokerUnavailable}");
            }
            else
            {
                report.RabbitMqVersion = await broker.VersionAsync();
                log.WriteLine($"  RabbitMQ {report.RabbitMqVersion} at {broker.Server.AmqpUri}, VM pid {broker.VmPid?.ToString(CultureInfo.InvariantCulture) ?? "not found"}");
            }

            if (broker is not null && settings.Stores.Contains("postgres"))
            {
                (postgres, report.PostgresUnavailable, report.StatementsUnavailable) = await PostgresCounters.StartPostgresAsync(settings.PostgresFsync, log);
                report.Postgres = postgres?.Info;
                if (postgres is null)
                {
                    report.Errors.Add($"PostgreSQL was requested but is not available: {report.PostgresUnavailable}");
                }
            }

            if (broker is not null)
            {
                await using var standIns = await StandInsProcess.StartAsync(benchDll);
                log.WriteLine($"Stand-ins (pid {standIns.Process.Pid}): enrichment {standIns.Enrichment}, Slack {standIns.SlackWebhook}");
                var session = new QueueLeadsSession(settings, repositoryRoot, standIns, broker, postgres, report.StatementsUnavailable is null, log);
                foreach (var store in settings.Stores.Where(s => s != "postgres" || postgres is not null))
                {
                    try
                    {
                        await session.RunAsync(store, report.Runs);
                    }
                    catch (Exception exception)
                    {
                        report.Errors.Add($"{store}: {exception}");
                        log.WriteLine($"!! {store} failed: {exception.GetType().Name}: {exception.Message}");
                    }
                }
            }
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }
        }

        report.Medians = QueueLeadsMedian.Of(report.Runs);
        foreach (var median in report.Medians)
        {
            log.WriteLine($"Median of {median.Runs} {median.Loop} run(s), {median.Store}, prefetch {median.Prefetch}: accepted {median.AcceptedPerSecond:N0}/s, completed {median.CompletedPerSecond:N0}/s{(median.AllClean ? "" : " (NOT all clean)")}");
        }

        report.SystemLoad.Add(SystemLoad.Sample("end"));
        var path = await report.WriteAsync(settings.OutputDirectory, repositoryRoot);
        log.WriteLine($"Done in {report.DurationSeconds:N0} s; {report.SystemLoad[^1]}; results: {path}");
        if (report.Errors.Count > 0)
        {
            log.WriteLine("The run failed; see \"errors\" in the results.");
            return 1;
        }

        return 0;
    }
}
