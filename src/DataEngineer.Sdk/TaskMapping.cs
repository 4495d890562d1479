namespace DataEngineer.Sdk;

/// <summary>
/// How a mapped task (<see cref="DagBuilder.Map{T, TOut}(string, TaskRef{IReadOnlyList{T}}, Func{TaskContext, T, TOut}, TaskOptions?)"/>)
/// runs one instance: the engine first runs the task's <see cref="TaskDefinition.Invoke"/>, which returns the list to map
/// over (the expansion), then one instance per element, each given its element through <see cref="InvokeItem"/>.
/// </summary>
/// <param name="ItemType">The type of one element of the list, as the instance reads it.</param>
/// <param name="ItemOutputType">The type one instance returns, or null when the instances return nothing.</param>
/// <param name="InvokeItem">Runs one instance: the context and its element; returns the instance's output.</param>
public sealed record TaskMapping(Type ItemType, Type? ItemOutputType, Func<TaskContext, object?, Task<object?>> InvokeItem);
