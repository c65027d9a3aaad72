using Microsoft.AspNetCore.Diagnostics;

namespace OrleansFlows.Api.Problems;

/// <summary>
/// Stands in for the developer exception page, which the host adds in Development: an exception that reaches it gets
/// the product's problem document instead of a page with the stack trace and the request's headers (its
/// <c>Authorization</c> key among them). The exception handler answers first, so this runs only if the handler could not.
/// </summary>
internal sealed class DeveloperPageProblemFilter(ProblemExceptionHandler handler) : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        // The page calls its filters only while the response has not started, and has cleared it.
        var http = errorContext.HttpContext;
        await handler.TryHandleAsync(http, errorContext.Exception, http.RequestAborted);
    }
}
