namespace OrleansFlows.Api.Models;

/// <summary>The body of <c>POST /v1/erasures</c>: exactly one of the data subject's <c>email</c> and a <c>leadId</c>.</summary>
public sealed record ErasureBody(string? Email, string? LeadId);
