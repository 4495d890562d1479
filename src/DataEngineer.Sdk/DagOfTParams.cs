namespace DataEngineer.Sdk;

/// <summary>
/// A DAG whose runs take typed params. The run conf (a JSON object given on trigger) is bound to
/// <typeparamref name="TParams"/>: missing keys keep the type's defaults, unknown keys, wrong types and
/// failed validation attributes (<c>[Range]</c>, <c>[Required]</c>, ...) reject the trigger.
/// Tasks read them with <see cref="TaskContext.Params{TParams}"/>.
/// </summary>
/// <typeparam name="TParams">A class with settable properties and defaults, e.g. a record.</typeparam>
public abstract class Dag<TParams> : Dag
    where TParams : class
{
    /// <inheritdoc cref="Dag(string, DagOptions?)"/>
    protected Dag(string id, DagOptions? options = null)
        : base(id, options)
    {
    }

    /// <inheritdoc />
    public sealed override Type ParamsType => typeof(TParams);
}
