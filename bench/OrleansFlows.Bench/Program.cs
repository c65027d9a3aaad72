using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.QueueLeads;
using OrleansFlows.Bench.Reconciliation;
using OrleansFlows.Bench.Scenarios;

if (args is ["memory", .. var memoryArgs])
{
    return await MemoryBenchmark.RunAsync(memoryArgs, Console.Out);
}

if (args is [ApiLeadsSettings.Command, .. var apiLeadsArgs])
{
    return await ApiLeadsBenchmark.RunAsync(apiLeadsArgs, Console.Out, Console.Error);
}

if (args is [QueueLeadsSettings.Command, .. var queueLeadsArgs])
{
    return await QueueLeadsBenchmark.RunAsync(queueLeadsArgs, Console.Out, Console.Error);
}

if (args is [LoadGeneratorCommand.Name, .. var loadGeneratorArgs])
{
    return await LoadGeneratorCommand.RunAsync(loadGeneratorArgs, Console.Out);
}

if (args is [StandInsCommand.Name])
{
    return await StandInsCommand.RunAsync(Console.Out);
}

if (args is ["cluster-leads", .. var clusterLeadsArgs])
{
    return await ClusterLeadsBenchmark.RunAsync(clusterLeadsArgs, Console.Out);
}

if (args is ["kill-recovery", .. var killRecoveryArgs])
{
    return await KillRecoveryBenchmark.RunAsync(killRecoveryArgs, Console.Out);
}

if (args is ["expressions", .. var expressionsArgs])
{
    return await ExpressionsBenchmark.RunAsync(expressionsArgs, Console.Out);
}

if (args is ["reconciliation", .. var reconciliationArgs])
{
    return await ReconciliationBenchmark.RunAsync(reconciliationArgs, Console.Out);
}

if (args.Length > 0 && FlowSettings.Commands.Contains(args[0]))
{
    return await FlowProgram.RunAsync(args, Console.Out, Console.Error);
}

Console.Error.WriteLine("usage:" + Environment.NewLine + FlowSettings.Usage);
Console.Error.WriteLine(MemoryBenchmark.Usage);
Console.Error.WriteLine("usage: OrleansFlows.Bench reconciliation [--quick] [--tenants N] [--records N] [--max-concurrent-batches N] [--probe-rate N]");
Console.Error.WriteLine("usage: OrleansFlows.Bench cluster-leads [--leads N] [--in-flight N]");
Console.Error.WriteLine(KillRecoveryBenchmark.Usage);
Console.Error.WriteLine(ExpressionsBenchmark.Usage);
Console.Error.WriteLine(ApiLeadsSettings.Usage);
Console.Error.WriteLine(QueueLeadsSettings.Usage);
return 2;
