using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// Lead throughput through the public API, as a client sees it: the product as the README runs it (the API host in
/// standalone mode, its own process), the enrichment and Slack stand-ins in a second process, and a load generator in a
/// third that sends signed webhooks over keep-alive HTTP/1.1. On SQLite and on PostgreSQL (fsync on), for one tenant
/// with a plan that is not the limit and for 16 tenants at the default plan's concurrency, in a closed and an open loop.
/// </summary>
/// <remarks>It builds nothing: build <c>src/Api</c> and this project in Release first.</remarks>
internal static class ApiLeadsBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter log, TextWriter error)
    {
        var settings = ApiLeadsSettings.Parse(args, error);
        if (settings is null)
        {
            return 2;
        }

        var repositoryRoot = RepositoryRoot.Find();
        var report = new ApiLeadsReport(settings, repositoryRoot);
        report.SystemLoad.Add(SystemLoad.Sample("start"));
        log.WriteLine($"OrleansFlows api-leads benchmark{(settings.Quick ? " (quick)" : "")}: {report.Machine.ProcessorCount} cores, {report.Machine.CpuModel}, commit {report.Machine.GitCommit}; {report.SystemLoad[0]}");

        var benchDll = typeof(ApiLeadsBenchmark).Assembly.Location;
        BenchPostgres? postgres = null;
        try
        {
            if (settings.Stores.Contains("postgres"))
            {
                (postgres, report.PostgresUnavailable, report.StatementsUnavailable) = await PostgresCounters.StartPostgresAsync(settings.PostgresFsync, log);
                report.Postgres = postgres?.Info;
                if (postgres is null)
                {
                    report.Errors.Add($"PostgreSQL was requested but is not available: {report.PostgresUnavailable}");
                }
            }

            await using var standIns = await StandInsProcess.StartAsync(benchDll);
            log.WriteLine($"Stand-ins (pid {standIns.Process.Pid}): enrichment {standIns.Enrichment}, Slack {standIns.SlackWebhook}");
            var session = new ApiLeadsSession(settings, repositoryRoot, benchDll, standIns, postgres, report.StatementsUnavailable is null, log);
            foreach (var store in settings.Stores.Where(s => s != "postgres" || postgres is not null))
            {
                foreach (var shape in settings.Shapes)
                {
                    try
                    {
                        await session.RunAsync(store, shape, report.Runs);
                    }
                    catch (Exception exception)
                    {
                        report.Errors.Add($"{store} {shape}: {exception}");
                        log.WriteLine($"!! {store} {shape} failed: {exception.GetType().Name}: {exception.Message}");
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
