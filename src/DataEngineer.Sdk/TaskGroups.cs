namespace DataEngineer.Sdk;

// The groups of a DAG being defined, and the edges into them, resolved to tasks when the DAG is built: a group as an
// upstream stands for its last tasks (no downstream inside it), as a downstream for its first (no upstream inside it).
internal sealed class TaskGroups
{
    private readonly List<string> _ids = [];
    private readonly List<(string Upstream, string Group)> _edgesInto = [];

    /// <summary>Every group id in definition order, duplicates included, for validation to name clashes.</summary>
    public IReadOnlyList<string> Ids => _ids;

    public void Add(string id) => _ids.Add(id);

    public bool Contains(string id) => _ids.Contains(id, StringComparer.Ordinal);

    public void AddEdgeInto(string upstream, string group) => _edgesInto.Add((upstream, group));

    /// <summary>Each task's upstream ids with groups replaced by their tasks, in the order of <paramref name="tasks"/>.</summary>
    public List<IReadOnlyList<string>> Resolve(IReadOnlyList<(string Id, IReadOnlyList<string> Upstream)> tasks)
    {
        if (_ids.Count == 0)
        {
            return tasks.Select(t => t.Upstream).ToList();
        }

        var upstream = tasks.ToDictionary(t => t.Id, t => new List<string>(t.Upstream), StringComparer.Ordinal);
        var leaves = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var list in upstream.Values)
        {
            Expand(list, upstream, leaves, []);
        }

        foreach (var (from, group) in _edgesInto)
        {
            var members = Members(group, upstream);
            foreach (var first in members.Where(m => !upstream[m].Any(members.Contains)))
            {
                var sources = new List<string> { from };
                Expand(sources, upstream, leaves, []);
                upstream[first].AddRange(sources.Where(s => !upstream[first].Contains(s)));
            }
        }

        return tasks.Select(t => (IReadOnlyList<string>)upstream[t.Id].Distinct(StringComparer.Ordinal).ToList()).ToList();
    }

    private HashSet<string> Members(string group, Dictionary<string, List<string>> upstream) =>
        upstream.Keys.Where(id => id.StartsWith(group + ".", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    // Replaces group ids in the list by the group's last tasks; a group that refers to itself stays as it is (validation names it).
    private void Expand(List<string> ids, Dictionary<string, List<string>> upstream, Dictionary<string, IReadOnlyList<string>> leaves, HashSet<string> visiting)
    {
        for (var i = ids.Count - 1; i >= 0; i--)
        {
            if (!Contains(ids[i]) || upstream.ContainsKey(ids[i]) || !visiting.Add(ids[i]))
            {
                continue;
            }

            var group = ids[i];
            if (!leaves.TryGetValue(group, out var last))
            {
                var members = Members(group, upstream);
                foreach (var member in members)
                {
                    Expand(upstream[member], upstream, leaves, visiting);
                }

                last = members.Where(m => !members.Any(other => upstream[other].Contains(m))).Order(StringComparer.Ordinal).ToList();
                leaves[group] = last;
            }

            visiting.Remove(group);
            ids.RemoveAt(i);
            ids.InsertRange(i, last);
        }
    }
}
