using OrleansFlows.Runtime.Membership;

namespace OrleansFlows.Runtime.Tests.Membership;

/// <summary>Waits on a silo's <see cref="MembershipService.MembershipChanged"/> instead of sleeping.</summary>
internal static class MembershipWaits
{
    /// <summary>
    /// Completes with the first view of <paramref name="service"/> that satisfies <paramref name="condition"/>: the current
    /// one, or a later one. It subscribes before it returns, so call it before acting and await it after.
    /// </summary>
    public static Task<MembershipSnapshot> WaitForViewAsync(
        this MembershipService service, Func<MembershipSnapshot, bool> condition, TimeSpan timeout, string phase)
    {
        var seen = new TaskCompletionSource<MembershipSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(MembershipSnapshot snapshot)
        {
            if (condition(snapshot))
            {
                seen.TrySetResult(snapshot);
            }
        }

        service.MembershipChanged += OnChanged;
        if (condition(service.Current))
        {
            seen.TrySetResult(service.Current);
        }

        return WaitAsync();

        async Task<MembershipSnapshot> WaitAsync()
        {
            try
            {
                return await seen.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{phase}: silo {service.SiloId} did not see the expected view within {timeout}. Its last view: {service.Current}");
            }
            finally
            {
                service.MembershipChanged -= OnChanged;
            }
        }
    }

    public static bool Shows(this MembershipSnapshot snapshot, string siloId, SiloMembershipStatus status) =>
        snapshot.Find(siloId)?.Status == status;
}
