using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for connections. Secrets go in, never out.</summary>
public static class ConnectionsApi
{
    public static RouteGroupBuilder MapConnectionsApi(this RouteGroupBuilder group)
    {
        group.MapPut("/connections/{name}", PutAsync).WithTags("Connections").WithName("PutConnection")
            .WithSummary("Creates or replaces a connection (http, slack or rabbitmq); URLs and brokers that reach private, loopback or link-local addresses are refused.")
            .ProducesValidationProblem();
        group.MapGet("/connections", ListAsync).WithTags("Connections").WithName("ListConnections").WithSummary("Lists connections, secrets redacted.");
        group.MapDelete("/connections/{name}", DeleteAsync).WithTags("Connections").WithName("DeleteConnection").WithSummary("Deletes a connection.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/connections/{name}/test", TestAsync).WithTags("Connections").WithName("TestConnection")
            .WithSummary("Sends a GET to the connection's URL (its headers applied, the outbound address rules and timeouts enforced), or for rabbitmq logs in to the broker and opens a channel, and reports ok, status, duration and error; secrets are never shown.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> PutAsync(
        string name, ConnectionRequest body, HttpContext http, IGrainFactory grains)
    {
        if (body.Kind is not { } kind)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["kind"] = ["'kind' is required: 'http', 'slack' or 'rabbitmq'."] });
        }

        // Where the host name resolves is checked first, beside the tenant grain (a lookup can take seconds); the
        // tenant grain then checks the form as it stores the connection. Both use the silo's outbound rules.
        var tenant = AuthenticatedTenant.Of(http).Value;
        var spec = new ConnectionSpec(name, kind, body.BaseUrl, body.Headers, body.WebhookUrl, body.Uri);
        var refusals = await grains.GetGrain<ITenantQueryGrain>(tenant).CheckConnectionAddressAsync(spec);
        if (refusals.Count > 0)
        {
            return ApiProblems.Validation(refusals.ToDictionary(r => r.Key, r => r.Value));
        }

        return TypedResults.Ok(await grains.GetGrain<ITenantGrain>(tenant).PutConnectionAsync(spec));
    }

    private static async Task<Ok<PageResponse<ConnectionView>>> ListAsync(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(new PageResponse<ConnectionView>(await grains.GetGrain<ITenantGrain>(AuthenticatedTenant.Of(http).Value).ListConnectionsAsync(), null));

    private static async Task<Results<Ok<ConnectionTestResult>, ProblemHttpResult>> TestAsync(string name, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value).TestConnectionAsync(name) is { } result
            ? TypedResults.Ok(result)
            : ApiProblems.NotFound($"Connection '{name}' does not exist.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(AuthenticatedTenant.Of(http).Value).DeleteConnectionAsync(name)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"Connection '{name}' does not exist.");
}
