namespace OrleansFlows.Grains.Steps;

/// <summary>Hands step attempts to the silo's step executor; the outcome comes back as a call to the lead.</summary>
public interface IStepDispatcher
{
    /// <summary>Queues an attempt; it returns at once.</summary>
    void Dispatch(StepWork work);
}
