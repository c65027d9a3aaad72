using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tests.Steps;

public sealed class FairStepQueueTests
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly TenantId C = TenantId.Parse("tenant-c");

    [Fact]
    public void TryTake_SeveralTenantsQueued_TakesThemInTurn()
    {
        var queue = new FairStepQueue(maxTotal: 100, _ => 100);
        foreach (var work in Works(A, 3).Concat(Works(B, 2)).Concat(Works(C, 1)))
        {
            queue.Enqueue(work);
        }

        var order = TakeAll(queue).Select(w => $"{w.Lead.Tenant.Value}/{w.Lead.LeadId}").ToArray();

        Assert.Equal(["tenant-a/l0", "tenant-b/l0", "tenant-c/l0", "tenant-a/l1", "tenant-b/l1", "tenant-a/l2"], order);
    }

    [Fact]
    public void TryTake_TenantAtItsCap_OtherTenantsStillTake()
    {
        var queue = new FairStepQueue(maxTotal: 100, tenant => tenant == A ? 2 : 100);
        foreach (var work in Works(A, 10).Concat(Works(B, 3)))
        {
            queue.Enqueue(work);
        }

        var taken = TakeAll(queue);

        Assert.Equal(2, taken.Count(w => w.Lead.Tenant == A));
        Assert.Equal(3, taken.Count(w => w.Lead.Tenant == B));
        Assert.Equal(8, queue.Pending);
        Assert.Equal(5, queue.InFlight);
    }

    [Fact]
    public void TryTake_AtGlobalCap_ReturnsNullUntilOneCompletes()
    {
        var queue = new FairStepQueue(maxTotal: 3, _ => 100);
        foreach (var work in Works(A, 2).Concat(Works(B, 2)))
        {
            queue.Enqueue(work);
        }

        var taken = TakeAll(queue);
        Assert.Equal(3, taken.Count);
        Assert.Null(queue.TryTake());

        queue.Complete(taken[0]);
        var next = queue.TryTake();

        Assert.NotNull(next);
        Assert.Null(queue.TryTake());
        Assert.Equal(0, queue.Pending);
        Assert.Equal(3, queue.InFlight);
    }

    [Fact]
    public void Complete_TenantAtItsCap_FreesASlotForItsNextAttempt()
    {
        var queue = new FairStepQueue(maxTotal: 100, _ => 1);
        var works = Works(A, 3);
        foreach (var work in works)
        {
            queue.Enqueue(work);
        }

        var first = queue.TryTake();
        Assert.Null(queue.TryTake());

        queue.Complete(first!);
        var second = queue.TryTake();

        Assert.Same(works[0], first);
        Assert.Same(works[1], second);
        Assert.Null(queue.TryTake());
        Assert.Equal(1, queue.Pending);
    }

    [Fact]
    public void Reconsider_CapRaisedFromZero_GivesTheTenantTurns()
    {
        var cap = 0;
        var queue = new FairStepQueue(maxTotal: 100, _ => cap);
        foreach (var work in Works(A, 3))
        {
            queue.Enqueue(work);
        }

        Assert.Null(queue.TryTake());

        cap = 2;
        queue.Reconsider(A);

        Assert.Equal(2, TakeAll(queue).Count);
        Assert.Equal(1, queue.Pending);
    }

    [Fact]
    public void TryTake_CapLoweredAfterTurnOffered_WaitsForTheLowerCap()
    {
        var cap = 3;
        var queue = new FairStepQueue(maxTotal: 100, _ => cap);
        foreach (var work in Works(A, 3))
        {
            queue.Enqueue(work);
        }

        var first = queue.TryTake();
        cap = 1;

        Assert.Null(queue.TryTake());
        queue.Complete(first!);
        Assert.NotNull(queue.TryTake());
        Assert.Null(queue.TryTake());
    }

    [Fact]
    public void Enqueue_SameAttemptQueuedOrRunning_IsDropped()
    {
        var queue = new FairStepQueue(maxTotal: 100, _ => 100);
        var work = Works(A, 1)[0];

        Assert.True(queue.Enqueue(work));
        Assert.False(queue.Enqueue(work with { Data = EmptyScope() }));
        var taken = queue.TryTake();
        Assert.False(queue.Enqueue(work));
        Assert.Null(queue.TryTake());

        queue.Complete(taken!);

        Assert.True(queue.Enqueue(work));
        Assert.True(queue.Enqueue(work with { Attempt = 2 }));
        Assert.Equal(2, queue.Pending);
    }

    [Fact]
    public void Complete_LastAttemptOfTenant_LeavesNothingBehind()
    {
        var queue = new FairStepQueue(maxTotal: 1, _ => 1);
        var works = Works(A, 2);
        queue.Enqueue(works[0]);
        queue.Enqueue(works[1]);

        queue.Complete(queue.TryTake()!);
        queue.Complete(queue.TryTake()!);

        Assert.Equal(0, queue.Pending);
        Assert.Equal(0, queue.InFlight);
        Assert.Null(queue.TryTake());
        queue.Enqueue(Works(B, 1)[0]);
        Assert.Equal(B, queue.TryTake()!.Lead.Tenant);
    }

    [Fact]
    public async Task EnqueueTakeComplete_ManyThreads_NeverExceedCapsAndRunEveryAttempt()
    {
        const int perTenant = 500;
        var caps = new Dictionary<TenantId, int> { [A] = 2, [B] = 3, [C] = 4 };
        var queue = new FairStepQueue(maxTotal: 6, tenant => caps[tenant]);
        var running = caps.Keys.ToDictionary(t => t, _ => 0);
        var peak = caps.Keys.ToDictionary(t => t, _ => 0);
        var totalPeak = 0;
        var completed = 0;

        var producers = caps.Keys.Select(tenant => Task.Run(() =>
        {
            foreach (var work in Works(tenant, perTenant))
            {
                queue.Enqueue(work);
            }
        }));
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (Volatile.Read(ref completed) < perTenant * caps.Count)
            {
                if (queue.TryTake() is not { } work)
                {
                    Thread.Yield();
                    continue;
                }

                lock (running)
                {
                    var tenant = work.Lead.Tenant;
                    running[tenant]++;
                    peak[tenant] = Math.Max(peak[tenant], running[tenant]);
                    totalPeak = Math.Max(totalPeak, running.Values.Sum());
                }

                Thread.SpinWait(100);
                lock (running)
                {
                    running[work.Lead.Tenant]--;
                }

                queue.Complete(work);
                Interlocked.Increment(ref completed);
            }
        }));

        await Task.WhenAll(producers.Concat(workers)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(perTenant * caps.Count, completed);
        Assert.All(caps, cap => Assert.InRange(peak[cap.Key], 1, cap.Value));
        Assert.InRange(totalPeak, 1, 6);
        Assert.Equal(0, queue.Pending);
        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public void TryTake_NextStepsQueuedBehindFirstSteps_TakesNextStepsFirst()
    {
        var queue = new FairStepQueue(maxTotal: 100, _ => 100);
        var firsts = Works(A, 3);
        var nexts = Works(A, 2, "n", continues: true);
        queue.Enqueue(firsts[0]);
        queue.Enqueue(firsts[1]);
        queue.Enqueue(nexts[0]);
        queue.Enqueue(firsts[2]);
        queue.Enqueue(nexts[1]);

        var order = TakeAll(queue).Select(w => w.Lead.LeadId).ToArray();

        Assert.Equal(["n0", "n1", "l0", "l1", "l2"], order);
    }

    [Fact]
    public void TryTake_NextStepArrivesWhileTenantAtItsCap_RunsBeforeQueuedFirstSteps()
    {
        var queue = new FairStepQueue(maxTotal: 100, _ => 1);
        foreach (var work in Works(A, 5))
        {
            queue.Enqueue(work);
        }

        var first = queue.TryTake()!;
        queue.Enqueue(Works(A, 1, "n", continues: true)[0]);
        queue.Complete(first);

        Assert.Equal("n0", queue.TryTake()!.Lead.LeadId);
    }

    [Fact]
    public void TryTake_OneTenantsNextStepsQueued_OtherTenantsStillTakeTurns()
    {
        var queue = new FairStepQueue(maxTotal: 100, _ => 100);
        foreach (var work in Works(A, 2, "n", continues: true).Concat(Works(B, 2)).Concat(Works(A, 2)))
        {
            queue.Enqueue(work);
        }

        var order = TakeAll(queue).Select(w => $"{w.Lead.Tenant.Value}/{w.Lead.LeadId}").ToArray();

        Assert.Equal(["tenant-a/n0", "tenant-b/l0", "tenant-a/n1", "tenant-b/l1", "tenant-a/l0", "tenant-a/l1"], order);
    }

    private static List<StepWork> TakeAll(FairStepQueue queue)
    {
        var taken = new List<StepWork>();
        while (queue.TryTake() is { } work)
        {
            taken.Add(work);
        }

        return taken;
    }

    private static ExpressionScope EmptyScope() => new(null, new JsonObject(), new JsonObject());

    private static List<StepWork> Works(TenantId tenant, int count, string prefix = "l", bool continues = false) =>
        Enumerable.Range(0, count)
            .Select(i => new StepWork(LeadKey.Create(tenant, $"{prefix}{i}"), "flow", new StoreStep("save"), 1, EmptyScope()) { ContinuesLead = continues })
            .ToList();
}
