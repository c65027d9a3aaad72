using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.Problems;

/// <summary>
/// The one writer of problem documents, for endpoint results, the exception handler, status code pages and the rate
/// limiter alike. It always writes <c>application/problem+json</c>, whatever the request's <c>Accept</c> says: the
/// framework's writer negotiates, and a client asking for text/plain or text/html then got a 500 with an empty body.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions) : IProblemDetailsService
{
    public const string ContentType = "application/problem+json";

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        await TryWriteAsync(context);
    }

    public async ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);

        if (http.Response.HasStarted)
        {
            return false;
        }

        // A problem is never cached, and nothing the failed request asked for may linger in a shared cache.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(), jsonOptions.Value.SerializerOptions, http.RequestAborted);
        return true;
    }
}
