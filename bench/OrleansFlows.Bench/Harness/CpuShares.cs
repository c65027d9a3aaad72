using System.Diagnostics;
using System.Globalization;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// CPU time at one instant: the whole machine (<c>/proc/stat</c>), this process, and the benchmark's PostgreSQL server
/// (its postmaster and every child: backends, WAL writer, checkpointer), to tell who used the cores during a run.
/// </summary>
internal readonly record struct CpuSnapshot(long Timestamp, double MachineBusySeconds, double ProcessSeconds, double PostgresSeconds, bool MachineKnown)
{
    // USER_HZ: the unit of /proc/stat and /proc/[pid]/stat times; 100 on every Linux configuration .NET runs on.
    private const double TicksPerSecond = 100;

    /// <param name="postmasterPid">The server's postmaster (see <see cref="FindPostmaster"/>), or null to count no server.</param>
    public static CpuSnapshot Take(int? postmasterPid)
    {
        var (busy, known) = ReadMachineBusy();
        var postgres = postmasterPid is { } pid ? ReadServerSeconds(pid) : 0;
        return new CpuSnapshot(Stopwatch.GetTimestamp(), busy, Environment.CpuUsage.TotalTime.TotalSeconds, postgres, known);
    }

    /// <summary>The pid of the <c>postgres</c> postmaster listening on <paramref name="port"/> on this machine, or null.</summary>
    public static int? FindPostmaster(int port)
    {
        foreach (var (pid, _, _) in PostgresProcesses())
        {
            try
            {
                var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ') + " ";
                if (arguments.Contains($" -p {port.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal))
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

    internal static (double Seconds, bool Known) ReadMachineBusy()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = values.Sum() - values[3] - values[4];
            return (busy / TicksPerSecond, true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, false);
        }
    }

    internal static double ReadServerSeconds(int postmasterPid) =>
        PostgresProcesses().Where(p => p.Pid == postmasterPid || p.ParentPid == postmasterPid).Sum(p => p.Ticks) / TicksPerSecond;

    /// <summary>Every process named <c>postgres</c>: pid, parent pid, and user + system CPU ticks.</summary>
    private static List<(int Pid, int ParentPid, long Ticks)> PostgresProcesses()
    {
        var processes = new List<(int, int, long)>();
        IEnumerable<string> directories;
        try
        {
            directories = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return processes;
        }

        foreach (var directory in directories)
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // pid (comm) state ppid ...; utime and stime are fields 14 and 15 (1-based), counted after the closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open || stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                var rest = stat[(close + 2)..].Split(' ');
                var parent = int.Parse(rest[1], CultureInfo.InvariantCulture);
                processes.Add((pid, parent, long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // The process ended while being read.
            }
        }

        return processes;
    }
}

/// <summary>How the cores were used between two snapshots, in percent of all cores (100 % = every core busy).</summary>
internal sealed record CpuShares(double Seconds, double MachineBusyPercent, double BenchProcessPercent, double PostgresPercent, double OtherPercent)
{
    public static CpuShares Between(CpuSnapshot before, CpuSnapshot after)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var capacity = seconds * Environment.ProcessorCount / 100;
        var machine = after.MachineKnown && before.MachineKnown ? (after.MachineBusySeconds - before.MachineBusySeconds) / capacity : double.NaN;
        var process = (after.ProcessSeconds - before.ProcessSeconds) / capacity;
        var postgres = Math.Max(0, after.PostgresSeconds - before.PostgresSeconds) / capacity;
        return new CpuShares(
            Stats.Round(seconds, 2),
            Stats.Round(machine),
            Stats.Round(process),
            Stats.Round(postgres),
            Stats.Round(Math.Max(0, machine - process - postgres)));
    }
}
