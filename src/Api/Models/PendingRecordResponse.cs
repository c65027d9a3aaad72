using System.Text.Json.Nodes;

namespace OrleansFlows.Api.Models;

/// <summary>A record a <c>batch</c> step handed over, waiting for its date's nightly run.</summary>
/// <param name="LeadId">The lead that recorded it.</param>
/// <param name="Workflow">The lead's workflow.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="Data">The record.</param>
public sealed record PendingRecordResponse(string LeadId, string Workflow, DateTimeOffset RecordedAt, JsonNode? Data);
