using System.Text;

namespace OrleansFlows.Runtime.Transport;

/// <summary>Checks <see cref="TransportOptions"/> and reports every problem together.</summary>
internal static class TransportOptionsValidator
{
    public const int MinimumSecretBytes = 16;

    public static IReadOnlyList<string> Validate(TransportOptions options)
    {
        var problems = new List<string>();
        if (Encoding.UTF8.GetByteCount(options.ClusterSecret) < MinimumSecretBytes)
        {
            problems.Add($"ClusterSecret must be at least {MinimumSecretBytes} bytes; every silo and client of the cluster needs the same one.");
        }

        if (options.MaxFrameBytes < 1024)
        {
            problems.Add($"MaxFrameBytes must be at least 1024 (it is {options.MaxFrameBytes}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add($"ConnectTimeout must be positive (it is {options.ConnectTimeout}).");
        }

        if (options.ServerCertificate is { HasPrivateKey: false })
        {
            problems.Add("ServerCertificate has no private key, so the listener can't speak TLS with it.");
        }

        return problems;
    }

    public static void ThrowIfInvalid(TransportOptions options)
    {
        var problems = Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid silo transport options: " + string.Join(" ", problems), nameof(options));
        }
    }
}
