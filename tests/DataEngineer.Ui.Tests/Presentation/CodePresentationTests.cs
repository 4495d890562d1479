using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Presentation;

/// <summary>The code view's colouring, trace links, why a version has no source, and running tries per worker.</summary>
public sealed class CodePresentationTests
{
    [Fact]
    public void Highlighter_ColoursKeywordsStringsCommentsNumbers_AndKeepsEveryCharacterAndLine()
    {
        const string source = "using X;\r\n// a \"comment\"\nvar s = @\"two\nlines\"; /* block\n with if */ int n = 42;\nvar raw = \"\"\"\nclass\n\"\"\";\n";

        var lines = CSharpHighlighter.Lines(source);

        Assert.Equal(source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'), lines.Select(l => string.Concat(l.Select(t => t.Text))));
        Assert.Equal(CodeTokenKind.Keyword, lines[0][0].Kind);
        Assert.Equal([new CodeToken(CodeTokenKind.Comment, "// a \"comment\"")], lines[1]);
        Assert.Contains(new CodeToken(CodeTokenKind.String, "@\"two"), lines[2]);
        Assert.Equal(CodeTokenKind.String, lines[3][0].Kind);
        Assert.Contains(new CodeToken(CodeTokenKind.Comment, "/* block"), lines[3]);
        Assert.Contains(new CodeToken(CodeTokenKind.Comment, " with if */"), lines[4]);
        Assert.Contains(new CodeToken(CodeTokenKind.Number, "42"), lines[4]);
        Assert.Contains(new CodeToken(CodeTokenKind.Keyword, "int"), lines[4]);
        Assert.Equal([new CodeToken(CodeTokenKind.String, "class")], lines[6]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"unterminated")]
    [InlineData("/* never closed")]
    [InlineData("'\\")]
    public void Highlighter_Garbage_StillGivesTheTextBack(string source) =>
        Assert.Equal(source, string.Concat(CSharpHighlighter.Lines(source).SelectMany(l => l).Select(t => t.Text)));

    [Fact]
    public void TraceLink_FillsTheTemplate_OrIsNullWithoutOne()
    {
        var trace = new TryTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");

        Assert.Equal("http://jaeger:16686/trace/0af7651916cd43dd8448eb211c80319c?uiFind=b7ad6b7169203331",
            new UiOptions { TraceUrl = "http://jaeger:16686/trace/{traceId}?uiFind={spanId}" }.TraceLink(trace));
        Assert.Null(new UiOptions().TraceLink(trace));
    }

    [Fact]
    public void MissingCode_SaysCompiledForAClass_AndNotRecordedForAFile()
    {
        Assert.StartsWith("Compiled DAG, no source", DagCodeNotes.Missing("v1", "Acme.Dags.OrdersDag"), StringComparison.Ordinal);
        Assert.StartsWith("No source was recorded for version v1", DagCodeNotes.Missing("v1", "orders.cs"), StringComparison.Ordinal);
        Assert.Equal("Version v1 of this DAG is not recorded.", DagCodeNotes.Missing("v1", null));
    }

    [Fact]
    public void WorkerTries_MatchTriesToWorkerProcesses_IdleWorkersToo_AndTriesOfUnknownWorkers()
    {
        var now = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        EngineProcessRecord Process(string id, params string[] roles) =>
            new() { ProcessId = id, Hostname = "h", Roles = roles, Concurrency = 4, StartedAt = now, HeartbeatAt = now };
        TaskInstance Running(string task, string host, TaskInstanceState state = TaskInstanceState.Running) => new()
        {
            DagId = "d", RunId = "r", TaskId = task, TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool", State = state, Hostname = host,
            StartedAt = now,
        };

        var workers = WorkerTries.Of(
            [Process("h1:100:1700000000000", "worker"), Process("h2:200:1700000000000", "scheduler", "worker"), Process("h3:300:1", "web")],
            [Running("a", "h1:100"), Running("b", "h1:100"), Running("c", "gone:9"), Running("d", "h2:200", TaskInstanceState.Success)]);

        Assert.Equal(["h1:100", "gone:9", "h2:200:1700000000000"], workers.Select(w => w.Worker));
        Assert.Equal(["a", "b"], workers[0].Tries.Select(t => t.TaskId));
        Assert.Equal("h1:100:1700000000000", workers[0].Process!.ProcessId);
        Assert.Null(workers[1].Process);
        Assert.Empty(workers[2].Tries);
    }
}
