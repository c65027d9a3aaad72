namespace OrleansFlows.Runtime.Abstractions;

/// <summary>
/// Marks a grain interface. Every method must return <see cref="Task"/> or <see cref="Task{TResult}"/>;
/// arguments and results should be immutable records, because local calls pass them without copying.
/// The interface carries <see cref="GrainTypeAttribute"/> so that a caller can address the grain without its class.
/// </summary>
public interface IGrain;
