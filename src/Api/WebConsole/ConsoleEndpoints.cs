namespace OrleansFlows.Api.WebConsole;

/// <summary>
/// Serves the tenant web console at <c>/console</c>: static files only. Every action in it is a call to the REST API
/// with the signed-in key in the Authorization header, so authentication and tenant isolation stay the API's, and
/// the files themselves carry nothing secret and need no key.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Where the console is served.</summary>
    public const string BasePath = "/console";

    /// <summary>The console's single page.</summary>
    public const string IndexFile = "index.html";

    /// <summary>
    /// Scripts, styles and API calls only from this origin; no inline script or style, no plugin, no framing, no
    /// form posted elsewhere. Lead data is written as text by the console's own code, and this is the second wall.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Maps the console unless <c>OrleansFlows:Console:Enabled</c> is false; it is left out of the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapOrleansFlowsConsole(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (!options.Enabled)
        {
            return routes;
        }

        var assets = ConsoleAssets.Load(typeof(ConsoleEndpoints).Assembly);
        routes.MapGet(BasePath, (HttpContext http) => Serve(http, assets.Find(IndexFile))).ExcludeFromDescription();
        routes.MapGet(BasePath + "/{**path}", (string? path, HttpContext http) => Serve(http, assets.Find(string.IsNullOrEmpty(path) ? IndexFile : path)))
            .ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext http, ConsoleAsset? asset)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (asset is null)
        {
            return Results.NotFound();
        }

        // Revalidated on every load, so a new version of the API serves its own console at once.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
