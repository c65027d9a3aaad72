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

    public static ProblemHttpResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state.", detail);

    public static ProblemHttpResult Suspended(OrleansFlows.Contracts.Tenants.TenantId tenant) =>
        Create(StatusCodes.Status403Forbidden, "tenant-suspended", "The tenant is suspended.", $"Tenant '{tenant}' is suspended; its API and webhooks are refused until an operator resumes it.");

    /// <summary>A 429 whose detail names the limit; the caller sets Retry-After.</summary>
    public static ProblemHttpResult TooManyRequests(string detail) =>
        Create(StatusCodes.Status429TooManyRequests, "rate-limited", "A limit was reached.", detail);

    public static ProblemHttpResult Create(int status, string kind, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Type = TypeOf(kind), Title = title, Status = status, Detail = detail });
}
