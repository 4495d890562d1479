namespace DataEngineer.Host.Tests.Deployment;

/// <summary>A Dockerfile read as its stages: each <c>FROM image AS name</c> with the instructions under it.</summary>
public sealed record DockerfileStages(IReadOnlyList<DockerfileStage> Stages)
{
    public static DockerfileStages Load(string path)
    {
        var stages = new List<DockerfileStage>();
        var logical = new List<string>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            logical.Add(pending + line);
            pending = "";
        }

        foreach (var instruction in logical)
        {
            var parts = instruction.Split(' ', 2, StringSplitOptions.TrimEntries);
            var keyword = parts[0].ToUpperInvariant();
            var arguments = parts.Length > 1 ? parts[1] : "";
            if (keyword == "FROM")
            {
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = words.Length >= 3 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : null;
                stages.Add(new DockerfileStage(words[0], name, new List<(string, string)>()));
            }
            else if (stages.Count > 0)
            {
                ((List<(string, string)>)stages[^1].Instructions).Add((keyword, arguments));
            }
        }

        return new DockerfileStages(stages);
    }
}
