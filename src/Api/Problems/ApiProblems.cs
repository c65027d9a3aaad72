using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrleansFlows.Api.Problems;

/// <summary>
/// The problem documents the API answers with (<c>application/problem+json</c>). Each kind has a stable
/// <c>type</c> URI, <c>urn:orleansflows:problem:{kind}</c>, documented in docs/api.md.
/// </summary>
public static class ApiProblems
{
    /// <summary>The type URI of a problem kind.</summary>
    public static string TypeOf(string kind) => $"urn:orleansflows:problem:{kind}";

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Type = TypeOf("validation"),
            Title = "The request is invalid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail ?? "See 'errors' for each field's problem.",
        };
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "not-found", "The resource does not exist.", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication failed.", detail);

    public static ProblemHttpResult Create(int status, string kind, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Type = TypeOf(kind), Title = title, Status = status, Detail = detail });
}
