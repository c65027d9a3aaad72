using System.Globalization;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Reconciliation;

namespace OrleansFlows.Api.Models;

/// <summary>A page of the records waiting for a business date's nightly run.</summary>
/// <param name="Items">The records, by lead id.</param>
/// <param name="NextCursor">Pass it as <c>cursor</c> for the next page; null at the end.</param>
/// <param name="BusinessDate">The business date listed, <c>yyyy-MM-dd</c>: the one asked for, or the next run's.</param>
public sealed record PendingRecordsResponse(IReadOnlyList<PendingRecordResponse> Items, string? NextCursor, string BusinessDate)
{
    /// <summary>The response for a page the tenant's queries return.</summary>
    public static PendingRecordsResponse From(PendingBatchRecords page) => new(
        page.Items.Select(r => new PendingRecordResponse(r.LeadId, r.Workflow, r.RecordedAt, JsonNode.Parse(r.DataJson))).ToList(),
        page.NextCursor,
        page.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
