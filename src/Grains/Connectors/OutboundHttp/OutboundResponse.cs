using System.Globalization;
using System.Net.Http.Headers;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>A response read by <see cref="OutboundHttpClientFactory.SendAsync"/>, its body complete and within the size cap.</summary>
/// <param name="Status">The HTTP status code. Redirects are returned as they are, never followed.</param>
/// <param name="Headers">Response and content headers by name, case-insensitive; repeated values are joined with ", ".</param>
/// <param name="Body">The body, at most <see cref="OutboundHttpOptions.MaxResponseBytes"/> long.</param>
public sealed record OutboundResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and <= 299;

    /// <summary>The Content-Type header, or <see langword="null"/>.</summary>
    public string? ContentType => Headers.GetValueOrDefault("Content-Type");

    /// <summary>The Retry-After header as a delay from <paramref name="now"/> (seconds or an HTTP date), or <see langword="null"/> if absent or unreadable.</summary>
    public TimeSpan? GetRetryAfter(DateTimeOffset now)
    {
        if (!Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (RetryConditionHeaderValue.TryParse(value, out var condition) && condition.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }

        return null;
    }
}
