using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OrleansFlows.Api.Intake;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Problems;

/// <summary>
/// The one place that turns exceptions into problem documents. Refusals keep their status and say what was wrong;
/// an overloaded or unavailable silo answers 503 with Retry-After; anything unexpected is a 500 that leaks no detail.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = IsMissingBody(httpContext, exception)
            ? Problem(400, "bad-request", "The request is malformed.", "The request needs a JSON body; none was sent.")
            : Map(exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (problem.Status >= 500)
        {
            LogRequestFailed(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Status ?? 500, exception);
        }
        else if (IsInputRefusedByStore(exception))
        {
            LogValueRefusedByStore(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        TenantValidationException invalid => Validation(invalid.Errors.ToDictionary(e => e.Key, e => e.Value), "See 'errors' for each field's problem."),
        WorkflowValidationException invalid => Validation(
            invalid.Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            $"The workflow definition has {invalid.Problems.Count} problem(s); see 'errors' by JSON path. Nothing was published."),
        LeadValidationException invalid => Validation(invalid.Errors.ToDictionary(e => e.Key, e => e.Value), "The payload fails the workflow's input schema; see 'errors' by JSON path. Nothing was stored."),
        TenantNotFoundException missing => Problem(404, "not-found", "The resource does not exist.", missing.Message),
        UnknownWorkflowException unknown => Problem(404, "not-found", "The resource does not exist.", unknown.Message),
        LeadConflictException conflict => Problem(409, "conflict", "The request conflicts with the current state.", conflict.Message),
        ReconciliationConflictException conflict => Problem(409, "conflict", "The request conflicts with the current state.", conflict.Message),
        OrleansFlows.Contracts.Exports.ExportConflictException conflict => Problem(409, "conflict", "The request conflicts with the current state.", conflict.Message),
        OrleansFlows.Contracts.Erasures.ErasureFailedException failed => Problem(503, "unavailable", "The erasure stopped part way.", failed.Message),
        InvalidLeadTransitionException transition => Problem(409, "conflict", "The request conflicts with the current state.", transition.Message),
        // Only a body that failed to read is the caller's malformed JSON; a JsonException anywhere else (writing state
        // or a response) is the service's own failure.
        // A body the store can't keep, or one that could not be bound, names where it failed in 'errors'.
        BadHttpRequestException { InnerException: UnstorableValueException value } => MalformedAt(value.Field, value),
        BadHttpRequestException { InnerException: JsonException { Path: { Length: > 0 } path } json } => MalformedAt(path, json),
        BadHttpRequestException { InnerException: JsonException json } => Problem(400, "malformed-json", "The body is not valid JSON.", json.Message),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            Problem(413, "payload-too-large", "The body is too large.", bad.Message),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType =>
            Problem(415, "unsupported-media-type", "The content type is not supported.", "Send the body as 'application/json'."),
        BadHttpRequestException bad => Problem(bad.StatusCode, "bad-request", "The request is malformed.", bad.Message),
        TimeoutException => Problem(503, "unavailable", "The service is overloaded.", "The request timed out inside the service; retry after the delay in Retry-After."),
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException =>
            Problem(503, "unavailable", "The service is unavailable.", "No silo can take the request now (the cluster is starting, shutting down or unreachable); retry after the delay in Retry-After."),
        _ when IsInputRefusedByStore(exception) => Problem(400, "bad-request", "The request holds a value the store can't keep.",
            "A value in the request can't be stored (for example text with a NUL character); nothing was changed. Correct the value and send the request again."),
        StorageUnavailableException => Problem(503, "unavailable", "The store is unavailable.", "The database can't be reached right now; nothing was changed. Retry after the delay in Retry-After."),
        _ when IsStoreFailure(exception) => Problem(503, "unavailable", "The store is unavailable.", "The database can't be reached right now; nothing was changed. Retry after the delay in Retry-After."),
        ArgumentException argument => Problem(400, "bad-request", "The request is invalid.", argument.Message),
        _ => Problem(500, "internal", "An unexpected error occurred.", "The error was logged. Nothing is known to have changed; retry, and report it if it persists."),
    };

    // The framework's message for a bound body that was not sent speaks of its own inference; say what the caller missed.
    private static bool IsMissingBody(HttpContext httpContext, Exception exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: null } bad
        && bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
        && httpContext.Request.ContentLength is null or 0
        && !httpContext.Request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true);

    // PostgreSQL refused a value itself (SQLSTATE class 22, "data exception": a NUL in text, an invalid byte sequence, a
    // number out of range), through the product's stores or, unwrapped, through Orleans' ADO.NET providers. The edge
    // refuses such values first, naming the field; should one get through, the caller is told the request was at
    // fault, never that the database is down.
    private static bool IsInputRefusedByStore(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StoredValueRejectedException or Npgsql.PostgresException { SqlState: [ '2', '2', .. ] })
            {
                return true;
            }
        }

        return false;
    }

    // A store failure wrapped on its way: Orleans wraps an error of its ADO.NET providers (grain storage, reminders) in an
    // OrleansException with the Npgsql exception inside, and may wrap a failed activation. The product's other storage
    // errors (schema, corrupt state) stay 500.
    private static bool IsStoreFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case StorageUnavailableException or Npgsql.NpgsqlException:
                    return true;
                case StorageException:
                    return false;
            }
        }

        return false;
    }

    private static HttpValidationProblemDetails Validation(Dictionary<string, string[]> errors, string detail) => new(errors)
    {
        Type = ApiProblems.TypeOf("validation"),
        Title = "The request is invalid.",
        Status = StatusCodes.Status400BadRequest,
        Detail = detail,
    };

    private static HttpValidationProblemDetails MalformedAt(string path, JsonException json) => new(new Dictionary<string, string[]> { [path] = [json.Message] })
    {
        Type = ApiProblems.TypeOf("malformed-json"),
        Title = "The body is not valid JSON.",
        Status = StatusCodes.Status400BadRequest,
        Detail = json.Message,
    };

    private static ProblemDetails Problem(int status, string kind, string title, string detail) =>
        new() { Type = ApiProblems.TypeOf(kind), Title = title, Status = status, Detail = detail };

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status}")]
    private static partial void LogRequestFailed(ILogger logger, string method, string path, int status, Exception exception);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "{Method} {Path} sent a value the store refused; the edge checks should have named it")]
    private static partial void LogValueRefusedByStore(ILogger logger, string method, string path, Exception exception);
}
