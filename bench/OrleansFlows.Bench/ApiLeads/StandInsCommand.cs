namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The hidden <c>api-stand-ins</c> command: hosts the enrichment and Slack stand-ins in their own process, prints one line
/// with their addresses, and runs until its standard input closes (the benchmark ends it, or dies).
/// </summary>
internal static class StandInsCommand
{
    public const string Name = "api-stand-ins";

    /// <summary>The start of the line that carries the addresses: <c>stand-ins {enrichment} {slack webhook} {control}</c>.</summary>
    public const string ReadyPrefix = "stand-ins ";

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var servers = await StandInServers.StartAsync();
        await output.WriteLineAsync($"{ReadyPrefix}{servers.EnrichmentAddress} {servers.SlackWebhook} {servers.ControlAddress}");
        await output.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
