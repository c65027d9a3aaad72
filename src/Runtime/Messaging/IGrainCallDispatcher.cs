using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Messaging;

/// <summary>Delivers a work item to the activation of a grain, wherever it lives.</summary>
internal interface IGrainCallDispatcher
{
    void Dispatch(GrainId target, WorkItem item);
}
