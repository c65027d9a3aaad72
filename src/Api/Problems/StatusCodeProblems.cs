using Microsoft.AspNetCore.WebUtilities;

namespace OrleansFlows.Api.Problems;

/// <summary>
/// Completes the problem documents the framework writes from a bare status code (no route matches, the route does not
/// allow the method, no endpoint accepts the content type), so that they too carry our <c>type</c> and a <c>detail</c>.
/// Documents made by <see cref="ApiProblems"/> or <see cref="ProblemExceptionHandler"/> already have both and are left alone.
/// </summary>
internal static class StatusCodeProblems
{
    private static readonly string OurTypes = ApiProblems.TypeOf("");

    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(OurTypes, StringComparison.Ordinal) == true)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (kind, title, detail) = status switch
        {
            StatusCodes.Status400BadRequest => ("bad-request", "The request is malformed.", "The request could not be read."),
            StatusCodes.Status404NotFound => ("not-found", "The resource does not exist.", $"No endpoint matches {request.Method} {Shorten(request.Path)}; the endpoints are listed in /openapi/v1.json."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "The method is not allowed.", $"{request.Method} is not allowed on {Shorten(request.Path)}; the Allow header lists the methods that are."),
            StatusCodes.Status413PayloadTooLarge => ("payload-too-large", "The body is too large.", "The body is larger than the API's limit (OrleansFlows:Api:MaxBodyBytes); nothing was stored."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "The content type is not supported.", "Send the body as 'application/json'."),
            < 500 => ("bad-request", ReasonPhrases.GetReasonPhrase(status), $"The request failed with status {status}."),
            _ => ("internal", ReasonPhrases.GetReasonPhrase(status), $"The request failed with status {status}; retry, and report it if it persists."),
        };
        problem.Type = ApiProblems.TypeOf(kind);
        problem.Title = title;
        problem.Detail ??= detail;
    }

    private static string Shorten(PathString path)
    {
        var text = path.ToString();
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
