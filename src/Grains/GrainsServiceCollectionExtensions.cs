using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Records;
using OrleansFlows.Grains.Security;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Sweepers;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains;

/// <summary>
/// Registers the services the domain grains use (step executor, reconciliation executor, secrets, outbound HTTP) and
/// their tables. Orleans finds the grain classes themselves in this assembly.
/// </summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>The configuration key of the folder holding generated files (the encryption keys); default <c>data</c>.</summary>
    public const string DataDirectoryKey = "OrleansFlows:DataDirectory";

    public static IServiceCollection AddOrleansFlowsGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundHttpOptions>().Bind(configuration.GetSection(OutboundHttpOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OutboundHttpOptions>, OutboundHttpOptionsValidator>();
        services.AddSingleton(sp => SecretKeyRingLoader.Load(configuration, configuration[DataDirectoryKey] ?? "data"));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<LeadRecords>();
        services.AddSingleton<LeadHistory>();
        services.AddSingleton<Queries.LeadList>();
        services.AddSingleton<Queries.UsageDays>();
        services.AddSingleton<Queries.WorkflowStepStats>();
        services.AddSingleton<BulkRetries.BulkRetryRecords>();
        services.AddSingleton<ReconciliationRuns>();
        services.AddSingleton<Exports.ExportRecords>();
        services.AddSingleton<Exports.ExportWriter>();
        services.AddSingleton(_ => new Exports.ExportFiles(configuration[DataDirectoryKey] ?? "data"));
        services.AddOptions<Exports.ExportOptions>().Bind(configuration.GetSection(Exports.ExportOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Exports.ExportOptions>, Exports.ExportOptionsValidator>();
        services.AddSingleton<Exports.ExportExpiry>();
        services.AddHostedService<Exports.ExportExpirySweeper>();
        services.AddOptions<LeadOptions>().Bind(configuration.GetSection(LeadOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LeadOptions>, LeadOptionsValidator>();
        services.AddSingleton<LeadWakeIndex>();
        services.AddHostedService<SweeperStartup>();
        services.AddOptions<StepExecutorOptions>().Bind(configuration.GetSection(StepExecutorOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<StepExecutorOptions>, StepExecutorOptionsValidator>();
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ReconciliationOptions>, ReconciliationOptionsValidator>();
        services.AddSingleton<Retention.RetentionRuns>();
        services.AddSingleton<Erasures.ErasureRecords>();
        services.AddSingleton<Audit.TenantAuditTrail>();
        services.AddSingleton<Erasures.ErasureSearch>();
        services.AddOptions<Retention.RetentionOptions>().Bind(configuration.GetSection(Retention.RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Retention.RetentionOptions>, Retention.RetentionOptionsValidator>();
        services.AddHostedService<Retention.RetentionBackfill>();
        services.AddSingleton<Offboarding.OffboardingRows>();
        services.AddSingleton<Offboarding.TenantDataDeletion>();
        services.AddOptions<Offboarding.OffboardingOptions>().Bind(configuration.GetSection(Offboarding.OffboardingOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Offboarding.OffboardingOptions>, Offboarding.OffboardingOptionsValidator>();
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
        services.AddSingleton<RabbitMq.BrokerConnections>();
        services.AddSingleton<IStepRunner, RabbitMq.PublishStepRunner>();
        services.AddSingleton<Queues.QueueLeadIntake>();
        services.AddHostedService<Queues.QueueConsumerFailover>();
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
        return services.AddSchema(new GrainsSchema());
    }
}
