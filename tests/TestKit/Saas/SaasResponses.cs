using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OrleansFlows.TestKit.Saas;

/// <summary>Fault handling shared by the stand-in servers.</summary>
internal static class SaasResponses
{
    /// <summary>Applies <paramref name="fault"/> to the response; returns once it is written, or once a hang ends.</summary>
    public static async Task ApplyAsync(HttpContext context, SaasFault fault, string failureBody, string contentType, CancellationToken stopping)
    {
        switch (fault.Kind)
        {
            case SaasFaultKind.Fail:
                context.Response.StatusCode = fault.Status;
                if (fault.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(failureBody, context.RequestAborted).ConfigureAwait(false);
                break;
            case SaasFaultKind.Hang:
                await WaitAsync(Timeout.InfiniteTimeSpan, context, stopping).ConfigureAwait(false);
                context.Abort();
                break;
            case SaasFaultKind.BadJson:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"email\": \"truncated", context.RequestAborted).ConfigureAwait(false);
                break;
            case SaasFaultKind.Answer:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(fault.Body!, context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "Unknown fault kind.");
        }
    }

    /// <summary>Waits for <paramref name="delay"/>; returns false if the client went away or the server is stopping first.</summary>
    public static async Task<bool> WaitAsync(TimeSpan delay, HttpContext context, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(delay, either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            return false;
        }
    }
}
