using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansFlows.TestKit;

/// <summary>
/// Free TCP ports for servers a test starts itself. The ports come from 10000–19999, below the kernel's ephemeral range:
/// an outgoing connection takes its local port from that range, so with many tests running it could take a port handed
/// to a server that binds it only later (a silo, PostgreSQL, a broker node). The local cluster script's silo ports lie
/// above 20000, so they never meet these either.
/// </summary>
public static class LoopbackPorts
{
    private const int BandStart = 10_000;
    private const int BandEnd = 20_000;

    // Where the kernel's ephemeral range is not above the band, only a port the kernel picks is safe from reuse by it.
    private static readonly bool BandBelowEphemeral = EphemeralRangeStart() >= BandEnd;

    /// <summary>A port that was free a moment ago (another process could still take it before use).</summary>
    public static int Free() => FreeRun(1);

    /// <summary>The first of <paramref name="count"/> consecutive ports that were free a moment ago.</summary>
    /// <exception cref="InvalidOperationException">No such run was found.</exception>
    public static int FreeRun(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var first = BandBelowEphemeral ? Random.Shared.Next(BandStart, BandEnd - count + 1) : KernelPick();
            if (first + count <= IPEndPoint.MaxPort && Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"Found no {count} consecutive free TCP ports.");
    }

    private static int KernelPick()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // Bound on every IPv4 address, so a port another server holds on 127.0.0.1 or on all addresses counts as taken.
    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
