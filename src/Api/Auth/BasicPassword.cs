using System.Text;

namespace OrleansFlows.Api.Auth;

internal static class BasicPassword
{
    private const string Scheme = "Basic ";

    /// <summary>
    /// The password of an <c>Authorization: Basic</c> header (the user name is ignored), or null if the request has
    /// none or the header is not valid base64 of <c>user:password</c>.
    /// </summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = header[Scheme.Length..].Trim();
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon == credentials.Length - 1 ? null : credentials[(colon + 1)..];
    }
}
