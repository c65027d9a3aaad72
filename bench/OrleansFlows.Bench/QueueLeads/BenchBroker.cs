using System.Diagnostics;
using System.Globalization;
using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.TestKit.RabbitMq;
using RabbitMQ.Client;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// The benchmark's RabbitMQ node: the TestKit's throwaway node from the Debian package (its own folder, free ports,
/// removed afterwards), with what the benchmark does to it: declare a durable queue, fill it with persistent messages
/// under publisher confirms, publish at a fixed rate, and read its Erlang VM's pid for <c>/proc</c>.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    // Publishes awaiting their confirm at once while filling: enough to keep the broker busy, few enough to stay in memory.
    private const int FillWindow = 500;

    private BenchBroker(RabbitMqServer server, int? vmPid)
    {
        Server = server;
        VmPid = vmPid;
    }

    public RabbitMqServer Server { get; }

    /// <summary>The node's Erlang VM (<c>beam.smp</c>), whose CPU is the broker's; null when it was not found.</summary>
    public int? VmPid { get; }

    /// <summary>Starts a node; returns null and the reason when none can be started.</summary>
    public static async Task<(BenchBroker? Broker, string? Reason)> TryStartAsync()
    {
        var server = new RabbitMqServer();
        await server.InitializeAsync();
        if (!server.IsAvailable)
        {
            var reason = server.UnavailableReason;
            await server.DisposeAsync();
            return (null, reason);
        }

        return (new BenchBroker(server, FindVm(server.Folder)), null);
    }

    /// <summary>The broker's version as the node announces it.</summary>
    public async Task<string> VersionAsync()
    {
        await using var connection = await Server.ConnectAsync();
        return connection.ServerProperties is { } properties && properties.TryGetValue("version", out var version) && version is byte[] bytes
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : "unknown";
    }

    public async Task DeclareQueueAsync(string queue)
    {
        await using var connection = await Server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
    }

    public async Task DeleteQueueAsync(string queue)
    {
        await using var connection = await Server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    public async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await Server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.MessageCountAsync(queue);
    }

    /// <summary>Publishes every lead's message to <paramref name="queue"/>, each confirmed by the broker; returns the seconds it took.</summary>
    public async Task<double> FillAsync(string queue, IReadOnlyList<LoadLead> leads)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await Server.ConnectAsync();
        await using var channel = await ConfirmingChannelAsync(connection);
        for (var start = 0; start < leads.Count; start += FillWindow)
        {
            var window = leads.Skip(start).Take(FillWindow).Select(lead => PublishAsync(channel, queue, lead)).ToArray();
            await Task.WhenAll(window);
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Publishes lead i at start + i / <paramref name="rate"/>, whatever happened to the earlier ones, and sets its due
    /// time. Returns when every publish is confirmed.
    /// </summary>
    public async Task PublishAtRateAsync(string queue, IReadOnlyList<LoadLead> leads, double rate)
    {
        await using var connection = await Server.ConnectAsync();
        await using var channel = await ConfirmingChannelAsync(connection);
        var sends = new List<Task>(leads.Count);
        var startTicks = DateTime.UtcNow.Ticks;
        var clock = Stopwatch.StartNew();
        TimeSpan Due(int i) => TimeSpan.FromSeconds(i / rate);
        var next = 0;
        while (next < leads.Count)
        {
            var now = clock.Elapsed;
            while (next < leads.Count && Due(next) <= now)
            {
                var lead = leads[next];
                lead.IntendedTicks = startTicks + Due(next).Ticks;
                lead.SentTicks = DateTime.UtcNow.Ticks;
                sends.Add(PublishAsync(channel, queue, lead));
                next++;
            }

            if (next < leads.Count)
            {
                var wait = Due(next) - clock.Elapsed;
                await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1));
            }
        }

        await Task.WhenAll(sends);
    }

    public ValueTask DisposeAsync() => new(Server.DisposeAsync());

    private static Task<IChannel> ConfirmingChannelAsync(IConnection connection) =>
        connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(FillWindow * 2)));

    // As the API's webhook would carry it: the lead's JSON, its ref as the message-id (the trigger's default idempotency key).
    private static async Task PublishAsync(IChannel channel, string queue, LoadLead lead)
    {
        var properties = new BasicProperties { MessageId = lead.Reference, ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, lead.Body);
    }

    // The node's VM runs with its database under the node's folder; no other process names that folder.
    private static int? FindVm(string folder)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("beam", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return null;
    }
}
