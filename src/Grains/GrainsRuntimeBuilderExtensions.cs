using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Queries;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Records;
using OrleansFlows.Grains.Security;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Tenants;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.Runtime.Hosting;

namespace OrleansFlows.Grains;

/// <summary>Registers the domain grains, their tables and the services they use (step executor, reconciliation executor, secrets, outbound HTTP).</summary>
public static class GrainsRuntimeBuilderExtensions
{
    /// <summary>The configuration key of the folder holding generated files (the encryption keys); default <c>data</c>.</summary>
    public const string DataDirectoryKey = "OrleansFlows:DataDirectory";

    public static RuntimeBuilder AddOrleansFlowsGrains(this RuntimeBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<OutboundHttpOptions>().Bind(configuration.GetSection(OutboundHttpOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OutboundHttpOptions>, OutboundHttpOptionsValidator>();
        services.AddSingleton(sp => SecretKeyRingLoader.Load(configuration, configuration[DataDirectoryKey] ?? "data"));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<LeadRecords>();
        services.AddSingleton<LeadHistory>();
        services.AddSingleton<ReconciliationRuns>();
        services.Configure<LeadOptions>(configuration.GetSection(LeadOptions.Section));
        services.Configure<StepExecutorOptions>(configuration.GetSection(StepExecutorOptions.Section));
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ReconciliationOptions>, ReconciliationOptionsValidator>();
        services.Configure<ExpressionOptions>(configuration.GetSection(ExpressionOptions.Section));
        services.AddSingleton<OutboundHttpClientFactory>();
        services.AddOrleansFlowsExpressions();
        services.AddHostedService<ExpressionWarmup>();
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<ConnectionResolver>();
        services.AddSingleton<OutboundCall>();
        services.AddSingleton<IStepRunner, HttpStepRunner>();
        services.AddSingleton<IStepRunner, TransformStepRunner>();
        services.AddSingleton<IStepRunner, BranchStepRunner>();
        services.AddSingleton<IStepRunner, StoreStepRunner>();
        services.AddSingleton<IStepRunner, NotifyStepRunner>();
        services.AddSingleton<StepExecutor>();
        services.AddSingleton<IStepDispatcher>(sp => sp.GetRequiredService<StepExecutor>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StepExecutor>());
        services.AddSingleton<BatchInputs>();
        services.AddSingleton<ChunkSender>();
        services.AddSingleton<LeadRepair>();
        services.AddSingleton<ReconciliationBatch>();
        services.AddSingleton<ReconciliationExecutor>();
        services.AddSingleton<IReconciliationDispatcher>(sp => sp.GetRequiredService<ReconciliationExecutor>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ReconciliationExecutor>());
        return builder
            .AddSchema(new GrainsSchema())
            .AddGrain<ITenantGrain, TenantGrain>()
            .AddGrain<IWorkflowGrain, WorkflowGrain>()
            .AddGrain<ILeadGrain, LeadGrain>()
            .AddGrain<IReconciliationGrain, ReconciliationGrain>()
            .AddGrain<ITenantQueryGrain, TenantQueryGrain>()
            .AddGrain<IApiKeyIndexGrain, ApiKeyIndexGrain>()
            .AddGrain<ITenantDirectoryGrain, TenantDirectoryGrain>();
    }
}
