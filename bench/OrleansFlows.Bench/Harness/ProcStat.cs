using System.Globalization;

namespace OrleansFlows.Bench.Harness;

/// <summary>One process's counters from <c>/proc/[pid]</c>: CPU time, resident memory and its peak, bytes written to storage.</summary>
internal static class ProcStat
{
    // USER_HZ: the unit of /proc/[pid]/stat times; 100 on every Linux configuration .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of every thread of the process, or null once it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        var stat = TryRead($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        if (stat is null)
        {
            return null;
        }

        // pid (comm) state ppid ...; utime and stime are fields 14 and 15 (1-based), counted after the closing parenthesis.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Resident memory now and its peak (<c>VmRSS</c>, <c>VmHWM</c>), in bytes; null when unreadable.</summary>
    public static (long? Resident, long? Peak) Memory(int pid)
    {
        var status = TryRead($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        return status is null ? (null, null) : (Kilobytes(status, "VmRSS:"), Kilobytes(status, "VmHWM:"));
    }

    /// <summary>Resets the process's peak resident memory to its current size (<c>clear_refs</c> 5); false where the kernel refuses.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Bytes the process caused to be written to storage (<c>/proc/[pid]/io</c> <c>write_bytes</c>), or null.</summary>
    public static long? WriteBytes(int pid)
    {
        var io = TryRead($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/io");
        var line = io?.Split('\n').FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
        return line is not null && long.TryParse(line["write_bytes:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }

    private static long? Kilobytes(string status, string field)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        var number = line?[field.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes * 1024 : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
