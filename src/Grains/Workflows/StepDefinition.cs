using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// One step of a workflow. The JSON discriminator <c>kind</c> selects the subtype (see <see cref="StepKinds"/>).
/// </summary>
/// <param name="Id">
/// Unique across the whole definition; matches <c>^[A-Za-z_][A-Za-z0-9_]{0,63}$</c> because expressions read
/// the step's output as <c>steps.&lt;id&gt;</c>.
/// </param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(HttpStep), StepKinds.Http)]
[JsonDerivedType(typeof(TransformStep), StepKinds.Transform)]
[JsonDerivedType(typeof(BranchStep), StepKinds.Branch)]
[JsonDerivedType(typeof(ParallelStep), StepKinds.Parallel)]
[JsonDerivedType(typeof(StoreStep), StepKinds.Store)]
[JsonDerivedType(typeof(NotifyStep), StepKinds.Notify)]
[JsonDerivedType(typeof(WaitStep), StepKinds.Wait)]
[JsonDerivedType(typeof(BatchStep), StepKinds.Batch)]
[JsonDerivedType(typeof(PublishStep), StepKinds.Publish)]
public abstract record StepDefinition(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-1)] string Id);
