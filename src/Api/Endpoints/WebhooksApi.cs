using Microsoft.Extensions.Options;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Intake;
using OrleansFlows.Api.OpenApi;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Webhooks;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Signed webhook intake (Standard Webhooks), checked in the order the design fixes.</summary>
public static class WebhooksApi
{
    private const string InvalidSignature = "The webhook signature is not valid for this tenant.";

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/hooks").WithTags("Webhooks").AddEndpointFilter<StorableTextFilter>();
        group.MapPost("/{tenantId}/{workflow}", ReceiveAsync)
            .WithName("ReceiveWebhook")
            .WithSummary("Starts a lead from a signed webhook; answers 202 once the lead is durably accepted.")
            .WithDescription("Not a bearer call: the sender signs each delivery with one of the tenant's webhook secrets (POST /v1/webhook-secrets), as Standard Webhooks specifies: `webhook-signature` is `v1,` and the base64 HMAC-SHA256, keyed by the base64 part of the `whsec_` secret, over `{webhook-id}.{webhook-timestamp}.{body}`. An unknown tenant answers like a bad signature (401). Repeated bad signatures answer 429.")
            .WithRequestHeader(StandardWebhookSignature.IdHeader, "The delivery's id (up to 256 characters); it is the idempotency key: the same id with the same body answers 200 with the same lead.", required: true)
            .WithRequestHeader(StandardWebhookSignature.TimestampHeader, "When the delivery was signed, in Unix seconds; it must be within 5 minutes of the server's clock.", required: true, maxLength: 20)
            .WithRequestHeader(StandardWebhookSignature.SignatureHeader, "One or more space-separated signatures `v1,{base64 HMAC-SHA256}`.", required: true, maxLength: 4096)
            .WithJsonBody("The lead's data: a JSON object, checked against the workflow's input schema (400 names each field that fails).")
            .Produces<Models.LeadAccepted>(StatusCodes.Status202Accepted)
            .Produces<Models.LeadAccepted>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> ReceiveAsync(
        string tenantId,
        string workflow,
        HttpContext http,
        LeadIntake intake,
        AuthenticationThrottle throttle,
        IOptions<ApiOptions> options,
        TimeProvider timeProvider)
    {
        // 0. A throttled sender is refused before its body is read, so a lockout also spares the reading.
        var throttleKey = TenantId.TryParse(tenantId, out _, out _) ? ThrottleKeyIds.WebhookTenant(tenantId) : null;
        if (throttle.Refusal(http, throttleKey) is { } refusal)
        {
            return refusal;
        }

        // 1. Size (and content type).
        var body = await RequestBodies.ReadJsonAsync(http.Request, options.Value.MaxBodyBytes);

        // 2. Signature under any active secret; an unknown tenant answers exactly like a bad signature.
        var headers = http.Request.Headers;
        string id = headers[StandardWebhookSignature.IdHeader].ToString(), timestamp = headers[StandardWebhookSignature.TimestampHeader].ToString(), signature = headers[StandardWebhookSignature.SignatureHeader].ToString();
        if (id.Length == 0 || timestamp.Length == 0 || signature.Length == 0)
        {
            return ApiProblems.Unauthorized($"Send the '{StandardWebhookSignature.IdHeader}', '{StandardWebhookSignature.TimestampHeader}' and '{StandardWebhookSignature.SignatureHeader}' headers.");
        }

        if (id.Length > 256)
        {
            return ApiProblems.Unauthorized($"'{StandardWebhookSignature.IdHeader}' is longer than 256 characters.");
        }

        if (!TenantId.TryParse(tenantId, out var tenant, out _))
        {
            throttle.RecordFailure(http, throttleKey);
            return ApiProblems.Unauthorized(InvalidSignature);
        }

        // 3. to 7. in one tenant call: the signature, the workflow, the timestamp window (read here, on arrival),
        // suspension, the ingest rate and the daily plan; then the schema and durable acceptance in the lead grain.
        var fresh = StandardWebhookSignature.IsFresh(timestamp, timeProvider.GetUtcNow());
        var admission = LeadAdmissionRequest.Webhook(workflow, new WebhookDelivery(id, timestamp, body, signature), fresh);
        return await intake.SubmitAsync(http, tenant, admission, body, id, source: "webhook", notAuthenticated: () =>
        {
            throttle.RecordFailure(http, throttleKey);
            return ApiProblems.Unauthorized(InvalidSignature);
        });
    }
}
