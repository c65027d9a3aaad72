using System.Text;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// One lead of a load run and what happened to it. Times are UTC ticks (<see cref="DateTime.UtcNow"/>), the clock the
/// Slack stand-in stamps arrivals with: both processes run on this machine and read the same clock.
/// </summary>
internal sealed class LoadLead(ApiTenant tenant, string reference)
{
    public ApiTenant Tenant { get; } = tenant;

    /// <summary>The lead's <c>webhook-id</c>; its Slack message starts with it.</summary>
    public string Reference { get; } = reference;

    public byte[] Body { get; } = Encoding.UTF8.GetBytes($$"""{"email":"{{reference}}@example.com","name":"Lead {{reference}}","ref":"{{reference}}"}""");

    /// <summary>When the webhook was due: the open loop's schedule, or the closed loop's send. Latencies count from here.</summary>
    public long IntendedTicks { get; set; }

    /// <summary>When the request was handed to the HTTP client (it may still wait for a pooled connection).</summary>
    public long SentTicks { get; set; }

    /// <summary>When the answer arrived; 0 while none did.</summary>
    public long AckTicks { get; set; }

    /// <summary>The HTTP status of the answer; 0 when the request failed without one.</summary>
    public int Status { get; set; }

    public string? Error { get; set; }

    /// <summary>When the Slack stand-in received the lead's message; 0 while it has not.</summary>
    public long CompletedTicks { get; set; }

    public bool Accepted => Status is 200 or 202;

    /// <summary>Completes when the lead's Slack message arrives.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
