namespace OrleansFlows.Grains.Exports;

/// <summary>A column an export writes: its name in the table, its JSON property, and how its value is read.</summary>
internal sealed record ExportColumn(string Column, string Property, ExportValueKind Kind);
