using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Runtime.Abstractions;

[assembly: GeneratedGrainSerializer(typeof(OrleansFlows.Contracts.ContractsJsonContext))]

namespace OrleansFlows.Contracts;

/// <summary>
/// Serializers generated at compile time for every parameter and result type of the contracts' grain methods, so
/// calls between silos use no reflection to read or write them. A test fails when a method's type is missing here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(DateOnly))]
[JsonSerializable(typeof(DateOnly?))]
[JsonSerializable(typeof(LeadStatus?))]
[JsonSerializable(typeof(SubmitLead))]
[JsonSerializable(typeof(SubmitLeadResult))]
[JsonSerializable(typeof(LeadView))]
[JsonSerializable(typeof(StepOutcome))]
[JsonSerializable(typeof(IReadOnlyList<StepAttemptRecord>))]
[JsonSerializable(typeof(Page<string>))]
[JsonSerializable(typeof(Page<LeadSummary>))]
[JsonSerializable(typeof(Page<AuditEventRecord>))]
[JsonSerializable(typeof(Page<LeadRecord>))]
[JsonSerializable(typeof(Page<ReconciliationRunView>))]
[JsonSerializable(typeof(ApiKeyEntry))]
[JsonSerializable(typeof(UsageToday))]
[JsonSerializable(typeof(ReconciliationRunView))]
[JsonSerializable(typeof(ReconciliationScheduleView))]
[JsonSerializable(typeof(ReconciliationSchedule))]
[JsonSerializable(typeof(StartReconciliationRun))]
[JsonSerializable(typeof(ReconciliationRunOutcome))]
[JsonSerializable(typeof(TenantView))]
[JsonSerializable(typeof(TenantProfile))]
[JsonSerializable(typeof(PlanLimits))]
[JsonSerializable(typeof(PlanReservation))]
[JsonSerializable(typeof(WorkflowSummary))]
[JsonSerializable(typeof(IReadOnlyList<WorkflowSummary>))]
[JsonSerializable(typeof(WorkflowRunInfo))]
[JsonSerializable(typeof(ConnectionSpec))]
[JsonSerializable(typeof(ConnectionView))]
[JsonSerializable(typeof(IReadOnlyList<ConnectionView>))]
[JsonSerializable(typeof(ConnectionDetails))]
[JsonSerializable(typeof(ApiKeyIssued))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyInfo>))]
[JsonSerializable(typeof(WebhookSecretIssued))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(WebhookCheck))]
[JsonSerializable(typeof(WorkflowVersionView))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string[]>))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
