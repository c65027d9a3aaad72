using System.Diagnostics;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Steps;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// The spans of leads (activity source <c>OrleansFlows.Leads</c>). A lead's trace is the one it was accepted in: the
/// accepting span's context is stored with the lead (<see cref="LeadState.TraceParent"/>), and every later span of the
/// lead, on whichever silo and however much later, is made in that trace. Spans carry ids and names, never lead data.
/// </summary>
internal static class LeadTracing
{
    /// <summary>The activity source's name.</summary>
    public const string SourceName = "OrleansFlows.Leads";

    public const string TenantTag = "orleansflows.tenant_id";
    public const string LeadTag = "orleansflows.lead_id";
    public const string WorkflowTag = "orleansflows.workflow";
    public const string StepIdTag = "orleansflows.step_id";
    public const string StepKindTag = "orleansflows.step_kind";
    public const string AttemptTag = "orleansflows.attempt";
    public const string OutcomeTag = "orleansflows.outcome";

    /// <summary>Tag on a link saying what it points at: <c>accepted</c> (the lead's original context) or <c>caller</c>.</summary>
    public const string LinkTag = "orleansflows.link";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the span of a lead's acceptance, as a child of the caller's (the API request, the grain call); once the
    /// lead is accepted, <see cref="Remember"/> stores its context with the lead.
    /// </summary>
    public static Activity? StartAccept(LeadKey key, string workflow)
    {
        var activity = Source.StartActivity("lead accept", ActivityKind.Internal);
        Tag(activity, key, workflow);
        return activity;
    }

    /// <summary>
    /// Stores the context of <paramref name="activity"/> with a lead that has none; with no span (nothing traces) the
    /// caller's context, if any, so a trace begun upstream still follows the lead.
    /// </summary>
    public static void Remember(LeadState lead, Activity? activity)
    {
        activity ??= Activity.Current;
        if (lead.TraceParent is null && activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id })
        {
            lead.TraceParent = id;
            lead.TraceState = activity.TraceStateString;
        }
    }

    /// <summary>
    /// Starts the span of a resumed run (<paramref name="name"/>: a wake after a wait, a retry, a restart or a silo
    /// failover; a manual retry or resume). It is made in the lead's trace, as a child of the accepting span, with a
    /// link to that context (<c>orleansflows.link=accepted</c>) and, when the caller is in another trace (a sweeper, an
    /// API request asking for the retry), a link to the caller (<c>caller</c>). A lead stored without a trace context
    /// adopts this span's.
    /// </summary>
    public static Activity? StartResumed(string name, LeadKey key, LeadState lead)
    {
        var caller = Activity.Current;
        Activity? activity;
        if (StoredContext(lead) is { } accepted)
        {
            var links = new List<ActivityLink> { new(accepted, new ActivityTagsCollection { [LinkTag] = "accepted" }) };
            if (caller is not null && caller.TraceId != accepted.TraceId)
            {
                links.Add(new ActivityLink(caller.Context, new ActivityTagsCollection { [LinkTag] = "caller" }));
            }

            activity = Source.StartActivity(name, ActivityKind.Internal, accepted, tags: null, links);
        }
        else
        {
            activity = Source.StartActivity(name, ActivityKind.Internal);
            Remember(lead, activity);
        }

        Tag(activity, key, lead.Workflow);
        return activity;
    }

    /// <summary>
    /// The parent of the steps this turn dispatches: the current span when it is in the lead's trace (the lead's own
    /// span, or the grain call of a step reporting its outcome), else the lead's stored context.
    /// </summary>
    public static ActivityContext StepParent(LeadState lead)
    {
        var stored = StoredContext(lead);
        return Activity.Current is { } current && (stored is null || current.TraceId == stored.Value.TraceId)
            ? current.Context
            : stored ?? default;
    }

    /// <summary>Starts the span of one step attempt in the executor, as a child of the context its lead gave it.</summary>
    public static Activity? StartStep(StepWork work)
    {
        var activity = Source.StartActivity($"step {LeadRun.KindOf(work.Step)}", ActivityKind.Internal, work.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            Tag(activity, work.Lead, work.Workflow);
            activity.SetTag(StepIdTag, work.Step.Id);
            activity.SetTag(StepKindTag, LeadRun.KindOf(work.Step));
            activity.SetTag(AttemptTag, work.Attempt);
        }

        return activity;
    }

    /// <summary>Records a step attempt's outcome on its span: no error text, which may quote a response.</summary>
    public static void Finish(Activity? activity, StepOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, StepMetrics.OutcomeOf(outcome));
        if (!outcome.Succeeded)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static void Tag(Activity? activity, LeadKey key, string workflow)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TenantTag, key.Tenant.Value);
            activity.SetTag(LeadTag, key.LeadId);
            activity.SetTag(WorkflowTag, workflow);
        }
    }

    private static ActivityContext? StoredContext(LeadState lead) =>
        lead.TraceParent is { } parent && ActivityContext.TryParse(parent, lead.TraceState, isRemote: true, out var context) ? context : null;
}
