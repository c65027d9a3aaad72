namespace OrleansFlows.Grains.Exports;

/// <summary>How an exported column's value is read and written.</summary>
internal enum ExportValueKind
{
    /// <summary>Text, written as a JSON string.</summary>
    Text,

    /// <summary>An integer, written as a JSON number.</summary>
    Integer,

    /// <summary>An instant, written as an ISO 8601 string in UTC.</summary>
    Instant,

    /// <summary>Stored JSON, written as the JSON value itself.</summary>
    Json,
}
