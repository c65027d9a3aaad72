namespace OrleansFlows.Api.Auth;

internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>The bearer token of a request, or null if it has none.</summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim()
            : null;
    }
}
