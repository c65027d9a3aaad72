using System.Globalization;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// How busy the machine was (other processes included) when a figure started: the 1-minute load average and the
/// share of time some runnable task waited for a CPU (Linux PSI, last 10 s). Figures taken under load read low.
/// </summary>
internal sealed record SystemLoad(string Figure, DateTimeOffset At, double? LoadAverage1m, double? CpuPressureSome10sPercent)
{
    public static SystemLoad Sample(string figure) => new(figure, DateTimeOffset.UtcNow, ReadLoadAverage(), ReadCpuPressure());

    public override string ToString() =>
        $"load average {LoadAverage1m?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"}, CPU pressure {CpuPressureSome10sPercent?.ToString("0.#", CultureInfo.InvariantCulture) ?? "n/a"}%";

    private static double? ReadLoadAverage()
    {
        var text = TryRead("/proc/loadavg");
        return text is not null && double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static double? ReadCpuPressure()
    {
        // "some avg10=75.79 avg60=83.52 avg300=47.38 total=276595119"
        var line = TryRead("/proc/pressure/cpu")?.Split('\n').FirstOrDefault(l => l.StartsWith("some", StringComparison.Ordinal));
        var field = line?.Split(' ').FirstOrDefault(f => f.StartsWith("avg10=", StringComparison.Ordinal));
        return field is not null && double.TryParse(field["avg10=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
