using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class WorkflowDefinitionTests
{
    [Fact]
    public void Walk_LeadToCustomer_YieldsEveryStepDepthFirstWithItsPath()
    {
        var walked = Parse(LeadToCustomer).Walk().Select(s => (s.Path, s.Step.Id));

        Assert.Equal(
            new[]
            {
                ("$.steps[0]", "enrich"),
                ("$.steps[1]", "score"),
                ("$.steps[2]", "route"),
                ("$.steps[2].cases[0].steps[0]", "tell_hot"),
                ("$.steps[2].else[0]", "cooloff"),
                ("$.steps[3]", "fanout"),
                ("$.steps[3].branches[0][0]", "save"),
                ("$.steps[3].branches[1][0]", "crm"),
                ("$.steps[4]", "tell"),
                ("$.steps[5]", "nightly"),
            },
            walked);
    }

    [Fact]
    public void FindStep_NestedId_ReturnsThatStep() =>
        Assert.Equal(new StoreStep("save"), Parse(LeadToCustomer).FindStep("save"));

    [Fact]
    public void FindStep_UnknownId_ReturnsNull() => Assert.Null(Parse(LeadToCustomer).FindStep("Save"));
}
