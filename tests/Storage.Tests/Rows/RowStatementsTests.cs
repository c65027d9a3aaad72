using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Storage.Tests.Rows;

public sealed class RowStatementsTests
{
    private static ProjectionWrite Audit(string lead, int sequence) => ProjectionWrite.InsertRow(
        "audit_events", new Dictionary<string, object?> { ["lead_id"] = lead, ["sequence"] = sequence });

    private static ProjectionWrite Usage(string tenant, long count) => ProjectionWrite.InsertRow(
        "usage_daily", new Dictionary<string, object?> { ["tenant_id"] = tenant, ["leads_accepted"] = count },
        RowConflict.Add, key: ["tenant_id"], updated: ["leads_accepted"]);

    private static ProjectionWrite Lead(string lead, string status) => ProjectionWrite.InsertRow(
        "leads", new Dictionary<string, object?> { ["lead_id"] = lead, ["status"] = status },
        RowConflict.Replace, key: ["lead_id"], updated: ["status"]);

    private static ProjectionWrite Started(string lead) => ProjectionWrite.InsertRow(
        "step_attempts", new Dictionary<string, object?> { ["lead_id"] = lead, ["outcome"] = "running" },
        RowConflict.Ignore, key: ["lead_id"]);

    [Fact]
    public void InsertRow_OneRow_IsTheStatementOfItsShapeNamedAfterItsColumns()
    {
        var row = Usage("t1", 1);

        Assert.Equal(
            "INSERT INTO usage_daily (tenant_id, leads_accepted) VALUES (@tenant_id, @leads_accepted) ON CONFLICT (tenant_id) DO UPDATE SET leads_accepted = usage_daily.leads_accepted + excluded.leads_accepted",
            row.Sql);
        Assert.Equal("t1", row.Parameters["tenant_id"]);
    }

    [Fact]
    public void InsertRow_ConflictRuleWithoutKey_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ProjectionWrite.InsertRow("leads", new Dictionary<string, object?> { ["a"] = 1 }, RowConflict.Replace));

        Assert.Contains("needs the key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_RowsOfOneShape_BecomeOneStatementAtTheFirstRowsPlace()
    {
        var plain = new ProjectionWrite("UPDATE other SET x = 1", new Dictionary<string, object?>());

        var statements = RowStatements.Merge([Audit("a", 1), plain, Audit("a", 2), Audit("b", 1)]);

        Assert.Equal(2, statements.Count);
        Assert.Equal(
            "INSERT INTO audit_events (lead_id, sequence) VALUES (@r0_lead_id, @r0_sequence), (@r1_lead_id, @r1_sequence), (@r2_lead_id, @r2_sequence)",
            statements[0].Sql);
        Assert.Equal([("a", 1), ("a", 2), ("b", 1)], Enumerable.Range(0, 3).Select(i => ((string)statements[0].Parameters[$"r{i}_lead_id"]!, (int)statements[0].Parameters[$"r{i}_sequence"]!)));
        Assert.Same(plain, statements[1]);
    }

    [Fact]
    public void Merge_RowsMeetingOneKey_MergeByTheirConflictRule()
    {
        var statements = RowStatements.Merge(
        [
            Usage("t2", 1), Usage("t1", 1), Usage("t2", 1),
            Lead("l1", "running"), Lead("l1", "completed"),
            Started("l1"), Started("l1"),
        ]);

        Assert.Equal(3, statements.Count);
        // Keyed rows are sorted by key, so concurrent transactions lock shared rows in one order.
        Assert.Equal(("t1", 1L), ((string)statements[0].Parameters["r0_tenant_id"]!, (long)statements[0].Parameters["r0_leads_accepted"]!));
        Assert.Equal(("t2", 2L), ((string)statements[0].Parameters["r1_tenant_id"]!, (long)statements[0].Parameters["r1_leads_accepted"]!));
        Assert.Equal("completed", statements[1].Parameters["status"]);
        Assert.Single(statements[2].Parameters, p => p.Key == "outcome");
    }

    [Fact]
    public void Merge_ManyRows_SplitsStatementsBelowTheParameterLimit()
    {
        var rows = Enumerable.Range(0, RowStatements.MaxParameters + 10).Select(i => Audit("a", i)).ToList();

        var statements = RowStatements.Merge(rows);

        Assert.Equal(3, statements.Count);
        Assert.All(statements, s => Assert.True(s.Parameters.Count <= RowStatements.MaxParameters));
        Assert.Equal(rows.Count * 2, statements.Sum(s => s.Parameters.Count));
    }
}
