namespace DataEngineer.Host.Tests.Deployment;

/// <summary>One build stage: its base image, its name (<c>AS name</c>) and its instructions (keyword upper-cased, arguments).</summary>
public sealed record DockerfileStage(string Image, string? Name, IReadOnlyList<(string Keyword, string Arguments)> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}
